"""Area pages: the overview map, the area profile and the CBS import."""

import gzip
import hashlib
import json
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samenzorg.core.access import guard
from samenzorg.core.panels import area_panels
from samenzorg.core.selectors import task_progress_get

from . import search, selectors, tasks
from .algorithms import (
    SIMPLIFY_TOLERANCE,
    class_breaks,
    class_of,
    colour_of,
    simplified_geometry,
)
from .forms import MAP_LEVELS, MapForm, StatisticsImportForm
from .models import Area, Statistic

DEFAULT_VARIABLE = "AantalInwoners_5"
GEOJSON = "application/geo+json"


def format_value(value: float | None) -> str:
    if value is None:
        return "–"
    decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _legend(breaks: list[float]) -> list[dict]:
    legend, lower = [], None
    for i, upper in enumerate(breaks):
        if lower is None:
            label = _("up to %(upper)s") % {"upper": format_value(upper)}
        else:
            label = _("%(lower)s to %(upper)s") % {
                "lower": format_value(lower),
                "upper": format_value(upper),
            }
        legend.append({"colour": colour_of(i, len(breaks)), "label": label})
        lower = upper
    return legend


OVERVIEW_PAGE_SIZE = 120
SHAPES_MAX_AGE = 5 * 60


def _overview_variable(variables, key):
    return next((v for v in variables if v.key == key), None) or (
        variables[0] if variables else None
    )


def _level_figures(level: str, variable) -> dict:
    """The rows (code, name, part of, value, colour) and legend of one level.

    Cached: areas and figures change only when they are loaded.
    """
    key = selectors.areas_cache_key(
        "figures", level, variable and variable.pk, get_language()
    )
    figures = cache.get(key)
    if figures is not None:
        return figures
    areas = list(
        selectors.area_list(level=level).only(
            "id", "code", "name", "level", "parent__name"
        )
    )
    values = {}
    if variable is not None:
        values = {
            a: v.get(variable.pk)
            for a, v in selectors.statistics_for_areas(areas, [variable]).items()
        }
    breaks = class_breaks(list(values.values()))
    rows = []
    for area in areas:
        value = values.get(area.pk)
        rows.append(
            {
                "code": area.code,
                "name": area.name,
                "url": reverse("areas:detail", args=[area.code]),
                "parent": area.parent.name if area.parent_id else "",
                "value": format_value(value),
                "colour": colour_of(class_of(value, breaks), len(breaks)),
            }
        )
    figures = {
        "rows": rows,
        "legend": _legend(breaks),
        "has_values": any(v is not None for v in values.values()),
    }
    cache.set(key, figures, selectors.CACHE_TIMEOUT)
    return figures


def _overview_variables() -> list:
    """The latest year of every figure, and the stadsdelen with their links. Cached."""
    key = selectors.areas_cache_key("overview", get_language())
    found = cache.get(key)
    if found is None:
        found = {
            "variables": selectors.variable_latest(selectors.variable_list()),
            "stadsdelen": [
                {"name": a.name, "url": reverse("areas:detail", args=[a.code])}
                for a in selectors.stadsdeel_list().only("code", "name")
            ],
        }
        cache.set(key, found, selectors.CACHE_TIMEOUT)
    return found


def area_overview(request):
    overview = _overview_variables()
    variables = overview["variables"]
    form = MapForm(request.GET or None, variables=variables)
    level, key = Area.Level.WIJK, DEFAULT_VARIABLE
    if form.is_valid():
        level = form.cleaned_data["niveau"] or level
        key = form.cleaned_data["cijfer"] or key
    else:
        form = MapForm(initial={"niveau": level, "cijfer": key}, variables=variables)
    variable = _overview_variable(variables, key)
    figures = _level_figures(level, variable)
    page = Paginator(figures["rows"], OVERVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = {"niveau": level}
    if variable is not None:
        query["cijfer"] = variable.key
    return render(
        request,
        "areas/area_overview.html",
        {
            "form": form,
            "level": level,
            "level_label": dict(Area.Level.choices)[level],
            "variable": variable,
            "rows": page.object_list,
            "page": page,
            "query": urlencode(query),
            "shapes_url": reverse("areas:shapes", args=[level])
            + "?"
            + urlencode(query),
            "legend": figures["legend"],
            "has_values": figures["has_values"],
            "stadsdelen": overview["stadsdelen"],
        },
    )


def _shapes(level: str, variable) -> dict:
    """The level's GeoJSON as bytes, gzipped too, with its ETag. Cached."""
    key = selectors.areas_cache_key(
        "shapes", level, variable and variable.pk, get_language()
    )
    shapes = cache.get(key)
    if shapes is not None:
        return shapes
    figures = _level_figures(level, variable)
    by_code = {row["code"]: row for row in figures["rows"]}
    tolerance = SIMPLIFY_TOLERANCE[level]
    features = []
    for code, geometry in selectors.level_shapes(level):
        row = by_code.get(code)
        geometry = simplified_geometry(geometry, tolerance)
        if row is None or geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": code,
                    "name": row["name"],
                    "value": row["value"],
                    "colour": row["colour"],
                },
            }
        )
    title = dict(Area.Level.choices)[level]
    if variable is not None:
        unit = f"{variable.unit}, " if variable.unit else ""
        title = f"{variable.title} ({unit}{variable.year}) – {title}"
    body = json.dumps(
        {
            "type": "FeatureCollection",
            "title": str(title),
            "legend": [{**i, "label": str(i["label"])} for i in figures["legend"]],
            "features": features,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    shapes = {
        "body": body,
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
        "etag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
    }
    cache.set(key, shapes, selectors.CACHE_TIMEOUT)
    return shapes


@require_safe
def area_shapes(request, level):
    """GeoJSON of one map level with the colours of one figure (``?cijfer=``)."""
    if level not in dict(MAP_LEVELS):
        raise Http404(level)
    variable = _overview_variable(
        _overview_variables()["variables"],
        request.GET.get("cijfer") or DEFAULT_VARIABLE,
    )
    shapes = _shapes(level, variable)
    if shapes["etag"] in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(shapes["gzip"], content_type=GEOJSON)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(shapes["body"], content_type=GEOJSON)
    response["ETag"] = shapes["etag"]
    response["Cache-Control"] = f"public, max-age={SHAPES_MAX_AGE}"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@require_safe
def area_search_view(request):
    """Areas by name or code as JSON (``?q=``), for the area fields' suggestions."""
    query = search.normalise(request.GET.get("q", "")[: search.MAX_QUERY])
    key = selectors.areas_cache_key("search", query, get_language())
    results = cache.get(key)
    if results is None:
        results = [a.as_json() for a in search.area_search(query)]
        cache.set(key, results, selectors.CACHE_TIMEOUT)
    response = JsonResponse({"results": results})
    response["Cache-Control"] = f"public, max-age={SHAPES_MAX_AGE}"
    return response


def _figures(area: Area, gemeente: Area | None) -> list[dict]:
    area_ids = [area.pk] + ([gemeente.pk] if gemeente and gemeente != area else [])
    stats = Statistic.objects.filter(area_id__in=area_ids).select_related("variable")
    by_variable: dict[int, dict] = {}
    for stat in stats:
        entry = by_variable.setdefault(stat.variable_id, {"variable": stat.variable})
        if stat.area_id == area.pk:
            entry["own"] = stat
        else:
            entry["city"] = stat
    variables = [e["variable"] for e in by_variable.values() if "own" in e]
    averages = (
        selectors.level_averages(area.level, variables, within=gemeente)
        if area.level != Area.Level.GEMEENTE
        else {}
    )
    rows = []
    for entry in by_variable.values():
        own = entry.get("own")
        if own is None:
            continue
        var = entry["variable"]
        city = entry.get("city")
        rows.append(
            {
                "variable": var,
                "value": format_value(own.value),
                "is_derived": own.is_derived,
                "city": format_value(city.value if city else None),
                "average": format_value(averages.get(var.pk)),
            }
        )
    rows.sort(
        key=lambda r: (selectors.cbs_position(r["variable"]), -r["variable"].year)
    )
    return rows


def area_detail(request, code):
    area = selectors.area_get(code=code)
    ancestors = selectors.area_ancestors(area)
    gemeente = next(
        (a for a in [*ancestors, area] if a.level == Area.Level.GEMEENTE), None
    )
    crumbs = [(reverse("areas:overview"), _("Areas"))]
    crumbs += [(reverse("areas:detail", args=[a.code]), a.name) for a in ancestors]
    crumbs.append(("", area.name))
    children = list(selectors.area_children(area))
    inside = selectors.area_descendant_ids(area)
    panels = area_panels(request, area, inside)
    features = []
    if area.geometry:
        features.append(
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {"name": area.name, "kind": "area"},
            }
        )
    features.extend(f for panel in panels for f in panel["map_features"])
    return render(
        request,
        "areas/area_detail.html",
        {
            "area": area,
            "gemeente": gemeente,
            "crumbs": crumbs,
            "children": children,
            "figures": _figures(area, gemeente),
            "panels": [panel["html"] for panel in panels],
            "geojson": {"type": "FeatureCollection", "features": features},
            "is_gemeente": area.level == Area.Level.GEMEENTE,
            "gemeente_name": gemeente.name if gemeente else _("the municipality"),
        },
    )


@guard("areas.import_statistics")
def statistics_import_view(request):
    # A valid upload is imported in the background; the page then shows its progress
    # and, when it is done, the result or every mistake (?taak=<id>).
    progress = None
    if request.method == "POST":
        form = StatisticsImportForm(request.POST, request.FILES)
        if form.is_valid():
            record = tasks.statistics_import_start(
                actor=request.user,
                file=form.cleaned_data["file"],
                year=form.cleaned_data["year"],
            )
            return redirect(f"{request.path}?taak={record.pk}")
    else:
        form = StatisticsImportForm()
        if request.GET.get("taak"):
            progress = task_progress_get(
                user=request.user, pk=request.GET["taak"], kind=tasks.IMPORT_KIND
            )
    return render(
        request,
        "areas/statistics_import.html",
        {
            "form": form,
            "progress": progress,
            "crumbs": [
                (reverse("areas:overview"), _("Areas")),
                ("", _("Import figures")),
            ],
        },
    )
