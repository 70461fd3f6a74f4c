from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samenzorg.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Maakt een back-up van de hele database (SQLite: terwijl het platform "
        "draait; PostgreSQL: met pg_dump). Zonder pad: backups/<datum-tijd>."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Bestand voor de back-up.")

    def handle(self, *args, path=None, **options):
        path = path or f"backups/samenzorg-{timezone.now():%Y%m%d-%H%M%S}.backup"
        try:
            written = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Back-up gemaakt: {written}"))
