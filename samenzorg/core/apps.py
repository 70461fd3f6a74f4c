from django.apps import AppConfig

from .registry import PersonalData


class CoreConfig(AppConfig):
    name = "samenzorg.core"
    verbose_name = "Kern"
    personal_data = PersonalData("samenzorg.core.personal_data", order=10)
    permission_twins = [
        ("core.view_taskprogress", "samenzorg.core.selectors.task_progress_visible"),
        ("core.view_notification", "samenzorg.core.notifications.notification_list"),
    ]

    def ready(self):
        # Each app declares its notification kinds in its own notifications.py.
        from .notifications import autodiscover
        from .text import install_text_rule

        autodiscover()
        install_text_rule()
