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
