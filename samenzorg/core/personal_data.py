"""What core holds about a person: notifications, settings, the changes she made,
documents she uploaded and the tasks she started (see ``core.gdpr``)."""

from django.utils.translation import gettext as _

from .gdpr import Erasure, records, section
from .models import (
    AuditEntry,
    Document,
    Notification,
    NotificationDigest,
    NotificationPreference,
    TaskProgress,
)

COVERS = [
    "core.auditentry",
    "core.document",
    "core.notification",
    "core.notificationdigest",
    "core.notificationpreference",
    "core.taskprogress",
]


def export(user) -> dict:
    return section(
        _("Notifications, changes and documents"),
        records(
            Notification.objects.filter(recipient=user).order_by("created_at", "id"),
            ["kind", "created_at", "read_at", "emailed_at", "url", "context"],
            _("notification"),
        )
        + records(
            NotificationPreference.objects.filter(user=user).order_by("kind"),
            ["kind", "delivery"],
            _("notification setting"),
        )
        + records(
            NotificationDigest.objects.filter(recipient=user).order_by("sent_at"),
            ["sent_at", "count"],
            _("daily digest"),
        )
        + records(
            AuditEntry.objects.filter(actor=user).order_by("at", "id"),
            ["at", "action", "target_type", "target_repr", "changes"],
            _("change you made"),
        )
        + records(
            Document.objects.filter(uploaded_by=user).order_by("uploaded_at"),
            ["title", "original_name", "content_type", "size", "uploaded_at"],
            _("document you uploaded"),
        )
        + records(
            TaskProgress.objects.filter(owner=user).order_by("created_at"),
            ["kind", "title", "status", "created_at", "finished_at"],
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
