"""One access layer for every app: who may see and change what, asked the same way by
pages and API.

Three answers, everywhere:

- anonymous and not allowed → the login page (API: 401);
- may not see the object → 404, as if it did not exist;
- may see it but not do this → 403.

Pages use the ``guard`` decorator (or ``require`` inside a view); the API uses
``session_auth`` and the same ``require``; ``samenzorg.api`` and ``AccessMiddleware``
turn the exceptions into responses. Role predicates take an optional area: a role held
for one area counts for that area and the areas inside it, found with one walk up the
area's parents (``area_ancestry_ids``). Membership predicates ("is a party of", "is a
member of") are made with ``user_relation`` from a path of relations to users.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable
from functools import partial, wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import rules
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from .api_errors import (
    DEFAULT_DETAIL,
    Unprocessable,
    error_response,
    validation_errors,
)
from .roles import holds_role_citywide, holds_role_for


class LoginRequired(Exception):
    """Raised for an anonymous visitor who needs to log in; the login page (API: 401)."""


def role_predicate(role: str) -> rules.Predicate:
    """A predicate: ``user`` holds ``role`` city-wide."""
    return rules.predicate(
        lambda user: holds_role_citywide(user, role), name=f"is_{role}"
    )


def role_for_object_areas(
    role: str, areas_of: Callable[[Any], Iterable]
) -> rules.Predicate:
    """A predicate ``(user, obj)``: ``user`` holds ``role`` city-wide or for one of the
    areas ``areas_of(obj)`` gives (or an area they lie in)."""

    def check(user, obj) -> bool:
        return obj is not None and holds_role_for(user, role, areas_of(obj))

    return rules.predicate(check, name=f"is_{role}_for_area")


# --------------------------------------------------------------------- memberships


def user_relation(path: str, name: str) -> tuple[rules.Predicate, Callable]:
    """A predicate and its queryset twin for "the user is reached from the object by
    ``path``" (e.g. ``"owners"``, ``"parties__representatives"``).

    The predicate walks the relations through ``.all()`` so that what the selectors
    prefetched costs no query; the twin returns ``Q(path=user)``.
    """
    steps = path.split("__")

    def reaches(user, obj) -> bool:
        if obj is None or not (user and user.is_authenticated):
            return False
        frontier = [obj]
        for step in steps:
            nxt = []
            for item in frontier:
                value = getattr(item, step)
                if hasattr(value, "all"):
                    nxt.extend(value.all())
                elif value is not None:
                    nxt.append(value)
            frontier = nxt
        return any(getattr(item, "pk", None) == user.pk for item in frontier)

    def twin(user) -> Q:
        if not (user and user.is_authenticated):
            return Q(pk__in=[])
        return Q(**{path: user})

    return rules.predicate(reaches, name=name), twin


# ------------------------------------------------------------------ lookups, checks


def get_or_404(queryset: QuerySet, **lookup):
    """One object of ``queryset`` (already scoped to the user), else 404.

    Ids that are not numbers, too large, or otherwise malformed are a 404 too.
    """
    try:
        return queryset.get(**lookup)
    except (
        queryset.model.DoesNotExist,
        queryset.model.MultipleObjectsReturned,
        ValueError,
        TypeError,
        OverflowError,
        ValidationError,
    ):
        raise Http404 from None


def require_login(user) -> None:
    if not (user and user.is_authenticated):
        raise LoginRequired


def require(user, perm: str, obj=None, *, message: str | None = None) -> None:
    """``user`` has ``perm`` (on ``obj``), or: anonymous → LoginRequired, else 403."""
    if user.has_perm(perm, obj):
        return
    require_login(user)
    raise PermissionDenied(message) if message else PermissionDenied


def load_or_login(user, load: Callable, **kwargs):
    """``load(user, **kwargs)``; what an anonymous visitor cannot see sends her to the
    login page (API: 401) rather than a 404, as she may see it once logged in."""
    try:
        return load(user, **kwargs)
    except Http404:
        require_login(user)
        raise


def guard(
    perm: str | None = None,
    *,
    load: Callable | None = None,
    public: bool = False,
) -> Callable:
    """Decorate a view with the access rules.

    ``load(user, **url_kwargs)`` resolves the object through a selector scoped to the
    user (raising Http404); the view is then called as ``view(request, obj, **rest)``
    with the URL arguments ``load`` did not take. ``perm`` is asked on the object (or
    alone without ``load``). Unless ``public``, anonymous visitors go to the login
    page before anything is looked up, so they learn nothing of what exists; on a
    ``public`` view they go there when they may not see or do what they asked.
    """

    def decorator(view):
        taken = set(inspect.signature(load).parameters) - {"user"} if load else set()

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not public:
                require_login(user)
            if load is None:
                if perm:
                    require(user, perm)
                return view(request, *args, **kwargs)
            obj = load_or_login(
                user, load, **{k: v for k, v in kwargs.items() if k in taken}
            )
            if perm:
                require(user, perm, obj)
            rest = {k: v for k, v in kwargs.items() if k not in taken}
            return view(request, obj, *args, **rest)

        wrapper.access = {"perm": perm, "public": public}
        return wrapper

    return decorator


def login_response(request) -> HttpResponse:
    """The login page for ``request`` (for htmx: a client-side redirect to it)."""
    response = redirect_to_login(request.get_full_path())
    if getattr(request, "htmx", False):
        hx = HttpResponse(status=204)
        hx["HX-Redirect"] = response["Location"]
        return hx
    return response


class AccessMiddleware:
    """Turns ``LoginRequired`` raised by a page into the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginRequired):
            return login_response(request)
        return None


# ----------------------------------------------------------------------------- API


class LoggedInSession(SessionAuth):
    """Django's session for the API; 401 for anonymous visitors before the CSRF check,
    and the CSRF check's refusal in Dutch."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            raise HttpError(401, _("Log in to do this."))
        return super().__call__(request)

    def _get_key(self, request):
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False):
            try:
                refused = check_csrf(request)
            except MultiPartParserError:
                # The check looks for the token in a form body that is broken.
                raise HttpError(400, str(DEFAULT_DETAIL[400])) from None
            if refused:
                raise HttpError(403, str(CSRF_MESSAGE))
        return request.COOKIES.get(self.param_name)


CSRF_MESSAGE = gettext_lazy(
    "The security check failed: send the CSRF token from the csrftoken cookie "
    "in the X-CSRFToken header."
)

session_auth = LoggedInSession()

# The largest offset a list in the API accepts: beyond it the databases' integers end.
MAX_OFFSET = 10**9


class BoundedPagination(LimitOffsetPagination):
    """Limit and offset within bounds, so that no number makes the database fail."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=100)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


# Exceptions the API answers with a fixed status and Dutch message.
API_ANSWERS = [
    (Http404, 404, DEFAULT_DETAIL[404]),
    (LoginRequired, 401, DEFAULT_DETAIL[401]),
    (RequestDataTooBig, 413, DEFAULT_DETAIL[413]),
    (RawPostDataException, 400, DEFAULT_DETAIL[400]),
]

# Messages of ninja itself (in English); the answer gets the Dutch one of its status.
NINJA_MESSAGES = ("Unauthorized", "Forbidden", "Too many requests.", "Cannot parse")


def api_error_handlers(api) -> None:
    """Register the access layer's answers on a NinjaAPI: every error as ``ApiError``
    (``core.api_errors``), with Dutch messages."""

    def answer(status, message, request, exc):
        return error_response(status, str(message))

    for exception, status, message in API_ANSWERS:
        api.add_exception_handler(exception, partial(answer, status, message))

    @api.exception_handler(PermissionDenied)
    def denied(request, exc):
        return error_response(403, str(exc) or None)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        message = str(exc)
        if message.startswith(NINJA_MESSAGES) or not message:
            message = None
        headers = {}
        if exc.status_code == 429 and getattr(exc, "wait", None):
            headers["Retry-After"] = str(math.ceil(exc.wait))
        return error_response(exc.status_code, message, headers=headers)

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc):
        return error_response(422, errors=validation_errors(exc.errors))

    @api.exception_handler(Unprocessable)
    def unprocessable(request, exc):
        return error_response(422, exc.detail, exc.errors)
