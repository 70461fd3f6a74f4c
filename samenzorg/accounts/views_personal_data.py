"""``/account/mijn-gegevens/``: what the platform holds about you, as JSON or PDF,
and erasing your account (``core.gdpr`` gathers every app's part)."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from samenzorg.core import gdpr
from samenzorg.core.documents import render_pdf
from samenzorg.core.ratelimits import limit

from .forms import ErasureForm

ERASED_SESSION_KEY = "szr_erased"


def _filename(ext: str) -> str:
    return f"mijn-gegevens-samenzorgregelen-{timezone.localdate():%Y-%m-%d}.{ext}"


def _download(content, content_type: str, ext: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(ext)}"'
    return response


@never_cache
@login_required
@limit("RATELIMIT_ERASE", key="user_or_ip")
@require_http_methods(["GET", "POST"])
def personal_data(request):
    user = request.user
    form = ErasureForm(request.POST or None, user=user)
    if request.method == "POST" and not user.is_demo and form.is_valid():
        gdpr.erase_person(user, via="page")
        logout(request)
        request.session[ERASED_SESSION_KEY] = True
        return redirect("accounts:personal_data_erased")
    data = gdpr.export_person(user)
    # A wrong password or a missing tick answers as every other invalid form does.
    refused = request.method == "POST" and not user.is_demo
    return render(
        request,
        "accounts/personal_data.html",
        {
            "counts": gdpr.export_counts(data),
            "form": form,
            "can_erase": not user.is_demo,
        },
        status=400 if refused else 200,
    )


@never_cache
@login_required
@limit("RATELIMIT_PERSONAL_DATA", key="user_or_ip", method="GET")
@require_GET
def personal_data_json(request):
    data = gdpr.export_person(request.user)
    return _download(gdpr.export_json(data), "application/json; charset=utf-8", "json")


@never_cache
@login_required
@limit("RATELIMIT_PERSONAL_DATA", key="user_or_ip", method="GET")
@require_GET
def personal_data_pdf(request):
    data = gdpr.export_person(request.user)
    pdf = render_pdf(
        "accounts/personal_data_pdf.html",
        {"data": data, "sections": gdpr.readable(data)},
        request=request,
    )
    return _download(pdf, "application/pdf", "pdf")


@require_GET
def personal_data_erased(request):
    """The confirmation, once, right after the erasure."""
    if not request.session.pop(ERASED_SESSION_KEY, False):
        return redirect("core:home")
    return render(request, "accounts/personal_data_erased.html")
