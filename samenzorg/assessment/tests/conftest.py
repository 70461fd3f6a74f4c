"""Fixtures for the assessment tests: users per role, a round with scores, a small city
of wijken for the area scenarios."""

from django.utils import translation

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.models import Area, Statistic, Variable

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


def _square(x, y):
    return {
        "type": "Polygon",
        "coordinates": [
            [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
        ],
    }


@pytest.fixture
def small_city(db):
    gm = Area.objects.create(code="GM0518", name="'s-Gravenhage", level="gemeente")
    sd = [
        Area.objects.create(code=f"SD0518-{n}", name=name, level="stadsdeel", parent=gm)
        for n, name in enumerate(["Escamp", "Laak"])
    ]
    variable = Variable.objects.create(
        key="Bevolkingsdichtheid_34", year=2024, title="Dichtheid"
    )
    wijken = []
    for n in range(6):
        w = Area.objects.create(
            code=f"WK05180{n}",
            name=f"Wijk <b>{n}</b>",
            level="wijk",
            parent=sd[n % 2],
            geometry=_square(4.2 + n * 0.01, 52.0),
        )
        Statistic.objects.create(area=w, variable=variable, value=1000 * (n + 1))
        wijken.append(w)
    return {"variable": variable, "wijken": wijken}
