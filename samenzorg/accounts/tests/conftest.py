import pytest
from pytest_factoryboy import register

from .factories import RoleAssignmentFactory, UserFactory

register(UserFactory)
register(RoleAssignmentFactory)


@pytest.fixture
def bewoner(db):
    return UserFactory(roles=["bewoner"])


@pytest.fixture
def initiatiefnemer(db):
    return UserFactory(roles=["initiatiefnemer"])


@pytest.fixture
def gemeente_user(db):
    return UserFactory(roles=["gemeente"])


@pytest.fixture
def beheerder(db):
    return UserFactory(roles=["beheerder"], is_staff=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """New hashes in these tests use a fast hasher; stored ones still verify."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
