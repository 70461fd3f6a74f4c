"""Changes to initiatives. Views, the API, imports and the demo loader call these."""

import dataclasses
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenzorg.areas.services import locate_point
from samenzorg.core.audit import audit_record, audit_record_many, diff, snapshot
from samenzorg.core.notifications import notifications_settle, notify

from .models import Initiative, Tag
from .notifications import (
    INITIATIVE_CHANGED,
    INITIATIVE_REVIEW_REQUESTED,
    INITIATIVE_REVIEWED,
)
from .rules import publishes_without_check
from .search import normalise
from .selectors import bump_list_version, initiative_reviewers

# Fields the audit trail records, in form order.
AUDITED_FIELDS = (
    "name",
    "description",
    "carriers",
    "target_groups",
    "domains",
    "maturity",
    "areas",
    "latitude",
    "longitude",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "status",
    "source",
    "is_fictional",
    "owners",
)
TAG_FIELDS = {
    "carriers": Tag.Kind.CARRIER,
    "target_groups": Tag.Kind.TARGET_GROUP,
    "domains": Tag.Kind.DOMAIN,
}
SCALAR_FIELDS = (
    "name",
    "description",
    "maturity",
    "latitude",
    "longitude",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "status",
    "source",
    "is_fictional",
)
M2M_FIELDS = (*TAG_FIELDS, "areas", "owners")


def _list_changed() -> None:
    """Make the cached list figures stale: now, and again once committed.

    The second bump drops figures that another request computed from the
    database while this transaction was still open.
    """
    bump_list_version()
    transaction.on_commit(bump_list_version)


def _notify_owners(
    *, actor, initiative: Initiative, fields: Iterable[str] = (), archived=False
) -> None:
    """Tell the owners when somebody who is not an owner changed their initiative."""
    owners = list(initiative.owners.all())
    if getattr(actor, "pk", None) in {owner.pk for owner in owners}:
        return
    notify(
        owners,
        INITIATIVE_CHANGED,
        {"name": initiative.name, "fields": list(fields), "archived": archived},
        actor=actor,
        target=initiative,
        # Owners cannot open an archived initiative, so that notice has no link.
        url="" if archived else reverse("initiatives:detail", args=[initiative.pk]),
    )


def search_text_for(initiative: Initiative) -> str:
    """The normalised text the list's search looks in."""
    parts = [initiative.name, initiative.description, initiative.source]
    for name in (*TAG_FIELDS, "areas"):
        parts.extend(obj.name for obj in getattr(initiative, name).all())
    return normalise(" ".join(p for p in parts if p))


def initiative_refresh_search_text(*, initiative: Initiative) -> None:
    text = search_text_for(initiative)
    if text != initiative.search_text:
        initiative.search_text = text
        Initiative.objects.filter(pk=initiative.pk).update(search_text=text)


def _resolve_tags(field: str, values: Iterable[Any] | None) -> list[Tag]:
    kind = TAG_FIELDS[field]
    values = list(values or ())
    tags: list[Tag] = []
    slugs = []
    for value in values:
        if isinstance(value, Tag):
            if value.kind != kind:
                raise ValidationError(
                    {
                        field: _("“%(name)s” is not a value of this list.")
                        % {"name": value}
                    }
                )
            tags.append(value)
        else:
            slugs.append(str(value))
    if slugs:
        found = {t.slug: t for t in Tag.objects.filter(kind=kind, slug__in=slugs)}
        unknown = [s for s in slugs if s not in found]
        if unknown:
            raise ValidationError(
                {
                    field: _("Unknown value: %(values)s.")
                    % {"values": ", ".join(sorted(unknown))}
                }
            )
        tags.extend(found[s] for s in slugs)
    return list(dict.fromkeys(tags))


def _derive_areas(latitude: float, longitude: float) -> list:
    """The buurt and wijk that hold the point; empty when unknown or not available."""
    found = locate_point(latitude=latitude, longitude=longitude)
    return [a for a in (found.get("buurt"), found.get("wijk")) if a is not None]


def _validate(initiative: Initiative) -> None:
    errors: dict[str, list[str]] = {}
    initiative.name = (initiative.name or "").strip()
    if not initiative.name:
        errors.setdefault("name", []).append(_("Fill in the name of the initiative."))
    lat, lon = initiative.latitude, initiative.longitude
    if (lat is None) != (lon is None):
        field = "longitude" if lon is None else "latitude"
        errors.setdefault(field, []).append(
            _("Fill in both latitude and longitude, or neither.")
        )
    if lat is not None and not -90 <= lat <= 90:
        errors.setdefault("latitude", []).append(
            _("Latitude must be between -90 and 90.")
        )
    if lon is not None and not -180 <= lon <= 180:
        errors.setdefault("longitude", []).append(
            _("Longitude must be between -180 and 180.")
        )
    try:
        initiative.full_clean(exclude=["search_text"] + list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# The initiative's own columns that callers set (the rest are lists or kept by us).
PLAIN_FIELDS = (
    "name",
    "description",
    "maturity",
    "latitude",
    "longitude",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "status",
)


def initiative_errors(**fields: Any) -> dict[str, list[str]]:
    """The Dutch messages per field that saving these values would give; nothing is
    written. Forms show them together with their own, in one round."""
    values = {
        name: fields[name] for name in PLAIN_FIELDS if fields.get(name) is not None
    }
    try:
        _validate(Initiative(**values))
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _prepare_m2m(fields: dict[str, Any]) -> dict[str, list]:
    result = {}
    for name in M2M_FIELDS:
        if name not in fields:
            continue
        if name in TAG_FIELDS:
            result[name] = _resolve_tags(name, fields[name])
        else:
            result[name] = list(dict.fromkeys(fields[name] or ()))
    return result


def _ordered(objects: list, model) -> list:
    """``objects`` in the order of ``model``'s Meta.ordering, as ``.all()`` gives."""
    keys = [name.lstrip("-") for name in model._meta.ordering]
    return sorted(objects, key=lambda obj: tuple(getattr(obj, k) for k in keys))


@dataclasses.dataclass
class PreparedInitiative:
    """An initiative checked and ready to store: its row and its lists."""

    initiative: Initiative
    lists: dict[str, list] = dataclasses.field(default_factory=dict)
    # What the audit entry of its creation records (made before any write).
    changes: dict[str, Any] = dataclasses.field(default_factory=dict)
    # A first publication now waiting for the municipality's check.
    waiting: bool = False


def initiative_prepare(
    *,
    actor,
    name: str,
    description: str = "",
    carriers: Iterable[Tag | str] = (),
    target_groups: Iterable[Tag | str] = (),
    domains: Iterable[Tag | str] = (),
    maturity: str = Initiative.Maturity.IDEA,
    areas: Iterable = (),
    latitude: float | None = None,
    longitude: float | None = None,
    website: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    status: str = Initiative.Status.CONCEPT,
    source: str = "",
    is_fictional: bool = False,
    owners: Iterable = (),
    actor_becomes_owner: bool = True,
) -> PreparedInitiative:
    """Check a new initiative as ``initiative_create`` does, without writing.

    Raises ``ValidationError`` with the Dutch message per field. It reads (tags,
    the areas of a location), so an import can check every row before it writes.
    """
    initiative = Initiative(
        name=name,
        description=description or "",
        maturity=maturity,
        latitude=latitude,
        longitude=longitude,
        website=website or "",
        contact_name=contact_name or "",
        contact_email=contact_email or "",
        contact_phone=contact_phone or "",
        status=status,
        source=source or "",
        is_fictional=is_fictional,
    )
    _validate(initiative)
    m2m = _prepare_m2m(
        {
            "carriers": carriers,
            "target_groups": target_groups,
            "domains": domains,
            "areas": areas,
            "owners": owners,
        }
    )
    if not m2m["areas"] and latitude is not None and longitude is not None:
        m2m["areas"] = _derive_areas(latitude, longitude)
    if (
        actor_becomes_owner
        and getattr(actor, "is_authenticated", False)
        and actor not in m2m["owners"]
    ):
        m2m["owners"].insert(0, actor)
    waiting = _check_publication(actor=actor, initiative=initiative, was=None)
    parts = [initiative.name, initiative.description, initiative.source]
    for name in (*TAG_FIELDS, "areas"):
        model = Initiative._meta.get_field(name).related_model
        parts.extend(obj.name for obj in _ordered(m2m.get(name, []), model))
    initiative.search_text = normalise(" ".join(p for p in parts if p))
    return PreparedInitiative(
        initiative=initiative,
        lists=m2m,
        changes=diff({}, snapshot(initiative, AUDITED_FIELDS, m2m)),
        waiting=waiting,
    )


def initiative_create(*, actor, **fields: Any) -> Initiative:
    """Register an initiative (the fields of ``initiative_prepare``).

    The acting user becomes an owner when logged in, except where staff record
    initiatives of others (an import): then ``actor_becomes_owner=False``.
    """
    prepared = initiative_prepare(actor=actor, **fields)
    initiative = prepared.initiative
    with transaction.atomic():
        initiative.save()
        for name, values in prepared.lists.items():
            getattr(initiative, name).set(values)
        initiative_refresh_search_text(initiative=initiative)
        audit_record(
            actor=actor,
            action="create",
            target=initiative,
            changes=diff({}, snapshot(initiative, AUDITED_FIELDS)),
        )
        if prepared.waiting:
            _ask_for_review(actor=actor, initiative=initiative)
        _list_changed()
    return initiative


def initiatives_create_many(*, actor, prepared: list[PreparedInitiative]) -> list:
    """Store initiatives checked by ``initiative_prepare``: the rows, their lists
    and their audit entries each in a few bulk inserts.

    The caller opens the transaction (an import writes its chunks in one);
    ``initiative_prepare`` has checked everything and made the search text and the
    audit entries' changes (the same as ``initiative_create`` makes), so this only
    writes.
    """
    initiatives = [item.initiative for item in prepared]
    Initiative.objects.bulk_create(initiatives)
    for name in M2M_FIELDS:
        model_field = Initiative._meta.get_field(name)
        through = model_field.remote_field.through
        source = model_field.m2m_field_name() + "_id"
        target = model_field.m2m_reverse_field_name() + "_id"
        rows = [
            through(**{source: item.initiative.pk, target: obj.pk})
            for item in prepared
            for obj in item.lists.get(name, [])
        ]
        if rows:
            through.objects.bulk_create(rows)
    audit_record_many(
        actor=actor,
        action="create",
        items=[(item.initiative, item.changes) for item in prepared],
    )
    for item in prepared:
        if item.waiting:
            _ask_for_review(actor=actor, initiative=item.initiative)
    _list_changed()
    return initiatives


def initiative_update(*, actor, initiative: Initiative, **fields: Any) -> Initiative:
    """Change the given fields. A new location without new areas derives the areas."""
    unknown = set(fields) - set(SCALAR_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    before = snapshot(initiative, AUDITED_FIELDS)
    for name in SCALAR_FIELDS:
        if name in fields:
            value = fields[name]
            if value is None and name not in ("latitude", "longitude"):
                value = ""
            setattr(initiative, name, value)
    try:
        _validate(initiative)
        m2m = _prepare_m2m(fields)
    except ValidationError:
        initiative.refresh_from_db()
        raise
    location_changed = (initiative.latitude, initiative.longitude) != (
        before["latitude"],
        before["longitude"],
    )
    has_location = initiative.latitude is not None and initiative.longitude is not None
    if "areas" not in fields and location_changed and has_location:
        derived = _derive_areas(initiative.latitude, initiative.longitude)
        if derived:
            m2m["areas"] = derived

    newly_waiting = _check_publication(
        actor=actor, initiative=initiative, was=before["status"]
    )
    with transaction.atomic():
        initiative.save()
        for field, values in m2m.items():
            getattr(initiative, field).set(values)
        initiative_refresh_search_text(initiative=initiative)
        changes = diff(before, snapshot(initiative, AUDITED_FIELDS))
        if changes:
            audit_record(
                actor=actor, action="update", target=initiative, changes=changes
            )
            _notify_owners(actor=actor, initiative=initiative, fields=changes)
        if newly_waiting:
            _ask_for_review(actor=actor, initiative=initiative)
        _list_changed()
    return initiative


def _publishes_at_once(actor) -> bool:
    """Vetted roles and system writes (no actor) publish at once; others once the
    municipality has published one of their initiatives before."""
    if not getattr(actor, "is_authenticated", False):
        return True
    return publishes_without_check.test(actor) or (
        Initiative.objects.filter(owners=actor, published_at__isnull=False).exists()
    )


def _check_publication(*, actor, initiative: Initiative, was: str | None) -> bool:
    """Hold a new account's first publication for the municipality's check (so spam
    never reaches the public list). Returns whether it now newly waits."""
    if initiative.status == Initiative.Status.REVIEW:
        if was == Initiative.Status.REVIEW:
            return False  # still waiting, nothing new to check
        initiative.status = Initiative.Status.PUBLIC  # only the check sets it
    if initiative.status != Initiative.Status.PUBLIC:
        return False
    if (
        was == Initiative.Status.PUBLIC
        or initiative.published_at is not None
        or _publishes_at_once(actor)
    ):
        if initiative.published_at is None:
            initiative.published_at = timezone.now()
        initiative.review_note = ""
        return False
    initiative.status = Initiative.Status.REVIEW
    return was != Initiative.Status.REVIEW


def _ask_for_review(*, actor, initiative: Initiative) -> None:
    notify(
        initiative_reviewers(initiative=initiative),
        INITIATIVE_REVIEW_REQUESTED,
        {"name": initiative.name},
        actor=actor,
        target=initiative,
        url=reverse("initiatives:review_queue"),
    )


def initiative_review(
    *, actor, initiative: Initiative, approve: bool, reason: str = ""
) -> Initiative:
    """The municipality's check of a first publication: publish it, or send it back
    to its owners as a draft with the reason (which they see and may answer by
    changing it and publishing again)."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError(
            {"reason": _("Write why it cannot be published, so the owners can fix it.")}
        )
    before = snapshot(initiative, AUDITED_FIELDS)
    before["status"] = Initiative.Status.REVIEW
    decided = {
        "status": Initiative.Status.PUBLIC if approve else Initiative.Status.CONCEPT,
        "published_at": timezone.now() if approve else initiative.published_at,
        "review_note": "" if approve else reason,
        "updated_at": timezone.now(),
    }
    with transaction.atomic():
        # Only while it still waits: of two reviewers deciding at once, one wins.
        if not Initiative.objects.filter(
            pk=initiative.pk, status=Initiative.Status.REVIEW
        ).update(**decided):
            raise ValidationError(
                {"__all__": _("This initiative is no longer waiting for a check.")}
            )
        for name, value in decided.items():
            setattr(initiative, name, value)
        audit_record(
            actor=actor,
            action="update",
            target=initiative,
            changes=diff(before, snapshot(initiative, AUDITED_FIELDS)),
        )
        notify(
            initiative.owners.all(),
            INITIATIVE_REVIEWED,
            {"name": initiative.name, "approved": approve, "reason": reason},
            actor=actor,
            target=initiative,
            url=reverse("initiatives:detail", args=[initiative.pk]),
        )
        notifications_settle(kind=INITIATIVE_REVIEW_REQUESTED, target=initiative)
        _list_changed()
    return initiative


def initiative_archive(*, actor, initiative: Initiative) -> Initiative:
    """Take an initiative out of the list; staff can still see it."""
    if initiative.status == Initiative.Status.ARCHIVED:
        return initiative
    old = initiative.status
    with transaction.atomic():
        initiative.status = Initiative.Status.ARCHIVED
        initiative.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="archive",
            target=initiative,
            changes={"status": [old, initiative.status]},
        )
        _notify_owners(actor=actor, initiative=initiative, archived=True)
        _list_changed()
    return initiative
