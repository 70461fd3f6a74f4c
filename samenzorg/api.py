"""The JSON API under /api/v1/: one router per app, the same rules as the pages."""

from ninja import NinjaAPI

from samenzorg.areas.api import router as areas_router
from samenzorg.assessment.api import router as assessment_router
from samenzorg.core.access import api_error_handlers
from samenzorg.initiatives.api import router as initiatives_router
from samenzorg.networks.api import router as networks_router

api = NinjaAPI(
    title="Samen Zorg Regelen API",
    version="1",
    description="Gebieden en initiatieven van Samen Zorg Regelen. "
    "Lezen kan zonder account (alleen openbare gegevens); "
    "wijzigen vraagt een ingelogde sessie met CSRF-token.",
    urls_namespace="api-1",
)


api_error_handlers(api)


api.add_router("/gebieden/", areas_router)
api.add_router("/initiatieven/", initiatives_router)
api.add_router("/kansrijkheid/", assessment_router)
api.add_router("/netwerkkaarten/", networks_router)
