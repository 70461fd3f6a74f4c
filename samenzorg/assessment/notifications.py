"""The notifications the assessment app sends (found by core at start-up)."""

from django.utils.translation import gettext_lazy as _

from samenzorg.core.notifications import Delivery, register_kind

RESULTS_PUBLISHED = "assessment.results_published"

register_kind(
    RESULTS_PUBLISHED,
    label=_("The results of an assessment you took part in are public"),
    default=Delivery.IMMEDIATE,
)
