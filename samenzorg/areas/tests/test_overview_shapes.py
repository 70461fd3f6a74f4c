"""The overview page carries no polygons; each level's shapes come as GeoJSON."""

import gzip
import json
import re

from django.urls import reverse

import pytest

from samenzorg.areas.models import Area

from .factories import AreaFactory


def _decimals(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return max(len(repr(c).partition(".")[2]) for c in coordinates)
    return max(_decimals(c) for c in coordinates)


def _points(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return 1
    return sum(_points(c) for c in coordinates)


def test_overview_html_has_no_polygons_and_stays_small(client, areas):
    html = client.get(reverse("areas:overview"), {"niveau": "buurt"}).content
    assert b"coordinates" not in html and b"Polygon" not in html
    assert b'data-geojson-url="/gebieden/vormen/buurt.geojson?' in html
    assert len(html) < 80_000


@pytest.mark.parametrize("level", ["stadsdeel", "wijk", "buurt"])
def test_shapes_of_each_level_anonymously(client, areas, level):
    response = client.get(reverse("areas:shapes", args=[level]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    data = json.loads(response.content)
    assert len(data["features"]) == Area.objects.filter(level=level).count()
    feature = data["features"][0]
    assert set(feature["properties"]) == {"code", "name", "value", "colour"}
    assert _decimals(feature["geometry"]["coordinates"]) <= 5
    assert data["title"] and isinstance(data["legend"], list)
    # Simplified: never more points than the stored outlines.
    stored = sum(
        _points(g["coordinates"])
        for g in Area.objects.filter(level=level).values_list("geometry", flat=True)
    )
    assert sum(_points(f["geometry"]["coordinates"]) for f in data["features"]) <= (
        stored
    )


def test_shapes_are_gzipped_and_answer_not_modified(client, areas):
    url = reverse("areas:shapes", args=["buurt"])
    plain = client.get(url)
    zipped = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < 60_000  # the 114 buurten of Den Haag
    again = client.get(url, headers={"if-none-match": plain["ETag"]})
    assert again.status_code == 304 and not again.content


def test_shapes_follow_the_figure_and_refuse_bad_input(client, areas):
    url = reverse("areas:shapes", args=["wijk"])
    a = json.loads(client.get(url, {"cijfer": "AantalInwoners_5"}).content)
    b = json.loads(client.get(url, {"cijfer": "Mannen_6"}).content)
    assert a["title"] != b["title"]
    # An unknown figure falls back to the default; an unknown level is not found.
    assert client.get(url, {"cijfer": "x\x00"}).status_code in (200, 400)
    assert client.get(reverse("areas:shapes", args=["gemeente"])).status_code == 404
    assert client.get(reverse("areas:shapes", args=["nope"])).status_code == 404
    assert client.post(url).status_code == 405


def test_shapes_cache_is_renewed_when_areas_are_loaded(client, db):
    from samenzorg.areas.selectors import bump_areas_version

    AreaFactory(code="WK1", name="Eerste", level="wijk", geometry=_square(0))
    url = reverse("areas:shapes", args=["wijk"])
    assert [f["properties"]["name"] for f in client.get(url).json()["features"]] == [
        "Eerste"
    ]
    AreaFactory(code="WK2", name="Tweede", level="wijk", geometry=_square(1))
    assert len(client.get(url).json()["features"]) == 1  # cached
    bump_areas_version()
    assert len(client.get(url).json()["features"]) == 2


def test_overview_table_is_paginated_without_javascript(client, db):
    for i in range(150):
        AreaFactory(code=f"WK{i:04d}", name=f"Wijk {i}", level="wijk")
    first = client.get(reverse("areas:overview")).content.decode()
    assert first.count('scope="row"') == 120
    assert re.search(r'href="\?niveau=wijk[^"]*page=2"', first)
    second = client.get(reverse("areas:overview"), {"niveau": "wijk", "page": 2})
    assert second.content.decode().count('scope="row"') == 30


def _square(x):
    return {
        "type": "Polygon",
        "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]],
    }
