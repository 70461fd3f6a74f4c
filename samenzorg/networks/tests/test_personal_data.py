"""The networks app's part of the export and erasure of a person."""

import json

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.core import gdpr
from samenzorg.networks.models import Actor, NetworkMap, Tie
from samenzorg.networks.personal_data import erase, export

from .factories import ActorFactory, NetworkMapFactory, TieFactory


@pytest.fixture
def marie(db):
    return UserFactory(email="marie@example.nl", display_name="Marie Vermeulen")


@pytest.fixture
def kees(db):
    return UserFactory(email="kees@example.nl", display_name="Kees Bakker")


@pytest.fixture
def network(marie, kees):
    network_map = NetworkMapFactory(name="Netwerk Moerwijk", created_by=marie)
    her = ActorFactory(
        network=network_map,
        is_key_person=True,
        name="Wijkverpleegkundige",
        role="Wijkverpleegkundige",
        organisation="Zorg Thuis",
        contact="Marie@example.nl, 06 1111 2222",
        consent=True,
    )
    by_name = ActorFactory(network=network_map, name="marie vermeulen")
    his = ActorFactory(
        network=network_map,
        is_key_person=True,
        name="Kees Bakker",
        contact="kees@example.nl",
        consent=True,
        notes="Werkt samen met Marie Vermeulen",
    )
    TieFactory(network=network_map, source_actor=her, target_actor=his)
    NetworkMapFactory(name="Netwerk Segbroek", created_by=kees)
    return {"map": network_map, "her": her, "by_name": by_name, "his": his}


def test_export_holds_the_actors_that_are_her_and_her_maps(marie, network):
    section = export(marie)
    text = json.dumps(section, default=str, ensure_ascii=False)
    assert section["title"] == "Netwerkkaarten"
    kinds = [r["Soort gegevens"] for r in section["records"]]
    assert kinds.count("persoon op een netwerkkaart") == 2
    assert kinds.count("netwerkkaart die u maakte") == 1
    assert "06 1111 2222" in text
    assert "kees" not in text.lower() and "Segbroek" not in text
    labels = {label for record in section["records"] for label in record}
    assert {"Netwerkkaart", "Gemaakt op"} <= labels
    assert not {"Network", "Created at"} & labels


def test_export_of_another_person_holds_none_of_hers(kees, network):
    text = json.dumps(export(kees), default=str)
    assert "Kees Bakker" in text and "Segbroek" in text
    assert "06 1111 2222" not in text


def test_erase_keeps_the_actors_and_ties_without_her_name(marie, kees, network):
    actors, ties = Actor.objects.count(), Tie.objects.count()
    version = network["map"].version
    erasure = gdpr.Erasure(stand_in=gdpr.stand_in_user())
    erasure.forget(marie.email, str(marie))
    summary = erase(marie, erasure)
    assert (Actor.objects.count(), Tie.objects.count()) == (actors, ties)
    her = Actor.objects.get(pk=network["her"].pk)
    assert (her.name, her.contact, her.consent) == ("", "", False)
    assert her.public_name == "Wijkverpleegkundige (Zorg Thuis)"
    by_name = Actor.objects.get(pk=network["by_name"].pk)
    assert by_name.name == "" and by_name.is_key_person
    his = Actor.objects.get(pk=network["his"].pk)
    assert his.name == "Kees Bakker" and his.contact == "kees@example.nl"
    assert his.notes == f"Werkt samen met {gdpr.ERASED}"
    network_map = NetworkMap.objects.get(pk=network["map"].pk)
    assert network_map.created_by is None
    assert network_map.version == version + 1
    assert NetworkMap.objects.get(name="Netwerk Segbroek").created_by == kees
    assert summary == {"actors_made_anonymous": 2, "maps_kept": 1}
