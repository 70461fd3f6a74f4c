"""Who may do what with initiatives. Views, API and templates ask these rules.

The queryset twin of ``view_initiative`` is ``selectors.initiative_list``.
"""

import rules

from samenzorg.core.rules import is_confirmed, is_staff_member

from .models import Initiative


@rules.predicate
def is_owner(user, initiative) -> bool:
    if initiative is None or not (user and user.is_authenticated):
        return False
    # Uses the owners prefetched by the selectors when present.
    return any(owner.pk == user.pk for owner in initiative.owners.all())


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
can_change = is_staff_member | (is_owner & ~is_archived)

rules.add_perm("initiatives.view_initiative", can_view)
rules.add_perm("initiatives.change_initiative", can_change)
rules.add_perm("initiatives.archive_initiative", can_change & ~is_archived)
rules.add_perm("initiatives.view_contact_details", is_owner | is_staff_member)
rules.add_perm("initiatives.add_initiative", is_confirmed)
rules.add_perm("initiatives.import_initiatives", is_staff_member)
rules.add_perm("initiatives.export_initiatives", is_staff_member)
