"""Who may do what with initiatives. Views, API and templates ask these rules.

The queryset twin of ``view_initiative`` is ``selectors.initiative_visible``; the
access-twin test in core holds them together for every role.
"""

import rules

from samenzorg.accounts.models import Role
from samenzorg.core.access import role_for_object_areas, user_relation
from samenzorg.core.rules import (
    is_confirmed,
    is_gemeente_anywhere,
    is_procesbegeleider_anywhere,
    is_staff_member,
)

from .models import Initiative

UNPUBLISHED = (Initiative.Status.CONCEPT, Initiative.Status.REVIEW)

# Uses the owners prefetched by the selectors when present.
is_owner, owner_q = user_relation("owners", "is_owner")

# Gemeente staff holding their role for an area the initiative lies in (the selectors
# prefetch the areas with their parents, so this asks no query).
is_area_gemeente = role_for_object_areas(Role.GEMEENTE, lambda i: i.areas.all())


@rules.predicate
def is_public(user, initiative) -> bool:
    return initiative is not None and initiative.status == Initiative.Status.PUBLIC


@rules.predicate
def is_concept(user, initiative) -> bool:
    """A draft, or a first publication waiting for the municipality's check."""
    return initiative is not None and initiative.status in UNPUBLISHED


@rules.predicate
def is_archived(user, initiative) -> bool:
    return initiative is not None and initiative.status == Initiative.Status.ARCHIVED


is_area_staff = is_staff_member | is_area_gemeente

can_view = (
    is_public
    | (is_concept & (is_owner | is_area_staff))
    | (is_archived & is_area_staff)
)
can_change = is_staff_member | ((is_owner | is_area_gemeente) & ~is_archived)

rules.add_perm("initiatives.view_initiative", can_view)
rules.add_perm("initiatives.change_initiative", can_change)
rules.add_perm("initiatives.archive_initiative", can_change & ~is_archived)
# Staff first: they see everything, and the check costs no query.
rules.add_perm(
    "initiatives.view_contact_details",
    is_staff_member | (can_view & (is_owner | is_area_gemeente)),
)
rules.add_perm(
    "initiatives.view_history", is_staff_member | (can_view & is_area_gemeente)
)
rules.add_perm("initiatives.add_initiative", is_confirmed)
rules.add_perm("initiatives.import_initiatives", is_staff_member)


@rules.predicate
def is_waiting_for_review(user, initiative) -> bool:
    return initiative is not None and initiative.status == Initiative.Status.REVIEW


# The check of a new account's first publication: municipal staff of its area.
rules.add_perm("initiatives.review_initiatives", is_staff_member | is_gemeente_anywhere)
rules.add_perm("initiatives.review_initiative", is_waiting_for_review & is_area_staff)
rules.add_perm("initiatives.export_initiatives", is_staff_member)

# Who publishes without a check: vetted roles. Others after their first publication.
publishes_without_check = (
    is_staff_member | is_gemeente_anywhere | is_procesbegeleider_anywhere
)
