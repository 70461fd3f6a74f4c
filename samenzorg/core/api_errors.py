"""One error schema for every answer of the JSON API that is not a success.

Every error under /api/ is JSON of one shape, with a Dutch message::

    {"detail": "Niet alle gegevens kloppen. Kijk per veld wat er mis is.",
     "errors": {"limit": ["Vul 100 of minder in."], "areas.0": ["..."]}}

``detail`` is always there; ``errors`` only with 422 (invalid input): per field a list
of messages. A field is named by its path in the query, the path or the JSON body
(``limit``, ``name``, ``areas.0``); ``__all__`` is for the input as a whole.

The OpenAPI document declares this schema (``ApiError``) for every status an operation
can answer: ``answers({200: MapOut}, lookup=True)``. See docs/api.md.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ninja import Field, Schema
from pydantic import field_validator, model_serializer
from pydantic_core import PydanticCustomError

from .text import CONTROL_CHARACTERS, CONTROL_MESSAGE

API_PREFIX = "/api/"

# The message for a status when nothing more precise is known.
DEFAULT_DETAIL = {
    400: gettext_lazy("Send the data as JSON."),
    401: gettext_lazy("Log in to do this."),
    403: gettext_lazy("You may not do this."),
    404: gettext_lazy("Not found, or you may not see this."),
    405: gettext_lazy("This address does not support this method."),
    413: gettext_lazy("What you sent is too large."),
    415: gettext_lazy("Send the data as JSON."),
    422: gettext_lazy("Not all values are right. See per field what is wrong."),
    429: gettext_lazy(
        "Too many requests in a short time. Wait a moment and try again."
    ),
    500: gettext_lazy("Something went wrong on our side. Try again later."),
}
GENERIC_DETAIL = gettext_lazy("This request cannot be handled")

# Where a field's name ends in an error location: ("body", "payload", "name").
NON_FIELD = "__all__"


class ApiError(Schema):
    """An error: what went wrong in Dutch; with 422 also the messages per field."""

    detail: str = Field(description="What went wrong, in Dutch.")
    errors: dict[str, list[str]] = Field(
        None,
        description="Only with 422: per field (its path in query, path or body, "
        "such as `limit` or `areas.0`; `__all__` for the whole input) the messages "
        "in Dutch.",
        json_schema_extra=lambda schema: schema.pop("default", None),
    )

    @model_serializer(mode="wrap")
    def _without_empty_errors(self, handler):
        data = handler(self)
        if data.get("errors") is None:
            data.pop("errors", None)
        return data


def detail_for(status: int) -> str:
    return str(DEFAULT_DETAIL.get(status, GENERIC_DETAIL))


def error_response(
    status: int,
    detail: str | None = None,
    errors: dict[str, list[str]] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    """The JSON answer for an error, outside ninja too (middleware, Django handlers)."""
    body: dict[str, Any] = {"detail": str(detail or detail_for(status))}
    if errors:
        body["errors"] = {key: [str(m) for m in msgs] for key, msgs in errors.items()}
    response = JsonResponse(body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def answers(
    ok: dict[int, Any], *, login: bool = False, lookup: bool = False, body=False
) -> dict:
    """The ``response=`` of an operation: its successes and every error it can give.

    Every operation can answer 403 (a logged-in user who still owes the second
    step), 422 (input) and 429 (rate limit); ``login``: 401 for anonymous callers;
    ``lookup``: 404 for what is not there or not visible; ``body``: 400 (not JSON)
    and 413 (too large).
    """
    codes = {403, 422, 429}
    if login:
        codes.add(401)
    if lookup:
        codes.add(404)
    if body:
        codes |= {400, 413}
    return {**ok, tuple(sorted(codes)): ApiError}


class Unprocessable(Exception):
    """Raise for input the API refuses (422), with the messages per field."""

    def __init__(self, errors: dict[str, list[str]], detail: str | None = None):
        self.errors = {key: [str(m) for m in msgs] for key, msgs in errors.items()}
        self.detail = detail
        super().__init__(self.errors)

    @classmethod
    def from_django(cls, exc: DjangoValidationError) -> Unprocessable:
        if hasattr(exc, "error_dict"):
            return cls(exc.message_dict)
        return cls({NON_FIELD: exc.messages})


# ----------------------------------------------------------------- input checks

# Control characters (other than tab and line breaks) and halves of surrogate pairs
# are never text: the databases refuse some of them, exports break on others.
NOT_TEXT = re.compile(CONTROL_CHARACTERS.pattern[:-1] + r"\ud800-\udfff]")


def not_text_message(value: str) -> str | None:
    found = NOT_TEXT.search(value)
    if found is None:
        return None
    return CONTROL_MESSAGE % {
        "code": f"U+{ord(found.group()):04X}",
        "position": found.start() + 1,
    }


def _check_text(value) -> None:
    if isinstance(value, str):
        message = not_text_message(value)
        if message:
            # Braces would be read as placeholders.
            message = message.replace("{", "(").replace("}", ")")
            raise PydanticCustomError("control_character", message)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            _check_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)


class InputSchema(Schema):
    """A schema for input: no text with control characters in any field."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value):
        _check_text(value)
        return value


def omitted(description: str | None = None, **kwargs) -> Any:
    """A field that may be left out but not sent as null: ``name: str = omitted()``.

    The schema shows the field's type without null and without a default; a field
    left out reads as None (pydantic does not check defaults).
    """

    def without_default(schema: dict) -> None:
        schema.pop("default", None)

    return Field(
        None, description=description, json_schema_extra=without_default, **kwargs
    )


# ------------------------------------------------------------ validation errors


def dutch_message(error: dict[str, Any]) -> str:
    """The Dutch message for one pydantic error (its ``type`` and ``ctx``)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("control_character", "unprocessable"):
        return error.get("msg", "")
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("This field may not be empty.")
    if kind in ("string_type", "string_unicode"):
        return _("Enter text.")
    if kind.startswith("float") or kind.startswith("decimal"):
        return _("Enter a number, such as 52.07.")
    if kind.startswith("int"):
        return _("Enter a whole number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter %(limit)s or more.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Enter %(limit)s or less.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return _("Choose one of: %(expected)s.") % {"expected": expected}
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind.startswith("date"):
        return _("Enter a date, such as 2026-03-01.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Enter a list.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Enter an object.")
    if kind == "extra_forbidden":
        return _("This field does not exist.")
    return _("This value is not valid.")


def field_key(loc) -> str:
    """``("body", "payload", "areas", 0)`` → ``areas.0``; ``("query", "limit")`` →
    ``limit``; the body or the query as a whole → ``__all__``."""
    parts = list(loc)
    # Body, form and file errors start with the source and the parameter's name.
    skip = 2 if parts and parts[0] in ("body", "form", "file") else 1
    parts = parts[skip:]
    return ".".join(str(p) for p in parts) or NON_FIELD


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """ninja's list of pydantic errors as Dutch messages per field."""
    result: dict[str, list[str]] = {}
    for error in errors:
        key = field_key(error.get("loc", ()))
        if key == NON_FIELD and error.get("type") in ("missing", "model_type"):
            message = _("Send the data as a JSON object.")
        else:
            message = dutch_message(error)
        messages = result.setdefault(key, [])
        if message not in messages:
            messages.append(message)
    return result
