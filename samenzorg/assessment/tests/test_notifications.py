"""Participants with an account hear when a round's results are published."""

from django.core import mail
from django.urls import reverse

import pytest

from samenzorg.assessment.services import round_publish
from samenzorg.core.models import Notification

from .factories import ParticipantFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(facilitator):
    return RoundFactory(facilitator=facilitator, closed=True, title="Ronde <b>Zuid</b>")


def test_participant_with_account_hears_when_results_are_published(
    closed_round, facilitator, django_capture_on_commit_callbacks
):
    person = UserFactory(roles=["bewoner"])
    ParticipantFactory(round=closed_round, user=person)
    ParticipantFactory(round=closed_round)  # joined without an account
    ParticipantFactory(round=closed_round, user=facilitator)  # the actor

    with django_capture_on_commit_callbacks(execute=True):
        round_publish(actor=facilitator, round=closed_round)

    note = Notification.objects.get()
    assert note.recipient == person
    assert note.kind == "assessment.results_published"
    assert note.url == reverse("assessment:round_results", args=[closed_round.pk])
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert message.subject == 'De uitslag van "Ronde <b>Zuid</b>" staat online'
    assert "De uitslag is nu openbaar." in message.body


def test_nobody_hears_when_results_are_hidden_again(
    closed_round, facilitator, django_capture_on_commit_callbacks
):
    ParticipantFactory(round=closed_round, user=UserFactory())
    round_publish(actor=facilitator, round=closed_round)
    with django_capture_on_commit_callbacks(execute=True):
        round_publish(actor=facilitator, round=closed_round, published=False)
        round_publish(actor=facilitator, round=closed_round, published=False)
    assert not Notification.objects.exists()


def test_english_participant_gets_english_mail(
    closed_round, facilitator, django_capture_on_commit_callbacks
):
    ParticipantFactory(round=closed_round, user=UserFactory(language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        round_publish(actor=facilitator, round=closed_round)
    (message,) = mail.outbox
    assert message.subject == 'The results of "Ronde <b>Zuid</b>" are online'
    assert "You took part in the assessment" in message.body
