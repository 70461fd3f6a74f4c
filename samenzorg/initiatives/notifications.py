"""The notifications the initiatives app sends (found by core at start-up)."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from samenzorg.core.notifications import Delivery, register_kind


def _changed_fields(context: dict) -> dict:
    """The labels of the changed fields, in the reader's language."""
    from .models import Initiative

    labels = []
    for name in context.get("fields", []):
        try:
            labels.append(str(Initiative._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a field removed since the change
            labels.append(name)
    return {"field_labels": ", ".join(labels)}


INITIATIVE_CHANGED = "initiatives.initiative_changed"

register_kind(
    INITIATIVE_CHANGED,
    label=_("Someone else changed your initiative"),
    description=_("For example municipal staff who correct or archive it."),
    default=Delivery.IMMEDIATE,
    display_context=_changed_fields,
)


INITIATIVE_REVIEW_REQUESTED = "initiatives.initiative_review_requested"
INITIATIVE_REVIEWED = "initiatives.initiative_reviewed"


def _may_review(user) -> bool:
    return user.has_perm("initiatives.review_initiatives")


register_kind(
    INITIATIVE_REVIEW_REQUESTED,
    label=_("A new initiative waits for your check"),
    description=_(
        "The first initiative someone publishes is shown only after a check by "
        "the municipality."
    ),
    default=Delivery.IMMEDIATE,
    shown_to=_may_review,
)
register_kind(
    INITIATIVE_REVIEWED,
    label=_("The municipality checked your initiative"),
    description=_("It is published, or you read why not yet."),
    default=Delivery.IMMEDIATE,
)
