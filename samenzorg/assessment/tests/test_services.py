"""Services: validation in Dutch, the session's life cycle, audit rows, results."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from samenzorg.assessment import services
from samenzorg.assessment.models import Round
from samenzorg.assessment.selectors import (
    participant_assignment,
    round_progress,
    round_results,
)
from samenzorg.core.models import AuditEntry
from samenzorg.initiatives.tests.factories import InitiativeFactory

from .factories import ParticipantFactory, RoundFactory, score_everything


def test_round_create_uses_the_five_criteria_of_2016(facilitator):
    round_ = services.round_create(
        actor=facilitator, title="Sessie", date=datetime.date(2016, 6, 28)
    )
    names = [c.name for c in round_.criteria.all()]
    assert names == [
        "Aansluiting op de behoefte",
        "Draagvlak en legitimiteit",
        "Zorg dicht bij huis",
        "Extra impuls",
        "Eigen middelen en continuïteit",
    ]
    assert AuditEntry.objects.filter(target_id=str(round_.pk), action="create").exists()


def test_round_select_initiatives_uses_what_the_actor_may_see(facilitator):
    public = InitiativeFactory()
    InitiativeFactory(concept=True)
    round_ = RoundFactory(facilitator=facilitator)
    assert services.round_select_initiatives(actor=facilitator, round=round_) == 1
    assert list(round_.initiatives.all()) == [public]


def test_open_without_initiatives_is_refused(facilitator):
    round_ = RoundFactory(facilitator=facilitator)
    with pytest.raises(ValidationError) as info:
        services.round_open(actor=facilitator, round=round_)
    assert info.value.messages == ["Kies eerst de initiatieven, open daarna de sessie."]


def test_join_positions_follow_the_order_of_joining(facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=2)
    a = services.participant_join(round=round_, name="A")
    b = services.participant_join(round=round_, name="B")
    assert (a.position, b.position) == (0, 1)


def test_join_closed_round_is_refused(facilitator):
    round_ = RoundFactory(facilitator=facilitator, closed=True)
    with pytest.raises(ValidationError):
        services.participant_join(round=round_, name="A")


def test_score_save_checks_scale_and_assignment(facilitator):
    round_ = RoundFactory(
        facilitator=facilitator,
        open=True,
        initiatives=4,
        expected_participants=4,
        raters_per_initiative=1,
    )
    participant = services.participant_join(round=round_, name="A")
    criterion = round_.criteria.first()
    ids = list(round_.initiatives.values_list("pk", flat=True))
    mine = participant_assignment(participant, ids)
    assert len(mine) == 1
    with pytest.raises(ValidationError) as info:
        services.score_save(
            participant=participant, initiative_id=mine[0], criterion=criterion, value=0
        )
    assert info.value.message_dict == {"value": ["Kies een score van 1 tot en met 5."]}
    other = next(i for i in ids if i not in mine)
    with pytest.raises(PermissionDenied):
        services.score_save(
            participant=participant, initiative_id=other, criterion=criterion, value=3
        )
    services.score_save(
        participant=participant, initiative_id=mine[0], criterion=criterion, value=3
    )
    services.score_save(
        participant=participant, initiative_id=mine[0], criterion=criterion, value=4
    )
    assert participant.scores.get().value == 4


def test_every_initiative_reaches_r_raters_when_expected_people_join(facilitator):
    round_ = RoundFactory(
        facilitator=facilitator,
        open=True,
        initiatives=7,
        expected_participants=5,
        raters_per_initiative=2,
    )
    people = [services.participant_join(round=round_, name=f"P{n}") for n in range(5)]
    ids = list(round_.initiatives.values_list("pk", flat=True))
    counts = dict.fromkeys(ids, 0)
    for p in people:
        for i in participant_assignment(p, ids):
            counts[i] += 1
    assert min(counts.values()) >= 2


def test_results_are_reproducible_and_follow_weights(scored_round):
    first = round_results(scored_round)
    from django.core.cache import cache

    cache.clear()
    second = round_results(scored_round)
    assert first == second
    assert [r["rank"] for r in first["ranking"]] == [1, 2, 3]
    assert all(r["low"] <= r["score"] <= r["high"] for r in first["ranking"])
    assert len(first["sensitivity"]) == 5


def test_results_score_equals_sum_of_contributions(scored_round):
    for row in round_results(scored_round)["ranking"]:
        assert sum(row["contributions"]) == pytest.approx(row["score"])


def test_progress_counts_who_still_works(facilitator):
    round_ = RoundFactory(
        facilitator=facilitator, open=True, initiatives=2, expected_participants=2
    )
    done = ParticipantFactory(round=round_, position=0)
    ParticipantFactory(round=round_, position=1)
    score_everything(round_, [done])
    progress = round_progress(round_)
    assert progress["n_participants"] == 2
    assert progress["n_working"] == 1


def test_adopt_median_weights_needs_divisions(facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True)
    with pytest.raises(ValidationError) as info:
        services.round_adopt_median_weights(actor=facilitator, round=round_)
    assert info.value.messages == ["Nog niemand heeft de 100 punten verdeeld."]


def test_criteria_cannot_be_removed_once_open(facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True)
    items = [
        {"id": c.pk, "name": c.name, "description": "", "weight": 1}
        for c in round_.criteria.all()
    ][:-1]
    with pytest.raises(ValidationError):
        services.round_set_criteria(actor=facilitator, round=round_, criteria=items)


def test_publish_needs_a_closed_round(facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True)
    with pytest.raises(ValidationError):
        services.round_publish(actor=facilitator, round=round_)
    round_.status = Round.Status.CLOSED
    services.round_publish(actor=facilitator, round=round_)
    assert round_.is_published is True


def test_scores_save_writes_all_or_nothing(facilitator):
    round_ = RoundFactory(
        facilitator=facilitator,
        open=True,
        initiatives=2,
        expected_participants=1,
        raters_per_initiative=1,
    )
    participant = services.participant_join(round=round_, name="A")
    criteria = list(round_.criteria.all())
    ids = list(round_.initiatives.values_list("pk", flat=True))
    good = [(i, c, 3) for i in ids for c in criteria]
    with pytest.raises(ValidationError):
        services.participant_scores_save(
            participant=participant, scores=[*good[:-1], (ids[0], criteria[0], 7)]
        )
    assert participant.scores.count() == 0
    assert services.participant_scores_save(participant=participant, scores=good) == 10
    services.participant_scores_save(
        participant=participant, scores=[(ids[0], criteria[0], 5)]
    )
    assert (
        participant.scores.get(initiative_id=ids[0], criterion=criteria[0]).value == 5
    )
    assert participant.scores.count() == 10


def test_results_show_a_renamed_initiative_at_once(scored_round):
    first = round_results(scored_round)
    initiative = scored_round.initiatives.order_by("pk").first()
    initiative.name = "Nieuwe naam <b>vet</b>"
    initiative.save()
    names = {row["id"]: row["name"] for row in round_results(scored_round)["ranking"]}
    assert names[initiative.pk] == "Nieuwe naam <b>vet</b>"
    assert first["ranking"] != round_results(scored_round)["ranking"]


def test_results_follow_a_changed_initiative_set(scored_round):
    round_results(scored_round)
    extra = InitiativeFactory()
    scored_round.initiatives.add(extra)
    results = round_results(scored_round)
    assert extra.pk in {row["id"] for row in results["unscored"]}
    scored_round.initiatives.remove(extra)
    dropped = scored_round.initiatives.order_by("pk").first()
    scored_round.initiatives.remove(dropped)
    ids = {row["id"] for row in round_results(scored_round)["ranking"]}
    assert dropped.pk not in ids


def test_cached_results_take_a_fixed_number_of_queries(
    scored_round, django_assert_num_queries
):
    round_results(scored_round)
    with django_assert_num_queries(3):
        round_results(scored_round)


def test_assignment_keeps_to_the_maximum_per_person(facilitator):
    round_ = RoundFactory(
        facilitator=facilitator,
        open=True,
        initiatives=10,
        expected_participants=2,
        raters_per_initiative=3,
        max_per_person=4,
    )
    people = [services.participant_join(round=round_, name=f"P{n}") for n in range(2)]
    ids = list(round_.initiatives.values_list("pk", flat=True))
    assert [len(participant_assignment(p, ids)) for p in people] == [4, 4]
    progress = round_progress(round_)
    assert [p["assigned"] for p in progress["participants"]] == [4, 4]


def test_round_takes_only_public_initiatives_even_for_staff(beheerder):
    """Participants may be anonymous and results public: a concept never goes in."""
    InitiativeFactory(public=True)
    InitiativeFactory(concept=True)
    InitiativeFactory(archived=True)
    round_ = RoundFactory(facilitator=beheerder)
    assert services.round_select_initiatives(actor=beheerder, round=round_) == 1
    assert set(round_.initiatives.values_list("status", flat=True)) == {"public"}
