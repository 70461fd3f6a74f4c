"""A session must work for a whole room on one network, and stop code guessing."""

from django.test import Client
from django.urls import reverse

import pytest

from samenzorg.assessment.models import Participant, Score

from .factories import RoundFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "U hebt dit te vaak geprobeerd in korte tijd"
SCHOOL_WIFI = "192.0.2.10"


def _join(client, round_, name, **extra):
    return client.post(
        reverse("assessment:join", args=[round_.join_code]),
        {"name": name, "organisation_kind": "zorg"},
        REMOTE_ADDR=SCHOOL_WIFI,
        **extra,
    )


def test_two_hundred_phones_on_one_network_join_and_score(facilitator, settings):
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=1)
    initiative = round_.initiatives.get()
    score_url = reverse("assessment:score", args=[round_.join_code, initiative.pk])
    for n in range(200):
        phone = Client(REMOTE_ADDR=SCHOOL_WIFI)
        code = phone.get(
            reverse("assessment:join_code"), {"code": round_.join_code.lower()}
        )
        assert code.status_code == 302, n
        assert _join(phone, round_, f"Deelnemer {n}").status_code == 302, n
        assert phone.post(f"{score_url}?stap=1", {"value": 3}).status_code == 302, n
    assert Participant.objects.filter(round=round_).count() == 200
    assert Score.objects.filter(participant__round=round_).count() == 200


def test_wrong_join_codes_are_limited_per_ip_address(client, facilitator, settings):
    settings.RATELIMIT_JOIN_CODE = "3/10m"
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=1)
    url = reverse("assessment:join_code")
    for code in ("AAAAAA", "BBBBBB"):
        response = client.get(url, {"code": code})
        assert "Er is geen open sessie met deze code" in response.content.decode()
    # Guessing through the address counts as well.
    assert client.get(reverse("assessment:join", args=["CCCCCC"])).status_code == 404
    response = client.get(url, {"code": round_.join_code})
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    response = client.get(reverse("assessment:session", args=[round_.join_code]))
    assert response.status_code == 429
    # Another network joins as usual.
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.get(url, {"code": round_.join_code}).status_code == 302


def test_joins_of_one_session_are_limited_per_network(client, facilitator, settings):
    settings.RATELIMIT_JOIN = "2/h"
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=1)
    assert _join(Client(), round_, "Een").status_code == 302
    assert _join(Client(), round_, "Twee").status_code == 302
    response = _join(Client(), round_, "Drie")
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert Participant.objects.filter(round=round_).count() == 2


def test_scores_are_limited_per_participant_not_per_network(facilitator, settings):
    settings.RATELIMIT_SCORE = "3/m"
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=1)
    initiative = round_.initiatives.get()
    url = reverse("assessment:score", args=[round_.join_code, initiative.pk])
    first, second = Client(REMOTE_ADDR=SCHOOL_WIFI), Client(REMOTE_ADDR=SCHOOL_WIFI)
    _join(first, round_, "Een")
    _join(second, round_, "Twee")
    for step in (1, 2, 3):
        assert first.post(f"{url}?stap={step}", {"value": 4}).status_code == 302
    response = first.post(f"{url}?stap=4", {"value": 4})
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    # The neighbour on the same network scores on.
    assert second.post(f"{url}?stap=1", {"value": 2}).status_code == 302
