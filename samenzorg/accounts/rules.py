"""Permissions for accounts, roles and the change log.

``core.view_audit`` is declared here because the change log page lives in this app.
"""

import rules

from samenzorg.core.rules import is_beheerder, is_staff_member

rules.add_perm("core.view_audit", is_staff_member)
rules.add_perm("accounts.manage_roles", is_beheerder)

# The Django admin at /beheer/ asks these for users and their roles.
rules.add_perm("accounts", is_beheerder)
for _verb in ("view", "add", "change", "delete"):
    rules.add_perm(f"accounts.{_verb}_user", is_beheerder)
    rules.add_perm(f"accounts.{_verb}_roleassignment", is_beheerder)
