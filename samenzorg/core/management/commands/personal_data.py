from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from samenzorg.core import gdpr


class Command(BaseCommand):
    help = (
        "Beantwoordt een verzoek van een persoon over haar gegevens: 'export' geeft "
        "alles wat het platform over haar bewaart als JSON, 'erase' wist haar account "
        "en haalt haar naam en contactgegevens overal weg (de aantallen blijven)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--email", required=True, help="Het e-mailadres.")
        parser.add_argument(
            "--output", help="Bestand voor de export (zonder: op het scherm)."
        )
        parser.add_argument(
            "--yes", action="store_true", help="Niet vragen, meteen wissen."
        )

    def handle(self, *args, action, email, output=None, yes=False, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None or gdpr.is_stand_in(user):
            raise CommandError(f"Geen account met het e-mailadres {email}.")
        with translation.override(user.language or "nl"):
            if action == "export":
                self._export(user, output)
            else:
                self._erase(user, yes)

    def _export(self, user, output):
        text = gdpr.export_json(gdpr.export_person(user))
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(self.style.SUCCESS(f"Geschreven: {output}"))
        else:
            self.stdout.write(text)

    def _erase(self, user, yes):
        if not yes:
            answer = input(
                f"Het account {user.email} en de gegevens van deze persoon worden "
                "gewist. Dit kan niet terug. Doorgaan? [ja/nee] "
            )
            if answer.strip().lower() not in ("ja", "j", "yes", "y"):
                raise CommandError("Niets gewist.")
        summary = gdpr.erase_person(user, via="command")
        removed = sum(
            count
            for part in summary.values()
            for count in part.values()
            if isinstance(count, int)
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Gewist. Aangepaste of verwijderde gegevens: {removed}."
            )
        )
