from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "samenzorg.networks"
    verbose_name = "Netwerkkaarten"
