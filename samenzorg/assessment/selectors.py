"""Reading rounds, scores, results and scenarios.

``round_visible`` is the queryset twin of ``assessment.view_results`` (everything a
user may look at); ``scenario_visible`` that of ``assessment.view_scenario``.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from samenzorg.areas.models import Area, Statistic, Variable
from samenzorg.core.access import get_or_404
from samenzorg.core.models import TaskProgress
from samenzorg.core.rules import is_beheerder, is_gemeente

from . import algorithms
from .models import Criterion, Participant, Round, Scenario, Score

BOOTSTRAP_RESAMPLES = 1000


def round_visible(*, user) -> QuerySet[Round]:
    """Rounds whose results ``user`` may see (facilitator, gemeente, published)."""
    qs = Round.objects.select_related("facilitator")
    if is_gemeente(user) or is_beheerder(user):
        return qs
    public = Q(is_published=True, status=Round.Status.CLOSED)
    if user is not None and user.is_authenticated:
        return qs.filter(public | Q(facilitator=user))
    return qs.filter(public)


def scenario_round_choices(*, user) -> QuerySet[Round]:
    """The rounds ``user`` may build an area scenario on: those she may see, once
    they have left the concept stage."""
    return (
        round_visible(user=user)
        .exclude(status=Round.Status.CONCEPT)
        .order_by("-date", "-id")
    )


def round_list(*, user) -> QuerySet[Round]:
    return (
        round_visible(user=user)
        .annotate(
            n_initiatives=Count("initiatives", distinct=True),
            n_participants=Count("participants", distinct=True),
        )
        .order_by("-date", "-id")
    )


def round_get(*, user, pk) -> Round:
    return get_or_404(round_visible(user=user), pk=pk)


def _joinable_rounds():
    return Round.objects.exclude(status=Round.Status.CONCEPT)


def _join_code(code: str) -> str:
    return (code or "").strip().upper()


def round_by_code(*, code: str) -> Round:
    """A round participants can join or work in (open, or closed for reading)."""
    try:
        return _joinable_rounds().get(join_code=_join_code(code))
    except Round.DoesNotExist:
        raise Http404("round") from None


def participant_by_tokens(*, code: str, tokens: dict[int, str]) -> Participant | None:
    """The participant of round ``code`` whose token this browser holds, with her
    round, in one query; ``tokens`` maps a round's id to the token kept for it.

    A phone asks this on every page of a live session, so it replaces reading the
    round and then the participant.
    """
    if not tokens:
        return None
    found = (
        Participant.objects.select_related("round")
        .filter(
            token__in=list(tokens.values()),
            round__in=_joinable_rounds().filter(join_code=_join_code(code)),
        )
        .first()
    )
    if found is None or tokens.get(found.round_id) != found.token:
        return None
    return found


def round_criteria(round_: Round) -> list[Criterion]:
    return list(round_.criteria.order_by("position", "id"))


def round_initiative_rows(round_: Round, *fields: str) -> list[dict]:
    """The initiatives in scope, as plain rows, ordered by name."""
    return list(
        round_.initiatives.order_by("name", "id").values(
            "id", "name", "is_fictional", *fields
        )
    )


# How long the phones of a live session may use the criteria and initiatives read once.
FRAME_SECONDS = 10
# How long the projector's live part is shared by every screen that asks for it.
LIVE_SECONDS = 1


def _frame_key(round_pk: int) -> str:
    return f"assessment-frame-{round_pk}"


def round_frame(round_: Round) -> tuple[list[Criterion], list[dict]]:
    """The criteria and the initiatives in scope (with their descriptions, for the
    scoring page), for the pages of a live session.

    Once a round has left the concept stage its initiatives are fixed (they can only
    be chosen before it opens), so both are read once and shared through the cache
    for ``FRAME_SECONDS``: hundreds of phones then ask the database only for their own
    scores. Changing the criteria forgets them (``round_frame_forget``); a renamed
    initiative shows within ``FRAME_SECONDS``. Each web process has its own cache
    unless ``CACHE_URL`` gives a shared one.
    """
    if round_.status == Round.Status.CONCEPT:
        return round_criteria(round_), round_initiative_rows(round_, "description")
    key = _frame_key(round_.pk)
    frame = cache.get(key)
    if frame is None:
        frame = (round_criteria(round_), round_initiative_rows(round_, "description"))
        cache.set(key, frame, FRAME_SECONDS)
    return frame


def round_frame_forget(round_pk: int) -> None:
    cache.delete(_frame_key(round_pk))


def participant_assignment(
    participant: Participant, initiative_ids: list[int]
) -> list[int]:
    round_ = participant.round
    return algorithms.rater_assignment(
        sorted(initiative_ids),
        participant.position,
        round_.expected_participants,
        round_.raters_per_initiative,
        seed=round_.seed,
        max_per_person=round_.max_per_person,
    )


def participant_score(
    participant: Participant, initiative_id: int, criterion_id: int
) -> int | None:
    """The value this participant gave, or ``None``."""
    return (
        Score.objects.filter(
            participant=participant,
            initiative_id=initiative_id,
            criterion_id=criterion_id,
        )
        .values_list("value", flat=True)
        .first()
    )


def participant_scores(participant: Participant) -> dict[tuple[int, int], int]:
    """``{(initiative_id, criterion_id): value}`` of this participant only."""
    return {
        (i, c): v
        for i, c, v in Score.objects.filter(participant=participant).values_list(
            "initiative_id", "criterion_id", "value"
        )
    }


def round_score_rows(round_: Round) -> list[tuple[int, int, int, int]]:
    return list(
        Score.objects.filter(participant__round=round_)
        .order_by("participant_id", "initiative_id", "criterion_id")
        .values_list("participant_id", "initiative_id", "criterion_id", "value")
    )


def round_plan(round_: Round, n_initiatives: int) -> algorithms.AttrDict:
    return algorithms.rater_plan(
        n_initiatives,
        round_.expected_participants,
        round_.raters_per_initiative,
        round_.max_per_person,
    )


def round_progress(round_: Round) -> dict:
    """Ratings per initiative and per participant, for the projector."""
    criteria, initiatives = round_frame(round_)
    n_criteria = len(criteria) or 1
    ids = [row["id"] for row in initiatives]
    participants = list(
        round_.participants.annotate(n_scores=Count("scores")).order_by("position")
    )
    raters = defaultdict(set)
    for participant_id, initiative_id in (
        Score.objects.filter(participant__round=round_)
        .values_list("participant_id", "initiative_id")
        .distinct()
    ):
        raters[initiative_id].add(participant_id)
    people = []
    for p in participants:
        assigned = len(participant_assignment(p, ids))
        done = p.n_scores // n_criteria
        people.append(
            {
                "name": p.name,
                "kind": p.get_organisation_kind_display(),
                "assigned": assigned,
                "done": min(done, assigned),
                "working": done < assigned,
            }
        )
    r = round_.raters_per_initiative
    reached = sum(1 for i in ids if len(raters[i]) >= r)
    return {
        "participants": people,
        "n_participants": len(people),
        "n_working": sum(1 for p in people if p["working"]),
        "initiatives_reached": reached,
        "n_initiatives": len(ids),
        "ratings": sum(len(raters[i]) for i in ids),
        "ratings_needed": r * len(ids),
        "percent": round(100 * reached / len(ids)) if ids else 0,
    }


def _results_key(
    round_: Round, criteria: list[Criterion], initiatives: list[dict], stamp
) -> str:
    """Cache key over everything the results are made of.

    The scores (count and last change), the round's settings, the criteria as
    shown (weight, name, description) and the initiatives in scope with the
    names and flags the ranking shows: adding, removing or renaming one gives
    a new key, so the page never shows a stale set.
    """
    payload = json.dumps(
        [
            round_.pk,
            round_.method,
            round_.top_k,
            round_.seed,
            round_.scale_min,
            round_.scale_max,
            [(c.pk, c.weight, c.name, c.description) for c in criteria],
            [(row["id"], row["name"], row["is_fictional"]) for row in initiatives],
            stamp,
        ],
        default=str,
    )
    return "assessment-results-" + hashlib.sha256(payload.encode()).hexdigest()


def round_results(round_: Round, *, n_resamples: int = BOOTSTRAP_RESAMPLES) -> dict:
    """Ranking, intervals, agreement, contributions and sensitivity of a round.

    A fixed number of queries whatever the size; the numbers depend only on the
    scores, weights, method and seed, so the same inputs give the same results.
    Cached on those inputs and on the initiatives in scope (ids, names).
    """
    criteria = round_criteria(round_)
    initiative_rows = round_initiative_rows(round_)
    stamp = Score.objects.filter(participant__round=round_).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    key = _results_key(
        round_, criteria, initiative_rows, (stamp["n"], stamp["last"], n_resamples)
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    initiatives = {row["id"]: row for row in initiative_rows}
    rows = [row for row in round_score_rows(round_) if row[1] in initiatives]
    weights = {c.pk: c.weight for c in criteria}
    aggregated = algorithms.aggregate(rows, weights, method=round_.method)
    intervals = algorithms.bootstrap_intervals(
        rows, weights, round_.method, n_resamples=n_resamples, seed=round_.seed
    )
    agreement = algorithms.agreement(rows)
    order = algorithms.rank(
        aggregated, key=lambda pk: (initiatives[pk]["name"].lower(), pk)
    )
    total_weight = sum(weights.values()) or 1.0
    ranking = []
    for position, pk in enumerate(order, start=1):
        result = aggregated[pk]
        parts = algorithms.contributions(result["per_criterion"], weights)
        low, high = intervals.get(pk, (None, None))
        ranking.append(
            {
                "rank": position,
                "id": pk,
                "name": initiatives[pk]["name"],
                "is_fictional": initiatives[pk]["is_fictional"],
                "score": result["score"],
                "low": low,
                "high": high,
                "raters": result["raters"],
                "per_criterion": [result["per_criterion"].get(c.pk) for c in criteria],
                "contributions": [parts.get(c.pk, 0.0) for c in criteria],
            }
        )
    unscored = [
        row
        for pk, row in initiatives.items()
        if pk not in aggregated or pk not in order
    ]
    k = min(round_.top_k, max(len(order) - 1, 0))
    sensitivity = algorithms.weight_sensitivity(
        {pk: aggregated[pk]["per_criterion"] for pk in order},
        weights,
        k,
        key=lambda pk: (initiatives[pk]["name"].lower(), pk),
    )
    sens_rows = []
    for c in criteria:
        info = sensitivity.get(c.pk)
        if info is None:
            continue
        sens_rows.append(
            {
                "criterion": c.name,
                "weight": c.weight,
                "share": 100 * c.weight / total_weight,
                "low": info["low"],
                "high": None if info["high"] == float("inf") else info["high"],
                "change": info["smallest_change"],
                "direction": info["direction"],
                "enters": initiatives[info["enters"]]["name"]
                if info["enters"]
                else None,
                "leaves": initiatives[info["leaves"]]["name"]
                if info["leaves"]
                else None,
            }
        )
    agree_rows = [
        {
            "criterion": c.name,
            "icc1": agreement[c.pk]["icc1"] if c.pk in agreement else None,
            "icck": agreement[c.pk]["icck"] if c.pk in agreement else None,
            "label": agreement[c.pk]["label"] if c.pk in agreement else "unknown",
            "ratings": agreement[c.pk]["ratings"] if c.pk in agreement else 0,
        }
        for c in criteria
    ]
    result = {
        "criteria": [
            {
                "id": c.pk,
                "name": c.name,
                "weight": c.weight,
                "description": c.description,
            }
            for c in criteria
        ],
        "ranking": ranking,
        "unscored": unscored,
        "agreement": agree_rows,
        "sensitivity": sens_rows,
        "top_k": k,
        "n_scores": len(rows),
        "n_raters": len({row[0] for row in rows}),
        "n_resamples": n_resamples,
        "scale_min": round_.scale_min,
        "scale_max": round_.scale_max,
    }
    cache.set(key, result, 600)
    return result


def round_live(round_: Round) -> dict:
    """What the projector shows while a round runs: the progress and the top ten.

    Computed at most once every ``LIVE_SECONDS`` per web process, however many
    screens poll: the others get the same figures from the cache. The key holds the
    round's status and last change, so opening or closing it shows at once.
    """
    key = f"assessment-live-{round_.pk}-{round_.status}-{round_.updated_at.timestamp()}"
    live = cache.get(key)
    if live is None:
        results = (
            round_results(round_, n_resamples=0)
            if round_.status != Round.Status.CONCEPT
            else None
        )
        live = {
            "progress": round_progress(round_),
            "ranking": (results or {}).get("ranking", [])[:10],
        }
        cache.set(key, live, LIVE_SECONDS)
    return live


def round_weight_divisions(round_: Round) -> list[dict]:
    return [
        w
        for w in round_.participants.exclude(weights__isnull=True).values_list(
            "weights", flat=True
        )
        if w
    ]


def round_report_get(*, round_: Round, pk) -> TaskProgress:
    """A finished PDF report of ``round_`` (any user's: who may see the results may
    download it; the caller checks that)."""
    from .tasks import REPORT_KIND, round_subject

    report = (
        TaskProgress.objects.filter(
            pk=pk,
            kind=REPORT_KIND,
            subject=round_subject(round_.pk),
            status=TaskProgress.Status.DONE,
        )
        .exclude(result_file="")
        .first()
    )
    if report is None:
        raise Http404("report")
    return report


# --- area scenarios --------------------------------------------------------


def scenario_visible(*, user) -> QuerySet[Scenario]:
    from .rules import area_staff

    if not area_staff(user):
        return Scenario.objects.none()
    # A scenario built on a round shows that round's results: only for who may see them.
    return Scenario.objects.filter(
        Q(round__isnull=True) | Q(round__in=round_visible(user=user).values("pk"))
    ).select_related("created_by", "round")


def scenario_get(*, user, pk) -> Scenario:
    return get_or_404(scenario_visible(user=user), pk=pk)


def variable_choices() -> list[Variable]:
    from samenzorg.areas.selectors import variable_latest, variable_list

    return variable_latest(variable_list())


def _stadsdeel_of(area: Area) -> Area | None:
    node = area
    while node is not None:
        if node.level == Area.Level.STADSDEEL:
            return node
        node = node.parent
    return None


def scenario_areas(level: str) -> list[Area]:
    return list(
        Area.objects.filter(level=level)
        .select_related("parent", "parent__parent", "parent__parent__parent")
        .order_by("code")
    )


def area_kansrijkheid(round_: Round | None, areas: list[Area]) -> dict[int, float]:
    """Sum of the weighted scores (0…1 on the round's scale) of the round's
    initiatives in each area (an initiative in a buurt counts for its wijk too)."""
    if round_ is None:
        return {}
    results = round_results(round_)
    span = (round_.scale_max - round_.scale_min) or 1
    score_of = {
        row["id"]: (row["score"] - round_.scale_min) / span
        for row in results["ranking"]
        if row["score"] is not None
    }
    ids = {a.pk for a in areas}
    from samenzorg.initiatives.models import Initiative

    links = Initiative.areas.through.objects.filter(
        initiative_id__in=list(score_of)
    ).values_list("initiative_id", "area_id", "area__parent_id")
    totals: dict[int, float] = dict.fromkeys(ids, 0.0)
    seen = set()
    for initiative_id, area_id, parent_id in links:
        for target in (area_id, parent_id):
            if target in ids and (initiative_id, target) not in seen:
                seen.add((initiative_id, target))
                totals[target] += score_of[initiative_id]
    return totals


def scenario_inputs(scenario: Scenario) -> dict:
    """Everything the selection needs, read in a fixed number of queries."""
    areas = scenario_areas(scenario.level)
    variable_ids = [int(spec["variable"]) for spec in scenario.indicators]
    variables = {v.pk: v for v in Variable.objects.filter(pk__in=variable_ids)}
    values: dict[int, dict] = {a.pk: {} for a in areas}
    for area_id, variable_id, value in Statistic.objects.filter(
        area__in=[a.pk for a in areas], variable__in=variable_ids
    ).values_list("area_id", "variable_id", "value"):
        values[area_id][f"v{variable_id}"] = value
    city = {}
    gemeente = Area.objects.filter(level=Area.Level.GEMEENTE).first()
    if gemeente is not None:
        for variable_id, value in Statistic.objects.filter(
            area=gemeente, variable__in=variable_ids
        ).values_list("variable_id", "value"):
            city[f"v{variable_id}"] = value
    kansrijkheid = area_kansrijkheid(scenario.round, areas)
    return {
        "areas": areas,
        "variables": variables,
        "values": values,
        "city": city,
        "kansrijkheid": kansrijkheid,
        "groups": {
            a.pk: (_stadsdeel_of(a).name if _stadsdeel_of(a) else "") for a in areas
        },
    }


def scenario_geojson(scenario: Scenario) -> dict:
    """Area polygons with the selection marked, for the map."""
    result = scenario.result or {}
    selected = set(result.get("selected", []))
    features = []
    for area in Area.objects.filter(level=scenario.level).order_by("code"):
        if not area.geometry:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "selected": area.code in selected,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
