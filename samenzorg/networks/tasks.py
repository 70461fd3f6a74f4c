"""Background tasks of the network maps: the analysis of a large map after a change,
and importing files of actors and ties."""

from __future__ import annotations

from contextlib import ExitStack

from django.urls import reverse
from django.utils.translation import gettext as _

from samenzorg.core.models import TaskProgress
from samenzorg.core.tasks import (
    TaskFailed,
    progress_task,
    run_with_progress,
    task_file_open,
    task_file_save,
    task_user,
)

from . import selectors
from .models import NetworkMap

ANALYSIS_KIND = "networks.analysis"
IMPORT_KIND = "networks.import"


def analysis_subject(network_map_id: int) -> str:
    return f"networks.networkmap:{network_map_id}"


@progress_task()
def network_map_analysis_task(progress, network_map_id: int) -> None:
    """Analyse the map as it is when the run starts, and store the figures (one
    update: a failure before it leaves the stored figures as they were)."""
    network_map = NetworkMap.objects.filter(pk=network_map_id).first()
    if network_map is None:
        raise TaskFailed(_("This network map no longer exists."))
    progress.set_total(1, _("The figures of the network are being computed."))
    if not selectors.analysis_is_current(network_map=network_map):
        selectors.network_map_analyse(network_map=network_map)
    progress.advance()
    progress.set_result(
        url=reverse("networks:detail", args=[network_map_id]),
        label=_("Show the new figures"),
        message=_("The figures of the network are up to date."),
    )


def network_map_analysis_schedule(*, network_map: NetworkMap, actor) -> TaskProgress:
    """Queue the analysis of ``network_map``, unless a run for ``actor`` still waits:
    that run reads the map when it starts, so it covers this change too."""
    return run_with_progress(
        network_map_analysis_task,
        owner=actor,
        kind=ANALYSIS_KIND,
        subject=analysis_subject(network_map.pk),
        title=_("Figures of the network map %(name)s") % {"name": network_map.name},
        args=(network_map.pk,),
        coalesce=True,
    )


def network_map_analysis_ensure(*, network_map: NetworkMap) -> None:
    """For a read that found the figures out of date: queue a run unless one is
    waiting or running already (a change queues its own)."""
    if not TaskProgress.objects.filter(
        kind=ANALYSIS_KIND,
        subject=analysis_subject(network_map.pk),
        status__in=TaskProgress.ACTIVE,
    ).exists():
        network_map_analysis_schedule(network_map=network_map, actor=None)


@progress_task()
def network_import_task(
    progress,
    user_id: int,
    network_map_id: int,
    name: str,
    filename: str,
    ties_name: str = "",
    ties_filename: str = "",
) -> None:
    """Check every row of the stored file(s) and add them to the map, all or none."""
    from .services import network_import_file

    network_map = NetworkMap.objects.filter(pk=network_map_id).first()
    if network_map is None:
        raise TaskFailed(_("This network map no longer exists."))
    actor = task_user(user_id, perm="networks.change_networkmap", obj=network_map)
    progress.set_message(_("The actors and ties are being checked and saved."))
    with ExitStack() as files:
        file = files.enter_context(task_file_open(name, filename=filename))
        ties_file = (
            files.enter_context(task_file_open(ties_name, filename=ties_filename))
            if ties_name
            else None
        )
        report = network_import_file(
            actor=actor,
            network_map=network_map,
            file=file,
            ties_file=ties_file,
            progress=progress.update,
        )
    progress.finish_import(
        report,
        url=reverse("networks:detail", args=[network_map_id]),
        label=_("Show the network map"),
        message=_("Imported %(actors)s actors and %(ties)s ties.")
        % {"actors": report.actors, "ties": report.ties},
    )


def network_import_start(
    *, actor, network_map: NetworkMap, file, ties_file=None
) -> TaskProgress:
    """Store the uploaded file(s) and queue their import into ``network_map``."""
    name = task_file_save(file)
    ties_name = task_file_save(ties_file) if ties_file else ""
    return run_with_progress(
        network_import_task,
        owner=actor,
        kind=IMPORT_KIND,
        subject=analysis_subject(network_map.pk),
        title=_("Import into %(name)s") % {"name": network_map.name},
        args=(actor.pk, network_map.pk, name, file.name),
        kwargs={
            "ties_name": ties_name,
            "ties_filename": ties_file.name if ties_file else "",
        },
        files=[name, *([ties_name] if ties_name else [])],
    )
