"""Area pages: the overview map, the area profile and the CBS import."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samenzorg.core.access import guard
from samenzorg.core.panels import area_panels
from samenzorg.core.selectors import task_progress_get

from . import selectors, tasks
from .algorithms import class_breaks, class_of, colour_of
from .forms import MapForm, StatisticsImportForm
from .models import Area, Statistic

DEFAULT_VARIABLE = "AantalInwoners_5"


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


def area_overview(request):
    variables = selectors.variable_latest(selectors.variable_list())
    form = MapForm(request.GET or None, variables=variables)
    level, key = Area.Level.WIJK, DEFAULT_VARIABLE
    if form.is_valid():
        level = form.cleaned_data["niveau"] or level
        key = form.cleaned_data["cijfer"] or key
    else:
        form = MapForm(initial={"niveau": level, "cijfer": key}, variables=variables)
    variable = next((v for v in variables if v.key == key), None) or (
        variables[0] if variables else None
    )
    areas = list(selectors.area_list(level=level))
    values = {}
    if variable is not None:
        values = {
            a: v.get(variable.pk)
            for a, v in selectors.statistics_for_areas(areas, [variable]).items()
        }
    breaks = class_breaks(list(values.values()))
    rows, features = [], []
    for area in areas:
        value = values.get(area.pk)
        colour = colour_of(class_of(value, breaks), len(breaks))
        url = reverse("areas:detail", args=[area.code])
        rows.append({"area": area, "value": format_value(value), "colour": colour})
        features.append(
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "url": url,
                    "value": format_value(value),
                    "colour": colour,
                },
            }
        )
    return render(
        request,
        "areas/area_overview.html",
        {
            "form": form,
            "level": level,
            "level_label": dict(Area.Level.choices)[level],
            "variable": variable,
            "rows": rows,
            "legend": _legend(breaks),
            "has_values": any(v is not None for v in values.values()),
            "geojson": {"type": "FeatureCollection", "features": features},
            "stadsdelen": selectors.stadsdeel_list(),
        },
    )


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
