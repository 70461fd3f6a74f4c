"""Background tasks of the inventory: importing a file of initiatives."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenzorg.core.models import TaskProgress
from samenzorg.core.tasks import (
    progress_task,
    run_with_progress,
    task_file_open,
    task_file_save,
    task_user,
)

from . import transfer

IMPORT_KIND = "initiatives.import"
IMPORT_SUBJECT = "initiatives.initiative"


@progress_task()
def initiatives_import_task(progress, user_id: int, name: str, filename: str) -> None:
    """Check every row of the stored file and create the initiatives, all or none."""
    actor = task_user(user_id, perm="initiatives.import_initiatives")
    progress.set_message(_("The rows are being checked and saved."))
    with task_file_open(name, filename=filename) as file:
        report = transfer.import_initiatives(
            actor=actor, file=file, progress=progress.update
        )
    progress.finish_import(
        report,
        url=reverse("initiatives:list"),
        label=_("Show the initiatives"),
        message=ngettext(
            "%(count)s initiative imported",
            "%(count)s initiatives imported",
            report.created_count,
        )
        % {"count": report.created_count},
    )


def initiatives_import_start(*, actor, file) -> TaskProgress:
    """Store the uploaded ``file`` and queue its import for ``actor``."""
    name = task_file_save(file)
    return run_with_progress(
        initiatives_import_task,
        owner=actor,
        kind=IMPORT_KIND,
        subject=IMPORT_SUBJECT,
        title=_("Import of initiatives from %(file)s") % {"file": file.name},
        args=(actor.pk, name, file.name),
        files=[name],
    )
