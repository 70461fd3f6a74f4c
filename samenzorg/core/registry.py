"""What each app contributes to the shared pages, declared on its ``AppConfig``.

``core`` knows no capability app: the menu, the home page, the area profile, the API
and the demo loader are built from what the installed apps declare here. An app's
config sets any of these class attributes (dotted paths, imported when first used, so
declaring costs nothing at start-up)::

    class InitiativesConfig(AppConfig):
        navigation = [NavEntry("initiatives:list", _("Initiatives"), order=20)]
        api_routers = [ApiRouter("/initiatieven/", "samenzorg.initiatives.api.router")]
        demo_loader = DemoLoader("samenzorg.initiatives.demo.load_demo_initiatives", 20)
        home_cards = [Panel("initiatives/includes/home_card.html",
                            "samenzorg.initiatives.panels.home_card", order=10)]
        area_panels = [Panel("initiatives/includes/area_panel.html",
                             "samenzorg.initiatives.panels.area_panel", order=10)]

A home card's context function takes ``request``; an area panel's takes ``request,
area, inside`` (the ids of the area and every area inside it) and may return
``map_features`` (GeoJSON features for the profile's map) beside its own context, or
``None`` to show nothing. A demo loader takes ``accounts`` and ``stdout``.

An app may fill its caches before the first request (``core.warm``)::

        cache_warmers = [CacheWarmer("samenzorg.initiatives.warm.warm_list")]

Every app says what it holds about a person (``core.gdpr``)::

        personal_data = PersonalData("samenzorg.initiatives.personal_data", order=20)
        personal_data = HoldsNoPersonalData("areas and their figures, no person")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Any
    order: int = 100


@dataclass(frozen=True)
class ApiRouter:
    prefix: str
    router: str


@dataclass(frozen=True)
class DemoLoader:
    loader: str
    order: int = 100

    def load(self) -> Callable:
        return import_string(self.loader)


@dataclass(frozen=True)
class Panel:
    template: str
    context: str
    order: int = 100

    def render_context(self, *args) -> dict | None:
        return import_string(self.context)(*args)


@dataclass(frozen=True)
class CacheWarmer:
    """A function without arguments that fills what the first request would fill."""

    warmer: str
    order: int = 100

    def load(self) -> Callable:
        return import_string(self.warmer)


@dataclass(frozen=True)
class PersonalData:
    """A module with ``export(user) -> dict``, ``erase(user, erasure) -> dict`` and
    ``COVERS`` (the models it answers for); see ``core.gdpr``. Exports run in
    ``order``, erasures the other way round (accounts, first, removes the person last).
    """

    module: str
    order: int = 100

    def load(self):
        return import_module(self.module)


@dataclass(frozen=True)
class HoldsNoPersonalData:
    """Said by an app that stores nothing about a person, with the reason why."""

    reason: str


def _declared(attribute: str) -> list:
    items = []
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        if value is None:
            continue
        items.extend(value if isinstance(value, (list, tuple)) else [value])
    return items


@cache
def navigation() -> list[NavEntry]:
    return sorted(_declared("navigation"), key=lambda e: e.order)


def api_routers() -> list[ApiRouter]:
    return _declared("api_routers")


def demo_loaders() -> list[DemoLoader]:
    return sorted(_declared("demo_loader"), key=lambda d: d.order)


@cache
def home_cards() -> list[Panel]:
    return sorted(_declared("home_cards"), key=lambda p: p.order)


@cache
def area_panels() -> list[Panel]:
    return sorted(_declared("area_panels"), key=lambda p: p.order)


def cache_warmers() -> list[CacheWarmer]:
    return sorted(_declared("cache_warmers"), key=lambda w: w.order)


def personal_data() -> list[PersonalData]:
    """The apps' personal-data modules, in export order."""
    return sorted(
        (d for d in _declared("personal_data") if isinstance(d, PersonalData)),
        key=lambda d: d.order,
    )


def permission_twins() -> list[tuple[str, str]]:
    """``(permission, selector)`` pairs: each object rule and its queryset twin, a
    dotted path to a function ``selector(*, user) -> QuerySet``. The access-twin
    test in core holds every pair together for every role."""
    return _declared("permission_twins")
