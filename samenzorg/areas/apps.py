from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "samenzorg.areas"
    verbose_name = "Gebieden"
