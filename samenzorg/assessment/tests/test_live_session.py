"""The hot paths of a live session stay light: joining, scoring, the projector.

The number of queries is pinned, so that a change that adds one to every phone's
request shows here. Tests run inside a transaction, so a service's own transaction
shows as two statements (``SAVEPOINT`` and ``RELEASE``); the score's upsert has
none: it is one statement.
"""

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from samenzorg.assessment import services
from samenzorg.assessment.models import Participant, Round, Score
from samenzorg.assessment.selectors import (
    participant_assignment,
    round_frame,
    round_live,
)

from .factories import RoundFactory


def transactions(n: int) -> int:
    """The statements ``n`` transactions of a service add to a query count."""
    return 2 * n


@pytest.fixture
def live_round(facilitator):
    return RoundFactory(
        facilitator=facilitator,
        open=True,
        initiatives=6,
        expected_participants=2,
        raters_per_initiative=1,
    )


def _join(client, round_, name="Fatima"):
    response = client.post(
        reverse("assessment:join", args=[round_.join_code]),
        {"name": name, "organisation_kind": "zorg"},
    )
    assert response.status_code == 302
    return Participant.objects.get(round=round_, name=name)


def _first_assigned(participant):
    ids = list(participant.round.initiatives.values_list("pk", flat=True))
    return participant_assignment(participant, ids)[0]


def test_joining_reads_the_round_and_writes_one_participant(
    client, live_round, django_assert_num_queries
):
    url = reverse("assessment:join", args=[live_round.join_code])
    # The round; then in one transaction: its lock, the last position, the new
    # participant, its audit entry.
    with django_assert_num_queries(5 + transactions(1)):
        response = client.post(url, {"name": "Fatima", "organisation_kind": "zorg"})
    assert response.status_code == 302
    assert Participant.objects.get(round=live_round).position == 0


def test_score_save_is_one_statement(live_round, django_assert_num_queries):
    participant = services.participant_join(round=live_round, name="A")
    criterion = live_round.criteria.first()
    initiative = _first_assigned(participant)
    round_frame(live_round)  # as the scoring page has read it already
    with django_assert_num_queries(1):
        services.score_save(
            participant=participant,
            initiative_id=initiative,
            criterion=criterion,
            value=2,
        )
    with django_assert_num_queries(1):
        services.score_save(
            participant=participant,
            initiative_id=initiative,
            criterion=criterion,
            value=5,
        )
    score = Score.objects.get(participant=participant)
    assert (score.initiative_id, score.criterion_id, score.value) == (
        initiative,
        criterion.pk,
        5,
    )


def test_scoring_page_and_score_post_are_light(
    client, live_round, django_assert_num_queries
):
    participant = _join(client, live_round)
    initiative = _first_assigned(participant)
    url = reverse("assessment:score", args=[live_round.join_code, initiative])
    client.get(reverse("assessment:session", args=[live_round.join_code]))
    # The participant with her round, her score on this criterion (the initiative
    # comes with the round's frame).
    with django_assert_num_queries(2):
        page = client.get(url)
    assert page.status_code == 200
    # The participant with her round, the upsert.
    with django_assert_num_queries(2):
        response = client.post(url, {"value": 4})
    assert response.status_code == 302
    with django_assert_num_queries(2):
        client.post(url, {"value": 2})
    assert list(Score.objects.values_list("value", flat=True)) == [2]
    # The page shows the value given.
    assert re.search(r'value="2"[^>]*checked', client.get(url).content.decode())


def test_changed_criteria_show_at_once_on_the_phones(client, live_round, facilitator):
    participant = _join(client, live_round)
    url = reverse(
        "assessment:score", args=[live_round.join_code, _first_assigned(participant)]
    )
    assert client.get(url).status_code == 200
    items = [
        {"id": c.pk, "name": f"Nieuw {n}", "description": "", "weight": 1}
        for n, c in enumerate(live_round.criteria.all())
    ]
    services.round_set_criteria(actor=facilitator, round=live_round, criteria=items)
    assert "Nieuw 0" in client.get(url).content.decode()


def test_live_results_are_read_in_a_few_queries_and_shared(
    live_round, django_assert_num_queries, django_assert_max_num_queries
):
    people = [
        services.participant_join(round=live_round, name=f"P{n}") for n in range(2)
    ]
    for person in people:
        for criterion in live_round.criteria.all():
            services.score_save(
                participant=person,
                initiative_id=_first_assigned(person),
                criterion=criterion,
                value=3,
            )
    cache.clear()
    # Criteria and initiatives, participants with their counts, who rated what;
    # the results: criteria, initiatives, the scores' stamp, the scores.
    with django_assert_num_queries(8):
        live = round_live(live_round)
    assert live["progress"]["n_participants"] == 2
    assert len(live["ranking"]) == 2
    # Every other screen within a second gets the same figures without a query.
    with django_assert_num_queries(0):
        assert round_live(live_round) == live


def test_projector_poll_is_light_and_shows_a_closed_round_at_once(
    client, live_round, facilitator, django_assert_num_queries
):
    client.force_login(facilitator)
    url = reverse("assessment:round_projector_progress", args=[live_round.pk])
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
    # The session, the user and her roles, the round: the figures come from the cache.
    with django_assert_num_queries(4):
        response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    # Closing the round changes what the screen shows at once, not a second later.
    services.round_close(actor=facilitator, round=live_round)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"HX-Request": "true"})
    assert len(queries) > 4
    assert Round.objects.get(pk=live_round.pk).status == Round.Status.CLOSED


def test_projector_poll_needs_the_facilitator(client, live_round, bewoner):
    url = reverse("assessment:round_projector_progress", args=[live_round.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    # htmx is sent to the login page (an empty answer with HX-Redirect).
    assert response.status_code == 204
    assert "HX-Redirect" in response.headers
    client.force_login(bewoner)
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 404


def test_a_phone_is_known_only_in_the_round_it_joined(client, live_round, facilitator):
    participant = _join(client, live_round)
    initiative = _first_assigned(participant)
    other = RoundFactory(facilitator=facilitator, open=True, initiatives=6)
    # The cookie of the first round, even renamed to the other round's id, does
    # not make the phone a participant of the other round.
    token = client.cookies[f"szr_deelnemer_{live_round.pk}"].value
    client.cookies[f"szr_deelnemer_{other.pk}"] = token
    url = reverse("assessment:score", args=[other.join_code, initiative])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:join", args=[other.join_code])
    assert not other.participants.exists()


@pytest.mark.parametrize(
    "name, value",
    [
        ("szr_deelnemer_{pk}", "not-signed"),
        ("szr_deelnemer_{pk}", "{token}:forged"),
        ("szr_deelnemer_²", "x"),
        ("szr_deelnemer_", "x"),
    ],
)
def test_a_forged_participant_cookie_is_a_stranger(client, live_round, name, value):
    participant = _join(client, live_round)
    client.cookies.clear()
    cookie = f"{name}={value}".format(pk=live_round.pk, token=participant.token)
    url = reverse(
        "assessment:score", args=[live_round.join_code, _first_assigned(participant)]
    )
    response = client.get(url, HTTP_COOKIE=cookie)
    assert response.status_code == 302
    assert "meedoen" in response["Location"]
