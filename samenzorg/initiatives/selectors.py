"""Reading initiatives: always through these, so that users only see what they may.

``initiative_list`` is the queryset twin of the rule ``initiatives.view_initiative``.
"""

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save

from samenzorg.accounts.models import Role, User
from samenzorg.areas.models import Area
from samenzorg.core.access import get_or_404
from samenzorg.core.roles import role_area_ids, role_area_ids_inside
from samenzorg.core.rules import is_staff_member

from .models import Initiative, Tag
from .rules import UNPUBLISHED
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


# The trigram search table on SQLite (migration 0003); PostgreSQL uses a pg_trgm
# GIN index on ``search_text`` that serves the plain ``contains`` lookup.
SEARCH_TABLE = "initiatives_initiative_search"
TRIGRAM = 3  # a trigram index can only answer words of at least this length
SEARCH_SQL = f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH %s"  # noqa: S608

# Cached list figures (counts per stadsdeel, number of results, area choices).
# Every cache key carries the version below; ``bump_list_version`` (called by the
# services, and by the signals at the end of this module for writes made around
# them) makes all of them stale at once. The timeout bounds what a missed bump
# (e.g. a bulk update) can leave behind.
CACHE_TIMEOUT = 10 * 60
VERSION_KEY = "initiatives:list:version"


def list_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock so that a lost key never brings back old entries.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_list_version() -> None:
    """Make every cached list figure stale (after a create, update, archive…)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _cache_key(kind: str, **parts: Any) -> str:
    raw = json.dumps({"v": list_cache_version(), **parts}, sort_keys=True, default=str)
    return f"initiatives:{kind}:" + hashlib.sha256(raw.encode()).hexdigest()


def visibility_class(user) -> str:
    """Who sees the same initiatives: ``staff``, ``public`` or one owner.

    A logged-in user who owns no concept initiative sees exactly what the public
    sees, so shares its cache entries. Remembered on the user object until the
    next change of an initiative (the cache version).
    """
    version = list_cache_version()
    remembered = getattr(user, "_initiatives_visibility", None)
    if remembered is not None and remembered[0] == version:
        return remembered[1]
    if is_staff_member(user):
        result = "staff"
    elif user is None or not user.is_authenticated:
        result = "public"
    elif role_area_ids(user, Role.GEMEENTE):
        # Area staff see their areas' concept and archived initiatives too.
        result = f"user:{user.pk}"
    else:
        owns_concept = Initiative.owners.through.objects.filter(
            user_id=user.pk, initiative__status__in=UNPUBLISHED
        ).exists()
        result = f"user:{user.pk}" if owns_concept else "public"
    if user is not None:
        user._initiatives_visibility = (version, result)
    return result


def normalised_filters(filters: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """The filters as sorted lists of strings, for a cache key."""
    filters = filters or {}
    return {k: sorted(_values(filters.get(k))) for k in FILTER_KEYS}


def _values(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v not in (None, "")]


def initiative_visible(*, user) -> QuerySet[Initiative]:
    """All initiatives ``user`` may see, without prefetching (twin of the rule
    ``initiatives.view_initiative``)."""
    qs = Initiative.objects.all()
    if is_staff_member(user):
        return qs
    visible = Q(status=Initiative.Status.PUBLIC)
    if user is not None and user.is_authenticated:
        owned = Initiative.owners.through.objects.filter(user_id=user.pk).values(
            "initiative_id"
        )
        visible |= Q(status__in=UNPUBLISHED, pk__in=owned)
        area_ids = role_area_ids_inside(user, Role.GEMEENTE)
        if area_ids is not None:
            in_area = Initiative.areas.through.objects.filter(
                area_id__in=area_ids
            ).values("initiative_id")
            visible |= Q(pk__in=in_area)
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
    # EXISTS probes the unique (initiative_id, tag_id) index per row, instead of
    # building the list of every initiative with the tag before the page is cut.
    through = getattr(Initiative, field).through
    for slug in slugs:
        qs = qs.filter(
            Exists(through.objects.filter(initiative_id=OuterRef("pk"), tag__slug=slug))
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


def sqlite_search_table_available(vendor: str) -> bool:
    """Whether migration 0003 made the trigram table (same test as there)."""
    return vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 34, 0)


def _trigram_query(word: str) -> str:
    """An FTS5 query for rows holding every trigram that covers ``word``.

    Non-overlapping trigrams plus the last one ("zorgcooperatie": zor, gco,
    ope, rat, tie) narrow the rows as well as the full phrase, at about half the
    cost; the ``LIKE`` beside it keeps the result exact.
    """
    starts = [*range(0, len(word) - TRIGRAM + 1, TRIGRAM), len(word) - TRIGRAM]
    grams = dict.fromkeys(word[i : i + TRIGRAM] for i in starts)
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)


def apply_search(qs, q: str):
    """Each word must occur in ``search_text`` (``LIKE '%word%'`` semantics).

    On SQLite, words of three or more characters first narrow the rows through
    the trigram table, then the ``LIKE`` checks the few rows left. Shorter words,
    and PostgreSQL (whose trigram index serves ``LIKE`` itself), only use ``LIKE``.
    """
    fts = sqlite_search_table_available(connections[qs.db].vendor)
    for word in terms(q):
        if fts and len(word) >= TRIGRAM:
            # A constant table name; the query is a bound parameter.
            qs = qs.filter(pk__in=RawSQL(SEARCH_SQL, [_trigram_query(word)]))  # noqa: S611
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
        Prefetch("areas", queryset=list_areas()),
    )


def list_areas() -> QuerySet[Area]:
    """Areas as the list shows them: names only, without the geometry."""
    return Area.objects.only("id", "code", "name", "level", "parent_id").order_by(
        "level", "name"
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


def _with_details(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    tags = Tag.objects.order_by("position", "name")
    return qs.prefetch_related(
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


def initiative_get(*, user, pk) -> Initiative:
    """One initiative ``user`` may see, with its lists, areas and owners; else 404."""
    return get_or_404(_with_details(initiative_visible(user=user)), pk=pk)


def initiative_as_written(*, pk) -> Initiative:
    """The initiative a service has just written, with its details, for the answer
    to whoever wrote it, even when the change took it out of her sight (archived).
    What she may read of it is still decided by the rules (contact details)."""
    return _with_details(Initiative.objects.all()).get(pk=pk)


def initiative_count(
    *, user, q: str = "", filters: Mapping[str, Any] | None = None
) -> int:
    """How many initiatives ``initiative_list`` gives; cached (see the version)."""
    key = _cache_key(
        "count",
        who=visibility_class(user),
        q=terms(q),
        filters=normalised_filters(filters),
    )
    count = cache.get(key)
    if count is None:
        count = initiative_list(user=user, q=q, filters=filters).order_by().count()
        cache.set(key, count, CACHE_TIMEOUT)
    return count


def _area_counts(visible: QuerySet[Initiative], level: str) -> dict[int, int]:
    """``{area_id: number of initiatives}`` for the areas of ``level``.

    Initiatives are linked to buurten and wijken; the area of ``level`` is the
    linked area itself, its parent or its grandparent. The map from area to
    target comes from small indexed queries; the link table is read only for the
    areas inside a target (driven by its ``area_id`` index), as pairs, not model
    instances. An initiative with two areas in one target counts once.
    """
    target = dict(Area.objects.filter(level=level).values_list("pk", "pk"))
    target.update(
        Area.objects.filter(parent__level=level).values_list("pk", "parent_id")
    )
    target.update(
        Area.objects.filter(parent__parent__level=level).values_list(
            "pk", "parent__parent_id"
        )
    )
    inside = (
        Area.objects.filter(level=level)
        .order_by()
        .values("pk")
        .union(
            Area.objects.filter(parent__level=level).order_by().values("pk"),
            Area.objects.filter(parent__parent__level=level).order_by().values("pk"),
            all=True,
        )
    )
    pairs = Initiative.areas.through.objects.filter(
        area_id__in=inside, initiative_id__in=visible.order_by().values("pk")
    ).values_list("initiative_id", "area_id")
    per_target: dict[int, set[int]] = {}
    for initiative_id, area_id in pairs.iterator(chunk_size=10_000):
        per_target.setdefault(target[area_id], set()).add(initiative_id)
    return {pk: len(ids) for pk, ids in per_target.items()}


def initiative_counts_by_area(
    *,
    user,
    level: str = "stadsdeel",
    q: str = "",
    filters: Mapping[str, Any] | None = None,
    initiatives: QuerySet[Initiative] | None = None,
) -> list[dict[str, Any]]:
    """Per area of ``level``: how many of the visible initiatives lie in it.

    ``q`` and ``filters`` narrow the count as in ``initiative_list``; the result is
    cached per visibility class, search and filters, until the next change of an
    initiative. ``initiatives`` (a queryset, intersected with what the user may
    see) narrows it instead, uncached. The areas are unsaved ``Area`` objects with
    ``pk``, ``code``, ``name`` and ``level``.
    """
    if initiatives is None:
        key = _cache_key(
            "by-area",
            who=visibility_class(user),
            level=level,
            q=terms(q),
            filters=normalised_filters(filters),
        )
        rows = cache.get(key)
        if rows is None:
            visible = initiative_list(user=user, q=q, filters=filters)
            rows = _area_count_rows(visible, level)
            cache.set(key, rows, CACHE_TIMEOUT)
    else:
        visible = initiative_visible(user=user).filter(
            pk__in=initiatives.order_by().values("pk")
        )
        rows = _area_count_rows(visible, level)
    return [
        {"area": Area(pk=pk, code=code, name=name, level=level), "count": count}
        for pk, code, name, count in rows
    ]


def _area_count_rows(visible, level: str) -> list[tuple[int, str, str, int]]:
    counts = _area_counts(visible, level)
    areas = Area.objects.filter(level=level).values_list("pk", "code", "name")
    return [
        (pk, code, name, counts.get(pk, 0))
        for pk, code, name in sorted(areas, key=lambda a: a[2].casefold())
    ]


def tag_choices(kind: str) -> Iterable[Tag]:
    return Tag.objects.filter(kind=kind).order_by("position", "name")


def area_filter_choices() -> list:
    """Stadsdelen with their wijken, as grouped choices for the area filter.

    Cached: areas change only when they are loaded (which bumps the version).
    """
    key = _cache_key("area-choices")
    choices = cache.get(key)
    if choices is None:
        choices = _area_filter_choices()
        cache.set(key, choices, CACHE_TIMEOUT)
    return choices


def _area_filter_choices() -> list:
    rows = Area.objects.filter(
        level__in=[Area.Level.STADSDEEL, Area.Level.WIJK]
    ).values_list("pk", "code", "name", "level", "parent_id")
    stadsdelen, wijken = [], {}
    for pk, code, name, level, parent_id in rows:
        if level == Area.Level.STADSDEEL:
            stadsdelen.append((pk, code, name))
        else:
            wijken.setdefault(parent_id, []).append((code, name))
    return [
        (name, [(code, name), *sorted(wijken.get(pk, []))])
        for pk, code, name in sorted(stadsdelen, key=lambda a: a[2].casefold())
    ]


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


# Writes made around the services (admin, fixtures, the area import) still make
# the cached list figures stale. ``QuerySet.update`` and ``bulk_create`` send no
# signals: the services bump themselves, and the cache timeout covers the rest.
def _bump_on_change(sender, **kwargs):
    bump_list_version()


for _model in (Initiative, Area, Tag):
    post_save.connect(_bump_on_change, sender=_model, dispatch_uid=f"bump-{_model}")
    post_delete.connect(_bump_on_change, sender=_model, dispatch_uid=f"del-{_model}")
for _field in ("areas", "carriers", "target_groups", "domains", "owners"):
    m2m_changed.connect(
        _bump_on_change,
        sender=getattr(Initiative, _field).through,
        dispatch_uid=f"bump-m2m-{_field}",
    )


def initiative_review_queue(*, user) -> QuerySet[Initiative]:
    """First publications waiting for ``user``'s check, oldest first (twin of the
    rule ``initiatives.review_initiative``)."""
    qs = Initiative.objects.filter(status=Initiative.Status.REVIEW)
    if not is_staff_member(user):
        area_ids = role_area_ids_inside(user, Role.GEMEENTE)
        if area_ids is None:
            return qs.none()
        in_area = Initiative.areas.through.objects.filter(area_id__in=area_ids).values(
            "initiative_id"
        )
        qs = qs.filter(pk__in=in_area)
    return qs.prefetch_related("owners", "areas").order_by("updated_at", "pk")


def initiative_reviewers(*, initiative: Initiative) -> list:
    """Who checks this first publication: beheerders and city-wide gemeente staff,
    and gemeente staff for one of its areas or an area around them."""
    area_ids: set[int] = set()
    frontier = {a.pk for a in initiative.areas.all()}
    while frontier:
        area_ids |= frontier
        frontier = (
            set(
                Area.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                    "parent_id", flat=True
                )
            )
            - area_ids
        )
    return list(
        User.objects.filter(
            Q(role_assignments__role=Role.BEHEERDER, role_assignments__area=None)
            | Q(role_assignments__role=Role.GEMEENTE, role_assignments__area=None)
            | Q(
                role_assignments__role=Role.GEMEENTE,
                role_assignments__area__in=area_ids,
            ),
            is_active=True,
        ).distinct()
    )
