"""Fixtures for the assessment tests: users per role, a round with scores."""

from django.utils import translation

import pytest

from samenzorg.accounts.tests.factories import UserFactory

from .factories import ParticipantFactory, RoundFactory, score_everything


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def facilitator(db):
    return UserFactory(roles=["procesbegeleider"])


@pytest.fixture
def other_facilitator(db):
    return UserFactory(roles=["procesbegeleider"])


@pytest.fixture
def gemeente(db):
    return UserFactory(roles=["gemeente"])


@pytest.fixture
def beheerder(db):
    return UserFactory(roles=["beheerder"])


@pytest.fixture
def bewoner(db):
    return UserFactory(roles=["bewoner"])


@pytest.fixture
def scored_round(facilitator):
    """A closed round: 3 initiatives, 3 participants who scored everything."""
    round_ = RoundFactory(
        facilitator=facilitator, closed=True, initiatives=3, expected_participants=3
    )
    people = [ParticipantFactory(round=round_, position=n) for n in range(3)]
    score_everything(
        round_, people, lambda p, i, c: 1 + (p.position + i.pk + c.position) % 5
    )
    return round_
