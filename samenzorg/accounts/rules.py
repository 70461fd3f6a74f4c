"""Permissions for accounts, roles and the change log.

``core.view_audit`` is declared here because the change log page lives in this app.
"""

import rules

from samenzorg.core.rules import is_beheerder, is_staff_member

from .models import Role

# Roles whose holders must log in with a second step (also when held for one area).
TWO_FACTOR_ROLES = frozenset({Role.GEMEENTE, Role.BEHEERDER, Role.FINANCIER})


@rules.predicate
def is_real_account(user) -> bool:
    """Logged in with an account that is not one of the shared demo accounts."""
    return bool(user and user.is_authenticated and not user.is_demo)


@rules.predicate
def must_use_two_factor(user) -> bool:
    """Superusers and holders of the roles above; never the demo accounts."""
    if not is_real_account(user):
        return False
    return user.is_superuser or any(
        r.role in TWO_FACTOR_ROLES for r in user.role_assignments_cached
    )


@rules.predicate
def is_self(user, other) -> bool:
    return bool(user and other is not None and user.pk == other.pk)


rules.add_perm("core.view_audit", is_staff_member)
rules.add_perm("accounts.manage_roles", is_beheerder)

# Two-factor authentication: anyone with a real account may set it up; only those
# who need not have it may switch it off themselves; a beheerder may reset anyone's
# (a lost phone), after which a required user sets it up again at the next login.
rules.add_perm("accounts.set_up_two_factor", is_real_account)
rules.add_perm(
    "accounts.remove_two_factor",
    (is_self & is_real_account & ~must_use_two_factor) | is_beheerder,
)
rules.add_perm("accounts.reset_two_factor", is_beheerder)
rules.add_perm("accounts.unlock_login", is_beheerder)

# The Django admin at /beheer/ asks these for users and their roles.
rules.add_perm("accounts", is_beheerder)
for _verb in ("view", "add", "change", "delete"):
    rules.add_perm(f"accounts.{_verb}_user", is_beheerder)
    rules.add_perm(f"accounts.{_verb}_roleassignment", is_beheerder)

# ... and these for the login attempts that django-axes records (deleting one unlocks).
rules.add_perm("axes", is_beheerder)
for _model in ("accessattempt", "accesslog", "accessfailurelog"):
    rules.add_perm(f"axes.view_{_model}", is_beheerder)
rules.add_perm("axes.delete_accessattempt", is_beheerder)
