"""Assessment rounds and area scenarios in the JSON API, at /api/v1/kansrijkheid/.

Read-only, with the same rules as the pages: results of a round for its
facilitator, gemeente and beheerder, and for everybody once published; scenarios
for gemeente, procesbegeleider and beheerder. What the caller may not see is a
404, logged in or not; operations for staff only answer 401 to anonymous callers
and 403 to others.
"""

import datetime

from django.utils.translation import gettext as _

from ninja import Router, Schema
from ninja.pagination import paginate

from samenzorg.core.access import BoundedPagination, require
from samenzorg.core.api_errors import answers

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
    response=answers({200: list[RoundOut]}),
    operation_id="assessment_round_list",
    summary="Beoordelingsrondes die u mag zien",
)
@paginate(BoundedPagination)
def round_list(request):
    return [
        _round_out(r, request.user) for r in selectors.round_list(user=request.user)
    ]


@router.get(
    "/rondes/{int:round_id}/uitkomsten/",
    response=answers({200: ResultsOut}, login=True, lookup=True),
    operation_id="assessment_round_results",
    summary="Uitkomsten van een ronde",
)
def round_results(request, round_id: int):
    round_ = _load_round(request.user, round_id)
    require(request.user, "assessment.view_results", round_)
    results = selectors.round_results(round_)
    return {**results, "round": _round_out(round_, request.user)}


def _load_round(user, pk):
    return selectors.round_get(user=user, pk=pk)


def _require_area_staff(request):
    require(
        request.user,
        "assessment.view_scenario",
        message=_("You may not see area scenarios."),
    )


@router.get(
    "/scenarios/",
    response=answers({200: list[ScenarioOut]}, login=True),
    operation_id="assessment_scenario_list",
    summary="Gebiedsscenario's",
)
@paginate(BoundedPagination)
def scenario_list(request):
    _require_area_staff(request)
    return [_scenario_out(s) for s in selectors.scenario_visible(user=request.user)]


@router.get(
    "/scenarios/{int:scenario_id}/",
    response=answers({200: ScenarioOut}, login=True, lookup=True),
    operation_id="assessment_scenario_get",
    summary="Eén gebiedsscenario met de gekozen gebieden",
)
def scenario_get(request, scenario_id: int):
    _require_area_staff(request)
    return _scenario_out(selectors.scenario_get(user=request.user, pk=scenario_id))
