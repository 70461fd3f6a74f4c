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


@progress_task()
def import_names(progress, name: str, filename: str) -> None:
    """An import as the apps write one: every row checked, all or nothing."""
    from samenzorg.core.tabular import ImportReport, read_table, write_all_or_nothing

    report = ImportReport()
    with task_file_open(name, filename=filename) as file:
        table = read_table(file, report=report)
    report.note(f"Gelezen: {table.name}")
    for row in table.rows:
        if not row.get(0):
            report.add("De naam is leeg.", line=row.line, column="naam")
    items = [(row.line, row.get(0)) for row in table.rows]
    written = write_all_or_nothing(report=report, items=items, write=_note)
    progress.update(len(items), len(items))
    progress.finish_import(
        report, url="/namen/", label="Bekijk de namen", message=f"{len(written)} namen."
    )
