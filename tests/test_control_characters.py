"""No stored text can break an export, and no new text carries control characters."""

import io
import xml.etree.ElementTree as ET

from django.urls import reverse

import openpyxl
import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.initiatives.models import Initiative
from samenzorg.initiatives.tests.factories import InitiativeFactory
from samenzorg.networks.tests.factories import ActorFactory, NetworkMapFactory

pytestmark = pytest.mark.django_db

BELL = "Bel\x07 <b>x</b>\x1b[0m\ufffe"


def test_a_form_refuses_a_control_character_in_dutch(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("initiatives:create"), {"name": "Buurt\x07kamer", "maturity": "idee"}
    )
    assert response.status_code == 400
    assert "onzichtbaar teken" in response.content.decode()
    assert not Initiative.objects.filter(name__startswith="Buurt").exists()


def test_the_api_refuses_a_control_character_with_422(client):
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/initiatieven/",
        {"name": "Buurt\u0007kamer"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "onzichtbaar teken" in response.content.decode()


def test_exports_survive_control_characters_already_stored(client):
    InitiativeFactory(name=BELL, description=BELL, public=True)
    client.force_login(UserFactory(roles=["gemeente"]))
    for fmt in ("csv", "xlsx", "geojson"):
        response = client.get(reverse("initiatives:export") + f"?formaat={fmt}")
        assert response.status_code == 200, fmt
    xlsx = client.get(reverse("initiatives:export") + "?formaat=xlsx").content
    names = [row[0] for row in openpyxl.load_workbook(io.BytesIO(xlsx)).active.values]
    assert "Bel <b>x</b>[0m" in names


def test_graphml_stays_valid_xml_with_control_characters_stored(client):
    network_map = NetworkMapFactory(published=True)
    ActorFactory(network=network_map, key="a", name=BELL)
    ActorFactory(network=network_map, key="b", name="Gewoon")
    response = client.get(
        reverse("networks:export", args=[network_map.pk]) + "?formaat=graphml"
    )
    assert response.status_code == 200
    ET.fromstring(response.content)  # noqa: S314 - our own export
