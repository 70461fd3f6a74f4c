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
