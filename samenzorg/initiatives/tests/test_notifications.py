"""Owners hear when somebody else changes or archives their initiative."""

from django.core import mail
from django.urls import reverse

import pytest

from samenzorg.core.models import Notification
from samenzorg.initiatives.services import initiative_archive, initiative_update

from .factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(initiatiefnemer, other_initiator):
    return InitiativeFactory(
        name="Kookclub <b>Zuid</b>", owners=[initiatiefnemer, other_initiator]
    )


def test_owners_hear_when_gemeente_changes_their_initiative(
    initiative,
    initiatiefnemer,
    other_initiator,
    gemeente_user,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_update(
            actor=gemeente_user,
            initiative=initiative,
            description="Nieuwe tekst",
            website="https://kookclub.example.nl",
        )
    notes = Notification.objects.filter(kind="initiatives.initiative_changed")
    assert {n.recipient_id for n in notes} == {initiatiefnemer.pk, other_initiator.pk}
    assert all(n.actor_id == gemeente_user.pk for n in notes)
    assert notes[0].url == reverse("initiatives:detail", args=[initiative.pk])
    message = next(m for m in mail.outbox if m.to == [initiatiefnemer.email])
    assert message.subject == 'Uw initiatief "Kookclub <b>Zuid</b>" is gewijzigd'
    assert "Dit is veranderd: omschrijving, website." in message.body
    assert f'{gemeente_user} heeft uw initiatief "Kookclub <b>Zuid</b>"' in (
        message.body
    )


def test_owner_hears_nothing_when_an_owner_changes_it(
    initiative, initiatiefnemer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_update(
            actor=initiatiefnemer, initiative=initiative, description="Mijn tekst"
        )
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_nobody_hears_of_a_save_without_changes(
    initiative, gemeente_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_update(
            actor=gemeente_user, initiative=initiative, name=initiative.name
        )
    assert not Notification.objects.exists()


def test_owners_hear_when_gemeente_archives_their_initiative(
    initiative, initiatiefnemer, gemeente_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_archive(actor=gemeente_user, initiative=initiative)
    note = Notification.objects.get(recipient=initiatiefnemer)
    # Owners cannot open an archived initiative: no link to a 404.
    assert note.url == ""
    message = next(m for m in mail.outbox if m.to == [initiatiefnemer.email])
    assert message.subject == 'Uw initiatief "Kookclub <b>Zuid</b>" is gearchiveerd'
    assert "Neem dan contact op met de gemeente." in message.body


def test_english_owner_gets_the_notice_in_english(
    gemeente_user, django_capture_on_commit_callbacks
):
    owner = UserFactory(roles=["initiatiefnemer"], language="en")
    initiative = InitiativeFactory(name="Kookclub", owners=[owner])
    with django_capture_on_commit_callbacks(execute=True):
        initiative_update(actor=gemeente_user, initiative=initiative, maturity="idee")
    (message,) = mail.outbox
    assert message.subject == 'Your initiative "Kookclub" was changed'
    assert "What changed: maturity." in message.body
    assert "Please check that everything is still right." in message.body
