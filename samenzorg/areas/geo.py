"""Finding the buurt, wijk and stadsdeel of a coordinate.

The boundaries are the CBS/Kadaster *generalised* maps (about 100 m precision, see
``data/SOURCES.md``): good enough to place an initiative in its neighbourhood, not to
decide a case at an address right next to a boundary.

The polygons are kept in a shapely ``STRtree`` built once per process. It is rebuilt
when areas are saved or deleted in this process (``invalidate_area_index``, also called
by the loader) and when another process changed them (checked at most every
``RECHECK_SECONDS``).

Timing note (2 cores, SQLite, the 114 buurten): building the index takes about
0.05 s; 5,000 look-ups take about 0.01 s through ``locate_points`` and about 0.07 s
as 5,000 calls of ``locate_point``. The tests check correctness, not time.
"""

import threading
import time
from dataclasses import dataclass

from django.db.models import Count, Max

import numpy as np
import shapely
from shapely.geometry import shape

from .models import Area

RECHECK_SECONDS = 10


@dataclass
class _Layer:
    tree: shapely.STRtree
    areas: list[Area]


@dataclass
class _Index:
    buurten: _Layer
    wijken: _Layer
    fingerprint: tuple
    checked_at: float


_lock = threading.Lock()
_index: _Index | None = None


def invalidate_area_index() -> None:
    """Forget the spatial index; the next look-up builds it again."""
    global _index
    with _lock:
        _index = None


def _fingerprint() -> tuple:
    result = Area.objects.filter(
        level__in=[Area.Level.BUURT, Area.Level.WIJK, Area.Level.STADSDEEL]
    ).aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    return (result["n"], result["last"], result["top"])


def _layer(areas: list[Area]) -> _Layer:
    kept, geoms = [], []
    for area in areas:
        if not area.geometry:
            continue
        geom = shape(area.geometry)
        if not geom.is_valid:
            geom = geom.buffer(0)
        kept.append(area)
        geoms.append(geom)
    return _Layer(tree=shapely.STRtree(geoms), areas=kept)


def _build() -> _Index:
    fingerprint = _fingerprint()
    qs = Area.objects.filter(level__in=[Area.Level.BUURT, Area.Level.WIJK])
    qs = qs.select_related("parent", "parent__parent").order_by("code")
    areas = list(qs)
    return _Index(
        buurten=_layer([a for a in areas if a.level == Area.Level.BUURT]),
        wijken=_layer([a for a in areas if a.level == Area.Level.WIJK]),
        fingerprint=fingerprint,
        checked_at=time.monotonic(),
    )


def _get_index() -> _Index:
    global _index
    with _lock:
        index = _index
        if index is not None and time.monotonic() - index.checked_at > RECHECK_SECONDS:
            if _fingerprint() != index.fingerprint:
                index = None
            else:
                index.checked_at = time.monotonic()
        if index is None:
            index = _index = _build()
        return index


def _first_hits(layer: _Layer, points: np.ndarray, count: int) -> list[Area | None]:
    found: list[Area | None] = [None] * count
    if not layer.areas or count == 0:
        return found
    point_idx, geom_idx = layer.tree.query(points, predicate="intersects")
    for p, g in zip(point_idx.tolist(), geom_idx.tolist(), strict=True):
        # Areas are sorted by code; on a shared edge the lowest code wins.
        if found[p] is None or layer.areas[g].code < found[p].code:
            found[p] = layer.areas[g]
    return found


def _parent_of(area: Area | None, level: str) -> Area | None:
    parent = area.parent if area is not None else None
    return parent if parent is not None and parent.level == level else None


def locate_points(coordinates: list[tuple[float, float]]) -> list[dict]:
    """``locate_point`` for many ``(latitude, longitude)`` pairs at once."""
    if not coordinates:
        return []
    index = _get_index()
    lats = np.array([c[0] for c in coordinates], dtype=float)
    lons = np.array([c[1] for c in coordinates], dtype=float)
    points = shapely.points(lons, lats)
    buurten = _first_hits(index.buurten, points, len(coordinates))
    missing = [i for i, b in enumerate(buurten) if b is None]
    wijken_by_point = {}
    if missing:
        hits = _first_hits(index.wijken, points[missing], len(missing))
        wijken_by_point = dict(zip(missing, hits, strict=True))
    results = []
    for i, buurt in enumerate(buurten):
        wijk = _parent_of(buurt, Area.Level.WIJK) or wijken_by_point.get(i)
        results.append(
            {
                "buurt": buurt,
                "wijk": wijk,
                "stadsdeel": _parent_of(wijk, Area.Level.STADSDEEL),
            }
        )
    return results


def locate_point(*, latitude: float, longitude: float) -> dict:
    """The buurt, wijk and stadsdeel that contain a WGS84 coordinate.

    Returns ``{"buurt": Area | None, "wijk": Area | None, "stadsdeel": Area | None}``;
    all three are ``None`` for a point outside the loaded areas. The wijk is the
    buurt's wijk (the CBS hierarchy), or the wijk polygon holding the point when it
    falls in a gap of the buurt layer. Boundaries are generalised to about 100 m.
    """
    return locate_points([(float(latitude), float(longitude))])[0]
