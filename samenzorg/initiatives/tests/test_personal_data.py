"""The initiatives app's part of the export and erasure of a person."""

import json

import pytest

from samenzorg.core import gdpr
from samenzorg.initiatives.models import Initiative
from samenzorg.initiatives.personal_data import erase, export

from .factories import InitiativeFactory, UserFactory


@pytest.fixture
def marie(db):
    return UserFactory(email="marie@example.nl", display_name="Marie Vermeulen")


@pytest.fixture
def kees(db):
    return UserFactory(email="kees@example.nl", display_name="Kees Bakker")


@pytest.fixture
def initiatives(marie, kees):
    own = InitiativeFactory(
        name="Moestuin Moerwijk",
        contact_name="Marie Vermeulen",
        contact_email="marie@example.nl",
        contact_phone="06 1111 2222",
        review_note="Marie Vermeulen belt nog terug over de locatie.",
    )
    own.owners.add(marie)
    # Owned together; Kees is the contact.
    shared = InitiativeFactory(
        name="Repair Café",
        contact_name="Kees Bakker",
        contact_email="kees@example.nl",
        contact_phone="06 3333 4444",
    )
    shared.owners.add(marie, kees)
    # Not hers to own, but her e-mail address is the contact.
    contact_only = InitiativeFactory(
        name="Buurtsoep", contact_name="M. V.", contact_email="Marie@Example.nl"
    )
    contact_only.owners.add(kees)
    theirs = InitiativeFactory(
        name="Schaakclub", contact_name="Kees Bakker", contact_email="kees@example.nl"
    )
    theirs.owners.add(kees)
    return {"own": own, "shared": shared, "contact": contact_only, "theirs": theirs}


def test_export_holds_her_initiatives_and_their_contact_details(marie, initiatives):
    section = export(marie)
    names = [r["Naam"] for r in section["records"]]
    assert section["title"] == "Initiatieven"
    assert names == ["Buurtsoep", "Moestuin Moerwijk", "Repair Café"]
    own = next(r for r in section["records"] if r["Naam"] == "Moestuin Moerwijk")
    assert own["Contactpersoon"] == "Marie Vermeulen"
    assert own["U bent eigenaar"] is True
    assert "belt nog terug" in own["Reden bij de controle"]
    assert "Schaakclub" not in json.dumps(section, default=str)


def test_export_of_another_person_holds_none_of_hers(kees, initiatives):
    names = [r["Naam"] for r in export(kees)["records"]]
    assert "Moestuin Moerwijk" not in names
    assert "Schaakclub" in names


def test_erase_blanks_her_contact_details_and_keeps_the_initiatives(
    marie, kees, initiatives
):
    count = Initiative.objects.count()
    erasure = gdpr.Erasure(stand_in=gdpr.stand_in_user())
    summary = erase(marie, erasure)
    assert Initiative.objects.count() == count
    own = Initiative.objects.get(pk=initiatives["own"].pk)
    assert (own.contact_name, own.contact_email, own.contact_phone) == ("", "", "")
    assert own.status == Initiative.Status.PUBLIC
    assert own.review_note == f"{gdpr.ERASED} belt nog terug over de locatie."
    # Alone, it goes to the stand-in, so that staff can still manage it.
    assert list(own.owners.all()) == [erasure.stand_in]
    shared = Initiative.objects.get(pk=initiatives["shared"].pk)
    assert list(shared.owners.all()) == [kees]
    assert shared.contact_email == "kees@example.nl"
    contact = Initiative.objects.get(pk=initiatives["contact"].pk)
    assert contact.contact_email == ""
    theirs = Initiative.objects.get(pk=initiatives["theirs"].pk)
    assert theirs.contact_name == "Kees Bakker"
    assert summary["ownerships_ended"] == 2
    assert summary["handed_to_stand_in"] == 1
    assert {"Marie Vermeulen", "06 1111 2222"} <= erasure.forgotten
    assert not marie.initiatives_owned.exists()
