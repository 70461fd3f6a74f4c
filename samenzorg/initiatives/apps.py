from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samenzorg.core.registry import (
    ApiRouter,
    CacheWarmer,
    DemoLoader,
    NavEntry,
    Panel,
    PersonalData,
)


class InitiativesConfig(AppConfig):
    name = "samenzorg.initiatives"
    verbose_name = "Initiatieven"
    cache_warmers = [CacheWarmer("samenzorg.initiatives.warm.warm_list", 20)]
    navigation = [NavEntry("initiatives:list", _("Initiatives"), order=20)]
    api_routers = [
        ApiRouter("/initiatieven/", "samenzorg.initiatives.api.router"),
    ]
    demo_loader = DemoLoader("samenzorg.initiatives.demo.load_demo_initiatives", 20)
    personal_data = PersonalData("samenzorg.initiatives.personal_data", order=20)
    home_cards = [
        Panel(
            "initiatives/includes/home_card.html",
            "samenzorg.initiatives.panels.home_card",
            order=10,
        ),
        Panel(
            "initiatives/includes/start_card.html",
            "samenzorg.initiatives.panels.start_card",
            order=30,
        ),
    ]
    area_panels = [
        Panel(
            "initiatives/includes/area_panel.html",
            "samenzorg.initiatives.panels.area_panel",
            order=10,
        )
    ]
    permission_twins = [
        (
            "initiatives.view_initiative",
            "samenzorg.initiatives.selectors.initiative_visible",
        ),
        (
            "initiatives.review_initiative",
            "samenzorg.initiatives.selectors.initiative_review_queue",
        ),
    ]
