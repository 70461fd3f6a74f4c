"""Who may do what with initiatives. Views, API and templates ask these rules.

The queryset twin of ``view_initiative`` is ``selectors.initiative_list``.
"""

import rules

from samenzorg.accounts.models import Role
from samenzorg.core.rules import is_confirmed, is_staff_member, role_area_ids

from .models import Initiative


@rules.predicate
def is_owner(user, initiative) -> bool:
    if initiative is None or not (user and user.is_authenticated):
        return False
    # Uses the owners prefetched by the selectors when present.
    return any(owner.pk == user.pk for owner in initiative.owners.all())


@rules.predicate
def is_area_gemeente(user, initiative) -> bool:
    """Gemeente staff holding their role for an area this initiative lies in.

    Initiatives are linked to their buurt and wijk; the wijk's parent is the stadsdeel,
    so a role for a stadsdeel, wijk or buurt is found without extra queries (the
    selectors prefetch the areas).
    """
    if initiative is None:
        return False
    role_areas = role_area_ids(user, Role.GEMEENTE)
    if not role_areas:
        return False
    return any(
        area.pk in role_areas or area.parent_id in role_areas
        for area in initiative.areas.all()
    )


@rules.predicate
def is_public(user, initiative) -> bool:
    return initiative is not None and initiative.status == Initiative.Status.PUBLIC


@rules.predicate
def is_concept(user, initiative) -> bool:
    return initiative is not None and initiative.status == Initiative.Status.CONCEPT


@rules.predicate
def is_archived(user, initiative) -> bool:
    return initiative is not None and initiative.status == Initiative.Status.ARCHIVED


can_view = (
    is_public
    | (is_concept & (is_owner | is_staff_member))
    | (is_archived & is_staff_member)
)
can_change = is_staff_member | ((is_owner | is_area_gemeente) & ~is_archived)

rules.add_perm("initiatives.view_initiative", can_view)
rules.add_perm("initiatives.change_initiative", can_change)
rules.add_perm("initiatives.archive_initiative", can_change & ~is_archived)
rules.add_perm(
    "initiatives.view_contact_details", is_owner | is_staff_member | is_area_gemeente
)
rules.add_perm("initiatives.add_initiative", is_confirmed)
rules.add_perm("initiatives.import_initiatives", is_staff_member)
rules.add_perm("initiatives.export_initiatives", is_staff_member)
