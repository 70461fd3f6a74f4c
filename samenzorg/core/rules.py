"""Predicates shared by the apps' rules.py files.

The role predicates here are city-wide: a role held for one area (such as the
gemeente's contact person for Escamp) does not count, since it gives rights in that
area only. Apps that give such rights ask ``role_area_ids`` and compare with the areas
of the object. Every predicate reads the user's roles from the cached list on the user,
so asking several questions in one request costs one query.
"""

import rules

from samenzorg.accounts.models import Role


def _has_role(user, role: str) -> bool:
    """Whether ``user`` holds ``role`` for the whole city (not only for one area)."""
    if not (user and user.is_authenticated):
        return False
    return any(
        r.role == role and r.area_id is None for r in user.role_assignments_cached
    )


def role_area_ids(user, role: str) -> set[int]:
    """The areas for which ``user`` holds ``role`` (city-wide roles not included)."""
    if not (user and user.is_authenticated):
        return set()
    return {
        r.area_id
        for r in user.role_assignments_cached
        if r.role == role and r.area_id is not None
    }


@rules.predicate
def is_beheerder(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser) or _has_role(
        user, Role.BEHEERDER
    )


@rules.predicate
def is_gemeente(user) -> bool:
    return _has_role(user, Role.GEMEENTE)


@rules.predicate
def is_procesbegeleider(user) -> bool:
    return _has_role(user, Role.PROCESBEGELEIDER)


@rules.predicate
def is_initiatiefnemer(user) -> bool:
    return _has_role(user, Role.INITIATIEFNEMER)


@rules.predicate
def is_confirmed(user) -> bool:
    return bool(user and user.is_authenticated and user.email_confirmed)


is_staff_member = is_gemeente | is_beheerder


@rules.predicate
def is_task_owner(user, progress) -> bool:
    return bool(
        progress is not None
        and user is not None
        and user.is_authenticated
        and progress.owner_id == user.pk
    )


# Twin: selectors.task_progress_visible.
rules.add_perm("core.view_taskprogress", is_task_owner | is_beheerder)
