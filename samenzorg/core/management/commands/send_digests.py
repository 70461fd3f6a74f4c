from django.core.management.base import BaseCommand
from django.utils import timezone

from samenzorg.core.notification_tasks import (
    ensure_scheduled,
    next_digest_time,
    send_daily_digests,
)
from samenzorg.core.notifications import send_digests


class Command(BaseCommand):
    help = (
        "Stuurt iedereen één e-mail met de meldingen die op het dagelijkse overzicht "
        "wachten. Twee keer draaien stuurt niets dubbel. Met --schedule: zet de "
        "dagelijkse taak (07:00) in de wachtrij als die er nog niet staat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Zet de dagelijkse taak in de wachtrij in plaats van nu te sturen.",
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            run_after = next_digest_time()
            row, added = ensure_scheduled(send_daily_digests, run_after=run_after)
            if row is None:
                self.stdout.write(
                    self.style.WARNING(
                        "De taakinstelling voert taken meteen uit en kan niet plannen. "
                        "Draai 'manage.py send_digests' elke ochtend met cron, of "
                        "gebruik de database-taken met een worker."
                    )
                )
            elif added:
                when = timezone.localtime(row.run_after)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Dagelijks overzicht ingepland voor {when:%Y-%m-%d %H:%M}."
                    )
                )
            else:
                when = timezone.localtime(row.run_after) if row.run_after else None
                self.stdout.write(
                    f"Het dagelijks overzicht staat al in de wachtrij"
                    f"{f' ({when:%Y-%m-%d %H:%M})' if when else ''}."
                )
            return
        sent = send_digests()
        self.stdout.write(self.style.SUCCESS(f"{sent} overzicht(en) verstuurd."))
