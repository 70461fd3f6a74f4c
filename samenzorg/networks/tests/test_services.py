"""Services and selectors of the network maps: import rules, analysis and snapshots."""

import datetime
import io
from unittest.mock import patch

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.networks import selectors, services

from .factories import ActorFactory, NetworkMapFactory, TieFactory


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


def _line(network_map, n=3):
    actors = [ActorFactory(network=network_map, key=f"x{i}") for i in range(n)]
    return actors


def test_current_analysis_leaves_out_ended_and_future_ties(db):
    network_map = NetworkMapFactory(scope="regio")
    a, b, c, d = _line(network_map, 4)
    today = timezone.localdate()
    TieFactory(network=network_map, source_actor=a, target_actor=b)
    TieFactory(
        network=network_map,
        source_actor=b,
        target_actor=c,
        ended_on=today - datetime.timedelta(days=1),
    )
    TieFactory(
        network=network_map,
        source_actor=c,
        target_actor=d,
        started_on=today + datetime.timedelta(days=1),
    )
    analysis = selectors.network_map_analysis(network_map=network_map)
    assert analysis["n_ties"] == 1
    assert analysis["actors"][str(c.pk)]["degree"] == 0
    assert analysis["components"] == 3


def test_stored_analysis_is_renewed_when_a_tie_ends_on_a_later_day(db):
    network_map = NetworkMapFactory(scope="regio")
    a, b, _c = _line(network_map)
    today = timezone.localdate()
    TieFactory(
        network=network_map,
        source_actor=a,
        target_actor=b,
        ended_on=today + datetime.timedelta(days=1),
    )
    assert selectors.network_map_analysis(network_map=network_map)["n_ties"] == 1
    later = today + datetime.timedelta(days=2)
    with patch.object(selectors.timezone, "localdate", return_value=later):
        network_map.refresh_from_db()
        assert selectors.network_map_analysis(network_map=network_map)["n_ties"] == 0


def test_snapshot_has_only_the_actors_that_existed_then(db):
    network_map = NetworkMapFactory(scope="regio")
    old, partner, late = _line(network_map)
    TieFactory(
        network=network_map,
        source_actor=old,
        target_actor=partner,
        started_on=datetime.date(2016, 1, 1),
    )
    network_map.actors.filter(pk=late.pk).update(
        created_at=timezone.now() + datetime.timedelta(days=30)
    )
    now = selectors.network_map_at(network_map=network_map, at=timezone.localdate())
    assert set(now["actors"]) == {str(old.pk), str(partner.pk)}
    # Long ago nothing existed yet: an empty network, not every actor.
    before = selectors.network_map_at(
        network_map=network_map, at=datetime.date(2000, 1, 1)
    )
    assert before["actors"] == [] and before["ties"] == []


def test_import_from_a_stored_file_reports_progress(facilitator, tmp_path, settings):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    network_map = NetworkMapFactory(scope="regio")
    name = default_storage.save(
        "imports/partijen.csv",
        io.BytesIO(b"id;naam\na;Buurthuis\nb;Welzijn\n"),
    )
    calls = []
    report = services.network_import_file(
        actor=facilitator,
        network_map=network_map,
        file=name,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert report.ok and (report.actors, report.ties) == (2, 0)
    assert calls == [(2, 2)]
    assert network_map.actors.count() == 2


def test_a_broken_cell_and_the_other_mistakes_are_reported_together(facilitator):
    network_map = NetworkMapFactory(scope="regio")
    report = services.network_import_file(
        actor=facilitator,
        network_map=network_map,
        file=io.BytesIO(b"id;naam;type\na;Buurt\x07huis;welzijn\nb;Welzijn;toverij\n"),
    )
    assert [(p.sheet, p.line, p.column) for p in report.problems] == [
        ("Partijen", 2, "naam"),
        ("Partijen", 3, "type"),
    ]
    assert network_map.actors.count() == 0
