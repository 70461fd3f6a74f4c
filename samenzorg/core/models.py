import datetime
import uuid
import zlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tabular import ImportReport


class AuditEntry(models.Model):
    """One recorded change: who did what to which record, and which fields changed."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        ARCHIVE = "archive", _("archived")
        DELETE = "delete", _("deleted")
        IMPORT = "import", _("imported")
        ROLE_GRANT = "role_grant", _("role granted")
        ROLE_REVOKE = "role_revoke", _("role revoked")
        ERASE = "erase", _("personal data erased")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("record type"), max_length=60)
    target_id = models.CharField(_("record id"), max_length=40)
    target_repr = models.CharField(_("record"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


def document_upload_to(instance: "Document", filename: str) -> str:
    """A random path: the name the user gave the file never reaches the disk."""
    from .documents import upload_path

    return upload_path(instance)


class Document(models.Model):
    """An uploaded file that belongs to one record of any app (its owner).

    Who may see it and who may add or delete it follows from the owner: see
    ``core.view_document`` and ``core.change_document`` in ``core/rules.py``.
    The file sits in Django's default storage under a random name; the name the
    user gave it is kept, cleaned, in ``original_name`` for the download.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_type = models.ForeignKey(
        ContentType,
        verbose_name=_("belongs to (type)"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    owner_id = models.PositiveBigIntegerField(_("belongs to (id)"))
    owner = GenericForeignKey("owner_type", "owner_id")
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "title"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title or self.original_name

    @property
    def kind_label(self) -> str:
        """The kind of file in words ("PDF", "Word document")."""
        from .documents import KIND_BY_MIME

        kind = KIND_BY_MIME.get(self.content_type)
        return str(kind.label) if kind else self.content_type


class Delivery(models.TextChoices):
    """How a person hears of one kind of notification."""

    OFF = "off", _("Off")
    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("Daily digest")


class NotificationDigest(models.Model):
    """One digest mail: when it went to whom, with how many notifications."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_digests",
    )
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    count = models.PositiveIntegerField(_("number of notifications"), default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")

    def __str__(self):
        return f"{self.recipient} {self.sent_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """Something that happened that one person should hear about.

    The text is rendered from ``kind``'s templates and ``context`` when it is shown or
    sent, so it is in the reader's language.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    context = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    target_type = models.CharField(_("record type"), max_length=60, blank=True)
    target_id = models.CharField(_("record id"), max_length=40, blank=True)
    delivery = models.CharField(
        _("e-mail"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.IMMEDIATE,
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    digest = models.ForeignKey(
        NotificationDigest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery", "emailed_at"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's choice for one kind; without a row the kind's default holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=100)
    delivery = models.CharField(_("how"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="unique_notification_preference"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.delivery}"


class TaskSchedule(models.Model):
    """The queued run of a task that repeats (such as the daily digest).

    ``core.tasks.ensure_scheduled`` keeps one run queued per name.
    """

    name = models.CharField(max_length=200, unique=True)
    result_id = models.CharField(max_length=64, blank=True)
    run_after = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scheduled task")
        verbose_name_plural = _("scheduled tasks")

    def __str__(self):
        return f"{self.name} {self.run_after or ''}"


class TaskProgress(models.Model):
    """How far a background task is, for the person who started it.

    Written by ``samenzorg.core.tasks`` (outside the task's own transaction, so it shows
    while the task runs and survives when the task fails); shown by the component
    ``components/task_progress.html`` at ``/taken/<id>/``. ``message`` and ``error`` are
    meant for the user, in their language; a failure's traceback goes to the log only.
    An import also keeps its ``report`` (every problem with its line and column), which
    the component shows as the table of ``components/import_report.html``.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    ACTIVE = (Status.WAITING, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(
        _("kind"), max_length=60, help_text=_("A short key, e.g. networks.analysis.")
    )
    subject = models.CharField(
        _("about"),
        max_length=100,
        blank=True,
        help_text=_("What the task works on, e.g. networks.networkmap:12."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(
        _("total"), default=0, help_text=_("0 while the size is not known.")
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    result_url = models.CharField(_("result address"), max_length=500, blank=True)
    result_label = models.CharField(_("result link text"), max_length=200, blank=True)
    result_file = models.CharField(
        _("result file"),
        max_length=300,
        blank=True,
        help_text=_("Name in the file storage of a file the task made."),
    )
    error = models.TextField(_("error"), blank=True)
    report = models.JSONField(
        _("import report"),
        default=dict,
        blank=True,
        help_text=_(
            "What an import found: every problem with its line and column, and its "
            "notes (ImportReport.as_dict()); empty for other tasks."
        ),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    input_files = models.JSONField(
        _("input files"),
        default=list,
        blank=True,
        help_text=_("Stored files the task reads; removed when it has finished."),
    )
    task_result_id = models.CharField(_("task result id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "subject", "status"])]
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")

    def __str__(self):
        return f"{self.kind} {self.subject} ({self.status})".replace("  ", " ")

    def get_absolute_url(self) -> str:
        return reverse("core:task_progress", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def import_report(self) -> ImportReport | None:
        """The stored ``report`` as a ``core.tabular.ImportReport``, or None."""
        return ImportReport.from_dict(self.report) if self.report else None

    @property
    def is_late(self) -> bool:
        """Still waiting a minute after it was started: is the worker running?"""
        return self.status == self.Status.WAITING and (
            timezone.now() - self.created_at
        ) > datetime.timedelta(minutes=1)

    @property
    def percent(self) -> int | None:
        """Whole percent done, or None while the total is not known."""
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    @property
    def state_key(self) -> str:
        """Changes when what the component shows changes (percent in steps of 5)."""
        percent = self.percent
        step = "" if percent is None else str(percent - percent % 5)
        return f"{self.status}:{step}:{zlib.crc32(self.message.encode())}"
