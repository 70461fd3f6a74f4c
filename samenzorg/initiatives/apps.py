from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "samenzorg.initiatives"
    verbose_name = "Initiatieven"
