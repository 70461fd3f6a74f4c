"""Fixtures for the initiatives tests: users per role and a small area tree."""

from django.core.cache import cache
from django.utils import translation

import pytest
from pytest_factoryboy import register

from samenzorg.areas.models import Area

from .factories import InitiativeFactory, TagFactory, UserFactory

register(InitiativeFactory)
register(TagFactory)
register(UserFactory)


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached list figures of an earlier test must not leak into this one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def dutch():
    """Messages outside a request in Dutch, whatever an earlier test activated."""
    with translation.override("nl"):
        yield


@pytest.fixture
def bewoner(db):
    return UserFactory(roles=["bewoner"])


@pytest.fixture
def initiatiefnemer(db):
    """The owner in most tests."""
    return UserFactory(roles=["initiatiefnemer"])


@pytest.fixture
def other_initiator(db):
    return UserFactory(roles=["initiatiefnemer"])


@pytest.fixture
def gemeente_user(db):
    return UserFactory(roles=["gemeente"])


@pytest.fixture
def beheerder(db):
    return UserFactory(roles=["beheerder"], is_staff=True)


ROLES = ["anonymous", "bewoner", "other_initiator", "owner", "gemeente", "beheerder"]


@pytest.fixture
def users_by_role(bewoner, initiatiefnemer, other_initiator, gemeente_user, beheerder):
    """Every role of the permission matrix; "owner" owns the initiatives under test."""
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(),
        "bewoner": bewoner,
        "other_initiator": other_initiator,
        "owner": initiatiefnemer,
        "gemeente": gemeente_user,
        "beheerder": beheerder,
    }


@pytest.fixture
def area_tree(db):
    """gemeente → stadsdeel Escamp → wijk Moerwijk → buurt; plus stadsdeel Segbroek."""

    def make(code, name, level, parent=None, lat=None, lon=None):
        area, _ = Area.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "parent": parent,
                "centroid_lat": lat,
                "centroid_lon": lon,
            },
        )
        return area

    gm = make("GM0518", "'s-Gravenhage", Area.Level.GEMEENTE)
    escamp = make("SD0518-escamp", "Escamp", Area.Level.STADSDEEL, gm)
    segbroek = make("SD0518-segbroek", "Segbroek", Area.Level.STADSDEEL, gm)
    moerwijk = make("WK051836", "Moerwijk", Area.Level.WIJK, escamp, 52.05, 4.29)
    buurt = make(
        "BU05183690", "Moerwijk-Oost", Area.Level.BUURT, moerwijk, 52.05, 4.295
    )
    valkenbos = make(
        "WK051820", "Valkenboskwartier", Area.Level.WIJK, segbroek, 52.07, 4.28
    )
    return {
        "gemeente": gm,
        "escamp": escamp,
        "segbroek": segbroek,
        "moerwijk": moerwijk,
        "moerwijk_buurt": buurt,
        "valkenbos": valkenbos,
    }


@pytest.fixture
def run_on_sqlite_file(tmp_path):
    """Run a Python script in a process of its own on a fresh SQLite file (its
    path is the second return value): for what one in-memory test database cannot
    show, such as a killed process or two writers."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    def run(script: str, name: str = "db.sqlite3", timeout: int = 180):
        database = tmp_path / name
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{database}",
            "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        done = subprocess.run(  # noqa: S603 - our own script, with this Python
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return done, database

    return run
