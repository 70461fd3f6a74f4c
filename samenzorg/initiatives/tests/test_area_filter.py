"""The list's area filter without JavaScript: the server finds the area typed."""

import re

from django.urls import reverse

import pytest

from samenzorg.areas.models import Area

from .factories import InitiativeFactory

LIST = reverse("initiatives:list")


@pytest.fixture
def two(area_tree):
    InitiativeFactory(name="In Moerwijk", areas=[area_tree["moerwijk_buurt"]])
    InitiativeFactory(name="In Valkenbos", areas=[area_tree["valkenbos"]])
    return area_tree


def _html(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_field_is_a_text_field_with_suggestions(client, two):
    html = _html(client)
    assert re.search(r'<input type="text" name="area"[^>]*data-area-combobox', html)
    assert 'data-search-url="/gebieden/zoeken/"' in html
    assert '<select name="area"' not in html


@pytest.mark.parametrize("typed", ["WK051836", "wk051836", "Moerwijk", "moerwíjk "])
def test_a_code_or_a_name_filters(client, two, typed):
    html = _html(client, area=typed)
    assert "In Moerwijk" in html and "In Valkenbos" not in html
    assert 'name="area" value="Moerwijk"' in html


def test_part_of_one_name_filters(client, two):
    html = _html(client, area="valkenbos")
    assert "In Valkenbos" in html and "In Moerwijk" not in html


def test_an_ambiguous_name_offers_the_areas_as_links(client, two):
    Area.objects.create(code="WK999901", name="Moerwijk", level="wijk")
    html = _html(client, area="Moerwijk", domain="")
    assert "Meer dan één gebied past" in html
    assert 'href="?area=WK051836"' in html and 'href="?area=WK999901"' in html
    # Nothing is filtered until an area is chosen.
    assert "In Valkenbos" in html
    chosen = _html(client, area="Moerwijk (WK051836)")
    assert "In Moerwijk" in chosen and "In Valkenbos" not in chosen
    assert 'value="Moerwijk (WK051836)"' in chosen


def test_an_unknown_area_gets_a_dutch_message_at_the_field(client, two):
    html = _html(client, area="Atlantis")
    assert "We kennen geen gebied met de naam of code “Atlantis”." in html
    assert "utrecht-form-field--invalid" in html
    assert "In Moerwijk" in html and "In Valkenbos" in html


@pytest.mark.parametrize(
    "typed", ["\x00", "WK05\x001836", "<script>alert(1)</script>", "x" * 5000, "%00"]
)
def test_hostile_input_never_fails(client, two, typed):
    response = client.get(LIST, {"area": typed})
    assert response.status_code in (200, 400)
    assert b"<script>alert(1)</script>" not in response.content


def test_pagination_and_export_links_keep_the_chosen_area(client, two, gemeente_user):
    for i in range(30):
        InitiativeFactory(name=f"Moerwijk {i:02d}", areas=[two["moerwijk"]])
    client.force_login(gemeente_user)
    html = _html(client, area="Moerwijk")
    assert "area=WK051836&amp;page=2" in html
    assert "formaat=csv&amp;area=WK051836" in html
    export = client.get(
        reverse("initiatives:export"), {"formaat": "csv", "area": "WK051836"}
    )
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"In Valkenbos" not in body and b"Moerwijk 00" in body


def test_list_page_stays_small_with_many_areas_and_initiatives(client, db):
    gemeente = Area.objects.create(
        code="GM9999", name="Grote Gemeente", level="gemeente"
    )
    wijken = []
    for s in range(40):
        stadsdeel = Area.objects.create(
            code=f"SD9999-{s:02d}",
            name=f"Stadsdeel {s:02d}",
            level="stadsdeel",
            parent=gemeente,
        )
        wijken.extend(
            Area.objects.create(
                code=f"WK99{s:02d}{w:02d}",
                name=f"Wijk {s:02d}-{w:02d}",
                level="wijk",
                parent=stadsdeel,
            )
            for w in range(10)
        )
    for i in range(200):
        InitiativeFactory(
            name=f"Initiatief {i:03d} met een wat langere naam",
            areas=[wijken[i % len(wijken)], wijken[(i * 7) % len(wijken)]],
            domains=["sport"],
            target_groups=["ouderen"],
        )
    html = _html(client)
    assert html.count('<li class="card">') == 25
    assert len(html.encode()) <= 40_000
    # The 20 districts with the most initiatives, and a note about the other 20.
    assert html.count('href="?area=SD9999-') == 20
    assert "En nog 20 stadsdelen" in html
    assert '<select name="area"' not in html
