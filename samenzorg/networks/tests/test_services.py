"""Services and selectors of the network maps: import rules, analysis and snapshots."""

from django.core.exceptions import ValidationError

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.networks import services

from .factories import ActorFactory, NetworkMapFactory


@pytest.fixture
def facilitator(db):
    return UserFactory(roles=["procesbegeleider"])


def _key_person_without_consent(network_map):
    return ActorFactory(
        network=network_map,
        key="wv",
        is_key_person=True,
        name="",
        role="wijkverpleegkundige",
        contact="",
        consent=False,
    )


def test_import_cannot_store_a_key_persons_name_without_consent(facilitator):
    network_map = NetworkMapFactory(scope="regio")
    person = _key_person_without_consent(network_map)
    with pytest.raises(ValidationError) as raised:
        services.network_import(
            actor=facilitator,
            network_map=network_map,
            actors=[
                {"id": "wv", "name": "Jan Jansen", "where": "Actors, line 2"},
                {"id": "new", "name": "Buurthuis", "where": "Actors, line 3"},
            ],
            ties=[],
        )
    assert any(
        m.startswith("Actors, line 2") and "toestemming" in m
        for m in raised.value.messages
    )
    person.refresh_from_db()
    assert person.name == "" and not person.consent
    assert network_map.actors.count() == 1


def test_import_of_a_key_persons_exported_label_keeps_the_person(facilitator):
    network_map = NetworkMapFactory(scope="regio")
    person = _key_person_without_consent(network_map)
    services.network_import(
        actor=facilitator,
        network_map=network_map,
        actors=[{"id": "wv", "name": "wijkverpleegkundige", "where": "line 2"}],
        ties=[],
    )
    person.refresh_from_db()
    assert person.name == "" and person.is_key_person


def test_import_reports_too_long_values_with_their_line(facilitator):
    network_map = NetworkMapFactory(scope="regio")
    with pytest.raises(ValidationError) as raised:
        services.network_import(
            actor=facilitator,
            network_map=network_map,
            actors=[
                {"id": "k" * 150, "name": "Buurthuis", "where": "Actors, line 2"},
                {"id": "b", "name": "B" * 250, "where": "Actors, line 3"},
                {"id": "c", "name": "Welzijn", "where": "Actors, line 4"},
            ],
            ties=[
                {"from": "b", "to": "c", "source": "s" * 400, "where": "Ties, line 2"}
            ],
        )
    messages = raised.value.messages
    for line, limit in (
        ("Actors, line 2", "100"),
        ("Actors, line 3", "200"),
        ("Ties, line 2", "300"),
    ):
        assert any(m.startswith(line) and limit in m for m in messages), messages
    assert all(m.startswith(("Actors, line", "Ties, line")) for m in messages)
    assert network_map.actors.count() == 0 and network_map.ties.count() == 0
