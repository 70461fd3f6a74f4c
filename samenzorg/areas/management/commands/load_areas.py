import time

from django.core.management.base import BaseCommand

from samenzorg.areas.services import areas_load


class Command(BaseCommand):
    help = (
        "Load Den Haag's gemeente, stadsdelen, wijken, buurten, werkgebieden and the "
        "CBS 2024 figures from data/. Safe to run again: it changes only what differs."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = areas_load()
        self.stdout.write(
            f"Gebieden: {counts['areas']} ({counts['created']} nieuw, "
            f"{counts['updated']} bijgewerkt); variabelen: {counts['variables']}; "
            f"cijfers gewijzigd: {counts['statistics']} "
            f"({time.monotonic() - started:.2f} s)."
        )
