"""Every class of character, stored already, goes through every export without a crash.

The text rule refuses control characters in new input; these values are written past it
(``update``), as data from before the rule or from another system would be. Each export
must still answer and give a file its reader accepts: CSV, XLSX, GeoJSON, GraphML, PDF,
the API's JSON and the pages.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET

from django.db import connection
from django.urls import reverse

import openpyxl
import pypdf
import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.models import Area
from samenzorg.assessment.exports import results_pdf_bytes
from samenzorg.assessment.models import Criterion, Round
from samenzorg.assessment.selectors import round_results
from samenzorg.assessment.tests.factories import (
    ParticipantFactory,
    RoundFactory,
    score_everything,
)
from samenzorg.initiatives.models import Initiative
from samenzorg.initiatives.tests.factories import InitiativeFactory
from samenzorg.networks.models import Actor, NetworkMap
from samenzorg.networks.tests.factories import NetworkMapFactory, TieFactory

pytestmark = pytest.mark.django_db

CHARACTER_CLASSES = {
    "C0 controls": "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)),
    "NUL": "a\x00b",
    "DEL and C1 controls": "\x7f\x80\x85\x9f",
    "noncharacters": "\ufffe\uffff\ufdd0\U0010ffff",
    "invisible format marks": "\ufeff\u200b\u200d\u202e\u2066\u00ad",
    "line and page separators": "a\u2028b\u2029c\x0b\x0c",
    "astral plane": "\U0001f600\U0001d518\U00020000",
    "combining marks": "e\u0301\u0338\u20dd",
    "right-to-left scripts": "مرحبا עברית",
    "CJK": "漢字かなカナ",
    "markup": "<script>alert(1)</script>&amp;\"'</td>]]>",
    "formula": '=HYPERLINK("http://voorbeeld.nl";"klik")',
    "separators and quotes": 'a,b;c"d\ne\r\nf\tg',
    "format strings": "\\ \\n %s %(x)s {0} {{x}} $1",
}


def _hostile(value: str) -> str:
    """The value with something readable around it, so a row is never empty."""
    return f"Begin {value} eind"


def _params() -> list:
    return [pytest.param(v, id=name) for name, v in CHARACTER_CLASSES.items()]


@pytest.fixture
def value(request):
    text = _hostile(request.param)
    if "\x00" in text and connection.vendor == "postgresql":
        pytest.skip("PostgreSQL cannot store NUL in text, so no stored value has one")
    return text


def _stored(text: str):
    """An initiative, a scored round and a network map whose texts are ``text``."""
    initiative = InitiativeFactory(public=True)
    Initiative.objects.filter(pk=initiative.pk).update(
        name=text,
        description=text,
        contact_name=text,
        source=text,
        search_text=text.lower(),
    )
    facilitator = UserFactory(roles=["procesbegeleider", "gemeente"])
    round_ = RoundFactory(
        facilitator=facilitator, published=True, expected_participants=2
    )
    round_.initiatives.set([initiative, InitiativeFactory(public=True)])
    people = [ParticipantFactory(round=round_, position=n) for n in range(2)]
    score_everything(round_, people, lambda p, i, c: 1 + (p.position + c.position) % 5)
    Round.objects.filter(pk=round_.pk).update(title=text)
    Criterion.objects.filter(round=round_).update(name=text, description=text)
    network_map = NetworkMapFactory(published=True)
    TieFactory(network=network_map)
    NetworkMap.objects.filter(pk=network_map.pk).update(name=text)
    Actor.objects.filter(network=network_map).update(
        name=text, role=text, organisation=text
    )
    Area.objects.filter(
        pk__in=Area.objects.filter(level="wijk").values("pk")[:1]
    ).update(name=text)
    return facilitator, initiative, round_, network_map


def _check_csv(content: bytes):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) >= 2


def _check_xlsx(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert sum(1 for _ in workbook.active.values) >= 2


def _check_xml(content: bytes):
    ET.fromstring(content)  # noqa: S314 - our own export


@pytest.mark.parametrize("value", _params(), indirect=True)
def test_every_export_and_page_takes_every_character_class(client, value):
    user, initiative, round_, network_map = _stored(value)
    client.force_login(user)
    checks = {
        reverse("initiatives:export") + "?formaat=csv": _check_csv,
        reverse("initiatives:export") + "?formaat=xlsx": _check_xlsx,
        reverse("initiatives:export") + "?formaat=geojson": json.loads,
        reverse("assessment:round_export", args=[round_.pk]) + "?formaat=csv": (
            _check_csv
        ),
        reverse("assessment:round_export", args=[round_.pk]) + "?formaat=xlsx": (
            _check_xlsx
        ),
        reverse("networks:export", args=[network_map.pk]) + "?formaat=graphml": (
            _check_xml
        ),
        reverse("networks:export", args=[network_map.pk])
        + "?formaat=csv-actoren": _check_csv,
        reverse("networks:export", args=[network_map.pk])
        + "?formaat=csv-banden": _check_csv,
        reverse("networks:data", args=[network_map.pk]): json.loads,
        "/api/v1/initiatieven/": json.loads,
        f"/api/v1/initiatieven/{initiative.pk}/": json.loads,
        "/api/v1/gebieden/?niveau=wijk": json.loads,
        f"/api/v1/netwerkkaarten/{network_map.pk}/": json.loads,
        reverse("initiatives:list"): bytes.decode,
        reverse("initiatives:detail", args=[initiative.pk]): bytes.decode,
        reverse("initiatives:list") + "?q=Begin": bytes.decode,
        reverse("assessment:round_results", args=[round_.pk]): bytes.decode,
        reverse("networks:detail", args=[network_map.pk]): bytes.decode,
        reverse("areas:overview"): bytes.decode,
    }
    for url, check in checks.items():
        response = client.get(url)
        assert response.status_code == 200, url
        content = (
            b"".join(response.streaming_content)
            if response.streaming
            else (response.content)
        )
        check(content)


def test_the_results_pdf_takes_every_character_class_at_once():
    text = _hostile("".join(CHARACTER_CLASSES.values()))
    if connection.vendor == "postgresql":
        text = text.replace("\x00", "")
    # PostgreSQL holds texts to their column length (100 the shortest here).
    text = text[:100]
    _user, _initiative, round_, _map = _stored(text)
    round_.refresh_from_db()
    pdf = pypdf.PdfReader(io.BytesIO(results_pdf_bytes(round_, round_results(round_))))
    text = "".join(page.extract_text() for page in pdf.pages)
    # With fallback fonts (CJK, emoji) pypdf reads two bytes per character.
    assert "Begin" in text.replace("\x00", "")
