"""Pages for assessment rounds (facilitator, projector, participants) and areas."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenzorg.core.access import guard
from samenzorg.core.ratelimits import (
    ip_and_url_kwarg_key,
    limit,
    limit_misses,
    visitor_key,
)
from samenzorg.core.selectors import task_progress_latest
from samenzorg.initiatives.models import Initiative, Tag
from samenzorg.initiatives.selectors import area_filter_choices

from . import exports, tasks
from .forms import (
    CriterionFormSet,
    IndicatorFormSet,
    InitiativeFilterForm,
    JoinCodeForm,
    JoinForm,
    PointsForm,
    RoundForm,
    ScenarioForm,
    ScoreForm,
)
from .models import DEFAULT_CRITERIA, Participant, Round, Scenario
from .selectors import (
    participant_assignment,
    participant_by_tokens,
    participant_score,
    participant_scores,
    round_by_code,
    round_criteria,
    round_frame,
    round_get,
    round_initiative_rows,
    round_list,
    round_live,
    round_plan,
    round_report_get,
    round_results,
    round_weight_divisions,
    scenario_areas,
    scenario_geojson,
    scenario_get,
    scenario_round_choices,
    scenario_visible,
    variable_choices,
)
from .services import (
    participant_join,
    participant_set_weights,
    round_adopt_median_weights,
    round_close,
    round_create,
    round_open,
    round_publish,
    round_select_initiatives,
    round_set_criteria,
    round_update,
    scenario_create,
    scenario_delete,
    scenario_update,
    score_save,
)

COOKIE_SALT = "samenzorg.assessment.participant"


def _crumbs(*extra):
    return [
        (reverse("core:home"), _("Home")),
        (reverse("assessment:index"), _("Kansrijkheid")),
        *extra,
    ]


def _load_round(user, pk) -> Round:
    return round_get(user=user, pk=pk)


def _load_scenario(user, pk) -> Scenario:
    return scenario_get(user=user, pk=pk)


def round_guard(perm: str, *, public: bool = False):
    return guard(perm, load=_load_round, public=public)


def scenario_guard(perm: str):
    return guard(perm, load=_load_scenario)


PARTICIPANT_COOKIE = "szr_deelnemer_"
# More than a browser could have joined at once; the rest is not even checked.
MAX_PARTICIPANT_COOKIES = 20


def _cookie_name(round_: Round) -> str:
    return f"{PARTICIPANT_COOKIE}{round_.pk}"


def _participant_tokens(request) -> dict[int, str]:
    """The participant tokens this browser keeps, by round id; only cookies whose
    signature holds count."""
    tokens = {}
    names = [name for name in request.COOKIES if name.startswith(PARTICIPANT_COOKIE)]
    for name in names[:MAX_PARTICIPANT_COOKIES]:
        suffix = name.removeprefix(PARTICIPANT_COOKIE)
        if suffix.isascii() and suffix.isdigit():
            token = request.get_signed_cookie(name, default=None, salt=COOKIE_SALT)
            if token:
                tokens[int(suffix)] = token
    return tokens


def current_participant(request, round_: Round) -> Participant | None:
    """The participant this browser joined as (signed cookie), or the account's."""
    token = request.get_signed_cookie(
        _cookie_name(round_), default=None, salt=COOKIE_SALT
    )
    if token:
        found = Participant.objects.filter(round=round_, token=token).first()
        if found is not None:
            found.round = round_
            return found
    if request.user.is_authenticated:
        found = Participant.objects.filter(round=round_, user=request.user).first()
        if found is not None:
            found.round = round_
            return found
    return None


# --- index and rounds -------------------------------------------------------


def index_view(request):
    rounds = list(round_list(user=request.user))
    for round_ in rounds:
        name = (
            "assessment:round_detail"
            if request.user.has_perm("assessment.view_round", round_)
            else "assessment:round_results"
        )
        round_.url = reverse(name, args=[round_.pk])
    return render(
        request,
        "assessment/round_list.html",
        {
            "rounds": rounds,
            "join_form": JoinCodeForm(),
            "can_add": request.user.has_perm("assessment.add_round"),
            "can_scenarios": request.user.has_perm("assessment.view_scenario"),
            "breadcrumbs": _crumbs(),
        },
    )


def _round_form_initial(round_: Round | None):
    if round_ is None:
        return {
            "scale_min": 1,
            "scale_max": 5,
            "method": "mean",
            "raters_per_initiative": 3,
            "expected_participants": 45,
            "top_k": 10,
        }
    return {
        f: getattr(round_, f)
        for f in (
            "title",
            "date",
            "scale_min",
            "scale_max",
            "method",
            "raters_per_initiative",
            "expected_participants",
            "max_per_person",
            "top_k",
        )
    }


def _criteria_initial(round_: Round | None):
    if round_ is None:
        return [{"name": n, "description": d, "weight": 1} for n, d in DEFAULT_CRITERIA]
    return [
        {"id": c.pk, "name": c.name, "description": c.description, "weight": c.weight}
        for c in round_criteria(round_)
    ]


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _criteria_items(formset):
    return [
        {
            "id": f.cleaned_data.get("id"),
            "name": f.cleaned_data["name"],
            "description": f.cleaned_data.get("description", ""),
            "weight": f.cleaned_data["weight"],
        }
        for f in formset.forms
        if f.cleaned_data
        and f.cleaned_data.get("name")
        and not f.cleaned_data.get("DELETE")
    ]


@guard("assessment.add_round")
def round_create_view(request):
    form = RoundForm(request.POST or None, initial=_round_form_initial(None))
    formset = CriterionFormSet(
        request.POST or None, prefix="criteria", initial=_criteria_initial(None)
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = _criteria_items(formset)
        try:
            round_ = round_create(
                actor=request.user,
                criteria=[(c["name"], c["description"], c["weight"]) for c in items],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("The round has been created. Now choose the initiatives.")
            )
            return redirect("assessment:round_initiatives", pk=round_.pk)
    return render(
        request,
        "assessment/round_form.html",
        {
            "form": form,
            "formset": formset,
            "breadcrumbs": _crumbs((None, _("New round"))),
        },
    )


@round_guard("assessment.change_round")
def round_update_view(request, round_):
    form = RoundForm(request.POST or None, initial=_round_form_initial(round_))
    formset = CriterionFormSet(
        request.POST or None, prefix="criteria", initial=_criteria_initial(round_)
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            round_update(actor=request.user, round=round_, **form.cleaned_data)
            round_set_criteria(
                actor=request.user, round=round_, criteria=_criteria_items(formset)
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("assessment:round_detail", pk=round_.pk)
    return render(
        request,
        "assessment/round_form.html",
        {
            "form": form,
            "formset": formset,
            "round": round_,
            "breadcrumbs": _crumbs(
                (reverse("assessment:round_detail", args=[round_.pk]), round_.title),
                (None, _("Edit")),
            ),
        },
    )


@round_guard("assessment.change_round")
def round_initiatives_view(request, round_):
    tags = Tag.objects.filter(kind=Tag.Kind.DOMAIN).order_by("position", "name")
    kwargs = {
        "areas": area_filter_choices(),
        "domains": [(t.slug, t.name) for t in tags],
        "maturities": Initiative.Maturity.choices,
    }
    initial = round_.initiative_filters or {}
    form = InitiativeFilterForm(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filters = {k: data[k] for k in ("area", "domain", "maturity") if data.get(k)}
        try:
            n = round_select_initiatives(
                actor=request.user, round=round_, filters=filters, q=data.get("q", "")
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("%(n)s initiatives are in this round.") % {"n": n}
            )
            return redirect("assessment:round_detail", pk=round_.pk)
    return render(
        request,
        "assessment/round_initiatives.html",
        {
            "round": round_,
            "form": form,
            "initiatives": round_initiative_rows(round_),
            "breadcrumbs": _crumbs(
                (reverse("assessment:round_detail", args=[round_.pk]), round_.title),
                (None, _("Initiatives")),
            ),
        },
    )


@round_guard("assessment.view_round")
def round_detail_view(request, round_):
    initiatives = round_initiative_rows(round_)
    divisions = round_weight_divisions(round_)
    return render(
        request,
        "assessment/round_detail.html",
        {
            "round": round_,
            "criteria": round_criteria(round_),
            "initiatives": initiatives,
            "plan": round_plan(round_, len(initiatives)),
            "n_divisions": len(divisions),
            "can_run": request.user.has_perm("assessment.run_round", round_),
            "join_url": request.build_absolute_uri(
                reverse("assessment:join", args=[round_.join_code])
            ),
            "breadcrumbs": _crumbs((None, round_.title)),
        },
    )


@require_POST
@round_guard("assessment.run_round")
def round_status_view(request, round_):
    action = request.POST.get("action")
    steps = {
        "open": (round_open, _("The session is open.")),
        "close": (round_close, _("The session is closed.")),
        "publish": (
            lambda **kw: round_publish(published=True, **kw),
            _("The results are public now."),
        ),
        "unpublish": (
            lambda **kw: round_publish(published=False, **kw),
            _("The results are no longer public."),
        ),
        "adopt_weights": (
            round_adopt_median_weights,
            _("The weights are now the median of the divisions."),
        ),
    }
    if action not in steps:
        return HttpResponseBadRequest("action")
    service, done = steps[action]
    try:
        service(actor=request.user, round=round_)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    target = request.POST.get("next")
    if target in ("projector", "results"):
        return redirect(f"assessment:round_{target}", pk=round_.pk)
    return redirect("assessment:round_detail", pk=round_.pk)


def _qr_svg(url: str, title: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(
        scale=6, border=2, title=title, dark="#000", light="#fff"
    )


def _projector_context(round_: Round):
    return {"round": round_, **round_live(round_)}


@round_guard("assessment.run_round")
def round_projector_view(request, round_):
    join_url = request.build_absolute_uri(
        reverse("assessment:join", args=[round_.join_code])
    )
    context = {
        **_projector_context(round_),
        "join_url": join_url,
        "qr_svg": _qr_svg(join_url, _("QR code to join the session")),
        "breadcrumbs": _crumbs(
            (reverse("assessment:round_detail", args=[round_.pk]), round_.title),
            (None, _("Screen")),
        ),
    }
    return render(request, "assessment/round_projector.html", context)


@round_guard("assessment.run_round")
def round_projector_progress_view(request, round_):
    """The live part of the projector page; htmx requests only."""
    if not request.htmx:
        return HttpResponseBadRequest(_("This address is only for live updates."))
    return render(
        request, "assessment/includes/projector_live.html", _projector_context(round_)
    )


@round_guard("assessment.view_results", public=True)
def round_results_view(request, round_):
    results = round_results(round_)
    return render(
        request,
        "assessment/round_results.html",
        {
            "round": round_,
            "results": results,
            "chart": exports.contribution_chart(results),
            "report": task_progress_latest(
                user=request.user,
                kind=tasks.REPORT_KIND,
                subject=tasks.round_subject(round_.pk),
            ),
            "can_run": request.user.has_perm("assessment.run_round", round_),
            "breadcrumbs": _crumbs(
                *(
                    [
                        (
                            reverse("assessment:round_detail", args=[round_.pk]),
                            round_.title,
                        )
                    ]
                    if request.user.has_perm("assessment.view_round", round_)
                    else []
                ),
                (None, _("Results: %(title)s") % {"title": round_.title}),
            ),
        },
    )


@round_guard("assessment.export_results", public=True)
def round_export_view(request, round_):
    fmt = request.GET.get("formaat", "csv")
    results = round_results(round_)
    if fmt == "csv":
        return exports.results_csv(round_, results)
    if fmt == "xlsx":
        return exports.results_xlsx(round_, results)
    if fmt == "pdf":  # made in the background now: the button on the results page
        return redirect(
            reverse("assessment:round_results", args=[round_.pk]) + "#pdf-rapport"
        )
    raise Http404("format")


@require_POST
def round_report_start_view(request, pk):
    """Start making the results PDF: the progress component for htmx, else its page."""
    if not request.user.is_authenticated:
        return redirect_to_login(
            reverse("assessment:round_results", args=[pk]) + "#pdf-rapport"
        )
    return _round_report_start(request, pk=pk)


@round_guard("assessment.export_results")
def _round_report_start(request, round_):
    report = tasks.results_pdf_start(actor=request.user, round_=round_)
    if request.htmx:
        return render(request, "components/task_progress.html", {"progress": report})
    return redirect(report)


@round_guard("assessment.export_results", public=True)
def round_report_view(request, round_, report_pk):
    """Download a results PDF made earlier; for whoever may see the results now."""
    report = round_report_get(round_=round_, pk=report_pk)
    try:
        file = default_storage.open(report.result_file, "rb")
    except FileNotFoundError:
        raise Http404("report") from None
    return FileResponse(
        file,
        content_type="application/pdf",
        filename=exports.report_filename(round_),
    )


# --- participants ----------------------------------------------------------


def _code_typed_wrong(request, response) -> bool:
    return bool(request.GET.get("code")) and response.status_code == 200


# Wrong codes count per IP address, on every page with a code in its address; right
# ones never, so a whole room on one network can join. Scores count per phone.
_misses = limit_misses("RATELIMIT_JOIN_CODE", group="join-code-misses")
_per_participant = limit(
    "RATELIMIT_SCORE", key=visitor_key("szr_deelnemer_", kwarg="code")
)


@limit_misses("RATELIMIT_JOIN_CODE", group="join-code-misses", missed=_code_typed_wrong)
def join_code_view(request):
    form = JoinCodeForm(request.GET or None)
    if request.GET and form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        try:
            round_by_code(code=code)
        except Http404:
            form.add_error("code", _("There is no open session with this code."))
        else:
            return redirect("assessment:join", code=code)
    return render(
        request,
        "assessment/join_code.html",
        {"form": form, "breadcrumbs": _crumbs((None, _("Join")))},
    )


@_misses
@limit("RATELIMIT_JOIN", key=ip_and_url_kwarg_key("code"))
def join_view(request, code):
    round_ = round_by_code(code=code)
    participant = current_participant(request, round_)
    if participant is not None:
        return redirect("assessment:session", code=round_.join_code)
    initial = {}
    if request.user.is_authenticated:
        initial["name"] = str(request.user)
    form = JoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            participant = participant_join(
                round=round_,
                name=form.cleaned_data["name"],
                organisation_kind=form.cleaned_data["organisation_kind"],
                user=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            response = redirect("assessment:session", code=round_.join_code)
            response.set_signed_cookie(
                _cookie_name(round_),
                participant.token,
                salt=COOKIE_SALT,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(
        request,
        "assessment/join.html",
        {"round": round_, "form": form, "breadcrumbs": _crumbs((None, _("Join")))},
    )


def _participant_or_join(request, code):
    # A phone that joined is found with its round in one query; anyone else
    # (not joined yet, or joined with an account) by the round first.
    participant = participant_by_tokens(code=code, tokens=_participant_tokens(request))
    if participant is not None:
        return participant.round, participant
    round_ = round_by_code(code=code)
    return round_, current_participant(request, round_)


@_misses
def session_view(request, code):
    round_, participant = _participant_or_join(request, code)
    if participant is None:
        return redirect("assessment:join", code=round_.join_code)
    criteria, initiative_rows = round_frame(round_)
    rows = {row["id"]: row for row in initiative_rows}
    assigned = participant_assignment(participant, list(rows))
    mine = participant_scores(participant)
    items = []
    for pk in assigned:
        done = sum(1 for c in criteria if (pk, c.pk) in mine)
        items.append({**rows[pk], "done": done, "complete": done == len(criteria)})
    return render(
        request,
        "assessment/session.html",
        {
            "round": round_,
            "participant": participant,
            "items": items,
            "n_criteria": len(criteria),
            "n_complete": sum(1 for i in items if i["complete"]),
            "is_open": round_.status == Round.Status.OPEN,
            "breadcrumbs": _crumbs((None, round_.title)),
        },
    )


@_misses
@_per_participant
def score_view(request, code, initiative_id):
    round_, participant = _participant_or_join(request, code)
    if participant is None:
        return redirect("assessment:join", code=round_.join_code)
    criteria, initiative_rows = round_frame(round_)
    rows = {row["id"]: row for row in initiative_rows}
    if initiative_id not in participant_assignment(participant, list(rows)):
        raise Http404("initiative")
    try:
        step = min(max(int(request.GET.get("stap", 1)), 1), len(criteria))
    except ValueError:
        step = 1
    criterion = criteria[step - 1]
    form = ScoreForm(request.POST or None, scale=round_.scale, label=criterion.name)
    if request.method == "POST":
        if round_.status != Round.Status.OPEN:
            raise PermissionDenied
        if form.is_valid():
            try:
                score_save(
                    participant=participant,
                    initiative_id=initiative_id,
                    criterion=criterion,
                    value=form.cleaned_data["value"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if step < len(criteria):
                    url = reverse(
                        "assessment:score", args=[round_.join_code, initiative_id]
                    )
                    return redirect(f"{url}?stap={step + 1}")
                messages.success(request, _("Thank you. Your scores are saved."))
                return redirect("assessment:session", code=round_.join_code)
    if request.method != "POST":
        form.initial = {
            "value": participant_score(participant, initiative_id, criterion.pk)
        }
    initiative = rows[initiative_id]
    # The radio buttons are written out in the template: a widget template for
    # each of them cost more than the rest of the page.
    chosen = form["value"].value()
    chosen = "" if chosen is None else str(chosen)
    return render(
        request,
        "assessment/score.html",
        {
            "round": round_,
            "initiative": initiative,
            "criterion": criterion,
            "step": step,
            "n_steps": len(criteria),
            "form": form,
            "choices": [(value, str(value) == chosen) for value in round_.scale],
            "is_open": round_.status == Round.Status.OPEN,
            "previous_url": (
                reverse("assessment:score", args=[round_.join_code, initiative_id])
                + f"?stap={step - 1}"
                if step > 1
                else None
            ),
            "breadcrumbs": _crumbs(
                (reverse("assessment:session", args=[round_.join_code]), round_.title),
                (None, initiative["name"]),
            ),
        },
    )


@_misses
@_per_participant
def points_view(request, code):
    round_, participant = _participant_or_join(request, code)
    if participant is None:
        return redirect("assessment:join", code=round_.join_code)
    criteria = round_criteria(round_)
    form = PointsForm(
        request.POST or None,
        criteria=criteria,
        initial_points=participant.weights or {},
    )
    if request.method == "POST":
        if round_.status != Round.Status.OPEN:
            raise PermissionDenied
        if form.is_valid():
            try:
                participant_set_weights(participant=participant, points=form.points())
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your division of the points is saved."))
                return redirect("assessment:session", code=round_.join_code)
    return render(
        request,
        "assessment/points.html",
        {
            "round": round_,
            "form": form,
            "breadcrumbs": _crumbs(
                (reverse("assessment:session", args=[round_.join_code]), round_.title),
                (None, _("Weights")),
            ),
        },
    )


# --- area scenarios --------------------------------------------------------


@guard("assessment.view_scenario")
def scenario_list_view(request):
    return render(
        request,
        "assessment/scenario_list.html",
        {
            "scenarios": scenario_visible(user=request.user),
            "breadcrumbs": _crumbs((None, _("Promising areas"))),
        },
    )


def _scenario_forms(request, scenario: Scenario | None):
    level = (
        request.POST.get("level")
        or (scenario.level if scenario else None)
        or Scenario.Level.WIJK
    )
    if level not in Scenario.Level.values:
        level = Scenario.Level.WIJK
    areas = [(a.code, f"{a.name} ({a.code})") for a in scenario_areas(level)]
    rounds = list(scenario_round_choices(user=request.user))
    variables = [(v.pk, f"{v.title} ({v.year})") for v in variable_choices()]
    initial = {"k": 7, "kansrijkheid_weight": 1, "level": level}
    indicators = []
    if scenario is not None:
        initial = {
            "title": scenario.title,
            "level": scenario.level,
            "round": scenario.round_id or "",
            "kansrijkheid_weight": scenario.kansrijkheid_weight,
            "k": scenario.k,
            "min_distinct_problems": scenario.min_distinct_problems,
            "max_per_group": scenario.max_per_group,
            "include": scenario.include,
            "exclude": scenario.exclude,
        }
        indicators = scenario.indicators
    form = ScenarioForm(
        request.POST or None, initial=initial, rounds=rounds, areas=areas
    )
    formset = IndicatorFormSet(
        request.POST or None,
        prefix="indicators",
        initial=indicators,
        form_kwargs={"variables": variables},
    )
    return form, formset


def _scenario_fields(request, form, formset):
    data = form.cleaned_data
    round_pk = data.get("round")
    rounds = scenario_round_choices(user=request.user)
    return {
        "title": data["title"],
        "level": data["level"],
        "round": rounds.filter(pk=round_pk).first() if round_pk else None,
        "kansrijkheid_weight": data["kansrijkheid_weight"],
        "k": data["k"],
        "min_distinct_problems": data.get("min_distinct_problems"),
        "max_per_group": data.get("max_per_group"),
        "include": data.get("include") or [],
        "exclude": data.get("exclude") or [],
        "indicators": [
            {
                "variable": int(f.cleaned_data["variable"]),
                "direction": int(f.cleaned_data["direction"]),
                "weight": float(f.cleaned_data["weight"]),
                "problem": f.cleaned_data.get("problem", ""),
            }
            for f in formset.forms
            if f.cleaned_data and f.cleaned_data.get("variable")
        ],
    }


@guard("assessment.add_scenario")
def scenario_create_view(request):
    form, formset = _scenario_forms(request, None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            scenario = scenario_create(
                actor=request.user, **_scenario_fields(request, form, formset)
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("assessment:scenario_detail", pk=scenario.pk)
    return render(
        request,
        "assessment/scenario_form.html",
        {
            "form": form,
            "formset": formset,
            "breadcrumbs": _crumbs(
                (reverse("assessment:scenario_list"), _("Promising areas")),
                (None, _("New scenario")),
            ),
        },
    )


@scenario_guard("assessment.change_scenario")
def scenario_update_view(request, scenario):
    form, formset = _scenario_forms(request, scenario)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            scenario_update(
                actor=request.user,
                scenario=scenario,
                **_scenario_fields(request, form, formset),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("assessment:scenario_detail", pk=scenario.pk)
    return render(
        request,
        "assessment/scenario_form.html",
        {
            "form": form,
            "formset": formset,
            "scenario": scenario,
            "breadcrumbs": _crumbs(
                (reverse("assessment:scenario_list"), _("Promising areas")),
                (
                    reverse("assessment:scenario_detail", args=[scenario.pk]),
                    scenario.title,
                ),
                (None, _("Edit")),
            ),
        },
    )


@scenario_guard("assessment.change_scenario")
def scenario_problems_view(request, scenario):
    """Change the problem type of areas (the suggestion stays visible)."""
    rows = (scenario.result or {}).get("areas", [])
    if request.method == "POST":
        problems = {}
        for row in rows:
            value = request.POST.get(f"p-{row['code']}", "").strip()[:60]
            if value and value != (row.get("suggested") or ""):
                problems[row["code"]] = value
        scenario_update(actor=request.user, scenario=scenario, problems=problems)
        messages.success(
            request, _("The problem types are saved and the choice is made again.")
        )
        return redirect("assessment:scenario_detail", pk=scenario.pk)
    return render(
        request,
        "assessment/scenario_problems.html",
        {
            "scenario": scenario,
            "rows": rows,
            "breadcrumbs": _crumbs(
                (reverse("assessment:scenario_list"), _("Promising areas")),
                (
                    reverse("assessment:scenario_detail", args=[scenario.pk]),
                    scenario.title,
                ),
                (None, _("Problem types")),
            ),
        },
    )


def _scenario_view_data(scenario: Scenario):
    result = scenario.result or {}
    by_code = {row["code"]: row for row in result.get("areas", [])}
    selected = [
        {**by_code[code], **result.get("reasons", {}).get(code, {})}
        for code in result.get("selected", [])
        if code in by_code
    ]
    alternative = result.get("alternative")
    return {
        "result": result,
        "selected": selected,
        "by_code": by_code,
        "plain_top": [by_code[c] for c in result.get("plain_top", []) if c in by_code],
        "alternative": alternative,
        "alt_added": [
            by_code[c] for c in (alternative or {}).get("added", []) if c in by_code
        ],
        "alt_removed": [
            by_code[c] for c in (alternative or {}).get("removed", []) if c in by_code
        ],
    }


@scenario_guard("assessment.view_scenario")
def scenario_detail_view(request, scenario):
    others = scenario_visible(user=request.user).exclude(pk=scenario.pk)
    computing = None
    if scenario.result is None:
        computing = task_progress_latest(
            user=request.user,
            kind=tasks.SCENARIO_KIND,
            subject=tasks.scenario_subject(scenario.pk),
        )
    return render(
        request,
        "assessment/scenario_detail.html",
        {
            "scenario": scenario,
            "computing": computing,
            **_scenario_view_data(scenario),
            "geojson": scenario_geojson(scenario),
            "others": others,
            "breadcrumbs": _crumbs(
                (reverse("assessment:scenario_list"), _("Promising areas")),
                (None, scenario.title),
            ),
        },
    )


@scenario_guard("assessment.delete_scenario")
def scenario_delete_view(request, scenario):
    if request.method == "POST":
        scenario_delete(actor=request.user, scenario=scenario)
        messages.success(request, _("The scenario has been deleted."))
        return redirect("assessment:scenario_list")
    return render(
        request,
        "assessment/scenario_delete.html",
        {
            "scenario": scenario,
            "breadcrumbs": _crumbs(
                (reverse("assessment:scenario_list"), _("Promising areas")),
                (None, scenario.title),
            ),
        },
    )


@guard("assessment.view_scenario")
def scenario_compare_view(request):
    ids = [v for v in request.GET.getlist("s") if v.isascii() and v.isdigit()][:4]
    scenarios = [scenario_get(user=request.user, pk=int(v)) for v in ids]
    columns = [{"scenario": s, **_scenario_view_data(s)} for s in scenarios]
    return render(
        request,
        "assessment/scenario_compare.html",
        {
            "columns": columns,
            "all_scenarios": scenario_visible(user=request.user),
            "chosen": [s.pk for s in scenarios],
            "breadcrumbs": _crumbs(
                (reverse("assessment:scenario_list"), _("Promising areas")),
                (None, _("Compare")),
            ),
        },
    )
