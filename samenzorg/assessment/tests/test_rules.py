"""The permission matrix: per permission, who may not."""

import pytest

from .factories import RoundFactory

ROLES = [
    "anonymous",
    "bewoner",
    "other_facilitator",
    "facilitator",
    "gemeente",
    "beheerder",
]


@pytest.fixture
def user_for(request):
    from django.contrib.auth.models import AnonymousUser

    def get(name):
        return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)

    return get


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        ("assessment.view_round", {"facilitator", "gemeente", "beheerder"}),
        ("assessment.run_round", {"facilitator", "beheerder"}),
        ("assessment.change_round", {"facilitator", "beheerder"}),
        ("assessment.view_results", {"facilitator", "gemeente", "beheerder"}),
        ("assessment.export_results", {"facilitator", "gemeente", "beheerder"}),
    ],
)
def test_round_permissions(facilitator, user_for, perm, allowed):
    round_ = RoundFactory(facilitator=facilitator, closed=True)
    for role in ROLES:
        assert user_for(role).has_perm(perm, round_) is (role in allowed), role


def test_published_results_are_for_everybody(facilitator, user_for):
    round_ = RoundFactory(facilitator=facilitator, published=True)
    for role in ROLES:
        assert user_for(role).has_perm("assessment.view_results", round_) is True
        assert user_for(role).has_perm("assessment.run_round", round_) is (
            role in {"facilitator", "beheerder"}
        )


def test_published_flag_on_open_round_is_not_enough(facilitator, user_for):
    round_ = RoundFactory(facilitator=facilitator, open=True, is_published=True)
    assert user_for("bewoner").has_perm("assessment.view_results", round_) is False


@pytest.mark.parametrize(
    "perm",
    [
        "assessment.view_scenario",
        "assessment.add_scenario",
        "assessment.change_scenario",
    ],
)
def test_area_selection_for_gemeente_and_facilitators(user_for, perm):
    allowed = {"facilitator", "other_facilitator", "gemeente", "beheerder"}
    for role in ROLES:
        assert user_for(role).has_perm(perm) is (role in allowed), role


def test_add_round_only_for_facilitators(user_for):
    for role in ROLES:
        assert user_for(role).has_perm("assessment.add_round") is (
            role in {"facilitator", "other_facilitator", "beheerder"}
        ), role
