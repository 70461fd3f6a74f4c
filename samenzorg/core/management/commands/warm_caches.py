from django.core.management.base import BaseCommand

from samenzorg.core.warm import warm_caches


class Command(BaseCommand):
    help = (
        "Vult de caches (cijfers per gebied, kaartvormen, tellingen van de lijst) "
        "voordat de eerste bezoeker komt."
    )

    def handle(self, *args, **options):
        for warmer, seconds, error in warm_caches():
            line = f"{warmer}: {seconds:.2f} s"
            if error:
                self.stderr.write(f"{line} — mislukt: {error}")
            elif options["verbosity"] > 0:
                self.stdout.write(line)
