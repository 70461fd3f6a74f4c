"""The rights of a person over her data: see everything we hold, and have it erased.

Every app says on its ``AppConfig`` what it holds (``core.registry``)::

    personal_data = PersonalData("samenzorg.initiatives.personal_data", order=20)
    personal_data = HoldsNoPersonalData("areas and their figures, no person")

A personal-data module has:

- ``COVERS``: the models (``app_label.model``) it answers for;
- ``export(user) -> {"title": ..., "records": [{label: value, ...}, ...]}``: one
  section, its title and labels in the reader's language;
- ``erase(user, erasure) -> {what: count}``: removes the person, keeps the counts.
  A record that others need (an initiative, a score, an audit entry) stays, without the
  person: her name and contact details are blanked, and where a record must have a
  person, the shared stand-in account "Verwijderd account" takes her place. Texts it
  blanks are handed to ``erasure.forget(...)``; afterwards they are blanked wherever
  core keeps copied text (the change log, notifications, documents, task progress).

``export_person`` and ``erase_person`` run every app's module; the accounts app comes
first in the export and last in the erasure, when it deletes the account itself.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import registry
from .models import AuditEntry, Document, Notification, TaskProgress

STAND_IN_EMAIL = "verwijderd-account@samenzorg.invalid"
STAND_IN_NAME = "Verwijderd account"
# What takes the place of a blanked text inside a longer one.
ERASED = "[verwijderd]"
# Shorter texts (initials) would blank parts of other words.
MIN_FORGET_LENGTH = 3


class StandInError(ValueError):
    """The stand-in account holds nobody's data and cannot be erased."""


def stand_in_user():
    """The one account that takes the place of erased people; it cannot log in."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        email=STAND_IN_EMAIL,
        defaults={"display_name": STAND_IN_NAME, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def is_stand_in(user) -> bool:
    return getattr(user, "email", None) == STAND_IN_EMAIL


# Export -------------------------------------------------------------------------


def label(model: type[models.Model], name: str) -> str:
    """A field's name for people: its verbose name with a capital."""
    return capfirst(str(model._meta.get_field(name).verbose_name))


def field_record(
    obj: models.Model, names: Iterable[str], *, kind: str = "", **extra: Any
) -> dict:
    """``{label: value}``: the kind of record, ``obj``'s fields (choices as their
    text, related records as their name), then ``extra``."""
    record = {_("Kind of record"): str(kind)} if kind else {}
    for name in names:
        model_field = obj._meta.get_field(name)
        if model_field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif model_field.is_relation:
            related = getattr(obj, name)
            value = str(related) if related is not None else None
        else:
            value = getattr(obj, name)
        record[label(obj._meta.model, name)] = value
    record.update(extra)
    return record


def records(objects: Iterable[models.Model], names: Iterable[str], kind: str) -> list:
    """``field_record`` of each of ``objects``."""
    names = list(names)
    return [field_record(obj, names, kind=kind) for obj in objects]


def section(title: str, records: list[dict]) -> dict:
    return {"title": str(title), "records": records}


def export_person(user) -> dict:
    """Everything the platform holds about ``user``, section by section."""
    if is_stand_in(user):
        raise StandInError
    sections = []
    for declared in registry.personal_data():
        result = declared.load().export(user)
        sections.append({"app": declared.module.split(".")[-2], **result})
    return {
        "title": _("Your data at Samen Zorg Regelen"),
        "made_at": timezone.now(),
        "email": user.email,
        "sections": sections,
    }


def export_json(data: dict) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _text(value: Any) -> str:
    if value in (None, "", [], {}):
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.localize(timezone.localtime(value))
    if isinstance(value, datetime.date):
        return formats.localize(value)
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def readable(data: dict) -> list[dict]:
    """The sections with every value as text, for the page and the PDF; the items
    of a list (the changes of one entry) each on a line of their own."""
    return [
        {
            "title": s["title"],
            "records": [
                [(name, _text(value)) for name, value in record.items()]
                for record in s["records"]
            ],
        }
        for s in data["sections"]
    ]


def export_counts(data: dict) -> list[dict]:
    """Per section: its title and how many records it has (the overview page)."""
    return [{"title": s["title"], "count": len(s["records"])} for s in data["sections"]]


# Erasure ------------------------------------------------------------------------


@dataclass
class Erasure:
    """What the apps' ``erase`` functions share during one erasure."""

    stand_in: Any
    forgotten: set[str] = field(default_factory=set)

    def forget(self, *values: str | None) -> None:
        """Blank these texts also where core keeps copies of them."""
        for value in values:
            value = (value or "").strip()
            if len(value) >= MIN_FORGET_LENGTH and value != STAND_IN_NAME:
                self.forgotten.add(value)


def _pattern(values: Iterable[str]) -> re.Pattern | None:
    values = sorted(set(values), key=len, reverse=True)
    if not values:
        return None
    return re.compile("|".join(re.escape(v) for v in values), re.IGNORECASE)


def blank_text(value: Any, pattern: re.Pattern | None) -> Any:
    """``value`` with every forgotten text replaced, also inside lists and dicts."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [blank_text(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: blank_text(v, pattern) for k, v in value.items()}
    return value


def _contains_any(names: Iterable[str], values: Iterable[str]) -> Q:
    query = Q()
    for name in names:
        for value in values:
            query |= Q(**{f"{name}__icontains": value})
            # JSON stored with escapes (SQLite): "é" is "\\u00e9" there.
            escaped = json.dumps(value)[1:-1]
            if escaped != value:
                query |= Q(**{f"{name}__icontains": escaped})
    return query


def blank_everywhere(
    queryset: models.QuerySet, fields: Iterable[str], values: Iterable[str]
) -> int:
    """Blank ``values`` in ``fields`` (text or JSON) of the rows of ``queryset``;
    the number of rows changed."""
    values = list(values)
    pattern = _pattern(values)
    if pattern is None:
        return 0
    fields = list(fields)
    annotations = {}
    searched = []
    for name in fields:
        if isinstance(queryset.model._meta.get_field(name), models.JSONField):
            annotations[f"{name}_as_text"] = Cast(name, TextField())
            searched.append(f"{name}_as_text")
        else:
            searched.append(name)
    rows = queryset.annotate(**annotations).filter(_contains_any(searched, values))
    changed = []
    for row in rows.only("pk", *fields).iterator(chunk_size=500):
        dirty = False
        for name in fields:
            old = getattr(row, name)
            new = blank_text(old, pattern)
            if new != old:
                setattr(row, name, new)
                dirty = True
        if dirty:
            changed.append(row)
    if changed:
        queryset.model.objects.bulk_update(changed, fields, batch_size=500)
    return len(changed)


def _blank_copies(values: set[str]) -> int:
    return (
        blank_everywhere(AuditEntry.objects.all(), ["target_repr", "changes"], values)
        + blank_everywhere(Notification.objects.all(), ["context"], values)
        + blank_everywhere(Document.objects.all(), ["title", "original_name"], values)
        + blank_everywhere(
            TaskProgress.objects.all(), ["title", "message", "subject"], values
        )
    )


def erase_person(user, *, via: str = "page") -> dict[str, dict]:
    """Erase ``user`` from every app, in one transaction; what each app removed.

    The change log gets one entry without personal data: the account's number, and
    per app how many records were removed or made anonymous.
    """
    if is_stand_in(user):
        raise StandInError
    user_label, user_pk = user._meta.label_lower, user.pk
    with transaction.atomic():
        erasure = Erasure(stand_in=stand_in_user())
        erasure.forget(user.email, str(user), user.get_full_name())
        summary = {}
        for declared in reversed(registry.personal_data()):
            app = declared.module.split(".")[-2]
            summary[app] = declared.load().erase(user, erasure)
        summary["core"]["copies_blanked"] = _blank_copies(erasure.forgotten)
        AuditEntry.objects.create(
            actor=None,
            action=AuditEntry.Action.ERASE,
            target_type=user_label,
            target_id=str(user_pk),
            target_repr=STAND_IN_NAME,
            changes={"via": via, "removed": summary},
        )
    return summary
