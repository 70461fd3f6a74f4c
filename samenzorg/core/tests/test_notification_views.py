"""The bell, the list, reading and the preferences page."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.core.forms import field_name
from samenzorg.core.models import Delivery, Notification, NotificationPreference
from samenzorg.core.notifications import kinds_for

from .conftest import EVENT
from .factories import NotificationFactory

pytestmark = pytest.mark.django_db
LIST = reverse("core:notifications")
SETTINGS = reverse("core:notification_settings")


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def _bell(page: str) -> str:
    match = re.search(r'<a id="notification-bell".*?</a>', page, re.S)
    return match.group(0) if match else ""


def _bell_name(page: str) -> str:
    """The bell's accessible name: its label, else its text."""
    bell = _bell(page)
    label = re.search(r'aria-label="([^"]*)"', bell)
    return label.group(1) if label else _text(bell)


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_anonymous_sees_no_bell_and_is_sent_to_login(client):
    assert _bell(client.get("/").content.decode()) == ""
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_user_sees_unread_count_in_the_bell(logged_in, user):
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read=True)
    bell = _bell(logged_in.get("/").content.decode())
    assert f'href="{LIST}"' in bell
    assert _bell_name(bell) == "Meldingen, 3 ongelezen"
    assert _text(bell) == "Meldingen 3"


def test_bell_without_unread_says_only_notifications(logged_in):
    assert _bell_name(logged_in.get("/").content.decode()) == "Meldingen"


def test_bell_costs_no_query(logged_in, user):
    """The count is stored on the user, which every page loads anyway."""
    NotificationFactory.create_batch(2, recipient=user)
    with CaptureQueriesContext(connection) as queries:
        page = logged_in.get(reverse("accounts:profile")).content.decode()
    assert "Meldingen, 2 ongelezen" in _bell_name(page)
    assert not [q for q in queries if "core_notification" in q["sql"]]


def test_list_shows_newest_first_with_unread_marked(logged_in, user):
    old = NotificationFactory(recipient=user, context={"name": "Oud"}, read=True)
    new = NotificationFactory(recipient=user, context={"name": "Nieuw <b>ding</b>"})
    page = logged_in.get(LIST).content.decode()
    assert page.index("Something happened to Nieuw") < page.index(
        "Something happened to Oud"
    )
    assert "Nieuw &lt;b&gt;ding&lt;/b&gt;" in page
    assert f'id="notification-{new.pk}" class="notification notification--unread"' in (
        page
    )
    assert f'id="notification-{old.pk}" class="notification"' in page
    assert reverse("core:notification_open", args=[new.pk]) in page


def test_list_is_paginated(logged_in, user):
    NotificationFactory.create_batch(25, recipient=user)
    first = logged_in.get(LIST).content.decode()
    second = logged_in.get(LIST + "?page=2").content.decode()
    assert first.count('class="notification ') == 20
    assert second.count('class="notification ') == 5
    assert "Pagina 2 van 2" in second


@pytest.mark.parametrize("size", [3, 60])
def test_list_query_count_is_constant(logged_in, user, size, django_assert_num_queries):
    actor = UserFactory()
    NotificationFactory.create_batch(size, recipient=user, actor=actor)
    # session, user, roles (asked by the second-login-step check), count, page
    with django_assert_num_queries(5):
        logged_in.get(LIST)


def test_opening_marks_read_and_goes_to_the_object(logged_in, user):
    notification = NotificationFactory(recipient=user, url="/initiatieven/")
    response = logged_in.get(reverse("core:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response.url == "/initiatieven/"
    notification.refresh_from_db()
    assert notification.is_read
    user.refresh_from_db()
    assert user.unread_notifications == 0


def test_user_can_mark_one_read_without_htmx(logged_in, user):
    notification = NotificationFactory(recipient=user)
    response = logged_in.post(
        reverse("core:notification_mark_read", args=[notification.pk]),
        {"next": LIST + "?page=1"},
    )
    assert response.status_code == 302
    assert response.url == LIST + "?page=1"
    assert Notification.objects.get(pk=notification.pk).is_read


def test_user_can_mark_one_read_with_htmx(logged_in, user):
    notification, _other = NotificationFactory.create_batch(2, recipient=user)
    response = logged_in.post(
        reverse("core:notification_mark_read", args=[notification.pk]),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{notification.pk}" class="notification"' in page
    assert 'hx-swap-oob="true"' in page
    assert "Meldingen, 1 ongelezen" in _bell_name(page)
    # The count above the list follows, and the keyboard focus stays on the item.
    assert (
        '<span id="notification-count" hx-swap-oob="true">U hebt 1 ongelezen melding.'
        in page
    )
    assert "data-focus-after-swap" in page


def test_user_can_mark_all_read(logged_in, user):
    NotificationFactory.create_batch(3, recipient=user)
    response = logged_in.post(reverse("core:notification_mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    page = logged_in.get(response.url).content.decode()
    assert "Alle meldingen zijn gemarkeerd als gelezen." in page
    assert _bell_name(page) == "Meldingen"


def test_user_can_mark_all_read_with_htmx(logged_in, user):
    NotificationFactory.create_batch(2, recipient=user)
    response = logged_in.post(
        reverse("core:notification_mark_all_read"), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="notification-list">')
    assert "notification--unread" not in page
    assert _bell_name(page) == "Meldingen"


def test_marking_read_needs_post(logged_in, user):
    notification = NotificationFactory(recipient=user)
    url = reverse("core:notification_mark_read", args=[notification.pk])
    assert logged_in.get(url).status_code == 405
    assert logged_in.get(reverse("core:notification_mark_all_read")).status_code == 405


def test_marking_read_needs_the_csrf_token(user):
    notification = NotificationFactory(recipient=user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse("core:notification_mark_read", args=[notification.pk])
    assert client.post(url).status_code == 403
    assert not Notification.objects.get(pk=notification.pk).is_read


def test_other_user_cannot_see_open_or_mark_my_notification(client, user):
    mine = NotificationFactory(recipient=user, context={"name": "Geheim"})
    other = UserFactory()
    client.force_login(other)
    assert "Geheim" not in client.get(LIST).content.decode()
    assert (
        client.get(reverse("core:notification_open", args=[mine.pk])).status_code == 404
    )
    assert (
        client.post(reverse("core:notification_mark_read", args=[mine.pk])).status_code
        == 404
    )
    client.post(reverse("core:notification_mark_all_read"))
    assert not Notification.objects.get(pk=mine.pk).is_read


def test_open_does_not_follow_a_link_to_another_site(logged_in, user):
    notification = NotificationFactory(recipient=user, url="https://example.com/")
    response = logged_in.get(reverse("core:notification_open", args=[notification.pk]))
    assert response.url == LIST


# ---------------------------------------------------------------- preferences


def test_profile_links_to_the_preferences(logged_in):
    assert SETTINGS in logged_in.get(reverse("accounts:profile")).content.decode()


def test_user_can_choose_per_kind_and_language(logged_in, user):
    page = logged_in.get(SETTINGS).content.decode()
    assert "Test core.test_event" in page
    assert "Dagelijks overzicht" in page
    assert "Taal van de e-mails" in page

    data = {field_name(kind.key): kind.default for kind in kinds_for(user)}
    data.update(
        {
            "kind__core__test_event": Delivery.DIGEST,
            "kind__core__test_digested": Delivery.OFF,
            "language": "en",
        }
    )
    response = logged_in.post(SETTINGS, data)
    assert response.status_code == 302
    assert dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
    ) == {EVENT: Delivery.DIGEST, "core.test_digested": Delivery.OFF}
    user.refresh_from_db()
    assert user.language == "en"
    page = logged_in.get(SETTINGS).content.decode()
    assert "Uw keuzes zijn opgeslagen." in page
    assert re.search(r'value="digest"[^>]*checked', page)


def test_wrong_choice_gets_a_dutch_message(logged_in, user):
    response = logged_in.post(
        SETTINGS, {"kind__core__test_event": "soms", "language": "nl"}
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=user).exists()
