"""The lists of the inventory: carriers ('Zorgcoöperaties Den Haag'), activity
domains ('Stadsgedreven innovatie') and target groups."""

from django.db import migrations

CARRIERS = [
    ("bewoners", "bewoners (buurtbewoners)"),
    ("sociaal-ondernemers", "sociaal ondernemers"),
    ("professionals", "professionals"),
    ("verenigingen", "verenigingen"),
    ("levensbeschouwelijke-organisaties", "levensbeschouwelijke organisaties"),
]
DOMAINS = [
    ("zorg-en-ondersteuning", "zorg en ondersteuning"),
    ("sport", "sport"),
    ("ontmoeting", "ontmoeting"),
    ("cultuur", "cultuur"),
    ("wonen", "wonen"),
    ("welzijn", "welzijn"),
    ("informele-zorg-en-mantelzorg", "informele zorg en mantelzorg"),
    ("preventie-en-gezondheid", "preventie en gezondheid"),
]
TARGET_GROUPS = [
    ("ouderen", "ouderen"),
    ("jongeren", "jongeren"),
    ("kinderen-en-gezinnen", "kinderen en gezinnen"),
    ("mantelzorgers", "mantelzorgers"),
    ("mensen-met-een-beperking", "mensen met een beperking"),
    ("kwetsbare-wijkbewoners", "kwetsbare wijkbewoners"),
    ("vrouwen", "vrouwen"),
    ("nieuwkomers", "nieuwkomers"),
    ("alle-wijkbewoners", "alle wijkbewoners"),
]
LISTS = {"carrier": CARRIERS, "domain": DOMAINS, "target_group": TARGET_GROUPS}


def add_values(apps, schema_editor):
    Tag = apps.get_model("initiatives", "Tag")
    for kind, values in LISTS.items():
        for position, (slug, name) in enumerate(values):
            Tag.objects.update_or_create(
                kind=kind, slug=slug, defaults={"name": name, "position": position}
            )


def remove_values(apps, schema_editor):
    Tag = apps.get_model("initiatives", "Tag")
    for kind, values in LISTS.items():
        Tag.objects.filter(kind=kind, slug__in=[slug for slug, _ in values]).delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(add_values, remove_values)]
