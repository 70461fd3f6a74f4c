from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samenzorg.core.registry import ApiRouter, DemoLoader, NavEntry, PersonalData


class NetworksConfig(AppConfig):
    name = "samenzorg.networks"
    verbose_name = "Netwerkkaarten"
    navigation = [NavEntry("networks:list", _("Network maps"), order=40)]
    api_routers = [ApiRouter("/netwerkkaarten/", "samenzorg.networks.api.router")]
    demo_loader = DemoLoader("samenzorg.networks.demo.load_demo_networks", 40)
    personal_data = PersonalData("samenzorg.networks.personal_data", order=40)
    permission_twins = [
        (
            "networks.view_networkmap",
            "samenzorg.networks.selectors.network_map_visible",
        )
    ]
