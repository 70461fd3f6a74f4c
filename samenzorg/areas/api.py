"""Areas in the JSON API, at /api/v1/gebieden/: GeoJSON, public, read-only.

Boundaries are the generalised CBS/Kadaster maps (about 100 m), WGS84.
"""

from typing import Any, Literal

from ninja import Field, Query, Router, Schema

from samenzorg.core.api_errors import InputSchema, answers, omitted

from . import selectors
from .models import Statistic

router = Router(tags=["gebieden"])

Level = Literal["gemeente", "stadsdeel", "wijk", "buurt", "werkgebied"]


class AreaFilter(InputSchema):
    niveau: Level = omitted("Only areas of this level (stadsdeel, wijk, buurt, …).")
    binnen: str = omitted(
        "Only areas inside this area (code), e.g. SD0518-escamp or WG0518-reva."
    )


class FigureOut(Schema):
    key: str = Field(description="CBS variable key, e.g. AantalInwoners_5.")
    title: str
    unit: str
    year: int
    value: float | None
    derived: bool = Field(
        description="True when computed here as the sum of the parts (stadsdelen, "
        "werkgebieden), not published by CBS for this area."
    )


class AreaListProperties(Schema):
    code: str
    name: str
    level: Level
    parent: str | None = Field(description="Code of the area this one is part of.")
    figures: dict[str, float | None] = Field(
        description="Latest value per CBS variable key."
    )


class AreaProperties(Schema):
    code: str
    name: str
    cbs_name: str
    level: Level
    parent: str | None
    members: list[str] = Field(description="For a werkgebied: the codes it is made of.")
    children: list[str]
    centroid: list[float] | None = Field(
        description="A point inside the area: [longitude, latitude]."
    )
    source: str
    figures: list[FigureOut]


class AreaFeatureList(Schema):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any] | None
    properties: AreaListProperties


class AreaFeature(Schema):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any] | None
    properties: AreaProperties


class AreaCollection(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[AreaFeatureList]


def _latest_figures(area_ids: list[int]) -> dict[int, dict[str, float | None]]:
    rows = (
        Statistic.objects.filter(area_id__in=area_ids)
        .order_by("variable__key", "variable__year")
        .values_list("area_id", "variable__key", "value")
    )
    result: dict[int, dict[str, float | None]] = {pk: {} for pk in area_ids}
    for area_id, key, value in rows:
        result[area_id][key] = value  # later years overwrite earlier ones
    return result


@router.get(
    "/",
    response=answers({200: AreaCollection}, lookup=True),
    operation_id="gebieden_list",
    summary="Areas as GeoJSON",
    auth=None,
)
def gebieden_list(request, filters: Query[AreaFilter]):
    """All areas (or one level, or those inside an area) with their figures."""
    within = selectors.area_get(code=filters.binnen) if filters.binnen else None
    areas = list(selectors.area_list(level=filters.niveau, within=within))
    figures = _latest_figures([a.pk for a in areas])
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": a.code,
                "geometry": a.geometry,
                "properties": {
                    "code": a.code,
                    "name": a.name,
                    "level": a.level,
                    "parent": a.parent.code if a.parent else None,
                    "figures": figures[a.pk],
                },
            }
            for a in areas
        ],
    }


@router.get(
    "/{code}/",
    response=answers({200: AreaFeature}, lookup=True),
    operation_id="gebieden_get",
    summary="One area as GeoJSON Feature",
    auth=None,
)
def gebieden_get(request, code: str):
    """One area with its figures (title, unit and year of each)."""
    area = selectors.area_get(code=code)
    stats = Statistic.objects.filter(area=area).select_related("variable")
    stats = sorted(
        stats, key=lambda s: (selectors.cbs_position(s.variable), -s.variable.year)
    )
    members = [m.code for m in area.members.order_by("code")]
    children = [c.code for c in selectors.area_children(area)]
    return {
        "type": "Feature",
        "id": area.code,
        "geometry": area.geometry,
        "properties": {
            "code": area.code,
            "name": area.name,
            "cbs_name": area.cbs_name,
            "level": area.level,
            "parent": area.parent.code if area.parent else None,
            "members": members,
            "children": children,
            "centroid": [area.centroid_lon, area.centroid_lat]
            if area.centroid_lat is not None
            else None,
            "source": area.source,
            "figures": [
                {
                    "key": s.variable.key,
                    "title": s.variable.title,
                    "unit": s.variable.unit,
                    "year": s.variable.year,
                    "value": s.value,
                    "derived": s.is_derived,
                }
                for s in stats
            ],
        },
    }
