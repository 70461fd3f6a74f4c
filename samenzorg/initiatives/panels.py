"""What the initiatives app shows on the shared pages (see ``core.registry``)."""

from django.urls import reverse

from .models import Initiative
from .selectors import initiative_list

# How many initiatives an area profile lists before it links to the full list.
INITIATIVES_SHOWN = 50


def home_card(request) -> dict:
    return {"initiative_count": initiative_list(user=request.user).count()}


def start_card(request) -> dict:
    return {}


def area_panel(request, area, inside) -> dict:
    """The initiatives in ``area`` (``inside``: the ids of it and the areas inside)."""
    # The descendant ids first (small indexed queries), then the links to them:
    # no ORs over joins and no DISTINCT.
    initiatives_qs = initiative_list(user=request.user).filter(
        pk__in=Initiative.areas.through.objects.filter(area_id__in=inside).values(
            "initiative_id"
        )
    )
    initiatives = list(initiatives_qs[: INITIATIVES_SHOWN + 1])
    more = len(initiatives) > INITIATIVES_SHOWN
    initiatives = initiatives[:INITIATIVES_SHOWN]
    return {
        "initiatives": initiatives,
        "more_initiatives": more,
        "map_features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [initiative.longitude, initiative.latitude],
                },
                "properties": {
                    "name": initiative.name,
                    "kind": "initiative",
                    "url": reverse("initiatives:detail", args=[initiative.pk]),
                },
            }
            for initiative in initiatives
            if initiative.latitude is not None and initiative.longitude is not None
        ],
    }
