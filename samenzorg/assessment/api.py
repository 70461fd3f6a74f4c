"""Assessment rounds and area scenarios in the JSON API, at /api/v1/kansrijkheid/.

Read-only, with the same rules as the pages: results of a round for its
facilitator, gemeente and beheerder, and for everybody once published; scenarios
for gemeente, procesbegeleider and beheerder. Anonymous visitors asking for
something that is not public get 401; others 404 (not visible) or 403.
"""

import datetime

from django.http import Http404

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from . import selectors

router = Router(tags=["kansrijkheid"])


class RoundOut(Schema):
    id: int
    title: str
    date: datetime.date
    status: str
    is_published: bool
    is_fictional: bool
    join_code: str | None = None


class CriterionOut(Schema):
    id: int
    name: str
    description: str
    weight: float


class RankingRowOut(Schema):
    rank: int
    id: int
    name: str
    is_fictional: bool
    score: float | None
    low: float | None
    high: float | None
    raters: int
    per_criterion: list[float | None]
    contributions: list[float]


class AgreementOut(Schema):
    criterion: str
    icc1: float | None
    icck: float | None
    label: str
    ratings: int


class SensitivityOut(Schema):
    criterion: str
    weight: float
    low: float
    high: float | None
    change: float | None
    direction: str | None
    enters: str | None
    leaves: str | None


class ResultsOut(Schema):
    round: RoundOut
    criteria: list[CriterionOut]
    ranking: list[RankingRowOut]
    agreement: list[AgreementOut]
    sensitivity: list[SensitivityOut]
    top_k: int
    n_scores: int
    n_raters: int
    n_resamples: int


class ScenarioOut(Schema):
    id: int
    title: str
    level: str
    k: int
    min_distinct_problems: int | None
    max_per_group: int | None
    include: list[str]
    exclude: list[str]
    selected: list[str]
    objective: float | None
    optimal: bool
    cost_of_spread: float | None
    error: str


def _round_out(round_, user) -> dict:
    return {
        "id": round_.pk,
        "title": round_.title,
        "date": round_.date,
        "status": round_.status,
        "is_published": round_.is_published,
        "is_fictional": round_.is_fictional,
        "join_code": round_.join_code
        if user.has_perm("assessment.run_round", round_)
        else None,
    }


def _scenario_out(scenario) -> dict:
    result = scenario.result or {}
    return {
        "id": scenario.pk,
        "title": scenario.title,
        "level": scenario.level,
        "k": scenario.k,
        "min_distinct_problems": scenario.min_distinct_problems,
        "max_per_group": scenario.max_per_group,
        "include": scenario.include,
        "exclude": scenario.exclude,
        "selected": result.get("selected", []),
        "objective": result.get("objective"),
        "optimal": bool(result.get("optimal")),
        "cost_of_spread": result.get("cost_of_spread"),
        "error": scenario.error,
    }


@router.get(
    "/rondes/",
    response=list[RoundOut],
    operation_id="assessment_round_list",
    summary="Beoordelingsrondes die u mag zien",
)
@paginate(LimitOffsetPagination)
def round_list(request):
    return [
        _round_out(r, request.user) for r in selectors.round_list(user=request.user)
    ]


@router.get(
    "/rondes/{round_id}/uitkomsten/",
    response=ResultsOut,
    operation_id="assessment_round_results",
    summary="Uitkomsten van een ronde",
)
def round_results(request, round_id: int):
    try:
        round_ = selectors.round_get(user=request.user, pk=round_id)
    except Http404:
        if not request.user.is_authenticated:
            raise HttpError(401, "Log in om deze ronde te zien.") from None
        raise
    results = selectors.round_results(round_)
    return {**results, "round": _round_out(round_, request.user)}


def _require_area_staff(request):
    if not request.user.is_authenticated:
        raise HttpError(401, "Log in om scenario's te zien.")
    if not request.user.has_perm("assessment.view_scenario"):
        raise HttpError(403, "U mag geen gebiedsscenario's zien.")


@router.get(
    "/scenarios/",
    response=list[ScenarioOut],
    operation_id="assessment_scenario_list",
    summary="Gebiedsscenario's",
)
@paginate(LimitOffsetPagination)
def scenario_list(request):
    _require_area_staff(request)
    return [_scenario_out(s) for s in selectors.scenario_visible(user=request.user)]


@router.get(
    "/scenarios/{scenario_id}/",
    response=ScenarioOut,
    operation_id="assessment_scenario_get",
    summary="Eén gebiedsscenario met de gekozen gebieden",
)
def scenario_get(request, scenario_id: int):
    _require_area_staff(request)
    return _scenario_out(selectors.scenario_get(user=request.user, pk=scenario_id))
