from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samenzorg.areas.services import StatisticsImportError, statistics_import


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
        with file.open("rb") as fh:
            try:
                result = statistics_import(actor=None, file=fh, year=year)
            except StatisticsImportError as exc:
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                raise CommandError(
                    f"{len(exc.problems)} fout(en); er is niets opgeslagen."
                ) from None
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
