"""The notifications the networks app sends (found by core at start-up)."""

from django.utils.translation import gettext_lazy as _

from samenzorg.core.notifications import Delivery, register_kind


def _is_map_staff(user) -> bool:
    from samenzorg.accounts.models import Role

    return bool(user.roles & {Role.PROCESBEGELEIDER, Role.GEMEENTE, Role.BEHEERDER})


ANSWERS_WAITING = "networks.answers_waiting"

register_kind(
    ANSWERS_WAITING,
    label=_("Questionnaire answers wait for you to accept them"),
    default=Delivery.IMMEDIATE,
    shown_to=_is_map_staff,
)
