"""Predicates shared by the apps' rules.py files.

The role predicates here are city-wide: a role held for one area (such as the
gemeente's contact person for Escamp) does not count, since it gives rights in that
area only. Rules that give such rights build their predicate with
``access.role_for_object_areas`` and their selectors use ``access.role_area_q``.
Every predicate reads the user's roles from the cached list on the user, so asking
several questions in one request costs one query.
"""

import rules

from .access import role_predicate
from .roles import Role, holds_role_anywhere, holds_role_citywide


@rules.predicate
def is_beheerder(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_superuser
    ) or holds_role_citywide(user, Role.BEHEERDER)


is_gemeente = role_predicate(Role.GEMEENTE)
is_procesbegeleider = role_predicate(Role.PROCESBEGELEIDER)
is_initiatiefnemer = role_predicate(Role.INITIATIEFNEMER)


@rules.predicate
def is_gemeente_anywhere(user) -> bool:
    """Gemeente staff for the whole city or for at least one area."""
    return holds_role_anywhere(user, Role.GEMEENTE)


@rules.predicate
def is_procesbegeleider_anywhere(user) -> bool:
    """A facilitator for the whole city or for at least one area."""
    return holds_role_anywhere(user, Role.PROCESBEGELEIDER)


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


@rules.predicate
def is_confirmed(user) -> bool:
    return bool(user and user.is_authenticated and user.email_confirmed)


is_staff_member = is_gemeente | is_beheerder
