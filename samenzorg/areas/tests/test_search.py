"""Finding an area by name or code: the suggestions endpoint and the resolver."""

from django.urls import reverse

import pytest

from samenzorg.areas.search import area_resolve, area_search
from samenzorg.areas.selectors import bump_areas_version

from .factories import AreaFactory


@pytest.fixture
def named(db):
    escamp = AreaFactory(code="SD01", name="Escamp", level="stadsdeel")
    AreaFactory(code="WK01", name="Moerwijk", level="wijk", parent=escamp)
    AreaFactory(code="BU01", name="Moerwijk-Oost", level="buurt")
    AreaFactory(code="WK02", name="Zuid", level="wijk", parent=escamp)
    AreaFactory(code="WK03", name="Zuid", level="wijk")
    AreaFactory(code="WK04", name="Bélgisch Park", level="wijk")
    bump_areas_version()


def test_search_finds_by_name_code_and_without_accents(named):
    assert [a.code for a in area_search("moerwijk")] == ["WK01", "BU01"]
    assert [a.code for a in area_search("wk04")] == ["WK04"]
    assert [a.code for a in area_search("BELGISCH")] == ["WK04"]
    assert area_search("") == [] and area_search("   ") == []
    assert len(area_search("o", limit=2)) == 2


def test_resolve_code_name_ambiguous_and_unknown(named):
    assert area_resolve("WK01").code == "WK01"
    assert area_resolve("wk01").code == "WK01"
    assert area_resolve("Moerwijk").code == "WK01"  # the whole name wins
    assert area_resolve("belgisch park").code == "WK04"
    assert area_resolve("Zuid (WK03)").code == "WK03"
    zuid = area_resolve("Zuid")
    assert zuid.area is None and [a.code for a in zuid.choices] == ["WK02", "WK03"]
    assert zuid.choices[0].label == "Zuid (WK02)"
    assert area_resolve("oost").code == "BU01"  # one area holds it
    assert area_resolve("bestaat niet").is_unknown
    assert not area_resolve("").is_unknown and area_resolve("").code == ""
    assert area_resolve("WK01\x00").code == "WK01"
    assert area_resolve("x" * 10_000).is_unknown


def test_search_endpoint_is_public_json_of_names_only(client, named):
    response = client.get(reverse("areas:search"), {"q": "moer"})
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    results = response.json()["results"]
    assert [r["code"] for r in results] == ["WK01", "BU01"]
    assert set(results[0]) == {"code", "name", "label", "description"}
    assert results[0]["description"] == "wijk in Escamp"


@pytest.mark.parametrize("query", ["", "<script>", "\x00", "%" * 500, "zzzz"])
def test_search_endpoint_never_fails_on_odd_input(client, named, query):
    response = client.get(reverse("areas:search"), {"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["results"] == []


def test_search_endpoint_only_reads(client, named):
    assert client.post(reverse("areas:search"), {"q": "moer"}).status_code == 405


def test_search_follows_newly_loaded_areas(client, named):
    assert area_search("nieuwland") == []
    AreaFactory(code="WK09", name="Nieuwland", level="wijk")
    bump_areas_version()
    assert [a.code for a in area_search("nieuwland")] == ["WK09"]
