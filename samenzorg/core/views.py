from django.shortcuts import render

from .panels import home_cards
from .ratelimits import API_PREFIX, too_many_requests_json


def home(request):
    return render(request, "core/home.html", {"cards": home_cards(request)})


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
