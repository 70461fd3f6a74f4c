"""Every object rule against its queryset twin, for every role.

Apps declare ``(permission, selector)`` pairs on their AppConfig
(``permission_twins``, see ``core.registry``) and, in ``<app>/tests/access_cases.py``,
a ``CASES`` dict that builds one object per visibility case from the ``world`` below.
For every pair, every object and every role, the rule and the selector must agree:
a selector that shows more than its rule leaks, one that shows less hides.
"""

import importlib

from django.contrib.auth.models import AnonymousUser
from django.utils.module_loading import import_string

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.models import Area
from samenzorg.core import registry

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "bewoner",
    "initiatiefnemer",
    "other_initiatiefnemer",
    "professional",
    "gemeente",
    "area_gemeente",
    "procesbegeleider",
    "area_procesbegeleider",
    "cooperatiebestuur",
    "financier",
    "beheerder",
]


@pytest.fixture
def world(db):
    """Areas in two stadsdelen, and one user per role; area roles are for Escamp."""

    def area(code, name, level, parent=None):
        return Area.objects.create(code=code, name=name, level=level, parent=parent)

    gm = area("GM0518", "'s-Gravenhage", Area.Level.GEMEENTE)
    escamp = area("SD0518-escamp", "Escamp", Area.Level.STADSDEEL, gm)
    moerwijk = area("WK051836", "Moerwijk", Area.Level.WIJK, escamp)
    buurt = area("BU05183690", "Moerwijk-Oost", Area.Level.BUURT, moerwijk)
    segbroek = area("SD0518-segbroek", "Segbroek", Area.Level.STADSDEEL, gm)
    valkenbos = area("WK051820", "Valkenboskwartier", Area.Level.WIJK, segbroek)
    users = {
        "anonymous": AnonymousUser(),
        "bewoner": UserFactory(roles=["bewoner"]),
        "initiatiefnemer": UserFactory(roles=["initiatiefnemer"]),
        "other_initiatiefnemer": UserFactory(roles=["initiatiefnemer"]),
        "professional": UserFactory(roles=["professional"]),
        "gemeente": UserFactory(roles=["gemeente"]),
        "area_gemeente": UserFactory(roles=[("gemeente", escamp)]),
        "procesbegeleider": UserFactory(roles=["procesbegeleider"]),
        "area_procesbegeleider": UserFactory(roles=[("procesbegeleider", escamp)]),
        "cooperatiebestuur": UserFactory(roles=["cooperatiebestuur"]),
        "financier": UserFactory(roles=["financier"]),
        "beheerder": UserFactory(roles=["beheerder"]),
    }
    return {
        "users": users,
        "areas": {
            "gemeente": gm,
            "escamp": escamp,
            "moerwijk": moerwijk,
            "moerwijk_buurt": buurt,
            "segbroek": segbroek,
            "valkenbos": valkenbos,
        },
    }


def _cases_for(perm: str):
    app = perm.split(".")[0]
    module = importlib.import_module(f"samenzorg.{app}.tests.access_cases")
    return module.CASES[perm]


TWINS = registry.permission_twins()


def test_apps_declare_permission_twins():
    perms = {perm for perm, _selector in TWINS}
    assert {
        "initiatives.view_initiative",
        "networks.view_networkmap",
        "assessment.view_results",
        "assessment.view_scenario",
    } <= perms


def _compare(world, perm, select):
    """``(disagreements, what each role may see)`` for one rule and its twin."""
    objects = _cases_for(perm)(world)
    assert len(objects) >= 2, "build one object per visibility case"
    disagreements = []
    seen_by = {}
    for role in ROLES:
        user = world["users"][role]
        if user.is_authenticated:
            user = type(user).objects.get(pk=user.pk)  # no cached roles or perms
        visible = set(
            select(user=user)
            .filter(pk__in=[o.pk for o in objects])
            .values_list("pk", flat=True)
        )
        for obj in objects:
            fresh = type(obj).objects.get(pk=obj.pk)
            by_rule = user.has_perm(perm, fresh)
            if by_rule:
                seen_by.setdefault(role, set()).add(obj.pk)
            if by_rule != (obj.pk in visible):
                disagreements.append(
                    f"{role} on {obj!r}: rule {by_rule}, selector {obj.pk in visible}"
                )
    return disagreements, seen_by


@pytest.mark.parametrize(("perm", "selector"), TWINS, ids=[t[0] for t in TWINS])
def test_rule_and_selector_agree_for_every_role(world, perm, selector):
    disagreements, seen_by = _compare(world, perm, import_string(selector))
    assert disagreements == []
    # The cases must tell roles apart, or the test proves nothing.
    assert len({frozenset(seen_by.get(role, ())) for role in ROLES}) > 1


@pytest.mark.parametrize(("perm", "selector"), TWINS, ids=[t[0] for t in TWINS])
def test_a_twin_that_ignores_the_user_is_caught(world, perm, selector):
    model = import_string(selector)(user=world["users"]["beheerder"]).model
    disagreements, _seen = _compare(world, perm, lambda user: model.objects.all())
    assert disagreements
