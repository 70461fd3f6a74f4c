"""Pages for importing and exporting the inventory, and the history of an initiative."""

import json

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samenzorg.core.access import guard
from samenzorg.core.audit import audit_for, change_rows
from samenzorg.core.selectors import task_progress_get
from samenzorg.core.tabular import too_large_message

from . import selectors, tasks, transfer
from .forms import FilterForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx", "geojson")

FILTER_KEYS = ("area", "carrier", "target_group", "domain", "maturity", "status")


def list_filters(params) -> tuple[str, dict[str, str], str]:
    """Search, filters and sort from the list page's query string, read as it does."""
    form = FilterForm(params, show_status=True)
    values = form.values()
    filters = {key: values.get(key, "") for key in (*FILTER_KEYS, "fictional")}
    return values.get("q", ""), filters, values.get("sort") or "name"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (Excel .xlsx or CSV)"),
        help_text=gettext_lazy(
            "The first line holds the column headings. At most 5 MB and 5000 rows."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input",
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def clean_file(self):
        """A file over the limit is refused here, before it is stored for the import."""
        file = self.cleaned_data["file"]
        if file.size > transfer.MAX_FILE_BYTES:
            raise forms.ValidationError(too_large_message(transfer.MAX_FILE_BYTES))
        return file


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@guard("initiatives.import_initiatives")
def initiative_import(request):
    template = request.GET.get("sjabloon")
    if request.method == "GET" and template in ("csv", "xlsx"):
        if template == "csv":
            return _download(
                transfer.template_csv(),
                content_type="text/csv; charset=utf-8",
                filename="initiatieven-sjabloon.csv",
            )
        return _download(
            transfer.template_xlsx(),
            content_type=XLSX_TYPE,
            filename="initiatieven-sjabloon.xlsx",
        )

    # A valid upload is imported in the background; the page then shows its progress
    # and, when it is done, the result or every mistake (?taak=<id>).
    progress = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            record = tasks.initiatives_import_start(
                actor=request.user, file=form.cleaned_data["file"]
            )
            return redirect(f"{request.path}?taak={record.pk}")
    else:
        form = ImportForm()
        if request.GET.get("taak"):
            progress = task_progress_get(
                user=request.user, pk=request.GET["taak"], kind=tasks.IMPORT_KIND
            )
    return render(
        request,
        "initiatives/initiative_import.html",
        {
            "form": form,
            "progress": progress,
            "headings": transfer.HEADINGS,
            "crumbs": [
                (reverse("core:home"), _("Home")),
                (reverse("initiatives:list"), _("Initiatives")),
                ("", _("Import")),
            ],
        },
        status=200,
    )


@require_GET
@guard("initiatives.export_initiatives")
def initiative_export(request):
    export_format = request.GET.get("formaat", "csv")
    if export_format not in EXPORT_FORMATS:
        export_format = "csv"
    q, filters, sort = list_filters(request.GET)
    initiatives = transfer.export_queryset(
        selectors.initiative_list(user=request.user, q=q, filters=filters, sort=sort)
    )
    stamp = timezone.localdate().isoformat()
    if export_format == "xlsx":
        return _download(
            transfer.export_xlsx(initiatives, user=request.user),
            content_type=XLSX_TYPE,
            filename=f"initiatieven-{stamp}.xlsx",
        )
    if export_format == "geojson":
        data = transfer.export_geojson(initiatives, user=request.user, request=request)
        return _download(
            json.dumps(data, ensure_ascii=False).encode("utf-8"),
            content_type="application/geo+json",
            filename=f"initiatieven-{stamp}.geojson",
        )
    return _download(
        transfer.export_csv(initiatives, user=request.user),
        content_type="text/csv; charset=utf-8",
        filename=f"initiatieven-{stamp}.csv",
    )


@require_GET
@guard(
    "initiatives.view_history",
    load=lambda user, pk: selectors.initiative_get(user=user, pk=pk),
)
def initiative_history(request, initiative):
    page = Paginator(audit_for(initiative), 25).get_page(request.GET.get("page"))
    entries = [{"entry": entry, "rows": change_rows(entry)} for entry in page]
    return render(
        request,
        "initiatives/initiative_history.html",
        {
            "initiative": initiative,
            "entries": entries,
            "page": page,
            "crumbs": [
                (reverse("core:home"), _("Home")),
                (reverse("initiatives:list"), _("Initiatives")),
                (reverse("initiatives:detail", args=[initiative.pk]), initiative.name),
                ("", _("History")),
            ],
        },
    )
