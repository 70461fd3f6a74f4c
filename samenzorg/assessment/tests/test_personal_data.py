"""The assessment app's part of the export and erasure of a person."""

import json

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.assessment.models import Participant, Round, Scenario, Score
from samenzorg.assessment.personal_data import ERASED_PARTICIPANT, erase, export
from samenzorg.core import gdpr

from .factories import (
    ParticipantFactory,
    RoundFactory,
    ScenarioFactory,
    score_everything,
)


@pytest.fixture
def marie(db):
    return UserFactory(
        email="marie@example.nl",
        display_name="Marie Vermeulen",
        roles=["procesbegeleider"],
    )


@pytest.fixture
def kees(db):
    return UserFactory(email="kees@example.nl", display_name="Kees Bakker")


@pytest.fixture
def round_(marie, kees):
    round_ = RoundFactory(
        title="Ronde Escamp", facilitator=marie, open=True, initiatives=2
    )
    participants = [
        ParticipantFactory(round=round_, user=marie, name="Marie Vermeulen"),
        ParticipantFactory(round=round_, user=kees, name="Kees Bakker"),
        ParticipantFactory(round=round_, name="Gast zonder account"),
    ]
    score_everything(round_, participants)
    ScenarioFactory(title="Spreiding van Marie", created_by=marie)
    ScenarioFactory(title="Spreiding van Kees", created_by=kees)
    return round_


def test_export_holds_her_participation_scores_rounds_and_scenarios(marie, round_):
    section = export(marie)
    text = json.dumps(section, default=str, ensure_ascii=False)
    assert section["title"] == "Rondes kansrijkheid"
    participation = section["records"][0]
    assert participation["Naam"] == "Marie Vermeulen"
    assert participation["Aantal scores"] == 10  # 2 initiatives × 5 criteria
    assert len(participation["Scores"]) == 10
    assert "Spreiding van Marie" in text and "Ronde Escamp" in text
    assert "Kees" not in text and "Gast" not in text


def test_export_names_her_round_and_division_in_words(marie, round_):
    mine = Participant.objects.get(user=marie)
    criteria = list(round_.criteria.all())
    mine.weights = {str(c.pk): 100 // len(criteria) for c in criteria}
    mine.save(update_fields=["weights"])
    participation = export(marie)["records"][0]
    assert participation["Ronde kansrijkheid"] == "Ronde Escamp"
    assert "Aangemeld op" in participation
    division = participation["Verdeling van 100 punten"]
    assert list(division) == [c.name for c in criteria]
    assert not {"Round", "Created at"} & set(participation)


def test_export_of_another_person_holds_none_of_hers(kees, round_):
    text = json.dumps(export(kees), default=str)
    assert "Kees Bakker" in text
    assert "Marie" not in text


def test_erase_detaches_her_scores_and_hands_her_round_over(marie, kees, round_):
    scores = Score.objects.count()
    mine = Participant.objects.get(user=marie)
    old_token = mine.token
    erasure = gdpr.Erasure(stand_in=gdpr.stand_in_user())
    summary = erase(marie, erasure)
    mine.refresh_from_db()
    assert mine.user is None
    assert mine.name == ERASED_PARTICIPANT
    assert mine.token != old_token
    assert Score.objects.count() == scores
    assert mine.scores.count() == 10  # still counted in the results
    assert Participant.objects.get(user=kees).name == "Kees Bakker"
    assert Round.objects.get(pk=round_.pk).facilitator == erasure.stand_in
    assert Scenario.objects.get(title="Spreiding van Marie").created_by is None
    assert Scenario.objects.get(title="Spreiding van Kees").created_by == kees
    assert summary["scores_kept"] == 10
    assert "Marie Vermeulen" in erasure.forgotten
