from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samenzorg.core"
    verbose_name = "Kern"

    def ready(self):
        # Each app declares its notification kinds in its own notifications.py.
        from .notifications import autodiscover

        autodiscover()
