"""The task API: starting a task, its progress, its result, and a failure that changes
nothing. Tasks run at once here (the immediate backend), after the commit."""

import logging

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.core.models import AuditEntry, TaskProgress
from samenzorg.core.tasks import (
    run_with_progress,
    task_file_open,
    task_file_save,
)

from . import sample_tasks

pytestmark = pytest.mark.django_db


def _start(made, *args, owner=None, **options):
    return run_with_progress(
        made, owner=owner or UserFactory(), kind="test.sample", args=args, **options
    )


def test_owner_sees_the_task_done_with_its_result(django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        record = _start(sample_tasks.count_and_note, 40, "veertig", owner=owner)
        assert record.status == TaskProgress.Status.WAITING
    record.refresh_from_db()
    assert record.status == TaskProgress.Status.DONE
    assert (record.done, record.total, record.percent) == (40, 40, 100)
    assert record.result_url == "/klaar/"
    assert record.result_label == "Bekijk de uitkomst"
    assert record.message == "Geteld."
    assert record.owner == owner
    assert record.task_result_id
    assert record.started_at <= record.finished_at
    assert AuditEntry.objects.filter(target_repr="veertig").exists()


def test_task_is_queued_only_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record = _start(sample_tasks.count_and_note, 3, "later")
    assert len(callbacks) == 1
    assert not AuditEntry.objects.filter(target_repr="later").exists()
    record.refresh_from_db()
    assert record.status == TaskProgress.Status.WAITING


def test_task_of_a_rolled_back_transaction_never_runs(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _start(sample_tasks.count_and_note, 3, "nooit")
                raise ValueError
        except ValueError:
            pass
    assert callbacks == []
    assert not TaskProgress.objects.exists()
    assert not AuditEntry.objects.filter(target_repr="nooit").exists()


def test_failed_task_changes_nothing_and_says_so_in_dutch(
    django_capture_on_commit_callbacks, caplog
):
    with (
        translation.override("nl"),
        caplog.at_level(logging.ERROR, logger="samenzorg.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        record = _start(sample_tasks.note_then_fail, "half", False)
    record.refresh_from_db()
    assert record.status == TaskProgress.Status.FAILED
    assert record.error.startswith("Er ging iets mis")
    assert "Er is niets veranderd" in record.error
    assert "secret" not in record.error
    assert (record.done, record.total) == (1, 2)
    assert record.finished_at is not None
    assert not AuditEntry.objects.filter(target_repr="half").exists()
    # The traceback is in the log, not on the record.
    assert "internal detail /srv/secret.py" in caplog.text


def test_failure_for_the_user_shows_its_own_message(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        record = _start(sample_tasks.note_then_fail, "half", True)
    record.refresh_from_db()
    assert record.status == TaskProgress.Status.FAILED
    assert record.error == "Regel 3 heeft geen naam."
    assert not AuditEntry.objects.filter(target_repr="half").exists()


def test_progress_is_written_a_few_times_not_per_row(
    django_capture_on_commit_callbacks,
):
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        record = _start(sample_tasks.count_and_note, 20_000, "veel")
    updates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and "core_taskprogress" in q["sql"]
    ]
    # Running, first figures, before the write, done, the result id; the rows add none
    # (they take far less than the half second between two writes).
    assert len(updates) <= 6, updates
    record.refresh_from_db()
    assert record.done == 20_000


def test_task_runs_in_the_language_of_its_start(django_capture_on_commit_callbacks):
    with (
        translation.override("en"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        record = _start(sample_tasks.note_then_fail, "half", False)
    record.refresh_from_db()
    assert record.language == "en"
    assert record.error.startswith("Something went wrong")


def test_waiting_record_is_reused_when_asked(django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = _start(
            sample_tasks.count_and_note, 1, "een", owner=owner, coalesce=True
        )
        again = _start(
            sample_tasks.count_and_note, 1, "een", owner=owner, coalesce=True
        )
        other = _start(sample_tasks.count_and_note, 1, "een", coalesce=True)
    assert again.pk == first.pk
    assert other.pk != first.pk
    assert len(callbacks) == 2


def test_uploaded_file_is_stored_for_the_task_and_removed_after(
    django_capture_on_commit_callbacks,
):
    upload = SimpleUploadedFile("lijst <1>.csv", b"a\nb\nc\n", content_type="text/csv")
    name = task_file_save(upload)
    assert name.startswith("taken/uploads/") and name.endswith(".csv")
    with task_file_open(name) as file:
        assert file.read() == b"a\nb\nc\n"
    with django_capture_on_commit_callbacks(execute=True):
        record = _start(sample_tasks.count_lines, name, files=[name])
    record.refresh_from_db()
    assert record.status == TaskProgress.Status.DONE
    assert AuditEntry.objects.filter(target_repr="3 regels").exists()
    assert not default_storage.exists(name)


def test_only_progress_tasks_with_json_arguments_can_be_started():
    from samenzorg.core.tasks import task

    plain = task()(sample_tasks._note)
    with pytest.raises(TypeError):
        _start(plain, "x")
    with pytest.raises(TypeError):
        _start(sample_tasks.count_and_note, 1, UserFactory())
    assert not TaskProgress.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_busy_database_delays_the_progress_but_does_not_fail_the_task(monkeypatch):
    from django.db import OperationalError
    from django.db.models.query import QuerySet

    from samenzorg.core import tasks

    real_update = QuerySet.update
    busy = {"left": 2}

    def update(queryset, **fields):
        if queryset.model is TaskProgress and busy["left"]:
            busy["left"] -= 1
            raise OperationalError("database is locked")
        return real_update(queryset, **fields)

    monkeypatch.setattr(QuerySet, "update", update)
    monkeypatch.setattr(tasks.time, "sleep", lambda seconds: None)
    record = _start(sample_tasks.count_and_note, 5, "druk")  # no transaction: runs now
    record.refresh_from_db()
    assert busy["left"] == 0
    assert record.status == TaskProgress.Status.DONE
    assert AuditEntry.objects.filter(target_repr="druk").exists()


def test_failed_task_leaves_no_result_file(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = _start(sample_tasks.file_then_fail)
    record.refresh_from_db()
    assert record.status == TaskProgress.Status.FAILED and record.result_file == ""
    assert not default_storage.exists(f"taken/{record.pk}/verslag.txt")


def _import_names(data: bytes, filename="namen lijst.csv"):
    name = task_file_save(data, name=filename)
    record = _start(sample_tasks.import_names, name, filename, files=[name])
    return name, record


def test_a_bad_import_fails_with_every_problem_and_changes_nothing(
    django_capture_on_commit_callbacks,
):
    before = AuditEntry.objects.count()
    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        name, record = _import_names(b"naam;plaats\n;Den Haag\nAnna;Delft\n;Leiden\n")
    record.refresh_from_db()
    assert record.status == TaskProgress.Status.FAILED
    assert [(p["line"], p["column"]) for p in record.report["problems"]] == [
        (2, "naam"),
        (4, "naam"),
    ]
    assert record.report["problem_count"] == 2
    assert record.error.splitlines()[1:3] == [
        "Regel 2, kolom 'naam': De naam is leeg.",
        "Regel 4, kolom 'naam': De naam is leeg.",
    ]
    assert record.import_report.sorted_problems()[1].line == 4
    assert AuditEntry.objects.count() == before
    assert not default_storage.exists(name)


def test_a_good_import_keeps_its_notes_and_the_name_of_the_upload(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _name, record = _import_names(b"naam\nAnna\nBram\n")
    record.refresh_from_db()
    assert record.status == TaskProgress.Status.DONE
    assert (record.result_url, record.message) == ("/namen/", "2 namen.")
    assert (record.done, record.total) == (2, 2)
    assert record.report["notes"] == ["Gelezen: namen lijst.csv"]
    assert record.import_report.ok
    assert AuditEntry.objects.filter(target_repr="Bram").exists()


def test_a_task_does_what_its_owner_may_do_when_it_runs():
    from samenzorg.core.tasks import TaskFailed, task_user

    beheerder = UserFactory(roles=["beheerder"])
    bewoner = UserFactory(roles=["bewoner"])
    assert task_user(beheerder.pk, perm="core.view_taskprogress") == beheerder
    with pytest.raises(TaskFailed):
        task_user(bewoner.pk, perm="areas.import_statistics")
    bewoner.is_active = False
    bewoner.save()
    with pytest.raises(TaskFailed):
        task_user(bewoner.pk)
    with pytest.raises(TaskFailed):
        task_user(None)
