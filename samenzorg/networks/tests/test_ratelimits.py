"""The questionnaire behind a link: answers are limited per link."""

from django.urls import reverse

import pytest

from samenzorg.networks import services
from samenzorg.networks.models import QuestionnaireAnswer

pytestmark = pytest.mark.django_db


def test_questionnaire_answers_are_limited_per_link(client, settings, network_map):
    settings.RATELIMIT_QUESTIONNAIRE = "2/h"
    nurse = network_map.actors.get(key="nurse")
    other = network_map.actors.get(key="a")
    b = network_map.actors.get(key="b")
    url = reverse(
        "networks:questionnaire",
        args=[services.questionnaire_token(network_actor=nurse)],
    )
    data = {"partners": [b.pk], "others": "", "kind": "samenwerking", "strength": 2}
    assert client.post(url, data).status_code == 200
    assert client.post(url, data).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 429
    assert "U hebt dit te vaak geprobeerd" in response.content.decode()
    assert QuestionnaireAnswer.objects.filter(respondent=nurse).count() == 2
    # Opening the link still works, and another actor's link is not held up.
    assert client.get(url).status_code == 200
    other_url = reverse(
        "networks:questionnaire",
        args=[services.questionnaire_token(network_actor=other)],
    )
    assert client.post(other_url, data).status_code == 200
