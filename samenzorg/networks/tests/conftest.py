"""Fixtures for the network map tests: an area tree, users per role and a small map."""

from django.contrib.auth.models import AnonymousUser

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.models import Area

from .factories import ActorFactory, NetworkMapFactory, TieFactory


@pytest.fixture
def areas(db):
    def make(code, name, level, parent=None):
        area, _ = Area.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent": parent}
        )
        return area

    gm = make("GM0518", "'s-Gravenhage", Area.Level.GEMEENTE)
    escamp = make("SD0518-escamp", "Escamp", Area.Level.STADSDEEL, gm)
    segbroek = make("SD0518-segbroek", "Segbroek", Area.Level.STADSDEEL, gm)
    moerwijk = make("WK051836", "Moerwijk", Area.Level.WIJK, escamp)
    return {
        "gemeente": gm,
        "escamp": escamp,
        "segbroek": segbroek,
        "moerwijk": moerwijk,
    }


ROLES = [
    "anonymous",
    "bewoner",
    "other_area_gemeente",
    "area_gemeente",
    "procesbegeleider",
    "area_procesbegeleider",
    "other_area_procesbegeleider",
]


@pytest.fixture
def users(areas):
    return {
        "anonymous": AnonymousUser(),
        "bewoner": UserFactory(roles=["bewoner"]),
        "other_area_gemeente": UserFactory(roles=[("gemeente", areas["segbroek"])]),
        # A role for the stadsdeel covers the wijk the map is about.
        "area_gemeente": UserFactory(roles=[("gemeente", areas["escamp"])]),
        "procesbegeleider": UserFactory(roles=["procesbegeleider"]),
        "area_procesbegeleider": UserFactory(
            roles=[("procesbegeleider", areas["escamp"])]
        ),
        "other_area_procesbegeleider": UserFactory(
            roles=[("procesbegeleider", areas["segbroek"])]
        ),
    }


@pytest.fixture
def network_map(areas):
    """Moerwijk: a key person and two organisations in a line, unpublished."""
    m = NetworkMapFactory(area=areas["moerwijk"])
    nurse = ActorFactory(network=m, key="nurse", key_person=True, type="zorgaanbieder")
    a = ActorFactory(
        network=m, key="a", name="Buurthuis <b>De Boog</b>", type="welzijn"
    )
    b = ActorFactory(
        network=m, key="b", name="Bewonersgroep Zuid", type="bewonersinitiatief"
    )
    TieFactory(network=m, source_actor=nurse, target_actor=a)
    TieFactory(network=m, source_actor=a, target_actor=b)
    return m
