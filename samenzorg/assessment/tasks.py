"""Background tasks of the assessment: the results PDF, and choosing areas from a large
set (a whole country's buurten)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from samenzorg.core.models import TaskProgress
from samenzorg.core.tasks import TaskFailed, progress_task, run_with_progress

from .models import Round, Scenario

REPORT_KIND = "assessment.results_pdf"
SCENARIO_KIND = "assessment.scenario"


def round_subject(round_id: int) -> str:
    return f"assessment.round:{round_id}"


def scenario_subject(scenario_id: int) -> str:
    return f"assessment.scenario:{scenario_id}"


@progress_task()
def results_pdf_task(progress, round_id: int) -> None:
    """Make the round's results PDF and store it (the download link checks rights)."""
    from . import exports
    from .selectors import round_results

    round_ = Round.objects.select_related("facilitator").filter(pk=round_id).first()
    if round_ is None:
        raise TaskFailed(_("This round no longer exists."))
    progress.set_total(3, _("The results are being computed."))
    results = round_results(round_)
    progress.advance(message=_("The PDF report is being made."))
    pdf = exports.results_pdf_bytes(round_, results)
    progress.advance(message=_("The PDF report is being saved."))
    progress.save_result_file(exports.report_filename(round_), pdf)
    progress.advance()
    progress.set_result(
        url=reverse("assessment:round_report", args=[round_id, progress.id]),
        label=_("Download the PDF report"),
        message=_("The PDF report is ready."),
    )


def results_pdf_start(*, actor, round_: Round) -> TaskProgress:
    """Queue the PDF of ``round_``'s results for ``actor`` (a waiting one is reused)."""
    return run_with_progress(
        results_pdf_task,
        owner=actor,
        kind=REPORT_KIND,
        subject=round_subject(round_.pk),
        title=_("PDF report: %(title)s") % {"title": round_.title},
        args=(round_.pk,),
        coalesce=True,
    )


@progress_task()
def scenario_compute_task(progress, scenario_id: int, stamp: str) -> None:
    """Score the areas and choose them, for the scenario as it was saved at
    ``stamp``; a later change queued its own run, so an older one stores nothing."""
    from .services import scenario_compute_data, scenario_store_result

    scenario = Scenario.objects.select_related("round").filter(pk=scenario_id).first()
    if scenario is None:
        raise TaskFailed(_("This scenario no longer exists."))
    url = reverse("assessment:scenario_detail", args=[scenario_id])
    saved = datetime.datetime.fromisoformat(stamp)
    if scenario.updated_at != saved:
        progress.set_result(url=url, label=_("Show the chosen areas"))
        return
    progress.set_total(2, _("The areas are being scored and chosen."))
    data = scenario_compute_data(scenario)
    progress.advance(message=_("The choice is being saved."))
    with progress.atomic():
        scenario_store_result(scenario_id=scenario_id, saved=saved, data=data)
    progress.advance()
    progress.set_result(
        url=url,
        label=_("Show the chosen areas"),
        message=_("The areas have been chosen."),
    )


def scenario_compute_start(*, actor, scenario: Scenario) -> TaskProgress:
    return run_with_progress(
        scenario_compute_task,
        owner=actor,
        kind=SCENARIO_KIND,
        subject=scenario_subject(scenario.pk),
        title=_("Choosing areas: %(title)s") % {"title": scenario.title},
        args=(scenario.pk, scenario.updated_at.isoformat()),
    )
