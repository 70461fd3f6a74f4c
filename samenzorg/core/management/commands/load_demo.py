from django.core.management.base import BaseCommand
from django.db import transaction

from samenzorg.core import registry


class Command(BaseCommand):
    help = (
        "Laadt de demo-gegevens: accounts per rol en de initiatieven uit de "
        "brondocumenten, aangevuld met zichtbaar gemarkeerde fictieve voorbeelden. "
        "Kan vaker draaien zonder dubbele records. Vraagt eerst load_areas."
    )

    def handle(self, *args, **options):
        # The accounts loader comes first and fills ``accounts`` for the others.
        accounts = {}
        with transaction.atomic():
            for loader in registry.demo_loaders():
                loader.load()(accounts=accounts, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-gegevens geladen. Demo-logins:"))
        for account in accounts.values():
            self.stdout.write(
                f"  {account.role:<18} {account.email:<40} {account.password}"
            )
