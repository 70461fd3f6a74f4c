"""Pages of the network maps: list, map with table and analysis, editing (htmx),
import, export, comparing two dates and the questionnaire."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from samenzorg.core.access import guard
from samenzorg.core.ratelimits import limit, url_kwarg_key
from samenzorg.core.selectors import task_progress_get, task_progress_latest
from samenzorg.initiatives.selectors import initiative_get

from . import selectors, services, transfer
from .forms import (
    ActorForm,
    CompareForm,
    ImportForm,
    NetworkMapForm,
    QuestionnaireForm,
    TieForm,
)
from .models import Actor, ActorType, NetworkMap, QuestionnaireAnswer, Tie, TieKind
from .tasks import ANALYSIS_KIND, IMPORT_KIND, analysis_subject, network_import_start


def _crumbs(*extra):
    return [
        (reverse("core:home"), _("Home")),
        (reverse("networks:list"), _("Network maps")),
        *extra,
    ]


def _load_map(user, pk) -> NetworkMap:
    return selectors.network_map_get(user=user, pk=pk)


view_map = guard("networks.view_networkmap", load=_load_map, public=True)
change_map = guard("networks.change_networkmap", load=_load_map)


def network_map_list_view(request):
    maps = selectors.network_map_list(user=request.user)
    return render(
        request,
        "networks/networkmap_list.html",
        {
            "maps": maps,
            "can_add": request.user.has_perm("networks.add_networkmap"),
            "crumbs": _crumbs(),
        },
    )


@guard("networks.add_networkmap")
def network_map_create_view(request):
    form = NetworkMapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            network_map = services.network_map_create(
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The network map has been created."))
            return redirect("networks:detail", pk=network_map.pk)
    return render(
        request,
        "networks/networkmap_form.html",
        {"form": form, "crumbs": _crumbs((None, _("New network map")))},
    )


@change_map
def network_map_update_view(request, network_map):
    form = NetworkMapForm(request.POST or None, instance=network_map)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_map_update(
                actor=request.user, network_map=network_map, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("networks:detail", pk=network_map.pk)
    return render(
        request,
        "networks/networkmap_form.html",
        {
            "form": form,
            "network_map": network_map,
            "crumbs": _crumbs(
                (reverse("networks:detail", args=[network_map.pk]), network_map.name),
                (None, _("Edit")),
            ),
        },
    )


def _page_context(request, network_map):
    user = request.user
    personal = user.has_perm("networks.view_personal_data", network_map)
    can_change = user.has_perm("networks.change_networkmap", network_map)
    actors, ties, analysis = selectors.map_rows(
        network_map=network_map, personal=personal
    )
    current = network_map.analysis_current
    context = {
        "network_map": network_map,
        "actors": actors,
        "tie_count": len(ties),
        "analysis": analysis,
        "analysis_current": current,
        # While new figures are being computed: the run, for who may follow it.
        "analysis_progress": None
        if current
        else _running_analysis(request.user, network_map),
        "summary": selectors.map_summary(analysis, actors),
        "can_change": can_change,
        "personal": personal,
        "types": ActorType.choices,
        "kinds": TieKind.choices,
        "crumbs": _crumbs((None, network_map.name)),
    }
    if can_change:
        actor_qs = selectors.actor_list(network_map=network_map)
        context.update(
            actor_form=ActorForm(),
            tie_form=TieForm(actors=actor_qs),
            editable_actors=actor_qs,
            editable_ties=selectors.tie_list(network_map=network_map),
            answers=selectors.pending_answers(network_map=network_map),
        )
    return context


def _running_analysis(user, network_map):
    progress = task_progress_latest(
        user=user, kind=ANALYSIS_KIND, subject=analysis_subject(network_map.pk)
    )
    if progress is None or progress.status == progress.Status.DONE:
        return None
    return progress


@view_map
def network_map_detail(request, network_map):
    return render(
        request, "networks/networkmap_detail.html", _page_context(request, network_map)
    )


@gzip_page
@view_map
def network_map_data(request, network_map):
    """The map's JSON for Cytoscape: actors with figures, ties, analysis summary."""
    personal = request.user.has_perm("networks.view_personal_data", network_map)
    actors, ties, analysis = selectors.map_rows(
        network_map=network_map, personal=personal
    )
    return JsonResponse(
        {
            **selectors.map_page_rows(actors, ties),
            "communities": len(analysis["communities"]),
            "modularity": analysis["modularity"],
            "components": analysis["components"],
            "density": analysis["density"],
            "approximate": analysis["approximate"],
            "current": network_map.analysis_current,
        },
        json_dumps_params={"separators": (",", ":")},
    )


def _editor_response(
    request, network_map, *, actor_form=None, tie_form=None, status=200
):
    """After a change: with htmx the editor fragment (plus the table and analysis out of
    band) and an event that redraws the map; without htmx the page.

    Invalid forms come back with status 200 under htmx (htmx does not swap errors).
    """
    if not request.htmx and status == 200:
        return redirect("networks:detail", pk=network_map.pk)
    context = _page_context(request, network_map)
    if actor_form is not None:
        context["actor_form"] = actor_form
    if tie_form is not None:
        context["tie_form"] = tie_form
    if not request.htmx:
        return render(
            request, "networks/networkmap_detail.html", context, status=status
        )
    context["oob"] = status == 200
    response = render(request, "networks/includes/editor.html", context)
    if status == 200:
        response["HX-Trigger"] = "network-changed"
    return response


def _actor_fields(request, form):
    data = dict(form.cleaned_data)
    number = data.pop("initiative")
    data["initiative"] = (
        initiative_get(user=request.user, pk=number) if number else None
    )
    return data


def _save_actor(request, form, service, **target) -> bool:
    """Call the actor service with the form's data; errors go onto the form."""
    try:
        service(actor=request.user, **target, **_actor_fields(request, form))
    except ValidationError as error:
        form.add_error(None, error)
    except Http404:
        form.add_error(None, _("There is no initiative with this number."))
    else:
        return True
    return False


@require_POST
@change_map
def actor_add(request, network_map):
    form = ActorForm(request.POST)
    if form.is_valid() and _save_actor(
        request, form, services.actor_create, network_map=network_map
    ):
        messages.success(request, _("The actor has been added."))
        return _editor_response(request, network_map)
    return _editor_response(request, network_map, actor_form=form, status=422)


@change_map
def actor_edit(request, network_map, actor_pk):
    network_actor = get_object_or_404(Actor, network=network_map, pk=actor_pk)
    initial = {
        f: getattr(network_actor, f)
        for f in ("name", "type", "is_key_person", "role", "organisation", "contact")
    }
    initial.update(
        consent=network_actor.consent,
        notes=network_actor.notes,
        initiative=network_actor.initiative_id,
    )
    form = ActorForm(
        request.POST or None, initial=initial, prefix_id=f"actor{actor_pk}"
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_actor(
            request, form, services.actor_update, network_actor=network_actor
        )
    ):
        messages.success(request, _("The actor has been saved."))
        return redirect("networks:detail", pk=network_map.pk)
    return render(
        request,
        "networks/actor_form.html",
        {
            "form": form,
            "network_map": network_map,
            "network_actor": network_actor,
            "questionnaire_url": request.build_absolute_uri(
                reverse(
                    "networks:questionnaire",
                    args=[services.questionnaire_token(network_actor=network_actor)],
                )
            ),
            "crumbs": _crumbs(
                (reverse("networks:detail", args=[network_map.pk]), network_map.name),
                (None, network_actor.public_name),
            ),
        },
    )


@require_POST
@change_map
def actor_delete(request, network_map, actor_pk):
    network_actor = get_object_or_404(Actor, network=network_map, pk=actor_pk)
    services.actor_delete(actor=request.user, network_actor=network_actor)
    messages.success(request, _("The actor and its ties have been removed."))
    return _editor_response(request, network_map)


@require_POST
@change_map
def tie_add(request, network_map):
    form = TieForm(request.POST, actors=selectors.actor_list(network_map=network_map))
    if form.is_valid():
        try:
            services.tie_create(
                actor=request.user, network_map=network_map, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The tie has been added."))
            return _editor_response(request, network_map)
    return _editor_response(request, network_map, tie_form=form, status=422)


@require_POST
@change_map
def tie_delete(request, network_map, tie_pk):
    tie = get_object_or_404(Tie, network=network_map, pk=tie_pk)
    services.tie_delete(actor=request.user, tie=tie)
    messages.success(request, _("The tie has been removed."))
    return _editor_response(request, network_map)


@change_map
def network_map_import(request, network_map):
    # A valid upload is imported in the background; the page then shows its progress
    # and, when it is done, the link to the map or every mistake (?taak=<id>).
    form = ImportForm(request.POST or None, request.FILES or None)
    progress = None
    if request.method == "POST" and form.is_valid():
        record = network_import_start(
            actor=request.user,
            network_map=network_map,
            file=form.cleaned_data["file"],
            ties_file=form.cleaned_data.get("ties_file"),
        )
        return redirect(f"{request.path}?taak={record.pk}")
    if request.method != "POST" and request.GET.get("taak"):
        progress = task_progress_get(
            user=request.user, pk=request.GET["taak"], kind=IMPORT_KIND
        )
        if progress.subject != analysis_subject(network_map.pk):
            raise Http404
    return render(
        request,
        "networks/networkmap_import.html",
        {
            "form": form,
            "progress": progress,
            "network_map": network_map,
            "crumbs": _crumbs(
                (reverse("networks:detail", args=[network_map.pk]), network_map.name),
                (None, _("Import")),
            ),
        },
    )


@view_map
def network_map_export(request, network_map):
    personal = request.user.has_perm("networks.view_personal_data", network_map)
    actors, ties, _analysis = selectors.map_rows(
        network_map=network_map, personal=personal
    )
    fmt = request.GET.get("formaat", "graphml")
    base = f"netwerkkaart-{network_map.pk}"
    if fmt == "graphml":
        response = HttpResponse(
            transfer.export_graphml(actors, ties),
            content_type="application/graphml+xml",
        )
        name = f"{base}.graphml"
    elif fmt == "csv-actoren":
        response = HttpResponse(
            transfer.export_csv_actors(actors), content_type="text/csv; charset=utf-8"
        )
        name = f"{base}-actoren.csv"
    elif fmt == "csv-banden":
        response = HttpResponse(
            transfer.export_csv_ties(actors, ties),
            content_type="text/csv; charset=utf-8",
        )
        name = f"{base}-banden.csv"
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@view_map
def network_map_compare(request, network_map):
    form = CompareForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = selectors.network_map_compare(
            network_map=network_map,
            first=form.cleaned_data["first"],
            second=form.cleaned_data["second"],
        )
    return render(
        request,
        "networks/networkmap_compare.html",
        {
            "form": form,
            "result": result,
            "network_map": network_map,
            "crumbs": _crumbs(
                (reverse("networks:detail", args=[network_map.pk]), network_map.name),
                (None, _("Compare two dates")),
            ),
        },
    )


@require_POST
@change_map
def answer_decide(request, network_map, answer_pk):
    answer = get_object_or_404(
        QuestionnaireAnswer, respondent__network=network_map, pk=answer_pk
    )
    try:
        if request.POST.get("decision") == "accept":
            services.questionnaire_answer_accept(actor=request.user, answer=answer)
            messages.success(request, _("The answer is now a tie on the map."))
        else:
            services.questionnaire_answer_reject(actor=request.user, answer=answer)
            messages.success(request, _("The answer has been rejected."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _editor_response(request, network_map)


@limit("RATELIMIT_QUESTIONNAIRE", key=url_kwarg_key("token"))
def questionnaire(request, token):
    """The short questionnaire behind a signed link; no account needed."""
    respondent = services.questionnaire_actor(token=token)
    if respondent is None:
        raise Http404
    partners = selectors.actor_list(network_map=respondent.network).exclude(
        pk=respondent.pk
    )
    form = QuestionnaireForm(request.POST or None, partners=partners)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_submit(
                respondent=respondent,
                partners=list(form.cleaned_data["partners"]),
                other_names=form.cleaned_data["others"].splitlines(),
                kind=form.cleaned_data["kind"],
                strength=form.cleaned_data["strength"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = True
    elif request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request,
        "networks/questionnaire.html",
        {"form": form, "respondent": respondent, "done": done},
    )
