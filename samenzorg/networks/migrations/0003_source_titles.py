"""Demo maps loaded earlier named their source documents by an internal number; name
them by title and date, as new loads do."""

from django.db import migrations

OLD_TO_NEW = {
    "Seed 003: ZonMw-verslag 'Duurzame Zorg en Ondersteuning in de Buurt'": (
        "ZonMw, eindverslag 'Duurzame Zorg en Ondersteuning in de Buurt' (DZOidB), "
        "regio Haaglanden"
    ),
    "Seed 000: bijeenkomst 'Samen Zorg Regelen', 16 december 2016": (
        "Public Result, 'Kansrijke initiatieven voor zorgcooperaties presenteren zich' "
        "(19-12-2016)"
    ),
    "Seed 001: Public Result over de pilots en de intentieakkoorden (10 mei 2017)": (
        "Public Result, 'Zorgcoöperaties Den Haag' (intentieakkoorden 10 mei 2017)"
    ),
    "Seed 004: 'Stadsgedreven innovatie', gemeente Den Haag": (
        "Gemeente Den Haag, 'Stadsgedreven innovatie: een nieuwe relatie tussen "
        "inwoners en de gemeente Den Haag'"
    ),
}
OLD_DESCRIPTION = "(seed 004)"
NEW_DESCRIPTION = "('Stadsgedreven innovatie', gemeente Den Haag)"


def rename(apps, schema_editor):
    NetworkMap = apps.get_model("networks", "NetworkMap")
    Tie = apps.get_model("networks", "Tie")
    for old, new in OLD_TO_NEW.items():
        NetworkMap.objects.filter(source=old).update(source=new)
        # A tie's source is the document, then what it says of the tie.
        for tie in Tie.objects.filter(source__startswith=old):
            tie.source = new + tie.source[len(old) :]
            tie.save(update_fields=["source"])
    for network_map in NetworkMap.objects.filter(description__contains=OLD_DESCRIPTION):
        network_map.description = network_map.description.replace(
            OLD_DESCRIPTION, NEW_DESCRIPTION
        )
        network_map.save(update_fields=["description"])


class Migration(migrations.Migration):
    dependencies = [("networks", "0002_actor_name_optional")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
