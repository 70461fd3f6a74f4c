"""The home-page cards and area-profile panels the apps declare (``core.registry``),
rendered to HTML in their order."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from . import registry


def home_cards(request) -> list[str]:
    return [
        mark_safe(  # noqa: S308 - our own template, rendered with autoescaping
            render_to_string(card.template, card.render_context(request), request)
        )
        for card in registry.home_cards()
    ]


def area_panels(request, area, inside) -> list[dict]:
    """Each panel as ``{"html": ..., "map_features": [...]}``; panels whose context
    function returns ``None`` are left out."""
    panels = []
    for panel in registry.area_panels():
        context = panel.render_context(request, area, inside)
        if context is None:
            continue
        features = context.pop("map_features", [])
        html = render_to_string(panel.template, context, request)
        panels.append({"html": mark_safe(html), "map_features": features})  # noqa: S308
    return panels
