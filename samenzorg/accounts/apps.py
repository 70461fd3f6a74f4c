from django.apps import AppConfig

from samenzorg.core.registry import DemoLoader, PersonalData


class AccountsConfig(AppConfig):
    name = "samenzorg.accounts"
    verbose_name = "Accounts"
    # First: the other apps' demo data belongs to the demo accounts.
    demo_loader = DemoLoader("samenzorg.accounts.demo.load_demo", order=0)
    # First in the export; last in the erasure, which deletes the account.
    personal_data = PersonalData("samenzorg.accounts.personal_data", order=0)

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import note_app_at_login

        user_logged_in.connect(note_app_at_login, dispatch_uid="szr-note-app-at-login")
