"""Rate limits on pages and the API, counted in the cache with django-ratelimit.

Each limit takes its rate from a setting (``RATELIMIT_*`` in settings.py, from the
environment), read when a request comes in. A page over its limit gets the Dutch 429
page (``core.views.error_429``); the API gets ``{"detail": "..."}`` with status 429.

    from samenzorg.core.ratelimits import limit, limit_misses

    @limit("RATELIMIT_REGISTER")                    # POSTs per IP address
    @limit("RATELIMIT_MAIL", key=post_email_key)    # POSTs per e-mail address
    @limit_misses("RATELIMIT_JOIN_CODE")            # wrong codes (404) per IP address
    @limit("RATELIMIT_SCORE", key=visitor_key("szr_deelnemer_", kwarg="code"))

With several web processes the counts are shared only through a shared cache
(``CACHE_URL``).
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import Http404, JsonResponse

from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from .api_errors import API_PREFIX, error_response

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def client_ip(request) -> str:
    """The visitor's IP address: behind ``PROXY_COUNT`` proxies, from X-Forwarded-For.

    Each proxy appends the address it received the request from, so the client is the
    ``PROXY_COUNT``-th address from the right; addresses further left were sent by the
    client itself and are not trusted.
    """
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104


def setting_rate(name: str) -> Callable:
    """A rate for django-ratelimit that reads ``settings.<name>`` at request time."""

    def rate(group, request):
        return getattr(settings, name)

    rate.__qualname__ = f"setting_rate({name})"
    return rate


def post_email_key(group, request) -> str:
    """The e-mail address in the posted form, trimmed and in lower case."""
    return request.POST.get("email", "").strip().lower()


def _url_kwarg(request, name: str) -> str:
    match = getattr(request, "resolver_match", None)
    return str(match.kwargs.get(name, "")) if match else ""


def url_kwarg_key(name: str) -> Callable:
    """Count per value of a URL part, such as the token of a questionnaire link."""

    def key(group, request):
        return _url_kwarg(request, name)

    return key


def ip_and_url_kwarg_key(name: str) -> Callable:
    """Count per IP address and URL part together (one room joining one session)."""

    def key(group, request):
        return f"{client_ip(request)}|{_url_kwarg(request, name)}"

    return key


def visitor_key(cookie_prefix: str, *, kwarg: str) -> Callable:
    """Count per browser: its cookies named ``cookie_prefix…`` (a session's signed
    participant cookie), else its account, else its IP address; per URL part.

    Phones behind one school network share an IP address but not their cookies.
    """

    def key(group, request):
        cookies = sorted(
            f"{name}={value}"
            for name, value in request.COOKIES.items()
            if name.startswith(cookie_prefix)
        )
        if cookies:
            who = "cookie:" + "&".join(cookies)
        elif request.user.is_authenticated:
            who = f"user:{request.user.pk}"
        else:
            who = f"ip:{client_ip(request)}"
        return f"{_url_kwarg(request, kwarg)}|{who}"

    return key


def limit(setting: str, *, key="ip", method="POST", group: str | None = None):
    """At most ``settings.<setting>`` requests per ``key``; past it, the 429 page."""
    return ratelimit(
        group=group or setting.lower(),
        key=key,
        rate=setting_rate(setting),
        method=method,
        block=True,
    )


def _not_found(request, response) -> bool:
    return response.status_code == 404


def limit_misses(
    setting: str,
    *,
    key="ip",
    group: str | None = None,
    missed: Callable = _not_found,
):
    """Count only the requests that miss, such as a wrong join code (a 404).

    Right codes are never counted, so a whole room behind one IP address can join;
    guessing codes stops after ``settings.<setting>`` misses, for every code.
    ``missed(request, response)`` says whether a response is a miss; an Http404
    raised by the view always is.
    """

    def decorator(view):
        name = group or f"{setting.lower()}-misses"
        rate = setting_rate(setting)

        def usage(request, increment: bool):
            return get_usage(
                request, group=name, key=key, rate=rate, increment=increment
            )

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            found = usage(request, increment=False)
            if found and found["count"] >= found["limit"]:
                raise Ratelimited
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                usage(request, increment=True)
                raise
            if missed(request, response):
                usage(request, increment=True)
            return response

        return wrapped

    return decorator


def too_many_requests_json(wait: int | None = None) -> JsonResponse:
    headers = {"Retry-After": str(wait)} if wait and wait > 0 else None
    return error_response(429, headers=headers)


def _api_key(group, request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request)}"


class ApiRateLimitMiddleware:
    """Every request to /api/: ``RATELIMIT_API`` per account or IP address, and
    ``RATELIMIT_API_ANON_WRITE`` for anonymous writes per IP address.

    Counted before the API looks at the request, so refused writes count as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            checks = [("api", "RATELIMIT_API")]
            if request.method not in SAFE_METHODS and not request.user.is_authenticated:
                checks.append(("api-anon-write", "RATELIMIT_API_ANON_WRITE"))
            for group, setting in checks:
                usage = get_usage(
                    request,
                    group=group,
                    key=_api_key,
                    rate=setting_rate(setting),
                    increment=True,
                )
                if usage and usage["should_limit"]:
                    return too_many_requests_json(usage["time_left"])
        return self.get_response(request)
