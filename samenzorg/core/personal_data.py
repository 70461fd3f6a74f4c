"""What core holds about a person: notifications, settings, the changes she made,
documents she uploaded and the tasks she started (see ``core.gdpr``)."""

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .audit import change_rows
from .gdpr import Erasure, field_record, label, records, section
from .models import (
    AuditEntry,
    Document,
    Notification,
    NotificationDigest,
    NotificationPreference,
    TaskProgress,
)
from .notifications import get_kind, notification_text

COVERS = [
    "core.auditentry",
    "core.document",
    "core.notification",
    "core.notificationdigest",
    "core.notificationpreference",
    "core.taskprogress",
]


def _record_type(target_type: str) -> str:
    """The kind of record in words ("initiatief"), else as stored."""
    try:
        return capfirst(str(apps.get_model(target_type)._meta.verbose_name))
    except (LookupError, ValueError):
        return target_type


def _kind_label(key: str) -> str:
    """The name of a kind of notification in words; a kind that no app sends any
    more is "notification"."""
    try:
        return capfirst(str(get_kind(key).label))
    except LookupError:
        return capfirst(_("notification"))


def _notification(notification: Notification) -> dict:
    """A notification as she read it: its kind in words and its text, never the
    stored keys and values it was made from."""
    subject, body = notification_text(notification)
    record = field_record(
        notification,
        [],
        kind=_("notification"),
        **{
            _("Kind of notification"): _kind_label(notification.kind),
            _("Subject"): subject,
            _("Text"): body,
        },
    )
    record.update(
        field_record(notification, ["created_at", "read_at", "emailed_at", "url"])
    )
    return record


def _change(entry: AuditEntry) -> dict:
    """One entry of the change log: what, on which record, and per field its old
    and new value, as on the history page ("Naam: oud → nieuw")."""
    return field_record(
        entry,
        ["at", "action"],
        kind=_("change you made"),
        **{
            _("About"): f"{_record_type(entry.target_type)}: {entry.target_repr}",
            label(AuditEntry, "changes"): [
                f"{capfirst(row['field'])}: {row['old']} → {row['new']}"
                for row in change_rows(entry)
            ],
        },
    )


def export(user) -> dict:
    return section(
        _("Notifications, changes and documents"),
        [
            _notification(notification)
            for notification in Notification.objects.filter(recipient=user)
            .select_related("actor", "recipient")
            .order_by("created_at", "id")
        ]
        + [
            field_record(
                preference,
                ["delivery"],
                kind=_("notification setting"),
                **{label(NotificationPreference, "kind"): _kind_label(preference.kind)},
            )
            for preference in NotificationPreference.objects.filter(user=user).order_by(
                "kind"
            )
        ]
        + records(
            NotificationDigest.objects.filter(recipient=user).order_by("sent_at"),
            ["sent_at", "count"],
            _("daily digest"),
        )
        + [
            _change(entry)
            for entry in AuditEntry.objects.filter(actor=user).order_by("at", "id")
        ]
        + records(
            Document.objects.filter(uploaded_by=user).order_by("uploaded_at"),
            ["title", "original_name", "content_type", "size", "uploaded_at"],
            _("document you uploaded"),
        )
        + records(
            TaskProgress.objects.filter(owner=user).order_by("created_at"),
            ["title", "status", "created_at", "finished_at"],
            _("task you started"),
        ),
    )


def erase(user, erasure: Erasure) -> dict:
    stand_in = erasure.stand_in
    return {
        "notifications": Notification.objects.filter(recipient=user).delete()[0],
        "notification_settings": NotificationPreference.objects.filter(
            user=user
        ).delete()[0],
        "digests": NotificationDigest.objects.filter(recipient=user).delete()[0],
        # Others' notifications and the change log keep what happened, not who.
        "notifications_by_person": Notification.objects.filter(actor=user).update(
            actor=stand_in
        ),
        "audit_entries_kept": AuditEntry.objects.filter(actor=user).update(
            actor=stand_in
        ),
        "documents_kept": Document.objects.filter(uploaded_by=user).update(
            uploaded_by=stand_in
        ),
        "tasks_kept": TaskProgress.objects.filter(owner=user).update(owner=None),
    }
