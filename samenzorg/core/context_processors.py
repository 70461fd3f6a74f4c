from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import registry


def site(request):
    path = request.path
    nav = []
    entries = [("core:home", _("Home"))] + [
        (entry.url_name, entry.label) for entry in registry.navigation()
    ]
    for name, label in entries:
        url = reverse(name)
        current = path == url if url == "/" else path.startswith(url)
        nav.append({"url": url, "label": label, "current": current})
    return {
        "navigation": nav,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
