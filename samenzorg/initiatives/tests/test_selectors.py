from django.http import Http404

import pytest

from samenzorg.initiatives.selectors import (
    initiative_counts_by_area,
    initiative_get,
    initiative_list,
)

from .conftest import ROLES
from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _names(qs):
    return [i.name for i in qs]


def test_search_finds_name_without_typing_accents(bewoner):
    InitiativeFactory(name="Zorgcoöperatie Noordelijk Scheveningen")
    InitiativeFactory(name="Segbroek Zorgt")
    assert _names(initiative_list(user=bewoner, q="zorgcooperatie")) == [
        "Zorgcoöperatie Noordelijk Scheveningen"
    ]
    assert _names(initiative_list(user=bewoner, q="ZORGCOÖPERATIE noord")) == [
        "Zorgcoöperatie Noordelijk Scheveningen"
    ]
    assert _names(initiative_list(user=bewoner, q="zorgcooperatie segbroek")) == []


def test_search_looks_in_description_and_tags(bewoner):
    InitiativeFactory(name="Buurtkamer", description="Koffie en een praatje")
    InitiativeFactory(name="Wandelgroep", domains=["sport"])
    assert _names(initiative_list(user=bewoner, q="praatje")) == ["Buurtkamer"]
    assert _names(initiative_list(user=bewoner, q="sport")) == ["Wandelgroep"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["openbaar"]),
        ("bewoner", ["openbaar"]),
        ("other_initiator", ["openbaar"]),
        ("owner", ["concept", "openbaar"]),
        ("gemeente", ["archief", "concept", "openbaar"]),
        ("beheerder", ["archief", "concept", "openbaar"]),
    ],
)
def test_list_shows_each_role_only_what_it_may_see(users_by_role, role, expected):
    owner = users_by_role["owner"]
    InitiativeFactory(name="openbaar", public=True, owners=[owner])
    InitiativeFactory(name="concept", concept=True, owners=[owner])
    InitiativeFactory(name="archief", archived=True, owners=[owner])
    assert _names(initiative_list(user=users_by_role[role])) == expected


def test_get_raises_404_for_an_invisible_initiative(users_by_role):
    initiative = InitiativeFactory(concept=True, owners=[users_by_role["owner"]])
    for role in ROLES:
        if role in {"owner", "gemeente", "beheerder"}:
            assert (
                initiative_get(user=users_by_role[role], pk=initiative.pk) == initiative
            )
        else:
            with pytest.raises(Http404):
                initiative_get(user=users_by_role[role], pk=initiative.pk)
    with pytest.raises(Http404):
        initiative_get(user=users_by_role["owner"], pk="abc")


def test_area_filter_includes_initiatives_in_areas_inside_it(bewoner, area_tree):
    InitiativeFactory(name="in buurt", areas=[area_tree["moerwijk_buurt"]])
    InitiativeFactory(name="in wijk", areas=[area_tree["moerwijk"]])
    InitiativeFactory(name="elders", areas=[area_tree["valkenbos"]])
    InitiativeFactory(name="nergens")
    escamp = initiative_list(user=bewoner, filters={"area": "SD0518-escamp"})
    assert _names(escamp) == ["in buurt", "in wijk"]
    buurt = initiative_list(user=bewoner, filters={"area": "BU05183690"})
    assert _names(buurt) == ["in buurt"]
    assert _names(initiative_list(user=bewoner, filters={"area": "XX"})) == []


def test_filters_on_tags_maturity_and_fictional(bewoner):
    InitiativeFactory(
        name="a", carriers=["bewoners"], target_groups=["ouderen"], maturity="idee"
    )
    InitiativeFactory(name="b", domains=["sport"], maturity="geworteld", fictional=True)
    assert _names(initiative_list(user=bewoner, filters={"carrier": "bewoners"})) == [
        "a"
    ]
    assert _names(
        initiative_list(user=bewoner, filters={"target_group": "ouderen"})
    ) == ["a"]
    assert _names(initiative_list(user=bewoner, filters={"domain": "sport"})) == ["b"]
    assert _names(initiative_list(user=bewoner, filters={"maturity": "idee"})) == ["a"]
    assert _names(initiative_list(user=bewoner, filters={"fictional": "hide"})) == ["a"]
    assert _names(initiative_list(user=bewoner, filters={"fictional": "only"})) == ["b"]


def test_status_filter_works_for_staff_only(users_by_role):
    owner = users_by_role["owner"]
    InitiativeFactory(name="openbaar", public=True, owners=[owner])
    InitiativeFactory(name="concept", concept=True, owners=[owner])
    staff = initiative_list(
        user=users_by_role["gemeente"], filters={"status": "concept"}
    )
    assert _names(staff) == ["concept"]
    own = initiative_list(user=owner, filters={"status": "concept"})
    assert _names(own) == ["concept", "openbaar"]


def test_sorts_by_name_newest_and_maturity(bewoner):
    InitiativeFactory(name="b", maturity="idee")
    InitiativeFactory(name="a", maturity="geworteld")
    InitiativeFactory(name="c", maturity="actief")
    assert _names(initiative_list(user=bewoner)) == ["a", "b", "c"]
    assert _names(initiative_list(user=bewoner, sort="newest")) == ["c", "a", "b"]
    assert _names(initiative_list(user=bewoner, sort="maturity")) == ["a", "c", "b"]


def test_counts_by_stadsdeel_include_areas_inside(users_by_role, area_tree):
    owner = users_by_role["owner"]
    InitiativeFactory(areas=[area_tree["moerwijk_buurt"], area_tree["moerwijk"]])
    InitiativeFactory(areas=[area_tree["valkenbos"]])
    InitiativeFactory(concept=True, owners=[owner], areas=[area_tree["valkenbos"]])
    counts = {
        row["area"].code: row["count"]
        for row in initiative_counts_by_area(user=users_by_role["bewoner"])
    }
    assert counts == {"SD0518-escamp": 1, "SD0518-segbroek": 1}
    counts = {
        row["area"].code: row["count"] for row in initiative_counts_by_area(user=owner)
    }
    assert counts == {"SD0518-escamp": 1, "SD0518-segbroek": 2}


def _make(n, area_tree, owner):
    for i in range(n):
        InitiativeFactory(
            name=f"Initiatief {i}",
            carriers=["bewoners"],
            target_groups=["ouderen"],
            domains=["sport"],
            areas=[area_tree["moerwijk"]],
            owners=[owner],
        )


@pytest.mark.parametrize("n", [5, 200])
def test_list_query_count_does_not_grow(
    n, bewoner, area_tree, initiatiefnemer, django_assert_num_queries
):
    _make(n, area_tree, initiatiefnemer)
    with django_assert_num_queries(6):
        rows = list(
            initiative_list(user=bewoner, q="initiatief", filters={"domain": "sport"})
        )
        for row in rows:
            [t.name for t in row.carriers.all()]
            [t.name for t in row.domains.all()]
            [a.name for a in row.areas.all()]
    assert len(rows) == n
