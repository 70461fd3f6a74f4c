from django.core.management.base import BaseCommand, CommandError

from samenzorg.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Zet een back-up terug: alles in de database wordt vervangen. Stop eerst de "
        "webserver en de takenverwerker."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="De back-up die terug moet.")
        parser.add_argument(
            "--yes", action="store_true", help="Niet vragen, meteen terugzetten."
        )

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            answer = input("Alles in de database wordt vervangen. Doorgaan? [ja/nee] ")
            if answer.strip().lower() not in ("ja", "j", "yes", "y"):
                raise CommandError("Niets teruggezet.")
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Teruggezet: {path}"))
