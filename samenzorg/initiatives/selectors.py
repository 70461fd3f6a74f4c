"""Reading initiatives: always through these, so that users only see what they may.

``initiative_list`` is the queryset twin of the rule ``initiatives.view_initiative``.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from samenzorg.areas.models import Area
from samenzorg.core.rules import is_staff_member

from .models import Initiative, Tag
from .search import terms

SORTS = ("name", "newest", "maturity")
MATURITY_ORDER = [m.value for m in Initiative.Maturity]
FICTIONAL_CHOICES = ("show", "hide", "only")
FILTER_KEYS = (
    "area",
    "carrier",
    "target_group",
    "domain",
    "maturity",
    "status",
    "fictional",
)


def _values(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v not in (None, "")]


def initiative_visible(*, user) -> QuerySet[Initiative]:
    """All initiatives ``user`` may see, without prefetching."""
    qs = Initiative.objects.all()
    if is_staff_member(user):
        return qs
    visible = Q(status=Initiative.Status.PUBLIC)
    if user is not None and user.is_authenticated:
        owned = Initiative.owners.through.objects.filter(user_id=user.pk).values(
            "initiative_id"
        )
        visible |= Q(status=Initiative.Status.CONCEPT, pk__in=owned)
    return qs.filter(visible)


def area_descendant_ids(area: Area) -> set[int]:
    """The area itself and every area inside it (a werkgebied: its members)."""
    ids = {area.pk}
    frontier = {area.pk}
    if area.level == Area.Level.WERKGEBIED:
        frontier |= set(area.members.values_list("pk", flat=True))
        ids |= frontier
    while frontier:
        frontier = (
            set(
                Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            - ids
        )
        ids |= frontier
    return ids


def _filter_tags(qs, field: str, slugs: list[str]):
    through = getattr(Initiative, field).through
    for slug in slugs:
        qs = qs.filter(
            pk__in=through.objects.filter(tag__slug=slug).values("initiative_id")
        )
    return qs


def apply_filters(qs, *, user, filters: Mapping[str, Any] | None):
    filters = filters or {}
    for code in _values(filters.get("area")):
        area = Area.objects.filter(code=code).first()
        if area is None:
            return qs.none()
        ids = area_descendant_ids(area)
        qs = qs.filter(
            pk__in=Initiative.areas.through.objects.filter(area_id__in=ids).values(
                "initiative_id"
            )
        )
    qs = _filter_tags(qs, "carriers", _values(filters.get("carrier")))
    qs = _filter_tags(qs, "target_groups", _values(filters.get("target_group")))
    qs = _filter_tags(qs, "domains", _values(filters.get("domain")))
    maturities = [m for m in _values(filters.get("maturity")) if m in MATURITY_ORDER]
    if maturities:
        qs = qs.filter(maturity__in=maturities)
    statuses = [s for s in _values(filters.get("status")) if s in Initiative.Status]
    if statuses and is_staff_member(user):
        qs = qs.filter(status__in=statuses)
    fictional = (_values(filters.get("fictional")) or ["show"])[0]
    if fictional == "hide":
        qs = qs.filter(is_fictional=False)
    elif fictional == "only":
        qs = qs.filter(is_fictional=True)
    return qs


def apply_search(qs, q: str):
    for word in terms(q):
        qs = qs.filter(search_text__contains=word)
    return qs


def apply_sort(qs, sort: str):
    if sort == "newest":
        return qs.order_by("-created_at", "-id")
    if sort == "maturity":
        rank = Case(
            *[When(maturity=m, then=Value(i)) for i, m in enumerate(MATURITY_ORDER)],
            default=Value(-1),
            output_field=IntegerField(),
        )
        return qs.annotate(maturity_rank=rank).order_by("-maturity_rank", "name", "id")
    return qs.order_by("name", "id")


def with_list_data(qs):
    """Prefetch what the list and the map show, so queries do not grow with rows."""
    return qs.prefetch_related(
        Prefetch("carriers", queryset=Tag.objects.order_by("position", "name")),
        Prefetch("target_groups", queryset=Tag.objects.order_by("position", "name")),
        Prefetch("domains", queryset=Tag.objects.order_by("position", "name")),
        Prefetch("areas", queryset=Area.objects.order_by("level", "name")),
    )


def initiative_list(
    *,
    user,
    q: str = "",
    filters: Mapping[str, Any] | None = None,
    sort: str = "name",
) -> QuerySet[Initiative]:
    """The initiatives ``user`` may see, searched, filtered, sorted and prefetched.

    ``filters``: ``area`` (code of a stadsdeel, wijk, buurt or werkgebied; includes
    the areas inside it), ``carrier``, ``target_group``, ``domain`` (Tag slugs),
    ``maturity``, ``status`` (staff only; others only see what they may anyway) and
    ``fictional`` (``show``, ``hide`` or ``only``).
    """
    qs = initiative_visible(user=user)
    qs = apply_filters(qs, user=user, filters=filters)
    qs = apply_search(qs, q)
    return with_list_data(apply_sort(qs, sort))


def initiative_get(*, user, pk) -> Initiative:
    """One initiative ``user`` may see, with its lists, areas and owners; else 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    tags = Tag.objects.order_by("position", "name")
    qs = initiative_visible(user=user).prefetch_related(
        Prefetch("carriers", queryset=tags),
        Prefetch("target_groups", queryset=tags),
        Prefetch("domains", queryset=tags),
        Prefetch(
            "areas",
            queryset=Area.objects.select_related("parent__parent").order_by(
                "level", "name"
            ),
        ),
        "owners",
    )
    try:
        return qs.get(pk=pk)
    except Initiative.DoesNotExist:
        raise Http404 from None


def initiative_counts_by_area(
    *,
    user,
    level: str = "stadsdeel",
    initiatives: QuerySet[Initiative] | None = None,
) -> list[dict[str, Any]]:
    """Per area of ``level``: how many of the visible initiatives lie in it.

    ``initiatives`` narrows the count (e.g. the list's current search); it is
    intersected with what the user may see. Three queries, whatever the data.
    """
    visible = initiative_visible(user=user)
    if initiatives is not None:
        visible = visible.filter(pk__in=initiatives.order_by().values("pk"))
    areas = list(Area.objects.only("id", "code", "name", "level", "parent_id"))
    by_id = {a.pk: a for a in areas}

    def ancestor(area_id: int) -> int | None:
        seen = 0
        area = by_id.get(area_id)
        while area is not None and seen < 10:
            if area.level == level:
                return area.pk
            area = by_id.get(area.parent_id)
            seen += 1
        return None

    pairs = Initiative.areas.through.objects.filter(
        initiative_id__in=visible.order_by().values("pk")
    ).values_list("initiative_id", "area_id")
    per_area: dict[int, set[int]] = {}
    for initiative_id, area_id in pairs:
        target = ancestor(area_id)
        if target is not None:
            per_area.setdefault(target, set()).add(initiative_id)
    counts = Counter({k: len(v) for k, v in per_area.items()})
    return [
        {"area": a, "count": counts.get(a.pk, 0)}
        for a in sorted(
            (a for a in areas if a.level == level), key=lambda a: a.name.casefold()
        )
    ]


def tag_choices(kind: str) -> Iterable[Tag]:
    return Tag.objects.filter(kind=kind).order_by("position", "name")


def area_filter_choices() -> list:
    """Stadsdelen with their wijken, as grouped choices for the area filter."""
    areas = list(
        Area.objects.filter(level__in=[Area.Level.STADSDEEL, Area.Level.WIJK]).only(
            "id", "code", "name", "level", "parent_id"
        )
    )
    wijken: dict[int, list[Area]] = {}
    for area in areas:
        if area.level == Area.Level.WIJK:
            wijken.setdefault(area.parent_id, []).append(area)
    choices = []
    for stadsdeel in sorted(
        (a for a in areas if a.level == Area.Level.STADSDEEL),
        key=lambda a: a.name.casefold(),
    ):
        options = [(stadsdeel.code, stadsdeel.name)]
        options += [
            (w.code, w.name)
            for w in sorted(wijken.get(stadsdeel.pk, []), key=lambda a: a.code)
        ]
        choices.append((stadsdeel.name, options))
    werkgebieden = sorted(
        (a for a in areas if a.level == Area.Level.WERKGEBIED),
        key=lambda a: a.name.casefold(),
    )
    if werkgebieden:
        choices.append(
            (str(Area.Level.WERKGEBIED.label), [(a.code, a.name) for a in werkgebieden])
        )
    return choices


def wijk_boundaries() -> dict:
    """The wijken as a GeoJSON FeatureCollection, for the form's map."""
    features = [
        {
            "type": "Feature",
            "geometry": geometry,
            "properties": {"code": code, "name": name},
        }
        for code, name, geometry in Area.objects.filter(
            level=Area.Level.WIJK, geometry__isnull=False
        ).values_list("code", "name", "geometry")
    ]
    return {"type": "FeatureCollection", "features": features}


def initiative_markers(qs: QuerySet[Initiative]) -> list[dict]:
    """Every initiative of ``qs`` with a location, for a map (one query)."""
    rows = (
        qs.order_by()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("pk", "name", "latitude", "longitude", "is_fictional")
    )
    return [
        {"id": pk, "name": name, "lat": lat, "lon": lon, "fictional": fictional}
        for pk, name, lat, lon, fictional in rows
    ]
