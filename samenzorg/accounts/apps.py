from django.apps import AppConfig

from samenzorg.core.registry import DemoLoader


class AccountsConfig(AppConfig):
    name = "samenzorg.accounts"
    verbose_name = "Accounts"
    # First: the other apps' demo data belongs to the demo accounts.
    demo_loader = DemoLoader("samenzorg.accounts.demo.load_demo", order=0)
