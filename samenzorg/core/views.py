from django.shortcuts import render

from samenzorg.areas import selectors as area_selectors
from samenzorg.core.ratelimits import API_PREFIX, too_many_requests_json
from samenzorg.initiatives import selectors as initiative_selectors


def home(request):
    return render(
        request,
        "core/home.html",
        {
            "stadsdelen": area_selectors.stadsdeel_list(),
            "initiative_count": initiative_selectors.initiative_list(
                user=request.user
            ).count(),
        },
    )


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


def error_429(request, exception=None):
    """Too many requests: the Dutch page, or JSON for the API (``RATELIMIT_VIEW``)."""
    if request.path.startswith(API_PREFIX):
        return too_many_requests_json()
    return render(request, "429.html", status=429)
