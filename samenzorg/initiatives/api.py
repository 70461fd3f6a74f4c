"""The initiatives in the JSON API, at /api/v1/initiatieven/.

Reading needs no account and shows what the visitor may see (the same selectors as the
pages); creating and changing need a logged-in session with a CSRF token. Contact
details are only in the output for who may see them (rule
``initiatives.view_contact_details``).
"""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ValidationError as PydanticValidationError
from pydantic import model_validator
from pydantic_core import PydanticCustomError

from samenzorg.areas.models import Area
from samenzorg.core.access import MAX_OFFSET, require, session_auth

from . import selectors, services
from .models import Initiative

router = Router(tags=["initiatieven"])

MAX_LIMIT = 100
Maturity = Literal["idee", "opstart", "actief", "geworteld"]
StatusValue = Literal["concept", "public"]


# --------------------------------------------------------------------------- errors


def _dutch_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
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
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Enter a list.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Enter an object.")
    if kind == "extra_forbidden":
        return _("This field does not exist.")
    return _("This value is not valid.")


class DutchSchema(Schema):
    """A schema whose validation errors carry a Dutch message per field."""

    @model_validator(mode="wrap")
    @classmethod
    def _dutch_errors(cls, data, handler):
        try:
            return handler(data)
        except PydanticValidationError as exc:
            raise PydanticValidationError.from_exception_data(
                exc.title,
                [
                    {
                        "type": PydanticCustomError(
                            error["type"],
                            # Braces would be read as placeholders.
                            _dutch_message(error).replace("{", "(").replace("}", ")"),
                        ),
                        "loc": error["loc"],
                        "input": error.get("input"),
                    }
                    for error in exc.errors()
                ],
            ) from None


class Message(Schema):
    detail: str


class FieldError(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrors(Schema):
    detail: list[FieldError]


def _unprocessable(errors: dict[str, list[str]]) -> Status:
    return Status(
        422,
        {
            "detail": [
                {
                    "type": "validation_error",
                    "loc": ["body", "payload"]
                    + ([] if field == "__all__" else [field]),
                    "msg": message,
                }
                for field, messages in errors.items()
                for message in messages
            ]
        },
    )


# --------------------------------------------------------------------------- output


class TagOut(Schema):
    slug: str
    name: str


class AreaOut(Schema):
    code: str
    name: str
    level: str


class ContactOut(Schema):
    name: str
    email: str
    phone: str


class InitiativeOut(Schema):
    id: int
    name: str
    description: str
    carriers: list[TagOut]
    target_groups: list[TagOut]
    domains: list[TagOut]
    maturity: str
    areas: list[AreaOut]
    latitude: float | None
    longitude: float | None
    website: str
    status: str
    is_fictional: bool = Field(description="A made-up example record (demo data).")
    source: str
    created_at: datetime
    updated_at: datetime
    url: str

    @staticmethod
    def resolve_carriers(obj):
        return list(obj.carriers.all())

    @staticmethod
    def resolve_target_groups(obj):
        return list(obj.target_groups.all())

    @staticmethod
    def resolve_domains(obj):
        return list(obj.domains.all())

    @staticmethod
    def resolve_areas(obj):
        return list(obj.areas.all())

    @staticmethod
    def resolve_url(obj):
        return reverse("initiatives:detail", args=[obj.pk])


class InitiativeDetailOut(InitiativeOut):
    contact: ContactOut | None = Field(
        None,
        description="Contact details; only for the owners and municipal staff, "
        "otherwise null.",
    )

    @staticmethod
    def resolve_contact(obj, context):
        request = context["request"]
        if not request.user.has_perm("initiatives.view_contact_details", obj):
            return None
        return {
            "name": obj.contact_name,
            "email": obj.contact_email,
            "phone": obj.contact_phone,
        }


# --------------------------------------------------------------------------- input


class InitiativeFilters(DutchSchema):
    q: str = Field("", description="Words to search for (accents do not matter).")
    gebied: str | None = Field(
        None, description="Area code, e.g. WK051836; includes the areas inside it."
    )
    fase: Maturity | None = None
    domein: str | None = Field(None, description="Slug of an activity domain.")
    doelgroep: str | None = Field(None, description="Slug of a target group.")
    gedragen_door: str | None = Field(None, description="Slug of a carrier.")
    sorteer: Literal["name", "newest", "maturity"] = "name"

    def selector_filters(self) -> dict[str, str]:
        pairs = {
            "area": self.gebied,
            "maturity": self.fase,
            "domain": self.domein,
            "target_group": self.doelgroep,
            "carrier": self.gedragen_door,
        }
        return {key: value for key, value in pairs.items() if value}


class InitiativePagination(LimitOffsetPagination):
    class Input(DutchSchema):
        limit: int = Field(20, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class InitiativeIn(DutchSchema):
    name: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    carriers: list[str] = Field(default_factory=list, description="Tag slugs.")
    target_groups: list[str] = Field(default_factory=list, description="Tag slugs.")
    domains: list[str] = Field(default_factory=list, description="Tag slugs.")
    maturity: Maturity = "idee"
    areas: list[str] = Field(
        default_factory=list,
        description="Area codes. Left empty with a location: derived from it.",
    )
    latitude: float | None = None
    longitude: float | None = None
    website: str = Field("", max_length=200)
    contact_name: str = Field("", max_length=150)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=40)
    status: StatusValue = "concept"


class InitiativePatch(DutchSchema):
    """Only the fields sent are changed."""

    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    carriers: list[str] | None = None
    target_groups: list[str] | None = None
    domains: list[str] | None = None
    maturity: Maturity | None = None
    areas: list[str] | None = None
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = Field(None, max_length=200)
    contact_name: str | None = Field(None, max_length=150)
    contact_email: str | None = Field(None, max_length=254)
    contact_phone: str | None = Field(None, max_length=40)
    status: StatusValue | None = None


def _service_fields(data: dict[str, Any]) -> tuple[dict[str, Any], dict]:
    """Area codes to areas; errors per field for unknown codes."""
    errors: dict[str, list[str]] = {}
    if data.get("areas") is not None:
        codes = list(dict.fromkeys(data["areas"]))
        found = {a.code: a for a in Area.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            errors["areas"] = [
                _("Unknown area: %(codes)s.") % {"codes": ", ".join(unknown)}
            ]
        data["areas"] = [found[c] for c in codes if c in found]
    for name in ("carriers", "target_groups", "domains"):
        if name in data and data[name] is None:
            data[name] = []
    return data, errors


def _load(user, pk) -> Initiative:
    return selectors.initiative_get(user=user, pk=pk)


def _get_visible(request, initiative_id: int) -> Initiative:
    # 404 for what the caller may not see, logged in or not (see networks.api).
    return _load(request.user, initiative_id)


# --------------------------------------------------------------------------- operations


@router.get(
    "/",
    response=list[InitiativeOut],
    operation_id="initiatieven_list",
    summary="List initiatives",
    description="The initiatives you may see, searched and filtered, sorted by "
    "name unless `sorteer` says otherwise. Without contact details.",
)
@paginate(InitiativePagination)
def initiatieven_list(request, filters: Query[InitiativeFilters]):
    return selectors.initiative_list(
        user=request.user,
        q=filters.q,
        filters=filters.selector_filters(),
        sort=filters.sorteer,
    )


@router.get(
    "/{int:initiative_id}/",
    response={200: InitiativeDetailOut, 404: Message},
    operation_id="initiatieven_get",
    summary="One initiative",
)
def initiatieven_get(request, initiative_id: int):
    return _get_visible(request, initiative_id)


@router.post(
    "/",
    auth=session_auth,
    response={
        201: InitiativeDetailOut,
        401: Message,
        403: Message,
        422: ValidationErrors,
    },
    operation_id="initiatieven_create",
    summary="Register an initiative",
    description="You become an owner of the initiative. Needs a confirmed e-mail.",
)
def initiatieven_create(request, payload: InitiativeIn):
    require(
        request.user,
        "initiatives.add_initiative",
        message=_("Confirm your e-mail address first."),
    )
    data, errors = _service_fields(payload.dict())
    if errors:
        return _unprocessable(errors)
    try:
        initiative = services.initiative_create(
            actor=request.user, owners=[request.user], **data
        )
    except DjangoValidationError as exc:
        return _unprocessable(_error_dict(exc))
    return Status(201, selectors.initiative_get(user=request.user, pk=initiative.pk))


@router.patch(
    "/{int:initiative_id}/",
    auth=session_auth,
    response={
        200: InitiativeDetailOut,
        401: Message,
        403: Message,
        404: Message,
        422: ValidationErrors,
    },
    operation_id="initiatieven_update",
    summary="Change an initiative",
    description="Only the fields sent are changed. For the owners and municipal staff.",
)
def initiatieven_update(request, initiative_id: int, payload: InitiativePatch):
    initiative = _get_visible(request, initiative_id)
    require(
        request.user,
        "initiatives.change_initiative",
        initiative,
        message=_("You may not change this initiative."),
    )
    data, errors = _service_fields(payload.dict(exclude_unset=True))
    for name in ("name", "maturity", "status"):
        if name in data and data[name] is None:
            errors.setdefault(name, []).append(_("This field may not be empty."))
    if errors:
        return _unprocessable(errors)
    try:
        services.initiative_update(actor=request.user, initiative=initiative, **data)
    except DjangoValidationError as exc:
        return _unprocessable(_error_dict(exc))
    # The written object, also when the change took it out of the caller's sight.
    return Status(200, selectors.initiative_as_written(pk=initiative.pk))


def _error_dict(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"__all__": exc.messages}
