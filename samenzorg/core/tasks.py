"""Background tasks with progress, on Django's tasks API.

Long work (imports, PDF reports, analyses of large networks) runs in the task worker
(``manage.py db_worker``, which ``make run`` starts beside the server), not in the
request. Whoever started it follows it on a ``TaskProgress`` record: the component
``components/task_progress.html`` shows it and asks ``/taken/<id>/`` every second.

Writing a task, in ``samenzorg/<app>/tasks.py``::

    from django.utils.translation import gettext as _

    from samenzorg.core.tasks import TaskFailed, progress_task, task_file_open

    @progress_task()
    def rows_import(progress, name: str, network_id: int) -> None:
        with task_file_open(name) as file:
            rows = parse(file)                    # read and check first: no writes
        progress.set_total(len(rows), _("The rows are being checked."))
        for row in rows:
            if not check(row):
                raise TaskFailed(_("Line %(n)s has no name.") % {"n": row.line})
            progress.advance()                    # cheap: written at most twice a second
        with progress.atomic(_("The rows are being saved.")):
            save(rows)                            # every write in one transaction
        progress.set_result(url=..., label=_("Show the map"))

The task function takes the ``Progress`` first and then its own arguments, which must be
JSON (ids, strings, numbers; never model instances). The rules:

- Read and compute first while reporting progress, then write everything in one
  ``with progress.atomic():`` block (or one service call that writes in its own
  ``transaction.atomic``). A failure rolls that transaction back, so a failed task
  changes nothing. There is deliberately no transaction around the whole task: on
  SQLite it would lock out every other writer, the progress updates included, for as
  long as the task runs.
- The progress record is written outside that transaction (while it is open, updates
  wait), so it shows while the task runs and keeps the error when the task fails.
- Raise ``TaskFailed`` (or ``ValidationError``) with a message for the user (Dutch,
  B1, through gettext); any other exception shows a general Dutch message. The
  traceback goes to the log (``samenzorg.tasks``) and the task's row, never to the page.
- The task runs in the language of the request that started it.

Starting a task, from a view or a service::

    name = task_file_save(request.FILES["file"])   # an upload: store it first
    record = run_with_progress(
        rows_import,
        owner=request.user,
        kind="networks.import",
        subject=f"networks.networkmap:{network_map.pk}",
        title=_("Import into %(name)s") % {"name": network_map.name},
        args=(name, network_map.pk),
        files=[name],                              # removed when the task has finished
    )
    return redirect(record)                        # /taken/<id>/; or include
    # {% include "components/task_progress.html" with progress=record only %}

The task is enqueued when the current transaction commits, so it sees what the request
wrote, and not at all when that transaction is rolled back. In the tests (and with
``TASKS_IMMEDIATE=1``) it runs at once in the same process.

An import (``core.tabular``) runs the app's import service on the stored file and hands
its report to ``finish_import``, which keeps every problem for the progress page (the
table of ``components/import_report.html``) and fails the task when there is one::

    @progress_task()
    def rows_import_task(progress, user_id: int, name: str, filename: str) -> None:
        actor = task_user(user_id, perm="app.import_rows")  # still allowed?
        with task_file_open(name, filename=filename) as file:
            report = rows_import(actor=actor, file=file, progress=progress.update)
        progress.finish_import(report, url=..., label=..., message=...)

The service writes all or nothing in its own ``transaction.atomic``, so a failed
import changes nothing; ``progress.update`` is its ``progress(done, total)`` callback.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .models import TaskProgress

try:  # Django 6 and later have the tasks API built in.
    from django.tasks import task
    from django.tasks.base import Task
except ImportError:  # Django 5.2: the django-tasks backport of the same API.
    from django_tasks import task
    from django_tasks.base import Task

__all__ = [
    "Progress",
    "TaskFailed",
    "progress_task",
    "run_with_progress",
    "task_file_delete",
    "task_file_open",
    "task_file_save",
    "task_user",
]

logger = logging.getLogger("samenzorg.tasks")

# Stored files of tasks (uploads waiting to be read, reports made), by task.
TASK_FILES = "taken"

_PROGRESS_TASKS: set[str] = set()


def _write(progress_id, *, tries: int = 3, **fields: Any) -> None:
    """Update the progress record. On SQLite a busy database (another writer holding
    it past the busy timeout) is tried again, so that it does not fail the task."""
    for attempt in range(1, tries + 1):
        try:
            TaskProgress.objects.filter(pk=progress_id).update(**fields)
            return
        except OperationalError:
            if connection.in_atomic_block or attempt == tries:
                raise
            time.sleep(0.5 * attempt)


class TaskFailed(Exception):
    """A failure the user should read: ``message`` is shown as it is (translated)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.messages = [str(message)]


def _general_error() -> str:
    return _(
        "Something went wrong, so this could not be finished. Nothing has been "
        "changed. Try again later; if it happens again, tell the administrator."
    )


class Progress:
    """What a running task reports; given to the task function as its first argument.

    ``advance`` and ``set_total`` are cheap to call for every row: the record is
    written only when what it shows changed (a whole percent, the message, the total)
    and at most once per ``MIN_INTERVAL`` seconds, and not while the task's own
    transaction (``atomic``) is open.
    """

    MIN_INTERVAL = 0.5

    def __init__(self, record: TaskProgress):
        self.id = record.pk
        self.done = record.done
        self.total = record.total
        self.message = record.message
        self.result_url = ""
        self.result_label = ""
        self.result_file = ""
        self.result_message = ""
        self.report: dict[str, Any] = {}
        self._written = self._shown()
        self._written_at = 0.0
        # Transactions the caller already had open (a test's); ours go deeper.
        self._depth = len(connection.atomic_blocks)

    # -- reporting ---------------------------------------------------------------

    def set_total(self, total: int, message: str | None = None) -> None:
        """The number of steps (rows, pages…); 0 when it is not known."""
        self.total = max(0, int(total))
        if message is not None:
            self.message = str(message)
        self._save()

    def advance(self, n: int = 1, message: str | None = None) -> None:
        """``n`` more steps are done."""
        self.done += n
        if message is not None:
            self.message = str(message)
        self._save()

    def update(self, done: int, total: int | None = None) -> None:
        """``done`` steps of ``total`` are done: the ``progress(done, total)`` callback
        the import services take (``progress=progress.update``)."""
        if total is not None and total != self.total:
            self.set_total(total)
        self.advance(max(0, int(done)) - self.done)

    def set_message(self, message: str) -> None:
        """What is happening now, for the user (Dutch through gettext)."""
        self.message = str(message)
        self._save()

    @contextmanager
    def atomic(self, message: str | None = None) -> Iterator[None]:
        """The task's writes: one transaction, rolled back when the task fails.

        ``message`` (e.g. "The rows are being saved.") is written first, since the
        record is not updated while the transaction is open.
        """
        if message is not None:
            self.message = str(message)
        self._save(force=True)
        with transaction.atomic():
            yield

    # -- the result ----------------------------------------------------------------

    def set_result(self, *, url: str = "", label: str = "", message: str = "") -> None:
        """The link shown when the task is done, its text, and a closing message."""
        self.result_url = str(url)
        self.result_label = str(label)
        self.result_message = str(message)

    def set_report(self, report) -> None:
        """Keep an import's report (a ``core.tabular.ImportReport``) on the record,
        whether the task succeeds or fails, so the page shows every problem and note."""
        self.report = report.as_dict()

    def finish_import(
        self, report, *, url: str = "", label: str = "", message: str = ""
    ) -> None:
        """The end of an import: keep ``report``; when it has problems the task fails
        (``TaskFailed`` with every problem, one a line), otherwise ``url``, ``label``
        and ``message`` are its result. Call it after the service has written all or
        nothing, so a failure has nothing to undo."""
        self.set_report(report)
        if not report.ok:
            raise TaskFailed(
                _("Nothing was imported. The mistakes in the file:")
                + "\n"
                + report.as_text()
            )
        self.set_result(url=url, label=label, message=message)

    def save_result_file(self, filename: str, content: bytes | IO) -> str:
        """Store a file the task made (e.g. a PDF) and remember it on the record.

        Returns its name in the default storage. Hand it out through a view that
        checks who may have it (``TaskProgress.result_file``); it is not public.
        """
        name = default_storage.save(
            f"{TASK_FILES}/{self.id}/{get_valid_filename(filename)}",
            ContentFile(content) if isinstance(content, bytes) else File(content),
        )
        self.result_file = name
        return name

    # -- writing the record -------------------------------------------------------

    def _shown(self) -> tuple:
        percent = self.done * 100 // self.total if self.total else self.done
        return (percent, self.total, self.message)

    def _save(self, *, force: bool = False) -> None:
        if len(connection.atomic_blocks) > self._depth:
            return  # inside the task's transaction: written after it
        shown = self._shown()
        now = time.monotonic()
        if not force and (
            shown == self._written or now - self._written_at < self.MIN_INTERVAL
        ):
            return
        try:
            _write(
                self.id,
                tries=1,
                done=self.done,
                total=self.total,
                message=self.message[:300],
            )
        except OperationalError:
            # Only progress: the next report (or the end) writes it.
            logger.warning("Progress of task %s not written: database busy.", self.id)
            return
        self._written, self._written_at = shown, now


def progress_task(**options: Any) -> Callable[[Callable[..., Any]], Task]:
    """Make ``func(progress, *args, **kwargs)`` a task to start with
    ``run_with_progress``. ``options`` go to Django's ``task`` decorator
    (``priority``, ``queue_name``, ``backend``)."""

    def decorate(func: Callable[..., Any]) -> Task:
        @functools.wraps(func)
        def runner(progress_id: str, *args: Any, **kwargs: Any) -> None:
            _run(func, progress_id, args, kwargs)

        made = task(**options)(runner)
        _PROGRESS_TASKS.add(made.module_path)
        return made

    return decorate


def _user_message(error: BaseException) -> str:
    if isinstance(error, (TaskFailed, ValidationError)):
        return "\n".join(str(m) for m in error.messages)  # one line each
    return _general_error()


def _run(func, progress_id: str, args, kwargs) -> None:
    record = TaskProgress.objects.filter(pk=progress_id).first()
    if record is None:
        logger.warning("Task %s: its progress record %s is gone.", func, progress_id)
        return
    with translation.override(record.language or settings.LANGUAGE_CODE):
        _write(record.pk, status=TaskProgress.Status.RUNNING, started_at=timezone.now())
        progress = Progress(record)
        try:
            func(progress, *args, **kwargs)
        except BaseException as error:
            if isinstance(error, (TaskFailed, ValidationError)):
                # The user's own mistake (a bad file), told to her: no traceback.
                logger.info(
                    "Task %s (%s %s) refused: %s",
                    record.pk,
                    record.kind,
                    record.subject,
                    error,
                )
            else:
                logger.exception(
                    "Task %s (%s %s) failed.", record.pk, record.kind, record.subject
                )
            if isinstance(error, (KeyboardInterrupt, SystemExit)):
                message = _("The work was stopped before it was finished. Try again.")
            else:
                message = _user_message(error)
            if progress.result_file:
                task_file_delete(progress.result_file)
            _write(
                record.pk,
                status=TaskProgress.Status.FAILED,
                error=message,
                report=progress.report,
                done=progress.done,
                total=progress.total,
                finished_at=timezone.now(),
            )
            raise
        finally:
            for name in record.input_files:
                task_file_delete(name)
        _write(
            record.pk,
            status=TaskProgress.Status.DONE,
            done=max(progress.done, progress.total),
            total=progress.total,
            message=progress.result_message[:300],
            result_url=progress.result_url,
            result_label=progress.result_label[:200],
            result_file=progress.result_file,
            report=progress.report,
            finished_at=timezone.now(),
        )


def _enqueue(made: Task, record_id, args: list, kwargs: dict) -> None:
    try:
        result = made.enqueue(str(record_id), *args, **kwargs)
    except Exception:
        logger.exception("Task %s could not be queued.", record_id)
        TaskProgress.objects.filter(
            pk=record_id, status=TaskProgress.Status.WAITING
        ).update(
            status=TaskProgress.Status.FAILED,
            error=_general_error(),
            finished_at=timezone.now(),
        )
        return
    TaskProgress.objects.filter(pk=record_id).update(task_result_id=str(result.id))


def run_with_progress(
    made: Task,
    *,
    owner,
    kind: str,
    subject: str = "",
    title: str = "",
    args: Sequence[Any] = (),
    kwargs: Mapping[str, Any] | None = None,
    total: int = 0,
    message: str = "",
    files: Sequence[str] = (),
    coalesce: bool = False,
) -> TaskProgress:
    """Create the progress record and enqueue ``made`` once the transaction commits.

    ``made`` is a task made with ``@progress_task()``; it is called as
    ``func(progress, *args, **kwargs)``. ``owner`` (a user; anonymous counts as
    nobody) and the beheerders may follow it. ``kind`` is a short key
    (``"<app>.<what>"``), ``subject`` names what it works on (``"<app>.<model>:<pk>"``)
    so pages can find the record. ``files`` are stored files (``task_file_save``) that
    are removed when the task has finished.

    With ``coalesce``, a record of the same kind, subject and owner that is still
    waiting is returned instead of queueing another run: that run has not started
    yet, so it will see the newest state. Only for tasks that read the state
    themselves (their arguments are ids).
    """
    if made.module_path not in _PROGRESS_TASKS:
        raise TypeError(f"{made.module_path} is not made with @progress_task().")
    args, kwargs = list(args), dict(kwargs or {})
    json.dumps([args, kwargs])  # fail here, not in the worker, on values JSON lacks
    owner = owner if getattr(owner, "is_authenticated", False) else None
    if coalesce:
        waiting = TaskProgress.objects.filter(
            kind=kind, subject=subject, owner=owner, status=TaskProgress.Status.WAITING
        ).first()
        if waiting is not None:
            for name in files:
                task_file_delete(name)
            return waiting
    record = TaskProgress.objects.create(
        kind=kind,
        subject=subject,
        title=str(title)[:200],
        owner=owner,
        total=max(0, int(total)),
        message=str(message or _("It starts in a moment."))[:300],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        input_files=list(files),
    )
    transaction.on_commit(functools.partial(_enqueue, made, record.pk, args, kwargs))
    return record


# -- stored files ------------------------------------------------------------------


def task_file_save(file: File | bytes, *, name: str = "") -> str:
    """Store an uploaded file (or bytes) through Django's storage for a task to read.

    A request's uploaded file is gone when the request ends, and the worker may run in
    another process or on another machine; so store it first and pass the returned
    name to the task (and to ``run_with_progress(files=[...])`` to remove it after).
    """
    base = get_valid_filename(
        os.path.basename(name or getattr(file, "name", "") or "bestand")
    )
    content = ContentFile(file) if isinstance(file, bytes) else file
    return default_storage.save(
        f"{TASK_FILES}/uploads/{uuid.uuid4().hex}/{base}", content
    )


def task_file_open(name: str, mode: str = "rb", *, filename: str = "") -> File:
    """Open a stored file (use it as a context manager).

    ``filename`` is the name it had when it was uploaded: the opened file gets it as
    its ``name``, as the upload had, for readers that go by the name (the kind of
    file, a source text), since the stored name is made safe and unique.
    """
    file = default_storage.open(name, mode)
    if filename:
        file.name = os.path.basename(filename)
    return file


def task_user(user_id, *, perm: str = "", obj: Any = None):
    """The user who started a task, read again when it runs (perhaps much later).

    ``TaskFailed`` when the account is gone or no longer active, or, with ``perm``,
    when it no longer has that right (on ``obj``): a task does what its owner may
    do now, not what they could do when they started it.
    """
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or (perm and not user.has_perm(perm, obj)):
        raise TaskFailed(_("You may no longer do this, so nothing has been changed."))
    return user


def task_file_delete(name: str) -> None:
    """Remove a stored file; a file that is already gone is fine."""
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("Could not remove the stored file %s.", name)
