"""The real worker: ``manage.py db_worker --batch`` in a process of its own runs a task
queued in the database and records its progress.

The worker needs the test database from another process. PostgreSQL's test database is
a real one: the worker connects to it. SQLite's is in memory, which no other process can
open, so it is copied into a file for the worker and copied back afterwards.
"""

import contextlib
import os
import sqlite3
import subprocess
import sys
from urllib.parse import quote

from django.db import connection

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.core.models import AuditEntry, TaskProgress
from samenzorg.core.tasks import run_with_progress

from . import sample_tasks


@contextlib.contextmanager
def database_for_the_worker(tmp_path):
    """The DATABASE_URL under which another process sees the test database."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        yield f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        return
    assert connection.vendor == "sqlite"
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    yield f"sqlite:///{path}"
    with contextlib.closing(sqlite3.connect(path)) as copy:
        copy.backup(connection.connection)


@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_queued_task_and_records_its_progress(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    owner = UserFactory()
    record = run_with_progress(
        sample_tasks.count_and_note,
        owner=owner,
        kind="test.worker",
        args=(250, "door de werker"),
    )
    # No transaction is open, so the task was queued at once; nothing ran yet.
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not AuditEntry.objects.filter(target_repr="door de werker").exists()

    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_TESTING", "DATABASE_URL", "DJANGO_DEBUG")
    }
    with database_for_the_worker(tmp_path) as url:
        finished = subprocess.run(  # noqa: S603 - our own manage.py
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0",
            ],
            cwd=settings.BASE_DIR,
            env={**environment, "DATABASE_URL": url, "SECRET_KEY": "test-worker"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert finished.returncode == 0, finished.stdout + finished.stderr

    record.refresh_from_db()
    assert record.status == TaskProgress.Status.DONE, record.error
    assert (record.done, record.total) == (250, 250)
    assert record.result_url == "/klaar/"
    assert record.started_at is not None and record.finished_at is not None
    assert AuditEntry.objects.filter(target_repr="door de werker").exists()
    result = DBTaskResult.objects.get()
    assert str(result.id) == record.task_result_id
    assert result.status == "SUCCESSFUL"
