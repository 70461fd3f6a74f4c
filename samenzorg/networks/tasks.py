"""Background tasks of the network maps: the analysis of a large map after a change."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from samenzorg.core.models import TaskProgress
from samenzorg.core.tasks import TaskFailed, progress_task, run_with_progress

from . import selectors
from .models import NetworkMap

ANALYSIS_KIND = "networks.analysis"


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
