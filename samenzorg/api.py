"""The JSON API under /api/v1/: one router per app (declared on its AppConfig, see
``core.registry``), the same rules as the pages."""

from django.utils.module_loading import import_string

from ninja import NinjaAPI, Swagger

from samenzorg.core import registry
from samenzorg.core.access import api_error_handlers

api = NinjaAPI(
    title="Samen Zorg Regelen API",
    version="1",
    description="Gebieden en initiatieven van Samen Zorg Regelen. "
    "Lezen kan zonder account (alleen openbare gegevens); "
    "wijzigen vraagt een ingelogde sessie met CSRF-token.",
    urls_namespace="api-1",
    # Swagger UI from our static files; no badge from the outside validator (the
    # Content-Security-Policy allows no outside images, and no spec leaves the site).
    docs=Swagger(settings={"validatorUrl": None}),
)
api_error_handlers(api)

for entry in registry.api_routers():
    api.add_router(entry.prefix, import_string(entry.router))
