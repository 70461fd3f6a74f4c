from django.core.cache import cache

import pytest

from samenzorg.accounts.models import Role, RoleAssignment, User
from samenzorg.areas.services import areas_load


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached figures of an earlier test must not leak into this one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def areas(db):
    """The real Den Haag areas and 2024 figures from data/."""
    areas_load()
    return None


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, email: str | None = None) -> User:
        user = User.objects.create_user(
            email=email or f"{role or 'anoniem'}@example.org",
            password="geheim-wachtwoord-123",
            display_name=f"<b>{role}</b>",
            email_confirmed=True,
        )
        if role:
            RoleAssignment.objects.create(user=user, role=role)
        return user

    return make


@pytest.fixture
def gemeente_user(make_user):
    return make_user(Role.GEMEENTE)
