"""Changing network maps. Each change bumps the map's version, writes an audit row and,
after the commit, has the map analysed again: a small map at once, a large one by a
background task (see ``tasks``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samenzorg.accounts.models import Role
from samenzorg.core.audit import audit_record, diff, snapshot
from samenzorg.core.notifications import notify
from samenzorg.core.roles import area_ancestry_ids
from samenzorg.core.tabular import ImportReport, Progress

from . import selectors, tasks, transfer
from .models import Actor, ActorType, NetworkMap, QuestionnaireAnswer, Tie, TieKind
from .notifications import ANSWERS_WAITING

MAP_FIELDS = ("name", "description", "scope", "area", "is_published", "seed", "source")
ACTOR_FIELDS = (
    "key",
    "name",
    "type",
    "is_key_person",
    "role",
    "organisation",
    "contact",
    "consent",
    "initiative",
    "notes",
    "is_fictional",
)
TIE_FIELDS = (
    "source_actor",
    "target_actor",
    "kind",
    "strength",
    "directed",
    "source",
    "started_on",
    "ended_on",
    "is_fictional",
)
QUESTIONNAIRE_SALT = "networks.questionnaire"
QUESTIONNAIRE_MAX_AGE = 60 * 60 * 24 * 90  # 90 days


def _touch(network_map: NetworkMap, *, actor) -> None:
    """Bump the map's version; once the change is committed, have the map analysed
    again and the result stored on it, so that reading the map never has to."""
    NetworkMap.objects.filter(pk=network_map.pk).update(version=F("version") + 1)
    network_map.refresh_from_db(fields=["version"])
    transaction.on_commit(
        lambda: _analyse_after_change(network_map, actor=actor), robust=True
    )


def _check_own_area(actor, network_map: NetworkMap) -> None:
    """Staff for one area keep their maps in that area (else they could not see them)."""
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(
        "networks.change_networkmap", network_map
    ):
        raise ValidationError(
            {"area": _("You can only make a map for the area you work for.")}
        )


def _analyse_after_change(network_map: NetworkMap, *, actor) -> None:
    """A small map at once (well under a second); a large one in the background,
    where changes made while its run waits are all analysed by that one run."""
    if selectors.analysis_in_background(network_map=network_map):
        tasks.network_map_analysis_schedule(network_map=network_map, actor=actor)
    else:
        selectors.network_map_analysis(network_map=network_map)


def network_map_create(
    *,
    actor,
    name: str,
    description: str = "",
    scope: str = NetworkMap.Scope.AREA,
    area=None,
    is_published: bool = False,
    is_fictional: bool = False,
    source: str = "",
    seed: int = 0,
) -> NetworkMap:
    network_map = NetworkMap(
        name=name,
        description=description,
        scope=scope,
        area=area,
        is_published=is_published,
        is_fictional=is_fictional,
        source=source,
        seed=seed,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if scope == NetworkMap.Scope.AREA and area is None:
        raise ValidationError({"area": _("Choose the area of this map.")})
    _check_own_area(actor, network_map)
    network_map.full_clean()
    with transaction.atomic():
        network_map.save()
        audit_record(
            actor=actor,
            action="create",
            target=network_map,
            changes=snapshot(network_map, MAP_FIELDS),
        )
    return network_map


def network_map_update(*, actor, network_map: NetworkMap, **fields) -> NetworkMap:
    before = snapshot(network_map, MAP_FIELDS)
    for name, value in fields.items():
        if name not in MAP_FIELDS:
            raise TypeError(name)
        setattr(network_map, name, value)
    if network_map.scope == NetworkMap.Scope.AREA and network_map.area is None:
        raise ValidationError({"area": _("Choose the area of this map.")})
    _check_own_area(actor, network_map)
    network_map.full_clean()
    with transaction.atomic():
        network_map.save()
        _touch(network_map, actor=actor)
        audit_record(
            actor=actor,
            action="update",
            target=network_map,
            changes=diff(before, snapshot(network_map, MAP_FIELDS)),
        )
    return network_map


def _unique_key(network_map: NetworkMap, name: str) -> str:
    base = slugify(name)[:80] or "actor"
    existing = set(
        network_map.actors.filter(key__startswith=base).values_list("key", flat=True)
    )
    key, n = base, 1
    while key in existing:
        n += 1
        key = f"{base}-{n}"
    return key


def _check_actor(actor_obj: Actor) -> None:
    errors = {}
    personal = actor_obj.name or actor_obj.contact
    if actor_obj.is_key_person and personal and not actor_obj.consent:
        errors["consent"] = _(
            "Only store a person's name or contact details with their consent."
        )
    if actor_obj.is_key_person and not actor_obj.role:
        errors["role"] = _("Give the role of the key person, e.g. district nurse.")
    if not actor_obj.is_key_person and not actor_obj.name:
        errors["name"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)


def _shown_names(actor_obj: Actor) -> set[str]:
    """The labels an export may have written for a key person (see ``map_rows``)."""
    public = actor_obj.public_name
    names = {public}
    if actor_obj.consent and actor_obj.name:
        names.add(f"{actor_obj.name} – {public}")
    return names


def actor_create(
    *, actor, network_map: NetworkMap, name: str = "", key: str = "", **fields: Any
) -> Actor:
    obj = Actor(network=network_map, name=name, **fields)
    obj.key = key or _unique_key(network_map, name or fields.get("role", ""))
    _check_actor(obj)
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        _touch(network_map, actor=actor)
        audit_record(
            actor=actor,
            action="create",
            target=obj,
            changes=snapshot(obj, ACTOR_FIELDS),
        )
    return obj


def actor_update(*, actor, network_actor: Actor, **fields: Any) -> Actor:
    before = snapshot(network_actor, ACTOR_FIELDS)
    for name, value in fields.items():
        if name not in ACTOR_FIELDS:
            raise TypeError(name)
        setattr(network_actor, name, value)
    _check_actor(network_actor)
    network_actor.full_clean()
    with transaction.atomic():
        network_actor.save()
        _touch(network_actor.network, actor=actor)
        audit_record(
            actor=actor,
            action="update",
            target=network_actor,
            changes=diff(before, snapshot(network_actor, ACTOR_FIELDS)),
        )
    return network_actor


def actor_delete(*, actor, network_actor: Actor) -> None:
    network_map = network_actor.network
    with transaction.atomic():
        audit_record(actor=actor, action="delete", target=network_actor)
        Tie.objects.filter(source_actor=network_actor).delete()
        Tie.objects.filter(target_actor=network_actor).delete()
        network_actor.delete()
        _touch(network_map, actor=actor)


def _check_tie(tie: Tie) -> None:
    errors = {}
    if tie.source_actor_id and tie.source_actor_id == tie.target_actor_id:
        errors["target_actor"] = _("A tie joins two different actors.")
    if tie.strength not in (1, 2, 3):
        errors["strength"] = _("Strength is 1, 2 or 3.")
    if tie.started_on and tie.ended_on and tie.ended_on < tie.started_on:
        errors["ended_on"] = _("The end date lies before the start date.")
    for field in ("source_actor", "target_actor"):
        value = getattr(tie, field, None)
        if value is not None and value.network_id != tie.network_id:
            errors[field] = _("This actor is not on this map.")
    if errors:
        raise ValidationError(errors)


def tie_create(
    *,
    actor,
    network_map: NetworkMap,
    source_actor: Actor,
    target_actor: Actor,
    **fields,
) -> Tie:
    tie = Tie(
        network=network_map,
        source_actor=source_actor,
        target_actor=target_actor,
        **fields,
    )
    _check_tie(tie)
    tie.full_clean()
    with transaction.atomic():
        tie.save()
        _touch(network_map, actor=actor)
        audit_record(
            actor=actor, action="create", target=tie, changes=snapshot(tie, TIE_FIELDS)
        )
    return tie


def tie_delete(*, actor, tie: Tie) -> None:
    network_map = tie.network
    with transaction.atomic():
        audit_record(actor=actor, action="delete", target=tie)
        tie.delete()
        _touch(network_map, actor=actor)


# ---------------------------------------------------------------- import


# Model fields and the row keys (see ``transfer.py``) that hold them.
_ROW_KEYS = {"key": "id", "is_fictional": "fictional"}


def _row_problem(report: ImportReport, row: dict, message: str, key: str = "") -> None:
    """A problem on the row's line, in the row's column for ``key``.

    Rows from files carry ``line``, ``sheet`` and ``columns`` (row key → heading);
    rows made otherwise may name their place in ``where``.
    """
    report.add(
        message,
        line=row.get("line"),
        sheet=row.get("sheet") or row.get("where", ""),
        column=row.get("columns", {}).get(key, ""),
    )


def _field_problems(
    report: ImportReport, row: dict, obj, *, exclude: list[str]
) -> None:
    """The model's own checks (lengths, choices) as problems on the row's line."""
    try:
        obj.full_clean(
            exclude=exclude, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for field, errors in error.error_dict.items():
            key = _ROW_KEYS.get(field, field)
            # The reader reports an invisible character per cell already.
            messages = [
                message
                for err in errors
                if err.code != "control_character"
                for message in err.messages
            ]
            for message in messages:
                if key not in row.get("columns", {}):
                    message = _("%(field)s: %(message)s") % {
                        "field": obj._meta.get_field(field).verbose_name
                        if field != NON_FIELD_ERRORS
                        else _("row"),
                        "message": message,
                    }
                _row_problem(report, row, message, key)


@dataclass
class NetworkImportReport(ImportReport):
    """The report of an import into a map, with the counts (zero on a problem)."""

    actors: int = 0
    new_actors: int = 0
    ties: int = 0


BULK_BATCH = 1000


def network_import_file(
    *,
    actor,
    network_map: NetworkMap,
    file,
    ties_file=None,
    progress: Callable[[int, int], Any] | None = None,
) -> NetworkImportReport:
    """Import a CSV of actors (and one of ties), a Kumu workbook or GraphML: all or
    nothing, every problem in the report.

    ``file`` and ``ties_file`` are file objects, paths or names in the default
    storage (see ``core.tabular``); the kind is chosen by ``file``'s name.
    ``progress`` is called with ``(done, total)`` while the rows are checked.
    """
    report = NetworkImportReport()
    actors, ties = transfer.read_upload(file, ties_file, report=report)
    if actors or ties:  # checked even after a problem, to report them all
        counts = _import_rows(
            actor=actor,
            network_map=network_map,
            actors=actors,
            ties=ties,
            report=report,
            progress=Progress(progress, len(actors) + len(ties)),
        )
        report.actors = counts["actors"]
        report.new_actors = counts["new_actors"]
        report.ties = counts["ties"]
    return report


def network_import(
    *,
    actor,
    network_map: NetworkMap,
    actors: list[dict[str, Any]],
    ties: list[dict[str, Any]],
) -> dict[str, int]:
    """Add parsed rows (see ``transfer.py``) to the map: all or nothing.

    Every row is checked first; any problem raises ``ValidationError`` with a list of
    messages naming the sheet/file and line, and nothing is written.
    """
    report = ImportReport()
    counts = _import_rows(
        actor=actor,
        network_map=network_map,
        actors=actors,
        ties=ties,
        report=report,
        progress=Progress(None, 0),
    )
    if not report.ok:
        raise ValidationError([str(p) for p in report.problems])
    return counts


def _import_rows(
    *,
    actor,
    network_map: NetworkMap,
    actors: list[dict[str, Any]],
    ties: list[dict[str, Any]],
    report: ImportReport,
    progress: Progress,
) -> dict[str, int]:
    """Check every row into ``report``; write them all when there is no problem."""
    nothing = {"actors": 0, "new_actors": 0, "ties": 0}
    existing = {a.key: a for a in network_map.actors.all()}
    new_actors: dict[str, Actor] = {}
    type_values = {c.value for c in ActorType}
    type_labels = {str(c.label).lower(): c.value for c in ActorType}
    for row in actors:
        progress.advance()
        key = str(row.get("id") or "").strip()
        name = str(row.get("name") or "").strip()
        kind = str(row.get("type") or "").strip().lower() or ActorType.OVERIG
        kind = type_labels.get(kind, kind)
        if not key:
            _row_problem(report, row, _("The id is empty."), "id")
            continue
        if key in new_actors:
            _row_problem(
                report, row, _("The id %(id)s appears twice.") % {"id": key}, "id"
            )
            continue
        if not name:
            _row_problem(report, row, _("The name is empty."), "name")
        if kind not in type_values:
            _row_problem(
                report,
                row,
                _("Unknown type %(type)s; use one of: %(types)s.")
                % {"type": kind, "types": ", ".join(sorted(type_values))},
                "type",
            )
        obj = existing.get(key) or Actor(network=network_map, key=key)
        if obj.is_key_person and name in _shown_names(obj):
            # The label an export wrote for a key person: keep the stored name.
            name = obj.name
        obj.name = name
        obj.type = kind
        obj.organisation = str(row.get("organisation") or "")
        obj.notes = str(row.get("notes") or "")
        obj.is_fictional = bool(row.get("fictional")) or obj.is_fictional
        try:
            _check_actor(obj)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field == "name":  # an empty name is reported above
                    continue
                for message in messages:
                    _row_problem(report, row, message, _ROW_KEYS.get(field, field))
        # Lengths and the like, per row, so that every problem names its line.
        _field_problems(report, row, obj, exclude=["network", "type"])
        new_actors[key] = obj
    known = {**existing, **new_actors}
    kinds = {c.value for c in TieKind}
    tie_objs: list[tuple[Tie, str, str]] = []
    for row in ties:
        progress.advance()
        before = report.problem_count
        a = str(row.get("from") or "").strip()
        b = str(row.get("to") or "").strip()
        for end, key in ((a, "from"), (b, "to")):
            if not end:
                _row_problem(report, row, _("An actor id is empty."), key)
            elif end not in known:
                _row_problem(report, row, _("Unknown actor %(id)s.") % {"id": end}, key)
        if a and a == b:
            _row_problem(report, row, _("A tie joins two different actors."), "to")
        kind = str(row.get("kind") or "").strip().lower() or TieKind.SAMENWERKING
        if kind not in kinds:
            _row_problem(
                report,
                row,
                _("Unknown kind %(kind)s; use one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(sorted(kinds))},
                "kind",
            )
        strength_raw = str(row.get("strength") or "").strip() or "2"
        try:
            strength = int(float(strength_raw))
            if strength not in (1, 2, 3):
                raise ValueError
        except (ValueError, OverflowError):
            _row_problem(
                report,
                row,
                _("The strength must be 1, 2 or 3, not %(value)s.")
                % {"value": strength_raw},
                "strength",
            )
            strength = 2
        dates = {}
        for field in ("started_on", "ended_on"):
            raw = row.get(field)
            if isinstance(raw, datetime.datetime):
                raw = raw.date()
            if isinstance(raw, datetime.date) or not raw:
                dates[field] = raw or None
                continue
            try:
                dates[field] = datetime.date.fromisoformat(str(raw).strip())
            except ValueError:
                _row_problem(
                    report,
                    row,
                    _("%(value)s is not a date like 2016-06-28.") % {"value": raw},
                    field,
                )
        directed = str(row.get("directed") or "").strip().lower() in (
            "1",
            "ja",
            "yes",
            "true",
            "waar",
        )
        tie = Tie(
            network=network_map,
            kind=kind,
            strength=strength,
            directed=directed,
            source=str(row.get("source") or ""),
            is_fictional=bool(row.get("fictional")),
            **dates,
        )
        if report.problem_count == before:
            _field_problems(
                report, row, tie, exclude=["network", "source_actor", "target_actor"]
            )
        if report.problem_count == before:
            tie_objs.append((tie, a, b))
    if not report.ok:
        return nothing
    # Everything is checked: the transaction only stores, in bulk, so it holds the
    # database (on SQLite its write lock) briefly even for thousands of rows.
    fresh = [obj for obj in new_actors.values() if obj.pk is None]
    changed = [obj for obj in new_actors.values() if obj.pk is not None]
    created = len(fresh)
    with transaction.atomic():
        Actor.objects.bulk_create(fresh, batch_size=BULK_BATCH)
        Actor.objects.bulk_update(
            changed,
            ["name", "type", "organisation", "notes", "is_fictional"],
            batch_size=BULK_BATCH,
        )
        for tie, a, b in tie_objs:
            tie.source_actor = known[a]
            tie.target_actor = known[b]
        Tie.objects.bulk_create([t for t, _a, _b in tie_objs], batch_size=BULK_BATCH)
        _touch(network_map, actor=actor)
        audit_record(
            actor=actor,
            action="import",
            target=network_map,
            changes={"actors": len(new_actors), "ties": len(tie_objs)},
        )
    progress.finish()
    return {"actors": len(new_actors), "new_actors": created, "ties": len(tie_objs)}


# ---------------------------------------------------------------- questionnaire


def questionnaire_token(*, network_actor: Actor) -> str:
    return signing.dumps(
        {"a": network_actor.pk, "m": network_actor.network_id}, salt=QUESTIONNAIRE_SALT
    )


def questionnaire_actor(*, token: str) -> Actor | None:
    """The actor a questionnaire link belongs to, or None when it is wrong or old."""
    try:
        data = signing.loads(
            token, salt=QUESTIONNAIRE_SALT, max_age=QUESTIONNAIRE_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return (
        Actor.objects.select_related("network")
        .filter(pk=data.get("a"), network_id=data.get("m"))
        .first()
    )


def _answer_recipients(network_map: NetworkMap) -> list:
    """Who hears of new answers: the map's maker and the gemeente staff and
    facilitators with a role for the map's area, as long as they may change the map."""
    area_ids = area_ancestry_ids(network_map.area)
    candidates = (
        get_user_model()
        .objects.filter(
            Q(pk=network_map.created_by_id)
            | Q(
                role_assignments__role__in=[Role.GEMEENTE, Role.PROCESBEGELEIDER],
                role_assignments__area_id__in=area_ids,
            ),
            is_active=True,
        )
        .distinct()
        .prefetch_related("role_assignments")
    )
    return [
        user
        for user in candidates
        if user.has_perm("networks.change_networkmap", network_map)
    ]


def questionnaire_submit(
    *,
    respondent: Actor,
    partners: list[Actor],
    other_names: list[str],
    kind: str = TieKind.SAMENWERKING,
    strength: int = 2,
) -> list[QuestionnaireAnswer]:
    """Store the answers of "met wie werkt u samen?"; they wait for the facilitator."""
    if kind not in TieKind.values:
        raise ValidationError({"kind": _("Choose a kind of tie.")})
    if strength not in (1, 2, 3):
        raise ValidationError({"strength": _("Strength is 1, 2 or 3.")})
    partners = [p for p in partners if p.network_id == respondent.network_id]
    partners = [p for p in partners if p.pk != respondent.pk]
    names = [n.strip()[:200] for n in other_names if n.strip()]
    if not partners and not names:
        raise ValidationError(
            {"partners": _("Choose at least one organisation or write a name.")}
        )
    answers = [
        QuestionnaireAnswer(
            respondent=respondent, partner=p, kind=kind, strength=strength
        )
        for p in partners
    ] + [
        QuestionnaireAnswer(
            respondent=respondent, partner_name=n, kind=kind, strength=strength
        )
        for n in names
    ]
    with transaction.atomic():
        QuestionnaireAnswer.objects.bulk_create(answers)
        audit_record(
            actor=None,
            action="questionnaire",
            target=respondent,
            changes={"answers": len(answers)},
        )
        network_map = respondent.network
        notify(
            _answer_recipients(network_map),
            ANSWERS_WAITING,
            {
                "map_name": network_map.name,
                "respondent": respondent.name,
                "count": len(answers),
            },
            target=network_map,
            url=reverse("networks:detail", args=[network_map.pk]) + "#editor",
        )
    return answers


def questionnaire_answer_accept(*, actor, answer: QuestionnaireAnswer) -> Tie:
    """Turn an answer into a tie; a new name becomes a new actor of type "overig"."""
    if answer.status != QuestionnaireAnswer.Status.PENDING:
        raise ValidationError(_("This answer has already been handled."))
    network_map = answer.respondent.network
    with transaction.atomic():
        partner = answer.partner
        if partner is None:
            partner = actor_create(
                actor=actor, network_map=network_map, name=answer.partner_name
            )
        tie = tie_create(
            actor=actor,
            network_map=network_map,
            source_actor=answer.respondent,
            target_actor=partner,
            kind=answer.kind,
            strength=answer.strength,
            source=_("Questionnaire"),
            started_on=answer.created_at.date(),
        )
        answer.status = QuestionnaireAnswer.Status.ACCEPTED
        answer.tie = tie
        answer.decided_at = timezone.now()
        answer.save(update_fields=["status", "tie", "decided_at"])
        audit_record(actor=actor, action="accept", target=answer)
    return tie


def questionnaire_answer_reject(*, actor, answer: QuestionnaireAnswer) -> None:
    if answer.status != QuestionnaireAnswer.Status.PENDING:
        raise ValidationError(_("This answer has already been handled."))
    with transaction.atomic():
        answer.status = QuestionnaireAnswer.Status.REJECTED
        answer.decided_at = timezone.now()
        answer.save(update_fields=["status", "decided_at"])
        audit_record(actor=actor, action="reject", target=answer)
