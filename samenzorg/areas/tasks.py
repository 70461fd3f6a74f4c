"""Background tasks of the areas: importing a CBS file of key figures."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from samenzorg.core.models import TaskProgress
from samenzorg.core.tasks import (
    progress_task,
    run_with_progress,
    task_file_open,
    task_file_save,
    task_user,
)

from .services import statistics_import

IMPORT_KIND = "areas.import"


def import_subject(year: int) -> str:
    return f"areas.statistic:{year}"


@progress_task()
def statistics_import_task(
    progress, user_id: int, name: str, filename: str, year: int
) -> None:
    """Check every row of the stored CBS file and store its figures, all or none."""
    actor = task_user(user_id, perm="areas.import_statistics")
    progress.set_message(_("The figures are being checked and saved."))
    with task_file_open(name, filename=filename) as file:
        report = statistics_import(
            actor=actor, file=file, year=year, progress=progress.update
        )
    message = _(
        "Imported %(values)s figures for %(rows)s areas (%(year)s); %(changed)s changed."
    ) % {
        "values": report.values,
        "rows": report.rows,
        "year": report.year,
        "changed": report.changed,
    }
    if report.skipped_other_municipalities:
        message += " " + _("%(count)s rows of other municipalities were skipped.") % {
            "count": report.skipped_other_municipalities
        }
    progress.finish_import(
        report,
        url=reverse("areas:overview"),
        label=_("Show the areas and their figures"),
        message=message,
    )


def statistics_import_start(*, actor, file, year: int) -> TaskProgress:
    """Store the uploaded CBS ``file`` and queue its import for ``year``."""
    name = task_file_save(file)
    return run_with_progress(
        statistics_import_task,
        owner=actor,
        kind=IMPORT_KIND,
        subject=import_subject(year),
        title=_("Import of CBS figures %(year)s from %(file)s")
        % {"year": year, "file": file.name},
        args=(actor.pk, name, file.name, int(year)),
        files=[name],
    )
