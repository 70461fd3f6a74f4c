from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Navigation by capability; an entry appears once its pages exist.
NAVIGATION = [
    ("core:home", _("Home")),
    ("areas:overview", _("Areas")),
    ("initiatives:list", _("Initiatives")),
    ("assessment:index", _("Assessments")),
    ("networks:list", _("Network maps")),
]


def site(request):
    path = request.path
    nav = []
    for name, label in NAVIGATION:
        url = reverse(name)
        current = path == url if url == "/" else path.startswith(url)
        nav.append({"url": url, "label": label, "current": current})
    return {
        "navigation": nav,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
