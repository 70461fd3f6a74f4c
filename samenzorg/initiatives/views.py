"""Pages of the initiatives inventory: list (with map), detail, form, archive."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenzorg.core.access import guard, require
from samenzorg.core.documents import document_owner_url
from samenzorg.core.rules import is_staff_member

from .forms import FilterForm, InitiativeForm, ReviewForm
from .models import Initiative, Tag
from .selectors import (
    initiative_count,
    initiative_counts_by_area,
    initiative_get,
    initiative_list,
    initiative_markers,
    initiative_review_queue,
    wijk_boundaries,
)
from .services import (
    initiative_archive,
    initiative_create,
    initiative_review,
    initiative_update,
)

PAGE_SIZE = 25
AREA_COUNTS_SHOWN = 20
VIEW_MAP = "kaart"


class CountedPaginator(Paginator):
    """A paginator told its count (cached by the selector) instead of counting."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _crumbs(*extra):
    return [
        (reverse("core:home"), _("Home")),
        (reverse("initiatives:list"), _("Initiatives")),
        *extra,
    ]


def initiative_list_view(request):
    user = request.user
    staff = is_staff_member(user)
    form = FilterForm(
        request.GET,
        tags=list(Tag.objects.all()),
        show_status=staff,
    )
    values = form.values()
    filters = {
        k: values.get(k, "")
        for k in (
            "area",
            "carrier",
            "target_group",
            "domain",
            "maturity",
            "status",
            "fictional",
        )
    }
    q = values["q"]
    initiatives = initiative_list(user=user, q=q, filters=filters, sort=values["sort"])
    total = initiative_count(user=user, q=q, filters=filters)
    page = CountedPaginator(initiatives, PAGE_SIZE, count=total).get_page(
        request.GET.get("page")
    )

    # The counts beside the list follow the search and filters, except the area.
    counts = initiative_counts_by_area(user=user, q=q, filters={**filters, "area": ""})
    show_map = request.GET.get("weergave") == VIEW_MAP

    params = {
        k: v for k, v in values.items() if v and not (k == "sort" and v == "name")
    }
    if show_map:
        params["weergave"] = VIEW_MAP
    list_params = {k: v for k, v in params.items() if k != "weergave"}

    def url_with(**changes):
        merged = {**params, **changes}
        merged = {k: v for k, v in merged.items() if v}
        return "?" + urlencode(merged) if merged else "?"

    # A city has a handful of districts; the whole country has hundreds: then the
    # districts with the most initiatives (and the chosen one), the rest by the field.
    shown = counts
    if len(counts) > AREA_COUNTS_SHOWN:
        by_count = sorted(counts, key=lambda r: (-r["count"], r["area"].name))
        shown = by_count[:AREA_COUNTS_SHOWN] + [
            r for r in by_count[AREA_COUNTS_SHOWN:] if r["area"].code == values["area"]
        ]
    area_links = [
        {
            **row,
            "url": url_with(area=row["area"].code),
            "current": row["area"].code == values["area"],
        }
        for row in shown
    ]
    context = {
        "form": form,
        "area_choices": [
            {"area": a, "url": url_with(area=a.code, page="")}
            for a in form.area.choices
        ],
        "page": page,
        "initiatives": page.object_list,
        "count": page.paginator.count,
        "query": urlencode(params),
        "area_links": area_links,
        "areas_not_shown": len(counts) - len(shown),
        "all_areas_url": url_with(area=""),
        "show_map": show_map,
        "list_url": "?" + urlencode(list_params) if list_params else "?",
        "map_url": "?" + urlencode({**list_params, "weergave": VIEW_MAP}),
        "markers": initiative_markers(initiatives) if show_map else None,
        "boundaries": wijk_boundaries() if show_map else None,
        "has_filters": bool(list_params.keys() - {"sort"}),
        "can_add": user.has_perm("initiatives.add_initiative"),
        "can_import": user.has_perm("initiatives.import_initiatives"),
        "review_count": (
            initiative_review_queue(user=user).count()
            if user.has_perm("initiatives.review_initiatives")
            else None
        ),
        "can_export": user.has_perm("initiatives.export_initiatives"),
        "export_query": urlencode(list_params),
        "crumbs": _crumbs(),
    }
    return render(request, "initiatives/initiative_list.html", context)


def _load(user, pk) -> Initiative:
    return initiative_get(user=user, pk=pk)


@guard("initiatives.view_initiative", load=_load, public=True)
def initiative_detail(request, initiative):
    user = request.user
    areas = list(initiative.areas.all())
    context = {
        "initiative": initiative,
        "crumbs": _crumbs((request.path, initiative.name)),
        "areas": areas,
        "can_change": user.has_perm("initiatives.change_initiative", initiative),
        "can_archive": user.has_perm("initiatives.archive_initiative", initiative),
        "can_view_history": user.has_perm("initiatives.view_history", initiative),
        "can_review": user.has_perm("initiatives.review_initiative", initiative),
        "show_contact": user.has_perm("initiatives.view_contact_details", initiative),
        # Who may see the initiative may see its documents, once logged in.
        "documents_url": document_owner_url(initiative)
        if user.is_authenticated
        else "",
        "markers": (
            [
                {
                    "id": initiative.pk,
                    "name": initiative.name,
                    "lat": initiative.latitude,
                    "lon": initiative.longitude,
                    "fictional": initiative.is_fictional,
                }
            ]
            if initiative.latitude is not None and initiative.longitude is not None
            else None
        ),
    }
    if context["markers"]:
        context["boundaries"] = wijk_boundaries()
    return render(request, "initiatives/initiative_detail.html", context)


def _form_page(request, form, initiative=None):
    return render(
        request,
        "initiatives/initiative_form.html",
        {
            "form": form,
            "initiative": initiative,
            "boundaries": wijk_boundaries(),
            "contact_fields": [form[name] for name in InitiativeForm.CONTACT_FIELDS],
        },
        status=400 if form.errors else 200,
    )


def _saved_message(initiative: Initiative, saved: str | None = None) -> str:
    saved = saved or _("The initiative has been saved.")
    if initiative.status == Initiative.Status.REVIEW:
        return " ".join(
            (saved, _("The municipality checks it before everyone can see it."))
        )
    return saved


def initiative_create_view(request):
    require(
        request.user,
        "initiatives.add_initiative",
        message=_("Confirm your e-mail address first; then you can add an initiative."),
    )
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = initiative_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _saved_message(initiative))
            return redirect("initiatives:detail", pk=initiative.pk)
    return _form_page(request, form)


@guard("initiatives.change_initiative", load=_load)
def initiative_update_view(request, initiative):
    allow_archived = initiative.status == Initiative.Status.ARCHIVED
    form = InitiativeForm(
        request.POST or None,
        initial=InitiativeForm.initial_for(initiative),
        allow_archived=allow_archived,
        waiting=initiative.status == Initiative.Status.REVIEW,
    )
    if request.method == "POST" and form.is_valid():
        try:
            initiative_update(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, _saved_message(initiative, _("The changes have been saved."))
            )
            return redirect("initiatives:detail", pk=initiative.pk)
    return _form_page(request, form, initiative)


@require_http_methods(["GET", "POST"])
@guard("initiatives.archive_initiative", load=_load)
def initiative_archive_view(request, initiative):
    if request.method == "POST":
        initiative_archive(actor=request.user, initiative=initiative)
        messages.success(
            request,
            _("“%(name)s” has been archived. It no longer shows in the list.")
            % {"name": initiative.name},
        )
        if request.user.has_perm("initiatives.view_initiative", initiative):
            return redirect("initiatives:detail", pk=initiative.pk)
        return redirect(reverse("initiatives:list"))
    return render(
        request, "initiatives/initiative_archive.html", {"initiative": initiative}
    )


@guard("initiatives.review_initiatives")
def initiative_review_queue_view(request):
    page = Paginator(initiative_review_queue(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "initiatives/initiative_review_queue.html",
        {"page": page, "crumbs": _crumbs((request.path, _("Check new initiatives")))},
    )


@require_http_methods(["GET", "POST"])
@guard("initiatives.review_initiatives", load=_load)
def initiative_review_view(request, initiative):
    if initiative.status != Initiative.Status.REVIEW:
        # Decided already, by this reviewer (a second click) or another one.
        messages.info(request, _("This initiative is no longer waiting for a check."))
        return redirect("initiatives:review_queue")
    require(request.user, "initiatives.review_initiative", initiative)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == ReviewForm.APPROVE
        try:
            initiative_review(
                actor=request.user,
                initiative=initiative,
                approve=approve,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            if initiative.status != Initiative.Status.REVIEW or "__all__" in (
                exc.message_dict
            ):
                messages.info(request, " ".join(exc.messages))
                return redirect("initiatives:review_queue")
            form.add_error(None, exc)
        else:
            done = (
                _("“%(name)s” is published.")
                if approve
                else _("“%(name)s” went back to its owners with your reason.")
            )
            messages.success(request, done % {"name": initiative.name})
            return redirect("initiatives:review_queue")
    return render(
        request,
        "initiatives/initiative_review.html",
        {
            "initiative": initiative,
            "form": form,
            "crumbs": _crumbs(
                (reverse("initiatives:review_queue"), _("Check new initiatives")),
                (request.path, initiative.name),
            ),
        },
        status=400 if form.errors else 200,
    )
