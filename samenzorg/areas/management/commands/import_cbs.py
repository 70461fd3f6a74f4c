from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samenzorg.areas.services import statistics_import


class Command(BaseCommand):
    help = (
        "Import a CBS 'Kerncijfers wijken en buurten' CSV (CBS column keys such as "
        "Codering_3, AantalInwoners_5). All or nothing: every bad row is reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, file: Path, year: int, **options):
        if not file.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        result = statistics_import(actor=None, file=file, year=year)
        if not result.ok:
            self.stderr.write(result.as_text())
            raise CommandError(
                f"{result.problem_count} fout(en); er is niets opgeslagen."
            )
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(
            f"{result.rows} gebieden, {result.values} cijfers ({result.changed} "
            f"gewijzigd) voor {year}: {', '.join(result.variables)}."
            + (
                f" {result.skipped_other_municipalities} regels van andere "
                "gemeenten overgeslagen."
                if result.skipped_other_municipalities
                else ""
            )
        )
