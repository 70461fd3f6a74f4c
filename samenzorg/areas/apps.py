from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samenzorg.core.registry import (
    ApiRouter,
    CacheWarmer,
    HoldsNoPersonalData,
    NavEntry,
    Panel,
)


class AreasConfig(AppConfig):
    name = "samenzorg.areas"
    verbose_name = "Gebieden"
    cache_warmers = [CacheWarmer("samenzorg.areas.warm.warm_areas", 10)]
    navigation = [NavEntry("areas:overview", _("Areas"), order=10)]
    api_routers = [ApiRouter("/gebieden/", "samenzorg.areas.api.router")]
    personal_data = HoldsNoPersonalData(
        "Areas, their boundaries and statistics describe neighbourhoods, not people."
    )
    home_cards = [
        Panel("areas/includes/home_card.html", "samenzorg.areas.panels.home_card", 20)
    ]

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .geo import invalidate_area_index
        from .models import Area

        def forget_index(**kwargs):
            invalidate_area_index()

        # Only the spatial cache is kept in step here; no data changes in signals.
        post_save.connect(
            forget_index, sender=Area, weak=False, dispatch_uid="areas_index_save"
        )
        post_delete.connect(
            forget_index, sender=Area, weak=False, dispatch_uid="areas_index_del"
        )
