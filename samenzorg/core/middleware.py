from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _


class DutchFirstLocaleMiddleware:
    """Dutch unless the visitor chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header, so most
    visitors with an English browser would get English pages; a Dutch municipal platform
    speaks Dutch first and offers English on request (the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulBytesMiddleware:
    """A NUL byte in the address or the query is never text: answer 400 at once.

    PostgreSQL cannot store or compare text with NUL, and SQLite's search reads it as
    the end of the query, so it would otherwise reach the database as an error (500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return bad_request_response(
                request, _("The address holds a character that is not allowed.")
            )
        return self.get_response(request)


def bad_request_response(request, message: str):
    """A 400 in Dutch: JSON under /api/, else the error page."""
    from django.http import JsonResponse
    from django.shortcuts import render

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


# Features no page of ours uses; a script injected into a page cannot use them either.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class PermissionsPolicyMiddleware:
    """Sends the ``Permissions-Policy`` header, which Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
