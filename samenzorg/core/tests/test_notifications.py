"""notify(), the preferences, the mails and the daily digest."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.core import notifications
from samenzorg.core.models import (
    Delivery,
    Notification,
    NotificationDigest,
    NotificationPreference,
)
from samenzorg.core.notifications import notify, send_digests

from .conftest import DIGESTED, EVENT
from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return UserFactory(display_name="Gemeente Piet")


@pytest.fixture
def owner():
    return UserFactory(display_name="Eigenaar Anna")


def test_recipient_gets_notification_and_mail_after_commit(
    owner, actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([owner], EVENT, {"name": "Buurtkamer"}, actor=actor, url="/x/")
        assert not Notification.objects.exists()
        assert mail.outbox == []

    notification = Notification.objects.get()
    assert notification.recipient == owner
    assert notification.actor == actor
    assert notification.url == "/x/"
    assert notification.emailed_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert message.subject == "Something happened to Buurtkamer"
    assert "Gemeente Piet did something to Buurtkamer." in message.body
    assert "http://127.0.0.1:8000/x/" in message.body
    assert "Beste Eigenaar Anna," in message.body
    owner.refresh_from_db()
    assert owner.unread_notifications == 1


def test_rolled_back_change_sends_nothing(owner, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify([owner], EVENT, {"name": "Buurtkamer"})
        raise RuntimeError("the change fails")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_actor_does_not_hear_of_own_change(
    owner, actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([owner, actor], EVENT, {"name": "x"}, actor=actor)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [owner.pk]
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_inactive_user_gets_nothing(owner, django_capture_on_commit_callbacks):
    owner.is_active = False
    owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([owner], EVENT, {"name": "x"})
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_unconfirmed_user_sees_notification_but_gets_no_mail(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(unconfirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], EVENT, {"name": "x"})
    assert Notification.objects.filter(recipient=user).exists()
    assert mail.outbox == []


def test_unknown_kind_is_refused(owner):
    with pytest.raises(LookupError):
        notify([owner], "core.does_not_exist", {})


def test_context_objects_are_stored_as_text(
    owner, actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([owner], EVENT, {"name": actor, "when": datetime.date(2026, 12, 2)})
    assert Notification.objects.get().context == {
        "name": "Gemeente Piet",
        "when": "2026-12-02",
    }


# ---------------------------------------------------------------- preferences


def _choose(user, kind, delivery):
    notifications.notification_preferences_save(
        actor=user, user=user, deliveries={kind: delivery}
    )


def test_off_stores_and_sends_nothing(owner, django_capture_on_commit_callbacks):
    _choose(owner, EVENT, Delivery.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        notify([owner], EVENT, {"name": "x"})
    assert not Notification.objects.exists()
    assert mail.outbox == []
    owner.refresh_from_db()
    assert owner.unread_notifications == 0


def test_digest_choice_waits_for_the_digest(owner, django_capture_on_commit_callbacks):
    _choose(owner, EVENT, Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify([owner], EVENT, {"name": "x"})
    notification = Notification.objects.get()
    assert notification.delivery == Delivery.DIGEST
    assert notification.emailed_at is None
    assert mail.outbox == []


def test_at_once_choice_overrides_a_digest_default(
    owner, django_capture_on_commit_callbacks
):
    _choose(owner, DIGESTED, Delivery.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        notify([owner], DIGESTED, {"name": "x"})
    assert len(mail.outbox) == 1


def test_kind_default_holds_without_a_choice(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([owner], DIGESTED, {"name": "x"})
    assert Notification.objects.get().delivery == Delivery.DIGEST
    assert mail.outbox == []


def test_choice_equal_to_the_default_is_not_stored(owner):
    _choose(owner, EVENT, Delivery.DIGEST)
    _choose(owner, EVENT, Delivery.IMMEDIATE)
    assert not NotificationPreference.objects.filter(user=owner).exists()
    assert {
        kind.key: delivery
        for kind, delivery in notifications.notification_preferences(user=owner)
    }[EVENT] == Delivery.IMMEDIATE


def test_unknown_choice_is_refused(owner):
    with pytest.raises(ValidationError):
        _choose(owner, EVENT, "sometimes")
    with pytest.raises(ValidationError):
        notifications.notification_preferences_save(
            actor=owner, user=owner, deliveries={}, language="de"
        )


def test_other_user_cannot_save_my_preferences(owner, actor):
    with pytest.raises(PermissionDenied):
        notifications.notification_preferences_save(
            actor=actor, user=owner, deliveries={EVENT: Delivery.OFF}
        )


# ---------------------------------------------------------------- language


def test_english_user_gets_english_mail(django_capture_on_commit_callbacks):
    user = UserFactory(language="en", display_name="Ann")
    dutch = UserFactory(display_name="Bea")
    with django_capture_on_commit_callbacks(execute=True):
        notify([user, dutch], EVENT, {"name": "x"})
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Hello Ann," in by_address[user.email].body
    assert "You get this e-mail because" in by_address[user.email].body
    assert "Beste Bea," in by_address[dutch.email].body
    assert "U krijgt deze e-mail omdat" in by_address[dutch.email].body


# ---------------------------------------------------------------- read state


def test_recipient_can_mark_one_and_all_read(owner):
    first, second, third = NotificationFactory.create_batch(3, recipient=owner)
    owner.refresh_from_db()
    assert owner.unread_notifications == 3

    notifications.notification_mark_read(actor=owner, notification=first)
    assert owner.unread_notifications == 2
    assert Notification.objects.get(pk=first.pk).is_read

    assert notifications.notification_mark_all_read(actor=owner) == 2
    owner.refresh_from_db()
    assert owner.unread_notifications == 0


def test_other_user_cannot_mark_my_notification_read(owner, actor):
    notification = NotificationFactory(recipient=owner)
    with pytest.raises(PermissionDenied):
        notifications.notification_mark_read(actor=actor, notification=notification)
    assert not Notification.objects.get(pk=notification.pk).is_read


# ---------------------------------------------------------------- digest


def test_digest_sends_one_mail_per_person(owner, actor):
    other = UserFactory(display_name="Cor")
    NotificationFactory(
        recipient=owner, delivery=Delivery.DIGEST, context={"name": "Eén"}
    )
    NotificationFactory(
        recipient=owner, delivery=Delivery.DIGEST, context={"name": "Twee"}
    )
    NotificationFactory(
        recipient=other, delivery=Delivery.DIGEST, context={"name": "Drie"}
    )
    NotificationFactory(recipient=other, context={"name": "at once, not digested"})

    assert send_digests() == 2

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {owner.email, other.email}
    assert by_address[owner.email].subject == "Uw overzicht: 2 nieuwe meldingen"
    assert "Something happened to Eén" in by_address[owner.email].body
    assert "Something happened to Twee" in by_address[owner.email].body
    assert "Drie" not in by_address[owner.email].body
    assert by_address[other.email].subject == "Uw overzicht: 1 nieuwe melding"
    assert "not digested" not in by_address[other.email].body
    digest = NotificationDigest.objects.get(recipient=owner)
    assert digest.count == 2
    assert digest.notifications.count() == 2


def test_digest_sends_nothing_twice(owner):
    NotificationFactory(recipient=owner, delivery=Delivery.DIGEST)
    call_command("send_digests")
    call_command("send_digests")
    assert len(mail.outbox) == 1
    assert NotificationDigest.objects.count() == 1

    NotificationFactory(
        recipient=owner, delivery=Delivery.DIGEST, context={"name": "N"}
    )
    assert send_digests() == 1
    assert len(mail.outbox) == 2
    assert "Something happened to N" in mail.outbox[1].body
    assert mail.outbox[1].subject == "Uw overzicht: 1 nieuwe melding"


def test_digest_leaves_out_what_was_read_on_the_site(owner):
    NotificationFactory(recipient=owner, delivery=Delivery.DIGEST, read=True)
    assert send_digests() == 0
    assert mail.outbox == []


def test_digest_skips_inactive_users(owner):
    NotificationFactory(recipient=owner, delivery=Delivery.DIGEST)
    owner.is_active = False
    owner.save()
    assert send_digests() == 0


def test_english_user_gets_english_digest(owner):
    owner.language = "en"
    owner.save()
    NotificationFactory(recipient=owner, delivery=Delivery.DIGEST)
    send_digests()
    assert mail.outbox[0].subject == "Your overview: 1 new notification"
    assert "since your last overview" in mail.outbox[0].body


def test_failed_digest_mail_is_tried_again(owner, monkeypatch):
    NotificationFactory(recipient=owner, delivery=Delivery.DIGEST)

    def broken(self, fail_silently=False):
        raise OSError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", broken)
        assert send_digests() == 0
    assert not NotificationDigest.objects.exists()
    assert Notification.objects.get().emailed_at is None

    assert send_digests() == 1
    assert len(mail.outbox) == 1
