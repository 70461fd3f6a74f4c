"""Reading areas and their figures. Area data is public: no user is needed."""

import hashlib
import json
import time

from django.core.cache import cache
from django.db.models import Avg, Q, QuerySet
from django.http import Http404

from .models import Area, Statistic, Variable

LEVEL_ORDER = [
    Area.Level.GEMEENTE,
    Area.Level.STADSDEEL,
    Area.Level.WIJK,
    Area.Level.BUURT,
]


def stadsdeel_list() -> QuerySet[Area]:
    return Area.objects.filter(level=Area.Level.STADSDEEL).order_by("name")


def area_get(*, code: str) -> Area:
    """One area with its chain of parents loaded; ``Http404`` when unknown."""
    try:
        return Area.objects.select_related(
            "parent", "parent__parent", "parent__parent__parent"
        ).get(code=code)
    except Area.DoesNotExist:
        raise Http404(code) from None


def area_ancestors(area: Area) -> list[Area]:
    """Parents from the top (gemeente) down, without the area itself."""
    chain, parent = [], area.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


def descendants_q(area: Area, prefix: str = "") -> Q:
    """A filter for the area itself and everything inside it (members included)."""
    p = prefix
    return (
        Q(**{f"{p}pk": area.pk})
        | Q(**{f"{p}parent": area.pk})
        | Q(**{f"{p}parent__parent": area.pk})
        | Q(**{f"{p}parent__parent__parent": area.pk})
        | Q(**{f"{p}werkgebieden": area.pk})
        | Q(**{f"{p}parent__werkgebieden": area.pk})
    )


def area_descendant_ids(area: Area, *, level: str | None = None) -> set[int]:
    """Ids of the area itself and every area inside it (a werkgebied: its members).

    One small query per level on the ``parent_id`` index, instead of the ORs of
    ``descendants_q`` that make the database scan every area. ``level``: keep
    only the areas of that level.
    """
    # Buurten have no parts; with ``level``, nothing below it is needed either.
    leaves = {Area.Level.BUURT, level}
    found = {area.pk: area.level}
    if area.level == Area.Level.WERKGEBIED:
        found |= dict(area.members.values_list("pk", "level"))
    frontier = {pk for pk, lvl in found.items() if lvl not in leaves}
    while frontier:
        rows = dict(
            Area.objects.filter(parent_id__in=frontier)
            .exclude(level=Area.Level.WERKGEBIED)
            .values_list("pk", "level")
        )
        frontier = {pk for pk, lvl in rows.items() if pk not in found}
        found |= rows
        frontier = {pk for pk in frontier if found[pk] not in leaves}
    return {pk for pk, lvl in found.items() if level is None or lvl == level}


def area_descendants(area: Area) -> QuerySet[Area]:
    return Area.objects.filter(descendants_q(area)).distinct()


def area_list(
    *, level: str | None = None, within: Area | None = None
) -> QuerySet[Area]:
    qs = Area.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if within is not None:
        qs = qs.filter(descendants_q(within)).exclude(pk=within.pk).distinct()
    return qs.order_by("code")


def area_children(area: Area) -> QuerySet[Area]:
    """Direct parts: the wijken of a stadsdeel, the members of a werkgebied."""
    if area.level == Area.Level.WERKGEBIED:
        return area.members.order_by("name")
    return area.children.exclude(level=Area.Level.WERKGEBIED).order_by("name")


def variable_list() -> list[Variable]:
    """Variables that have at least one figure, newest year first per key."""
    return list(
        Variable.objects.filter(values__isnull=False)
        .distinct()
        .order_by("key", "-year")
    )


def variable_latest(variables: list[Variable]) -> list[Variable]:
    """Keep only the latest year of each key, in the order CBS lists them."""
    seen, result = set(), []
    for var in variables:
        if var.key not in seen:
            seen.add(var.key)
            result.append(var)
    return sorted(result, key=cbs_position)


def cbs_position(var: Variable) -> tuple[int, str]:
    suffix = var.key.rsplit("_", 1)[-1]
    return (int(suffix) if suffix.isdigit() else 10_000, var.key)


def statistics_for_areas(
    areas: list[Area], variables: list[Variable]
) -> dict[int, dict[int, float | None]]:
    """``{area_id: {variable_id: value}}`` in one query."""
    result: dict[int, dict[int, float | None]] = {a.pk: {} for a in areas}
    rows = Statistic.objects.filter(
        area__in=[a.pk for a in areas], variable__in=[v.pk for v in variables]
    ).values_list("area_id", "variable_id", "value")
    for area_id, variable_id, value in rows:
        result[area_id][variable_id] = value
    return result


def level_averages(
    level: str, variables: list[Variable], *, within: Area | None = None
) -> dict[int, float | None]:
    """Average of each variable over the areas of one level, in one query.

    ``within``: only the areas of that level inside this area (e.g. the wijken of
    the same gemeente); without it, every area of the level in the database.
    """
    stats = Statistic.objects.filter(variable__in=[v.pk for v in variables])
    if within is not None:
        stats = stats.filter(area_id__in=area_descendant_ids(within, level=level))
    else:
        stats = stats.filter(area__level=level)
    rows = stats.values("variable_id").annotate(avg=Avg("value")).order_by()
    return {r["variable_id"]: r["avg"] for r in rows}


def gemeente_of(area: Area) -> Area | None:
    if area.level == Area.Level.GEMEENTE:
        return area
    for parent in area_ancestors(area):
        if parent.level == Area.Level.GEMEENTE:
            return parent
    return Area.objects.filter(level=Area.Level.GEMEENTE).first()


# Cached area figures (the overview's rows and shapes, the area search). Every key
# carries the version below; the services bump it when areas or figures are loaded.
# The timeout bounds what a missed bump (a write outside the services) leaves behind.
CACHE_TIMEOUT = 60 * 60
VERSION_KEY = "areas:version"


def areas_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock so that a lost key never brings back old entries.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_areas_version() -> None:
    """Make every cached area figure stale (after loading areas or figures)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def areas_cache_key(kind: str, *parts: object) -> str:
    raw = json.dumps([areas_cache_version(), *parts], default=str)
    return f"areas:{kind}:" + hashlib.sha256(raw.encode()).hexdigest()


def level_shapes(level: str) -> list[tuple[str, dict | None]]:
    """``(code, geometry)`` of every area of one level, ordered by code."""
    return list(
        Area.objects.filter(level=level)
        .order_by("code")
        .values_list("code", "geometry")
    )
