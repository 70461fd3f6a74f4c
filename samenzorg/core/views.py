from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from .api_errors import error_response
from .panels import home_cards
from .ratelimits import API_PREFIX, too_many_requests_json
from .selectors import task_progress_get

# htmx stops polling on this status (and still shows the response).
HTMX_STOP_POLLING = 286


def home(request):
    return render(request, "core/home.html", {"cards": home_cards(request)})


@login_required
def task_progress_view(request, pk):
    """The progress of a background task: the component alone for htmx (asked every
    second while the task waits or runs), the whole page otherwise.

    Only its owner and the beheerders may see it (404 for anyone else). An htmx
    request that already shows the current state gets 204, so nothing is swapped and
    screen readers hear only real changes.
    """
    progress = task_progress_get(user=request.user, pk=pk)
    if request.htmx:
        if progress.is_active and request.GET.get("gezien") == progress.state_key:
            return HttpResponse(status=204)
        response = render(
            request, "components/task_progress.html", {"progress": progress}
        )
        if not progress.is_active:
            response.status_code = HTMX_STOP_POLLING
        return response
    return render(
        request,
        "core/taskprogress_detail.html",
        {
            "progress": progress,
            "crumbs": [
                (reverse("core:home"), _("Home")),
                (None, progress.title or _("Progress")),
            ],
        },
    )


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return error_response(404)
    return render(request, "404.html", status=404)


def error_500(request):
    if request.path.startswith(API_PREFIX):
        return error_response(500)
    return render(request, "500.html", status=500)


def error_429(request, exception=None):
    """Too many requests: the Dutch page, or JSON for the API (``RATELIMIT_VIEW``)."""
    if request.path.startswith(API_PREFIX):
        return too_many_requests_json()
    return render(request, "429.html", status=429)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; the icon is a static file
    (its hashed name is known only once the request comes)."""
    return redirect(static("core/img/icon.svg"), permanent=True)
