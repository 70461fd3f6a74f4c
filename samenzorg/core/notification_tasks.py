"""Background work of the notifications: mails sent at once and the daily digest.

The tasks run through Django's tasks API (see ``core.tasks``): with the database
backend the worker runs them; with the immediate backend (tests) they run at once, in
the process that enqueues them.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

try:  # Django 6 and later have the tasks API built in.
    from django.tasks import TaskContext, TaskResultStatus, task
    from django.tasks.base import Task
    from django.tasks.exceptions import TaskResultDoesNotExist
except ImportError:  # Django 5.2: the django-tasks backport of the same API.
    from django_tasks import TaskContext, TaskResultStatus, task
    from django_tasks.base import Task
    from django_tasks.exceptions import TaskResultDoesNotExist

from .models import TaskSchedule

DIGEST_HOUR = 7
DIGEST_TIME_ZONE = "Europe/Amsterdam"


def next_digest_time(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next 07:00 in Amsterdam strictly after ``now`` (summer and winter time)."""
    zone = ZoneInfo(DIGEST_TIME_ZONE)
    local = (now or timezone.now()).astimezone(zone)
    run = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if run <= local:
        tomorrow = (local + datetime.timedelta(days=1)).date()
        run = datetime.datetime.combine(
            tomorrow, datetime.time(DIGEST_HOUR), tzinfo=zone
        )
    return run


def _still_queued(task_: Task, row: TaskSchedule) -> bool:
    backend = task_.get_backend()
    if row.result_id and backend.supports_get_result:
        try:
            result = task_.get_result(row.result_id)
        except TaskResultDoesNotExist:
            return False
        return result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    return row.run_after is not None and row.run_after > timezone.now()


def ensure_scheduled(
    task_: Task,
    *,
    run_after: datetime.datetime,
    replacing: str | None = None,
) -> tuple[TaskSchedule | None, bool]:
    """Keep one run of ``task_`` queued: enqueue it for ``run_after`` unless a run is
    queued already (``replacing`` is the id of the run that asks, which no longer
    counts). Returns the schedule and whether a run was added; ``(None, False)`` when
    the backend cannot run tasks later (the immediate backend)."""
    if not task_.get_backend().supports_defer:
        return None, False
    with transaction.atomic():
        row, _ = TaskSchedule.objects.select_for_update().get_or_create(
            name=task_.module_path
        )
        if row.result_id != (replacing or "") and _still_queued(task_, row):
            return row, False
        result = task_.using(run_after=run_after).enqueue()
        row.result_id = result.id
        row.run_after = run_after
        row.save(update_fields=["result_id", "run_after", "updated_at"])
    return row, True


@task()
def send_notification_mails(notification_ids: list[int]) -> int:
    from .notifications import send_immediate

    return send_immediate(notification_ids)


@task(takes_context=True)
def send_daily_digests(context: TaskContext) -> int:
    """Send the digests, then queue the next run for tomorrow morning."""
    from .notifications import send_digests

    try:
        return send_digests()
    finally:
        ensure_scheduled(
            send_daily_digests,
            run_after=next_digest_time(),
            replacing=context.task_result.id,
        )
