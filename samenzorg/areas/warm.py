"""What the first visitor of the area pages would otherwise wait for."""

from django.template.loader import get_template

from .forms import MAP_LEVELS
from .search import warm_area_search


def warm_areas() -> None:
    from . import views

    variables = views._overview_variables()["variables"]
    variable = views._overview_variable(variables, views.DEFAULT_VARIABLE)
    for level, _label in MAP_LEVELS:
        views._level_figures(level, variable)
        views._shapes(level, variable)
    get_template("areas/area_overview.html")
    get_template("areas/area_detail.html")
    warm_area_search()
