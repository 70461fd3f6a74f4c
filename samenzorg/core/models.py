import datetime
import uuid
import zlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class TaskProgress(models.Model):
    """How far a background task is, for the person who started it.

    Written by ``samenzorg.core.tasks`` (outside the task's own transaction, so it shows
    while the task runs and survives when the task fails); shown by the component
    ``components/task_progress.html`` at ``/taken/<id>/``. ``message`` and ``error`` are
    meant for the user, in their language; a failure's traceback goes to the log only.
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
