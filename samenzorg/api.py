"""The JSON API under /api/v1/: one router per app, the same rules as the pages."""

from django.http import Http404

from ninja import NinjaAPI, Swagger

from samenzorg.areas.api import router as areas_router
from samenzorg.assessment.api import router as assessment_router
from samenzorg.initiatives.api import router as initiatives_router
from samenzorg.networks.api import router as networks_router

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


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"detail": "Niet gevonden, of u mag dit niet zien."}, status=404
    )


api.add_router("/gebieden/", areas_router)
api.add_router("/initiatieven/", initiatives_router)
api.add_router("/kansrijkheid/", assessment_router)
api.add_router("/netwerkkaarten/", networks_router)
