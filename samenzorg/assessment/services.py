"""Changing assessment rounds, scores and area scenarios (one function per use case)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samenzorg.areas.models import Area
from samenzorg.core.audit import audit_record, diff, snapshot
from samenzorg.core.notifications import notify
from samenzorg.initiatives.models import Initiative
from samenzorg.initiatives.selectors import initiative_list

from . import algorithms
from .models import (
    DEFAULT_CRITERIA,
    Criterion,
    Participant,
    Round,
    Scenario,
    Score,
    new_join_code,
)
from .notifications import RESULTS_PUBLISHED
from .selectors import (
    participant_assignment,
    round_frame,
    round_frame_forget,
    round_weight_divisions,
    scenario_inputs,
)

ROUND_FIELDS = (
    "title",
    "date",
    "scale_min",
    "scale_max",
    "method",
    "raters_per_initiative",
    "expected_participants",
    "max_per_person",
    "top_k",
    "is_fictional",
)


def _unique_join_code() -> str:
    while True:
        code = new_join_code()
        if not Round.objects.filter(join_code=code).exists():
            return code


def _validate_round(round_: Round) -> None:
    errors = {}
    if round_.scale_max <= round_.scale_min:
        errors["scale_max"] = _("The highest score must be above the lowest score.")
    if round_.raters_per_initiative < 1:
        errors["raters_per_initiative"] = _("Choose at least 1 rater per initiative.")
    if round_.expected_participants < 1:
        errors["expected_participants"] = _("Expect at least 1 participant.")
    if round_.top_k < 1:
        errors["top_k"] = _("The top must hold at least 1 initiative.")
    if errors:
        raise ValidationError(errors)
    round_.full_clean(exclude=["facilitator", "join_code"])


def round_create(
    *,
    actor,
    title: str,
    date: datetime.date,
    criteria: Iterable[tuple[str, str, float]] | None = None,
    scale_min: int = 1,
    scale_max: int = 5,
    method: str = Round.Method.MEAN,
    raters_per_initiative: int = 3,
    expected_participants: int = 45,
    max_per_person: int | None = None,
    top_k: int = 10,
    initiatives: Iterable = (),
    initiative_filters: Mapping | None = None,
    is_fictional: bool = False,
) -> Round:
    """A new round led by ``actor``, with the five criteria of 2016 unless given."""
    round_ = Round(
        title=title,
        date=date,
        facilitator=actor,
        scale_min=scale_min,
        scale_max=scale_max,
        method=method,
        raters_per_initiative=raters_per_initiative,
        expected_participants=expected_participants,
        max_per_person=max_per_person,
        top_k=top_k,
        initiative_filters=dict(initiative_filters or {}),
        is_fictional=is_fictional,
        join_code=_unique_join_code(),
    )
    _validate_round(round_)
    if criteria is None:
        criteria = [(name, description, 1.0) for name, description in DEFAULT_CRITERIA]
    criteria = list(criteria)
    if not criteria:
        raise ValidationError({"criteria": _("A round needs at least one criterion.")})
    with transaction.atomic():
        round_.save()
        Criterion.objects.bulk_create(
            Criterion(
                round=round_,
                position=n,
                name=name,
                description=description,
                weight=float(weight),
            )
            for n, (name, description, weight) in enumerate(criteria)
        )
        if initiatives:
            round_.initiatives.set(list(initiatives))
        audit_record(
            actor=actor,
            action="create",
            target=round_,
            changes=snapshot(round_, ROUND_FIELDS),
        )
    return round_


def round_update(*, actor, round: Round, **fields) -> Round:  # noqa: A002
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    before = snapshot(round, ROUND_FIELDS)
    for name, value in fields.items():
        setattr(round, name, value)
    _validate_round(round)
    with transaction.atomic():
        round.save()
        audit_record(
            actor=actor,
            action="update",
            target=round,
            changes=diff(before, snapshot(round, ROUND_FIELDS)),
        )
    return round


def round_set_criteria(*, actor, round: Round, criteria: list[dict]) -> Round:  # noqa: A002
    """Replace names, descriptions and weights; ``criteria`` in display order.

    Each item: ``{"id": pk or None, "name", "description", "weight"}``. Criteria
    can only be added or removed before the round opens.
    """
    errors = []
    for n, item in enumerate(criteria, start=1):
        if not str(item.get("name", "")).strip():
            errors.append(_("Criterion %(n)s needs a name.") % {"n": n})
        try:
            weight = float(item.get("weight", 0))
        except (TypeError, ValueError):
            weight = -1
        if weight < 0:
            errors.append(
                _("The weight of criterion %(n)s must be 0 or more.") % {"n": n}
            )
    if not criteria:
        errors.append(_("A round needs at least one criterion."))
    if criteria and sum(float(c.get("weight", 0) or 0) for c in criteria) <= 0:
        errors.append(_("At least one weight must be above 0."))
    existing = {c.pk: c for c in round.criteria.all()}
    ids = {item.get("id") for item in criteria if item.get("id")}
    if round.status != Round.Status.CONCEPT and (
        ids != set(existing) or any(not item.get("id") for item in criteria)
    ):
        errors.append(
            _("Criteria can only be added or removed before the round opens.")
        )
    if errors:
        raise ValidationError({"criteria": errors})
    before = {c.pk: (c.name, c.weight) for c in existing.values()}
    with transaction.atomic():
        Criterion.objects.filter(round=round).exclude(pk__in=ids).delete()
        for n, item in enumerate(criteria):
            criterion = existing.get(item.get("id")) or Criterion(round=round)
            criterion.position = n
            criterion.name = str(item["name"]).strip()
            criterion.description = str(item.get("description", "")).strip()
            criterion.weight = float(item.get("weight", 0))
            criterion.save()
        audit_record(
            actor=actor,
            action="update",
            target=round,
            changes={
                "criteria": [
                    [f"{name} ({weight:g})" for name, weight in before.values()],
                    [f"{c['name']} ({float(c['weight']):g})" for c in criteria],
                ]
            },
        )
        transaction.on_commit(lambda: round_frame_forget(round.pk))
    round_frame_forget(round.pk)
    return round


def round_set_weights(*, actor, round: Round, weights: Mapping[int, float]) -> Round:  # noqa: A002
    """Set the weights only (e.g. the median of the participants' divisions)."""
    criteria = list(round.criteria.all())
    items = [
        {
            "id": c.pk,
            "name": c.name,
            "description": c.description,
            "weight": float(weights.get(c.pk, c.weight)),
        }
        for c in criteria
    ]
    return round_set_criteria(actor=actor, round=round, criteria=items)


def round_adopt_median_weights(*, actor, round: Round) -> Round:  # noqa: A002
    divisions = round_weight_divisions(round)
    if not divisions:
        raise ValidationError(_("Nobody has divided the 100 points yet."))
    criteria = list(round.criteria.all())
    keys = [str(c.pk) for c in criteria]
    medians = algorithms.median_weights(divisions, keys)
    if sum(medians.values()) <= 0:
        raise ValidationError(_("The median of every criterion is 0."))
    return round_set_weights(
        actor=actor, round=round, weights={int(k): v for k, v in medians.items()}
    )


def round_select_initiatives(
    *,
    actor,
    round: Round,  # noqa: A002
    filters: Mapping | None = None,
    q: str = "",
) -> int:
    """Put the public initiatives that match the filters in scope: participants,
    who may be anonymous, and published results show them, so never a concept."""
    if round.status != Round.Status.CONCEPT:
        raise ValidationError(
            _("The initiatives can only be chosen before the round opens.")
        )
    chosen = list(
        initiative_list(user=actor, q=q, filters=filters or {})
        .filter(status=Initiative.Status.PUBLIC)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        round.initiatives.set(chosen)
        round.initiative_filters = {**dict(filters or {}), "q": q}
        round.save(update_fields=["initiative_filters", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            target=round,
            changes={"initiatives": [None, len(chosen)]},
        )
    return len(chosen)


def _set_status(*, actor, round: Round, status: str, allowed_from: tuple) -> Round:  # noqa: A002
    if round.status not in allowed_from:
        raise ValidationError(_("This step is not possible in the current status."))
    before = round.status
    with transaction.atomic():
        round.status = status
        round.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            target=round,
            changes={"status": [before, status]},
        )
    return round


def round_open(*, actor, round: Round) -> Round:  # noqa: A002
    if not round.initiatives.exists():
        raise ValidationError(_("Choose the initiatives before opening the session."))
    return _set_status(
        actor=actor,
        round=round,
        status=Round.Status.OPEN,
        allowed_from=(Round.Status.CONCEPT, Round.Status.CLOSED),
    )


def round_close(*, actor, round: Round) -> Round:  # noqa: A002
    return _set_status(
        actor=actor,
        round=round,
        status=Round.Status.CLOSED,
        allowed_from=(Round.Status.OPEN,),
    )


def round_publish(*, actor, round: Round, published: bool = True) -> Round:  # noqa: A002
    if published and round.status != Round.Status.CLOSED:
        raise ValidationError(_("Close the session before publishing the results."))
    with transaction.atomic():
        before = round.is_published
        round.is_published = published
        round.save(update_fields=["is_published", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            target=round,
            changes={"is_published": [before, published]},
        )
        if published and not before:
            participants = round.participants.filter(user__isnull=False)
            notify(
                [p.user for p in participants.select_related("user")],
                RESULTS_PUBLISHED,
                {"title": round.title},
                actor=actor,
                target=round,
                url=reverse("assessment:round_results", args=[round.pk]),
            )
    return round


def participant_join(
    *,
    round: Round,  # noqa: A002
    name: str,
    organisation_kind: str = Participant.OrganisationKind.ANDERS,
    user=None,
) -> Participant:
    """Join an open round; somebody with an account joins once and keeps her place."""
    if round.status != Round.Status.OPEN:
        raise ValidationError(_("This session is not open."))
    name = (name or "").strip()
    if not name and user is not None and user.is_authenticated:
        name = str(user)
    if not name:
        raise ValidationError({"name": _("Fill in your name.")})
    if organisation_kind not in Participant.OrganisationKind.values:
        raise ValidationError(
            {"organisation_kind": _("Choose a kind of organisation.")}
        )
    account = user if user is not None and user.is_authenticated else None
    # The transaction holds the round's lock (on SQLite: the write lock) only for the
    # next free position, the new row and its audit entry.
    with transaction.atomic():
        status = (
            Round.objects.select_for_update()
            .filter(pk=round.pk)
            .values_list("status", flat=True)
            .get()
        )
        if status != Round.Status.OPEN:
            raise ValidationError(_("This session is not open."))
        if account is not None:
            existing = Participant.objects.filter(round=round, user=account).first()
            if existing is not None:
                existing.round = round
                return existing
        last = Participant.objects.filter(round=round).aggregate(last=Max("position"))
        position = 0 if last["last"] is None else last["last"] + 1
        participant = Participant.objects.create(
            round=round,
            name=name[:120],
            organisation_kind=organisation_kind,
            user=account,
            position=position,
        )
        audit_record(
            actor=account,
            action="create",
            target=participant,
            changes={"round": round.pk, "position": position},
        )
    return participant


def score_save(
    *,
    participant: Participant,
    initiative_id: int,
    criterion: Criterion,
    value: int,
) -> Score:
    """Store (or change) one score of a participant, within the round's rules.

    Everything is checked before writing; the write is one statement (an insert
    that updates the value when the participant scored this before), so the
    transaction, and on SQLite the write lock, lasts only that statement.
    """
    round_ = participant.round
    if round_.status != Round.Status.OPEN:
        raise PermissionDenied(_("This session is closed."))
    if criterion.round_id != round_.pk:
        raise ValidationError(_("Unknown criterion."))
    ids = [row["id"] for row in round_frame(round_)[1]]
    if initiative_id not in participant_assignment(participant, ids):
        raise PermissionDenied(_("This initiative is not on your list."))
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value is None or not (round_.scale_min <= value <= round_.scale_max):
        raise ValidationError(
            {
                "value": _("Choose a score from %(low)s to %(high)s.")
                % {"low": round_.scale_min, "high": round_.scale_max}
            }
        )
    score = Score(
        participant=participant,
        initiative_id=initiative_id,
        criterion=criterion,
        value=value,
    )
    Score.objects.bulk_create(
        [score],
        update_conflicts=True,
        unique_fields=["participant", "initiative", "criterion"],
        update_fields=["value", "updated_at"],
    )
    return score


def participant_scores_save(
    *,
    participant: Participant,
    scores: list[tuple[int, Criterion, int]],
) -> int:
    """Store many scores of one participant at once (same checks as ``score_save``).

    ``scores``: ``(initiative_id, criterion, value)``. All are checked first;
    nothing is written when one is wrong.
    """
    round_ = participant.round
    if round_.status != Round.Status.OPEN:
        raise PermissionDenied(_("This session is closed."))
    ids = [row["id"] for row in round_frame(round_)[1]]
    assigned = set(participant_assignment(participant, ids))
    rows = []
    for initiative_id, criterion, value in scores:
        if criterion.round_id != round_.pk:
            raise ValidationError(_("Unknown criterion."))
        if initiative_id not in assigned:
            raise PermissionDenied(_("This initiative is not on your list."))
        if not (round_.scale_min <= int(value) <= round_.scale_max):
            raise ValidationError(
                {
                    "value": _("Choose a score from %(low)s to %(high)s.")
                    % {"low": round_.scale_min, "high": round_.scale_max}
                }
            )
        rows.append(
            Score(
                participant=participant,
                initiative_id=initiative_id,
                criterion=criterion,
                value=int(value),
            )
        )
    with transaction.atomic():
        Score.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["participant", "initiative", "criterion"],
            update_fields=["value", "updated_at"],
        )
    return len(rows)


def participant_set_weights(
    *, participant: Participant, points: Mapping[int, int]
) -> Participant:
    """Store a division of 100 points over the round's criteria."""
    criteria = list(participant.round.criteria.all())
    keys = [str(c.pk) for c in criteria]
    division = {str(k): v for k, v in points.items()}
    try:
        algorithms.validate_point_division(division, keys)
    except ValueError as exc:
        raise ValidationError({"points": str(exc)}) from None
    with transaction.atomic():
        participant.weights = division
        participant.save(update_fields=["weights"])
    return participant


# --- area scenarios --------------------------------------------------------

# Stored as data beside the problem types staff type in (Dutch, like them).
NO_PROBLEM = "geen duidelijk probleem"
# From this many areas on the level, the choice is made by a background task: for the
# country's 14,000 buurten the solver alone takes 0.4 s (bench/RESULTS-assessment.md),
# reading and scoring them more; Den Haag's 44 wijken and 114 buurten stay in the
# request.
SCENARIO_IN_BACKGROUND_FROM = 1000


def _is_no_problem(label) -> bool:
    return not label or str(label).strip().lower() == NO_PROBLEM


SCENARIO_FIELDS = (
    "title",
    "level",
    "indicators",
    "round",
    "kansrijkheid_weight",
    "k",
    "min_distinct_problems",
    "max_per_group",
    "include",
    "exclude",
    "problems",
)


def _validate_scenario(scenario: Scenario) -> None:
    errors = {}
    if not scenario.title.strip():
        errors["title"] = _("Give the scenario a title.")
    if scenario.k < 1:
        errors["k"] = _("Choose at least 1 area.")
    for name in ("k", "min_distinct_problems", "max_per_group"):
        value = getattr(scenario, name)
        if value is not None and value > Scenario.MAX_AREAS:
            errors[name] = _("Choose at most %(n)s.") % {
                "n": number_format(Scenario.MAX_AREAS, force_grouping=True)
            }
    for spec in scenario.indicators:
        if float(spec.get("weight", 0)) < 0:
            errors["indicators"] = _("Weights must be 0 or more.")
    if scenario.kansrijkheid_weight < 0:
        errors["kansrijkheid_weight"] = _("Weights must be 0 or more.")
    if not scenario.indicators and scenario.round_id is None:
        errors["indicators"] = _(
            "Choose at least one indicator, or a round for the kansrijkheid."
        )
    if errors:
        raise ValidationError(errors)


def scenario_compute_data(scenario: Scenario) -> dict:
    """Area scores, suggested problems and the selection with its explanation."""
    inputs = scenario_inputs(scenario)
    areas = inputs["areas"]
    indicators = {}
    problem_specs = {}
    for spec in scenario.indicators:
        key = f"v{int(spec['variable'])}"
        direction = 1 if int(spec.get("direction", 1)) >= 0 else -1
        indicators[key] = {
            "direction": direction,
            "weight": float(spec.get("weight", 1)),
        }
        problem_specs[key] = {
            "direction": direction,
            "problem": spec.get("problem")
            or getattr(inputs["variables"].get(int(spec["variable"])), "title", key),
        }
    values = {a.pk: dict(inputs["values"][a.pk]) for a in areas}
    if scenario.round_id is not None:
        for a in areas:
            values[a.pk]["kansrijkheid"] = inputs["kansrijkheid"].get(a.pk, 0.0)
        indicators["kansrijkheid"] = {
            "direction": 1,
            "weight": float(scenario.kansrijkheid_weight),
        }
    scores = algorithms.area_scores(values, indicators)
    suggested = algorithms.dominant_problem(values, problem_specs, inputs["city"])
    rows = []
    for a in areas:
        score = scores[a.pk]["score"]
        suggestion = suggested.get(a.pk, {}).get("problem") if problem_specs else None
        problem = scenario.problems.get(a.code) or suggestion or NO_PROBLEM
        rows.append(
            {
                "code": a.code,
                "name": a.name,
                "group": inputs["groups"][a.pk],
                "score": 0.0 if score is None else round(float(score), 6),
                "problem": problem,
                "suggested": suggestion,
                "parts": {k: round(v, 4) for k, v in scores[a.pk]["parts"].items()},
            }
        )
    data = {"areas": rows, "selected": [], "objective": None, "optimal": False}
    # "No clear problem" is shown on the pages, but is no problem type: it
    # must not count as one of the distinct problems the scenario asks for.
    solver_areas = [
        {
            "code": r["code"],
            "score": r["score"],
            "problem": None if _is_no_problem(r["problem"]) else r["problem"],
            "group": r["group"],
        }
        for r in rows
    ]
    try:
        explanation = algorithms.explain_selection(
            solver_areas,
            scenario.k,
            scenario.max_per_group,
            scenario.min_distinct_problems,
            scenario.include,
            scenario.exclude,
        )
    except algorithms.SelectionInfeasible as exc:
        data["error"] = str(exc)
        return data
    selection = explanation["selection"]
    labels = {r["code"]: r["problem"] for r in rows}
    data.update(
        selected=selection["selected"],
        objective=selection["objective"],
        optimal=selection["optimal"],
        plain_top=explanation["plain_top"],
        plain_objective=explanation["plain_objective"],
        cost_of_spread=explanation["cost_of_spread"],
        # The label as shown (also "no clear problem"), not the solver's None.
        reasons={
            code: dict(r, problem=labels[code])
            for code, r in explanation["reasons"].items()
        },
        alternative=dict(explanation["alternative"])
        if explanation["alternative"]
        else None,
    )
    return data


def _compute_into(scenario: Scenario) -> None:
    """Store the result; an impossible choice keeps the area rows and the reason."""
    data = scenario_compute_data(scenario)
    scenario.error = data.pop("error", "")
    scenario.result = data


def scenario_in_background(scenario: Scenario) -> bool:
    """Whether the choice is made by a background task: for many areas."""
    return (
        Area.objects.filter(level=scenario.level).count() >= SCENARIO_IN_BACKGROUND_FROM
    )


def _compute_or_queue(scenario: Scenario) -> bool:
    """Compute the result now (few areas), or clear it for the background task
    (``_queue``, after saving). Returns whether it is queued."""
    if scenario_in_background(scenario):
        scenario.result, scenario.error = None, ""
        return True
    _compute_into(scenario)
    return False


def _queue(scenario: Scenario, *, actor) -> None:
    from .tasks import scenario_compute_start

    scenario_compute_start(actor=actor, scenario=scenario)


def scenario_store_result(*, scenario_id: int, saved, data: dict) -> bool:
    """Store a background run's result, if the scenario is still as it was saved then
    (``saved``: its ``updated_at``). Returns whether it was stored."""
    data = dict(data)
    error = data.pop("error", "")
    return bool(
        Scenario.objects.filter(pk=scenario_id, updated_at=saved).update(
            result=data, error=error
        )
    )


def scenario_create(*, actor, **fields) -> Scenario:
    """Save a scenario with its choice; with many areas the choice follows from a
    background task (its progress: ``tasks.SCENARIO_KIND``)."""
    unknown = set(fields) - set(SCENARIO_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    scenario = Scenario(created_by=actor, **fields)
    _validate_scenario(scenario)
    queued = _compute_or_queue(scenario)
    with transaction.atomic():
        scenario.save()
        audit_record(
            actor=actor,
            action="create",
            target=scenario,
            changes=snapshot(scenario, SCENARIO_FIELDS),
        )
        if queued:
            _queue(scenario, actor=actor)
    return scenario


def scenario_update(*, actor, scenario: Scenario, **fields) -> Scenario:
    unknown = set(fields) - set(SCENARIO_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    before = snapshot(scenario, SCENARIO_FIELDS)
    for name, value in fields.items():
        setattr(scenario, name, value)
    _validate_scenario(scenario)
    queued = _compute_or_queue(scenario)
    with transaction.atomic():
        scenario.save()
        audit_record(
            actor=actor,
            action="update",
            target=scenario,
            changes=diff(before, snapshot(scenario, SCENARIO_FIELDS)),
        )
        if queued:
            _queue(scenario, actor=actor)
    return scenario


def scenario_delete(*, actor, scenario: Scenario) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="delete", target=scenario)
        scenario.delete()
