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

from samenzorg.areas.models import Area
from samenzorg.core.access import MAX_OFFSET, require, session_auth
from samenzorg.core.api_errors import InputSchema, Unprocessable, answers, omitted

from . import selectors, services
from .models import Initiative

router = Router(tags=["initiatieven"])

MAX_LIMIT = 100
Maturity = Literal["idee", "opstart", "actief", "geworteld"]
StatusValue = Literal["concept", "public"]


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


class InitiativeFilters(InputSchema):
    q: str = Field("", description="Words to search for (accents do not matter).")
    gebied: str = omitted("Area code, e.g. WK051836; includes the areas inside it.")
    fase: Maturity = omitted()
    domein: str = omitted("Slug of an activity domain.")
    doelgroep: str = omitted("Slug of a target group.")
    gedragen_door: str = omitted("Slug of a carrier.")
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
    class Input(InputSchema):
        limit: int = Field(20, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class InitiativeIn(InputSchema):
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


class InitiativePatch(InputSchema):
    """Only the fields sent are changed. A location is removed with null for both
    latitude and longitude; lists are emptied with []."""

    name: str = omitted(min_length=1, max_length=200)
    description: str = omitted()
    carriers: list[str] = omitted("Tag slugs.")
    target_groups: list[str] = omitted("Tag slugs.")
    domains: list[str] = omitted("Tag slugs.")
    maturity: Maturity = omitted()
    areas: list[str] = omitted("Area codes.")
    latitude: float | None = None
    longitude: float | None = None
    website: str = omitted(max_length=200)
    contact_name: str = omitted(max_length=150)
    contact_email: str = omitted(max_length=254)
    contact_phone: str = omitted(max_length=40)
    status: StatusValue = omitted()


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
    return data, errors


def _load(user, pk) -> Initiative:
    return selectors.initiative_get(user=user, pk=pk)


def _get_visible(request, initiative_id: int) -> Initiative:
    # 404 for what the caller may not see, logged in or not (see networks.api).
    return _load(request.user, initiative_id)


# --------------------------------------------------------------------------- operations


@router.get(
    "/",
    response=answers({200: list[InitiativeOut]}),
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
    response=answers({200: InitiativeDetailOut}, lookup=True),
    operation_id="initiatieven_get",
    summary="One initiative",
)
def initiatieven_get(request, initiative_id: int):
    return _get_visible(request, initiative_id)


@router.post(
    "/",
    auth=session_auth,
    response=answers({201: InitiativeDetailOut}, login=True, body=True),
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
        raise Unprocessable(errors)
    try:
        initiative = services.initiative_create(
            actor=request.user, owners=[request.user], **data
        )
    except DjangoValidationError as exc:
        raise Unprocessable.from_django(exc) from None
    return Status(201, selectors.initiative_as_written(pk=initiative.pk))


@router.patch(
    "/{int:initiative_id}/",
    auth=session_auth,
    response=answers({200: InitiativeDetailOut}, login=True, lookup=True, body=True),
    operation_id="initiatieven_update",
    summary="Change an initiative",
    description="Only the fields sent are changed. For the owners and municipal "
    "staff. The answer is the initiative as written, also when the change takes it "
    "out of your sight (a concept moved to an area you do not work for).",
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
    if errors:
        raise Unprocessable(errors)
    try:
        services.initiative_update(actor=request.user, initiative=initiative, **data)
    except DjangoValidationError as exc:
        raise Unprocessable.from_django(exc) from None
    # The written object, also when the change took it out of the caller's sight.
    return Status(200, selectors.initiative_as_written(pk=initiative.pk))
