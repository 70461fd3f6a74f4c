from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samenzorg.accounts"
    verbose_name = "Accounts"
