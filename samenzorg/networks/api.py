"""Network maps in the JSON API, at /api/v1/netwerkkaarten/.

Reading shows the maps the visitor may see (published ones for everybody), with the
same selectors as the pages; key persons' names and contact details only for who may
see them (rule ``networks.view_personal_data``). Adding actors and ties needs a
logged-in session with a CSRF token and the rule ``networks.change_networkmap``.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from samenzorg.core.access import BoundedPagination, get_or_404, require, session_auth
from samenzorg.core.api_errors import InputSchema, Unprocessable, answers

from . import selectors, services
from .models import Actor, ActorType, TieKind

router = Router(tags=["netwerkkaarten"])

ActorTypeValue = Literal[tuple(ActorType.values)]
TieKindValue = Literal[tuple(TieKind.values)]


class MapOut(Schema):
    id: int
    name: str
    description: str
    scope: str
    area_code: str | None = None
    is_published: bool
    is_fictional: bool

    @staticmethod
    def resolve_area_code(obj):
        if isinstance(obj, dict):
            return obj.get("area_code")
        return obj.area.code if obj.area_id else None


class ActorOut(Schema):
    id: int
    key: str
    label: str
    type: str
    key_person: bool
    initiative_id: int | None = None
    fictional: bool
    degree: int
    betweenness: float
    pagerank: float
    constraint: float | None = None
    community: int
    cut_point: bool
    broker: bool
    contact_point: bool
    contact: str | None = None


class TieOut(Schema):
    id: int
    source: int
    target: int
    kind: str
    strength: int
    directed: bool
    fictional: bool
    started_on: str | None = None


class AnalysisOut(Schema):
    communities: list[list[int]]
    modularity: float
    components: int
    largest_component_share: float
    density: float
    contacts: list[int] = Field(description="First contacts (greedy set cover).")
    contacts_method: str
    suggested_ties: list[list[int]] = Field(
        description="Pairs of actor ids [source, target] that a tie would help."
    )
    brokers: list[int]
    cut_points: list[int]
    missing_type_ties: list[list[str]] = Field(
        description="Pairs of actor types [type, type] that have no tie yet."
    )
    approximate: bool


class MapDetailOut(MapOut):
    actors: list[ActorOut]
    ties: list[TieOut]
    analysis: AnalysisOut


class ActorIn(InputSchema):
    name: str = Field(
        "",
        max_length=200,
        description="Required, except for a key person: then `role` is required, "
        "and a name only with the person's consent (given on the map's page).",
    )
    type: ActorTypeValue = ActorType.OVERIG.value
    is_key_person: bool = False
    role: str = Field("", max_length=150)
    organisation: str = Field("", max_length=200)


class TieIn(InputSchema):
    source: int
    target: int
    kind: TieKindValue = TieKind.SAMENWERKING.value
    strength: int = Field(2, ge=1, le=3)
    directed: bool = False
    source_text: str = Field("", max_length=300)
    started_on: datetime.date | None = None


def _map_out(network_map) -> dict:
    return {
        "id": network_map.pk,
        "name": network_map.name,
        "description": network_map.description,
        "scope": network_map.scope,
        "area_code": network_map.area.code if network_map.area_id else None,
        "is_published": network_map.is_published,
        "is_fictional": network_map.is_fictional,
    }


def _ints(ids):
    return [int(i) for i in ids]


def _analysis_out(analysis) -> dict:
    return {
        "communities": [_ints(c) for c in analysis["communities"]],
        "modularity": analysis["modularity"],
        "components": analysis["components"],
        "largest_component_share": analysis["largest_component_share"],
        "density": analysis["density"],
        "contacts": _ints(analysis["contacts"]),
        "contacts_method": analysis["contacts_method"],
        "suggested_ties": [[int(a), int(b)] for a, b in analysis["suggested_ties"]],
        "brokers": _ints(analysis["brokers"]),
        "cut_points": _ints(analysis["cut_points"]),
        "missing_type_ties": [
            list(p) for p in analysis.get("fragmentation", {}).get("missing", [])
        ],
        "approximate": analysis["approximate"],
    }


@router.get(
    "/",
    response=answers({200: list[MapOut]}),
    operation_id="networks_list",
    summary="Network maps",
)
@paginate(BoundedPagination)
def network_map_list(request):
    return selectors.network_map_list(user=request.user)


@router.get(
    "/{int:pk}/",
    response=answers({200: MapDetailOut}, lookup=True),
    operation_id="networks_get",
    summary="A network map with actors, ties and analysis",
)
def network_map_get(request, pk: int):
    network_map = _visible_map(request, pk)
    personal = request.user.has_perm("networks.view_personal_data", network_map)
    actors, ties, analysis = selectors.map_rows(
        network_map=network_map, personal=personal
    )
    return {
        **_map_out(network_map),
        "actors": actors,
        "ties": ties,
        "analysis": _analysis_out(analysis),
    }


@router.get(
    "/{int:pk}/analyse/",
    response=answers({200: AnalysisOut}, lookup=True),
    operation_id="networks_analysis",
    summary="The analysis of a network map",
)
def network_map_analysis(request, pk: int):
    network_map = _visible_map(request, pk)
    return _analysis_out(selectors.network_map_analysis(network_map=network_map))


def _load_map(user, pk):
    return selectors.network_map_get(user=user, pk=pk)


def _visible_map(request, pk):
    # The API answers 404 for what the caller may not see, logged in or not: a
    # client cannot log in halfway, and public reads need no account.
    return _load_map(request.user, pk)


def _changeable(request, pk):
    network_map = _visible_map(request, pk)
    require(
        request.user,
        "networks.change_networkmap",
        network_map,
        message=_("You may not change this network map."),
    )
    return network_map


def _invalid(error: ValidationError):
    raise Unprocessable.from_django(error) from None


@router.post(
    "/{int:pk}/actoren/",
    auth=session_auth,
    response=answers({201: ActorOut}, login=True, lookup=True, body=True),
    operation_id="networks_actor_create",
    summary="Add an actor",
)
def actor_create(request, pk: int, payload: ActorIn):
    network_map = _changeable(request, pk)
    try:
        actor = services.actor_create(
            actor=request.user, network_map=network_map, **payload.dict()
        )
    except ValidationError as error:
        _invalid(error)
    actors, _ties, _analysis = selectors.map_rows(
        network_map=network_map, personal=True
    )
    return Status(201, next(a for a in actors if a["id"] == actor.pk))


@router.post(
    "/{int:pk}/banden/",
    auth=session_auth,
    response=answers({201: TieOut}, login=True, lookup=True, body=True),
    operation_id="networks_tie_create",
    summary="Add a tie",
)
def tie_create(request, pk: int, payload: TieIn):
    network_map = _changeable(request, pk)
    actors = Actor.objects.filter(network=network_map)
    source = get_or_404(actors, pk=payload.source)
    target = get_or_404(actors, pk=payload.target)
    try:
        tie = services.tie_create(
            actor=request.user,
            network_map=network_map,
            source_actor=source,
            target_actor=target,
            kind=payload.kind,
            strength=payload.strength,
            directed=payload.directed,
            source=payload.source_text,
            started_on=payload.started_on,
        )
    except ValidationError as error:
        _invalid(error)
    return Status(
        201,
        {
            "id": tie.pk,
            "source": source.pk,
            "target": target.pk,
            "kind": tie.kind,
            "strength": tie.strength,
            "directed": tie.directed,
            "fictional": tie.is_fictional,
            "started_on": tie.started_on.isoformat() if tie.started_on else None,
        },
    )
