"""Roles with an optional area, asked the same way by every app.

A role held city-wide counts everywhere; a role held for one area counts for that area
and the areas inside it, found with one walk up the area's parents
(``area_ancestry_ids``) for a rule, and with ``role_area_ids_inside`` (a subquery of
the areas inside) for its queryset twin. The user's roles are read from the list
cached on the user, so many questions in one request cost one query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles people hold on the platform, through ``accounts.RoleAssignment``."""

    BEWONER = "bewoner", _("resident")
    INITIATIEFNEMER = "initiatiefnemer", _("initiator")
    PROFESSIONAL = "professional", _("professional / partner organisation")
    GEMEENTE = "gemeente", _("municipal staff")
    PROCESBEGELEIDER = "procesbegeleider", _("facilitator")
    COOPERATIEBESTUUR = "cooperatiebestuur", _("cooperative board / coordinator")
    FINANCIER = "financier", _("financier")
    BEHEERDER = "beheerder", _("administrator")


# How many levels of parents an area can have (buurt → wijk → stadsdeel → gemeente).
AREA_DEPTH = 4


def _assignments(user) -> list:
    if not (user and user.is_authenticated):
        return []
    return user.role_assignments_cached


def holds_role_citywide(user, role: str) -> bool:
    """Whether ``user`` holds ``role`` for the whole city (not only for one area)."""
    return any(r.role == role and r.area_id is None for r in _assignments(user))


def role_area_ids(user, role: str) -> set[int]:
    """The areas for which ``user`` holds ``role`` (city-wide roles not included)."""
    return {r.area_id for r in _assignments(user) if r.role == role and r.area_id}


def holds_role_anywhere(user, role: str) -> bool:
    """Whether ``user`` holds ``role`` city-wide or for at least one area."""
    return any(r.role == role for r in _assignments(user))


def area_ancestry_ids(area) -> set[int]:
    """The area and the areas it lies in, walking ``parent`` (loaded by selectors)."""
    ids: set[int] = set()
    while area is not None and area.pk not in ids and len(ids) <= AREA_DEPTH:
        ids.add(area.pk)
        area = area.parent if area.parent_id else None
    return ids


def holds_role_for(user, role: str, areas: Iterable) -> bool:
    """Whether ``user`` holds ``role`` city-wide, or for one of ``areas`` or an area
    they lie in."""
    scoped = set()
    for r in _assignments(user):
        if r.role != role:
            continue
        if r.area_id is None:
            return True
        scoped.add(r.area_id)
    if not scoped:
        return False
    return any(scoped & area_ancestry_ids(area) for area in areas if area is not None)


def role_area_ids_inside(user, role: str) -> QuerySet | None:
    """The ids (a subquery) of the areas where ``user`` holds ``role``: the areas of
    her area-scoped roles and every area inside them. ``None`` when she holds the
    role city-wide or not at all."""
    ids = role_area_ids(user, role)
    if not ids or holds_role_citywide(user, role):
        return None
    # By name: the base knows the area tree only as the model roles point to.
    area_model = apps.get_model("areas", "Area")
    return area_model.objects.filter(_descendant_condition(ids)).values("pk")


def role_area_q(user, role: str, field: str) -> Q:
    """The queryset twin of ``holds_role_for`` for objects with one area in ``field``:
    everything for a city-wide role, the objects in (or inside) her areas for an
    area-scoped one, nothing without the role."""
    if holds_role_citywide(user, role):
        return ~Q(pk__in=[])
    inside = role_area_ids_inside(user, role)
    if inside is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": inside})


def _descendant_condition(ids: set[int]) -> Q:
    condition = Q(pk__in=ids)
    lookup = "parent_id"
    for _level in range(AREA_DEPTH):
        condition |= Q(**{f"{lookup}__in": ids})
        lookup = "parent__" + lookup
    return condition
