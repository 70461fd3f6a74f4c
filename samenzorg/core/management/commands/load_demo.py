from django.core.management.base import BaseCommand
from django.db import transaction

from samenzorg.accounts.demo import load_demo_accounts
from samenzorg.assessment.demo import load_demo_assessment
from samenzorg.initiatives.demo import load_demo_initiatives
from samenzorg.networks.demo import load_demo_networks


class Command(BaseCommand):
    help = (
        "Laadt de demo-gegevens: accounts per rol en de initiatieven uit de "
        "brondocumenten, aangevuld met zichtbaar gemarkeerde fictieve voorbeelden. "
        "Kan vaker draaien zonder dubbele records. Vraagt eerst load_areas."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            accounts = load_demo_accounts()
            load_demo_initiatives(accounts=accounts, stdout=self.stdout)
            load_demo_assessment(accounts=accounts, stdout=self.stdout)
            load_demo_networks(accounts=accounts, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-gegevens geladen. Demo-logins:"))
        for account in accounts.values():
            self.stdout.write(
                f"  {account.role:<18} {account.email:<40} {account.password}"
            )
