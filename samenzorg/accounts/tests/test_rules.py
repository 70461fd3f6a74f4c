from django.contrib.auth.models import AnonymousUser

import pytest

from samenzorg.accounts.models import Role

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = [r.value for r in Role]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_gemeente_and_beheerder_may_view_audit(role):
    user = UserFactory(roles=[role])
    assert user.has_perm("core.view_audit") is (role in {"gemeente", "beheerder"})


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_beheerder_may_manage_roles(role):
    user = UserFactory(roles=[role])
    assert user.has_perm("accounts.manage_roles") is (role == "beheerder")


def test_anonymous_and_user_without_roles_may_do_neither():
    for user in (AnonymousUser(), UserFactory()):
        assert user.has_perm("core.view_audit") is False
        assert user.has_perm("accounts.manage_roles") is False


def test_superuser_may_manage_roles():
    assert UserFactory(is_superuser=True).has_perm("accounts.manage_roles") is True
