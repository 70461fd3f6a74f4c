"""The map's facilitator and the area's municipal staff hear of answers that wait."""

from django.core import mail
from django.urls import reverse

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.core.models import Notification
from samenzorg.networks import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def map_with_maker(network_map, users):
    network_map.created_by = users["procesbegeleider"]
    network_map.save()
    return network_map


def _submit(network_map):
    respondent = network_map.actors.get(key="a")
    partner = network_map.actors.get(key="b")
    return services.questionnaire_submit(
        respondent=respondent, partners=[partner], other_names=["Moskee Al Fath"]
    )


def test_facilitator_and_area_staff_hear_that_answers_wait(
    map_with_maker, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(map_with_maker)

    notes = Notification.objects.filter(kind="networks.answers_waiting")
    # The maker, and staff and facilitators with a role for the map's area.
    assert {n.recipient_id for n in notes} == {
        users["procesbegeleider"].pk,
        users["area_gemeente"].pk,
        users["area_procesbegeleider"].pk,
    }
    assert notes[0].url == (
        reverse("networks:detail", args=[map_with_maker.pk]) + "#editor"
    )
    message = next(m for m in mail.outbox if m.to == [users["procesbegeleider"].email])
    assert message.subject == (
        f'Nieuwe antwoorden voor de netwerkkaart "{map_with_maker.name}"'
    )
    assert (
        'Buurthuis <b>De Boog</b> heeft de vragenlijst voor de netwerkkaart "'
        in message.body
    )
    assert "ingevuld en 2 partners genoemd." in message.body


def test_staff_of_another_area_and_residents_hear_nothing(
    map_with_maker, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(map_with_maker)
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert users["other_area_gemeente"].pk not in recipients
    assert users["bewoner"].pk not in recipients


def test_maker_who_lost_the_role_hears_nothing(
    network_map, django_capture_on_commit_callbacks
):
    former = UserFactory(roles=["bewoner"])
    network_map.created_by = former
    network_map.save()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(network_map)
    assert not Notification.objects.filter(recipient=former).exists()


def test_kind_for_map_staff_is_not_offered_to_a_resident(client, users):
    settings_url = reverse("core:notification_settings")
    client.force_login(users["bewoner"])
    assert (
        "Antwoorden op de vragenlijst" not in client.get(settings_url).content.decode()
    )
    client.force_login(users["procesbegeleider"])
    assert "Antwoorden op de vragenlijst" in client.get(settings_url).content.decode()
