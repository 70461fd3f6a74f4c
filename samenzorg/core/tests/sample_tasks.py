"""Tasks for the tests of ``samenzorg.core.tasks``; the worker test runs them in
``manage.py db_worker``, so they live in a module it can import."""

from samenzorg.core.models import AuditEntry
from samenzorg.core.tasks import TaskFailed, progress_task, task_file_open


def _note(text: str) -> None:
    AuditEntry.objects.create(
        action=AuditEntry.Action.CREATE,
        target_type="test",
        target_id="1",
        target_repr=text,
    )


@progress_task()
def count_and_note(progress, n: int, note: str) -> None:
    progress.set_total(n, "Tellen")
    for _ in range(n):
        progress.advance()
    with progress.atomic("Opslaan"):
        _note(note)
    progress.set_result(url="/klaar/", label="Bekijk de uitkomst", message="Geteld.")


@progress_task()
def note_then_fail(progress, note: str, for_the_user: bool) -> None:
    progress.set_total(2, "Bezig")
    progress.advance()
    with progress.atomic():
        _note(note)
        if for_the_user:
            raise TaskFailed("Regel 3 heeft geen naam.")
        raise RuntimeError("internal detail /srv/secret.py line 12")


@progress_task()
def count_lines(progress, name: str) -> None:
    with task_file_open(name) as file:
        lines = file.read().decode().splitlines()
    progress.set_total(len(lines))
    with progress.atomic():
        _note(f"{len(lines)} regels")
    progress.set_result(url="/klaar/")


@progress_task()
def file_then_fail(progress) -> None:
    progress.save_result_file("verslag.txt", b"half af")
    raise RuntimeError("after the file")
