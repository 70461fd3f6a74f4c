"""Recording changes. Services call these inside their own transaction."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from .models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted(_plain(v) for v in value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def snapshot(
    instance: models.Model,
    fields: Iterable[str],
    related: Mapping[str, Iterable] | None = None,
) -> dict[str, Any]:
    """The values of ``fields`` in a form that can be stored and compared.

    ``related`` gives the objects of many-to-many fields that are not stored yet
    (a bulk insert writes them after the row); other such fields are read.
    """
    result = {}
    for name in fields:
        if related is not None and name in related:
            value = [str(v) for v in related[name]]
        else:
            value = getattr(instance, name)
            if hasattr(value, "all"):  # many-to-many manager
                value = [str(v) for v in value.all()]
        result[name] = _plain(value)
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as ``{field: [old, new]}``."""
    return {
        key: [before.get(key), after.get(key)]
        for key in after
        if before.get(key) != after.get(key)
    }


BATCH_SIZE = 500


def _entry(actor, action: str, target: models.Model, changes) -> AuditEntry:
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        changes=changes or {},
    )


def audit_record_many(
    *,
    actor,
    action: str,
    items: Iterable[tuple[models.Model, dict[str, Any] | None]],
) -> list[AuditEntry]:
    """One entry per ``(target, changes)``, written in bulk (an import's rows)."""
    return AuditEntry.objects.bulk_create(
        [_entry(actor, action, target, changes) for target, changes in items],
        batch_size=BATCH_SIZE,
    )


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = _entry(actor, action, target, changes)
    entry.save(force_insert=True)
    return entry


def audit_for(target: models.Model):
    """The history of one record, newest first, with the actor loaded."""
    return AuditEntry.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")


def _field(models_to_ask, name: str):
    """The model field called ``name``; a reverse relation (such as an area's
    statistics) has no label or choices of its own, so it counts as none."""
    for model in models_to_ask:
        try:
            found = model._meta.get_field(name)
        except (FieldDoesNotExist, AttributeError):
            continue
        if isinstance(found, models.Field):
            return found
    return None


def _value_text(field, value) -> str:
    if value in (None, "", []):
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_value_text(None, v) for v in value)
    if isinstance(value, dict):  # such as the counts of an erasure, per app
        return "; ".join(f"{k}: {_value_text(None, v)}" for k, v in value.items())
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return str(choices.get(value, value))


def change_rows(entry: AuditEntry, *extra_models) -> list[dict[str, str]]:
    """The changed fields of an audit entry as readable label, old and new text.

    Labels and choice values come from the record's model (and ``extra_models``, for
    entries that describe related rows, such as a user's roles). Fields whose text did
    not change (an empty field at creation) are left out.
    """
    try:
        model = apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    for name, change in changes.items():
        old, new = (
            change if isinstance(change, list) and len(change) == 2 else (None, change)
        )
        field = _field((model, *extra_models), name)
        old_text, new_text = _value_text(field, old), _value_text(field, new)
        if old_text == new_text:
            continue
        label = str(field.verbose_name) if field is not None else name
        rows.append({"field": label, "old": old_text, "new": new_text})
    return rows
