from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samenzorg.core"
    verbose_name = "Kern"
