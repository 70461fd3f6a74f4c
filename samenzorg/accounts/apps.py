from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samenzorg.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import note_app_at_login

        user_logged_in.connect(note_app_at_login, dispatch_uid="szr-note-app-at-login")
