"""Notifications: in the platform and by e-mail, per person and per kind.

An app declares its kinds in its own ``notifications.py`` (core finds these modules at
start-up, so core never imports the app)::

    from django.utils.translation import gettext_lazy as _
    from samenzorg.core.notifications import Delivery, register_kind

    INITIATIVE_CHANGED = register_kind(
        "initiatives.initiative_changed",
        label=_("Someone else changed your initiative"),
        default=Delivery.IMMEDIATE,
    )

and writes two templates per kind, ``<app>/notifications/<name>_subject.txt`` and
``<app>/notifications/<name>_body.txt``, rendered with the stored context in the
reader's language. A service then calls, after its write::

    notify(initiative.owners.all(), "initiatives.initiative_changed",
           {"name": initiative.name}, actor=actor, target=initiative)

Nothing happens until the transaction commits. The actor never hears of their own
change; inactive accounts hear nothing; each recipient's choice for the kind (off, at
once, daily digest) holds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from .models import Delivery, Notification, NotificationDigest, NotificationPreference

__all__ = [
    "Delivery",
    "NotificationKind",
    "get_kind",
    "kinds",
    "kinds_for",
    "notification_list",
    "notification_mark_all_read",
    "notification_mark_read",
    "notification_preferences",
    "notification_preferences_save",
    "notification_text",
    "notify",
    "register_kind",
    "send_digests",
    "send_immediate",
]

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- kinds


@dataclass(frozen=True)
class NotificationKind:
    """One kind of notification, declared by the app that sends it.

    ``label`` names the kind on the preferences page; ``default`` is the choice of
    everyone who made none; ``shown_to(user)`` hides the kind from the preferences of
    people it never reaches; ``display_context(context)`` adds values worked out when
    the text is rendered (in the reader's language), such as field labels.
    """

    key: str
    label: Any
    default: str = Delivery.IMMEDIATE
    description: Any = ""
    template: str = ""
    shown_to: Callable[[Any], bool] | None = None
    display_context: Callable[[dict], dict] | None = None

    @property
    def subject_template(self) -> str:
        return f"{self.template}_subject.txt"

    @property
    def body_template(self) -> str:
        return f"{self.template}_body.txt"

    def applies_to(self, user) -> bool:
        return self.shown_to is None or bool(self.shown_to(user))


_kinds: dict[str, NotificationKind] = {}


def register_kind(
    key: str,
    *,
    label,
    default: str = Delivery.IMMEDIATE,
    description="",
    template: str = "",
    shown_to: Callable[[Any], bool] | None = None,
    display_context: Callable[[dict], dict] | None = None,
) -> NotificationKind:
    """Declare a kind ``"<app label>.<name>"``; its templates default to
    ``<app label>/notifications/<name>_subject.txt`` and ``…_body.txt``."""
    app_label, dot, name = key.partition(".")
    if not (dot and app_label and name) or len(key) > 100:
        raise ValueError(f"A notification kind is '<app label>.<name>', not {key!r}.")
    if default not in Delivery.values:
        raise ValueError(f"Unknown default {default!r} for {key!r}.")
    kind = NotificationKind(
        key=key,
        label=label,
        default=default,
        description=description,
        template=template or f"{app_label}/notifications/{name}",
        shown_to=shown_to,
        display_context=display_context,
    )
    _kinds[key] = kind
    return kind


def get_kind(key: str) -> NotificationKind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(
            f"Unknown notification kind {key!r}: register it with register_kind() "
            "in the app's notifications.py."
        ) from None


def kinds() -> list[NotificationKind]:
    """Every registered kind, in the order of the apps."""
    return list(_kinds.values())


def kinds_for(user) -> list[NotificationKind]:
    return [kind for kind in _kinds.values() if kind.applies_to(user)]


def autodiscover() -> None:
    """Import every installed app's ``notifications`` module (core's ``ready``)."""
    autodiscover_modules("notifications")


# ---------------------------------------------------------------- sending


def _plain(value: Any) -> Any:
    """A value that JSON can store: objects become their text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    return str(value)


def notify(
    recipients: Iterable,
    kind: str,
    context: dict[str, Any] | None = None,
    *,
    actor=None,
    target: models.Model | None = None,
    url: str | None = None,
) -> None:
    """Tell ``recipients`` (users) about something, once the transaction commits.

    ``context`` holds plain values for the kind's templates (objects are stored as
    their text). ``url`` is the link to the object; without it, the target's
    ``get_absolute_url()`` when it has one.
    """
    spec = get_kind(kind)
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    recipient_ids = sorted(
        {u.pk for u in recipients if u is not None and u.pk is not None} - {actor_id}
    )
    if not recipient_ids:
        return
    if url is None and target is not None and hasattr(target, "get_absolute_url"):
        url = target.get_absolute_url()
    transaction.on_commit(
        partial(
            _deliver,
            kind=spec.key,
            recipient_ids=recipient_ids,
            actor_id=actor_id,
            context=_plain(context or {}),
            url=url or "",
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
        ),
        robust=True,
    )


def _deliver(
    *,
    kind: str,
    recipient_ids: list[int],
    actor_id: int | None,
    context: dict,
    url: str,
    target_type: str,
    target_id: str,
) -> list[Notification]:
    """Store the notifications (after the caller's commit) and send the mails."""
    spec = get_kind(kind)
    active = list(
        get_user_model()
        .objects.filter(pk__in=recipient_ids, is_active=True)
        .values_list("pk", flat=True)
    )
    chosen = dict(
        NotificationPreference.objects.filter(
            user_id__in=active, kind=kind
        ).values_list("user_id", "delivery")
    )
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            actor_id=actor_id,
            context=context,
            url=url,
            target_type=target_type,
            target_id=target_id,
            delivery=delivery,
            created_at=now,
        )
        for user_id in active
        if (delivery := chosen.get(user_id, spec.default)) != Delivery.OFF
    ]
    if not rows:
        return []
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        _recount_unread([n.recipient_id for n in created])
    immediate = [n.pk for n in created if n.delivery == Delivery.IMMEDIATE]
    if immediate:
        from .notification_tasks import send_notification_mails

        send_notification_mails.enqueue(immediate)
    return created


def _recount_unread(user_ids: Iterable[int]) -> None:
    """Store each user's number of unread notifications on the user (one query)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    get_user_model().objects.filter(pk__in=set(user_ids)).update(
        unread_notifications=Coalesce(Subquery(unread), 0)
    )


# ---------------------------------------------------------------- texts


def _absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def _template_context(notification: Notification, spec: NotificationKind) -> dict:
    context = dict(notification.context or {})
    if spec.display_context is not None:
        context.update(spec.display_context(context))
    context.update(
        notification=notification,
        actor=notification.actor,
        actor_name=str(notification.actor) if notification.actor else _("Someone"),
        recipient=notification.recipient,
        link=_absolute(notification.url),
    )
    return context


def notification_text(notification: Notification) -> tuple[str, str]:
    """The subject (one line) and body of a notification in the active language."""
    spec = _kinds.get(notification.kind)
    if spec is None:
        return _("Notification"), ""
    context = _template_context(notification, spec)
    subject = " ".join(_render_text(spec.subject_template, context).split())
    body = _render_text(spec.body_template, context).strip()
    return subject, body


def _language(user) -> str:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _can_mail(user) -> bool:
    return bool(user.is_active and user.email and user.email_confirmed)


def _mail_context(user) -> dict:
    return {
        "recipient": user,
        "name": user.display_name or user.email,
        "site_url": settings.SITE_URL.rstrip("/"),
        "list_url": _absolute(reverse("core:notifications")),
        "settings_url": _absolute(reverse("core:notification_settings")),
    }


def _immediate_message(notification: Notification) -> EmailMessage:
    user = notification.recipient
    with translation.override(_language(user)):
        subject, body = notification_text(notification)
        text = _render_text(
            "core/notifications/email_body.txt",
            {
                **_mail_context(user),
                "body": body,
                "link": _absolute(notification.url),
            },
        )
    return EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_immediate(notification_ids: Iterable[int]) -> int:
    """Mail the given notifications that are to go at once and have not gone yet."""
    pending = list(
        Notification.objects.filter(
            pk__in=list(notification_ids),
            delivery=Delivery.IMMEDIATE,
            emailed_at__isnull=True,
        ).select_related("recipient", "actor")
    )
    pending = [n for n in pending if _can_mail(n.recipient)]
    if not pending:
        return 0
    messages = [_immediate_message(n) for n in pending]
    get_connection().send_messages(messages)
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
        emailed_at=timezone.now()
    )
    return len(messages)


def _digest_pending():
    return Notification.objects.filter(
        delivery=Delivery.DIGEST,
        digest__isnull=True,
        emailed_at__isnull=True,
        read_at__isnull=True,
    )


def _send_digest(user, now: datetime) -> bool:
    """Claim the user's pending digest notifications, then mail them in one message.

    The claim is one short transaction; a second run finds nothing left to claim. When
    the mail fails, the claim is undone so that the next run tries again.
    """
    with transaction.atomic():
        digest = NotificationDigest.objects.create(recipient=user, sent_at=now)
        claimed = (
            _digest_pending()
            .filter(recipient=user, created_at__lte=now)
            .update(digest=digest, emailed_at=now)
        )
        if not claimed:
            transaction.set_rollback(True)
            return False
        digest.count = claimed
        digest.save(update_fields=["count"])
    items = list(
        digest.notifications.select_related("actor", "recipient").order_by(
            "created_at", "id"
        )
    )
    try:
        with translation.override(_language(user)):
            entries = []
            for item in items:
                subject, body = notification_text(item)
                entries.append(
                    {"subject": subject, "body": body, "link": _absolute(item.url)}
                )
            context = {**_mail_context(user), "entries": entries, "count": claimed}
            subject = " ".join(
                _render_text("core/notifications/digest_subject.txt", context).split()
            )
            text = _render_text("core/notifications/digest_body.txt", context)
        EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    except Exception:
        logger.exception("Digest for user %s not sent; it is tried again.", user.pk)
        with transaction.atomic():
            Notification.objects.filter(digest=digest).update(
                digest=None, emailed_at=None
            )
            digest.delete()
        return False
    return True


def send_digests(*, now: datetime | None = None) -> int:
    """Send every person one mail with their unread digest notifications that no
    earlier digest carried. Returns the number of mails; running it twice sends
    nothing the second time."""
    now = now or timezone.now()
    user_ids = set(
        _digest_pending()
        .filter(created_at__lte=now)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    users = (
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .order_by("pk")
        .only("pk", "email", "display_name", "language", "is_active", "email_confirmed")
    )
    return sum(_send_digest(user, now) for user in users if _can_mail(user))


# ---------------------------------------------------------------- reading


def notification_list(*, user) -> models.QuerySet[Notification]:
    """The user's own notifications, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related(
        "actor", "recipient"
    )


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        with transaction.atomic():
            Notification.objects.filter(
                pk=notification.pk, read_at__isnull=True
            ).update(read_at=now)
            _recount_unread([actor.pk])
        notification.read_at = now
        actor.refresh_from_db(fields=["unread_notifications"])
    return notification


def notifications_settle(*, kind: str, target: models.Model) -> int:
    """Mark as read the unread notifications of ``kind`` about ``target``: what they
    asked for has been done (by someone else, such as another reviewer)."""
    unread = Notification.objects.filter(
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        read_at__isnull=True,
    )
    recipients = list(unread.values_list("recipient_id", flat=True).distinct())
    if not recipients:
        return 0
    changed = unread.update(read_at=timezone.now())
    _recount_unread(recipients)
    return changed


def notification_mark_all_read(*, actor) -> int:
    with transaction.atomic():
        changed = Notification.objects.filter(
            recipient=actor, read_at__isnull=True
        ).update(read_at=timezone.now())
        _recount_unread([actor.pk])
    actor.unread_notifications = 0
    return changed


def notification_preferences(*, user) -> list[tuple[NotificationKind, str]]:
    """Each kind the user can get, with their choice (or the kind's default)."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
    )
    return [(kind, chosen.get(kind.key, kind.default)) for kind in kinds_for(user)]


def notification_preferences_save(
    *, actor, user, deliveries: dict[str, str], language: str | None = None
) -> None:
    """Store the user's choice per kind; a choice equal to the default is not stored,
    so the user follows the default when it changes."""
    if actor.pk != user.pk:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    for key, value in deliveries.items():
        if key not in _kinds or value not in Delivery.values:
            errors.setdefault("__all__", []).append(_("Choose one of the options."))
    if language is not None and language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose one of the options.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for key, value in deliveries.items():
            if value == _kinds[key].default:
                NotificationPreference.objects.filter(user=user, kind=key).delete()
            else:
                NotificationPreference.objects.update_or_create(
                    user=user, kind=key, defaults={"delivery": value}
                )
        if language is not None and language != user.language:
            user.language = language
            user.save(update_fields=["language"])
