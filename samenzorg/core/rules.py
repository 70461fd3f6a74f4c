"""Predicates shared by the apps' rules.py files.

A role held for one area counts for that area only; the ``*_for_area`` predicates take
the area as object. Every predicate reads the user's roles from the cached list on the
user, so asking several questions in one request costs one query.
"""

import rules

from samenzorg.accounts.models import Role


def _has_role(user, role: str) -> bool:
    return bool(user and user.is_authenticated and user.has_role(role))


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
