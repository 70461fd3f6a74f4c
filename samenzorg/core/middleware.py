from django.conf import settings
from django.middleware import common
from django.utils import translation
from django.utils.translation import gettext as _

from .api_errors import (
    API_PREFIX,
    NON_FIELD,
    NOT_TEXT,
    error_response,
    not_text_message,
)


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
    """A NUL byte in the address or the query is never text: answer at once.

    PostgreSQL cannot store or compare text with NUL, and SQLite's search reads it as
    the end of the query, so it would otherwise reach the database as an error (500).
    Pages answer 400. The API answers 404 for such an address (no object has it) and
    422 for such a query, with the message at each parameter that holds one; there
    any other control character in the query is refused the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            return self._api(request) or self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return bad_request_response(
                request, _("The address holds a character that is not allowed.")
            )
        return self.get_response(request)

    @staticmethod
    def _api(request):
        if "\x00" in request.path:
            return error_response(404)
        errors = {}
        for key, values in request.GET.lists():
            for value in [key, *values]:
                message = not_text_message(value)
                if message:
                    errors.setdefault(NOT_TEXT.sub("", key) or NON_FIELD, []).append(
                        message
                    )
                    break
        return error_response(422, errors=errors) if errors else None


def bad_request_response(request, message: str):
    """A 400 in Dutch: JSON under /api/, else the error page."""
    from django.shortcuts import render

    if request.path.startswith(API_PREFIX):
        return error_response(400, message)
    return render(request, "400.html", {"message": message}, status=400)


class CommonMiddleware(common.CommonMiddleware):
    """Django's, except that an API address without its final slash is not
    redirected: a redirect would turn a POST into a GET and lose its body."""

    def process_response(self, request, response):
        if (
            response.status_code == 404
            and request.path.startswith(API_PREFIX)
            and self.should_redirect_with_slash(request)
        ):
            return error_response(
                404,
                _(
                    "This address does not exist. Addresses of the API end with a /: %(path)s"
                )
                % {"path": request.path + "/"},
            )
        return super().process_response(request, response)


class ApiErrorsAsJsonMiddleware:
    """Every error under /api/ in the API's JSON error schema (``core.api_errors``),
    also those that Django or ninja answer as HTML or plain text (405, a CSRF
    refusal, 400 for a bad host); headers such as ``Allow`` stay."""

    KEPT_HEADERS = ("Allow", "Retry-After", "Vary")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith(API_PREFIX)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            headers = {
                name: response[name] for name in self.KEPT_HEADERS if name in response
            }
            return error_response(response.status_code, headers=headers)
        return response


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
