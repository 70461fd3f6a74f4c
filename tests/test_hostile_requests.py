"""Hostile requests that once answered 500: each must get a clear answer instead."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.assessment.models import Scenario
from samenzorg.networks.tests.factories import NetworkMapFactory

pytestmark = pytest.mark.django_db


def _without_second_step(client, user):
    user.otp_device = None
    client.force_login(user)


def test_code_page_with_a_bare_word_as_next_is_no_500(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:two_factor_login") + "?next=abc")
    assert response.status_code in (200, 302)


def test_setup_with_superscript_digits_is_refused_in_dutch(client):
    user = UserFactory(roles=["gemeente"])
    _without_second_step(client, user)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    response = client.post(
        reverse("accounts:two_factor_setup"),
        {"token": "²²²²²²"},
    )
    assert response.status_code == 200
    assert "code" in response.content.decode().lower()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/initiatieven/?offset=9223372036854775808",
        "/api/v1/netwerkkaarten/?offset=9223372036854775808",
        "/api/v1/netwerkkaarten/?limit=9223372036854775808",
    ],
)
def test_huge_api_offsets_are_422(client, url):
    assert client.get(url).status_code == 422


def test_api_write_as_form_data_is_400(client):
    client.force_login(UserFactory())
    response = client.post("/api/v1/initiatieven/", {"name": "x"})
    assert response.status_code in (400, 422)


def test_api_body_over_the_limit_is_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/initiatieven/",
        '{"name": "%s"}' % ("x" * 5000),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["detail"]


def test_scenario_compare_with_a_superscript_id_is_no_500(client):
    client.force_login(UserFactory(roles=["gemeente"]))
    response = client.get(reverse("assessment:scenario_compare") + "?s=%C2%B2")
    assert response.status_code == 200


def test_scenario_with_a_huge_number_of_areas_is_refused(client):
    client.force_login(UserFactory(roles=["gemeente"]))
    response = client.post(
        reverse("assessment:scenario_create"),
        {
            "title": "Te groot",
            "level": "wijk",
            "k": "9223372036854775808",
            "kansrijkheid_weight": 1,
            "indicators-TOTAL_FORMS": 0,
            "indicators-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert not Scenario.objects.filter(title="Te groot").exists()


def test_network_import_with_an_infinite_strength_reports_the_row(client):
    from samenzorg.areas.models import Area

    area = Area.objects.create(code="WK1", name="Moerwijk", level="wijk")
    network_map = NetworkMapFactory(area=area)
    client.force_login(UserFactory(roles=["procesbegeleider"]))
    actors = SimpleUploadedFile(
        "partijen.csv", b"id,name,type\nx1,X1,welzijn\nx2,X2,welzijn\n"
    )
    ties = SimpleUploadedFile("banden.csv", b"from,to,strength\nx1,x2,inf\n")
    response = client.post(
        reverse("networks:import", args=[network_map.pk]),
        {"file": actors, "ties_file": ties},
        follow=True,
    )
    assert response.status_code in (200, 422)
    assert network_map.actors.count() == 0


@pytest.mark.parametrize(
    "url",
    ["/gebieden/a%00b/", "/initiatieven/?area=a%00", "/kansrijkheid/meedoen/A%00B/"],
)
def test_a_nul_byte_in_the_address_of_a_page_is_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "niet mag" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/initiatieven/?q=%00abc", "q"),
        ("/api/v1/gebieden/?binnen=a%00", "binnen"),
        ("/api/v1/netwerkkaarten/?limit=1%07", "limit"),
        ("/api/v1/initiatieven/?q=ok&gebied=%1b%5b0m", "gebied"),
    ],
)
def test_a_control_character_in_an_api_query_is_422_at_its_parameter(
    client, url, field
):
    response = client.get(url)
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == "Niet alle gegevens kloppen. Kijk per veld wat er mis is."
    (message,) = data["errors"][field]
    assert "onzichtbaar teken" in message
    assert list(data["errors"]) == [field]


def test_a_nul_byte_in_an_api_path_is_404(client):
    response = client.get("/api/v1/gebieden/a%00b/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden, of u mag dit niet zien."}


def test_odd_bytes_in_an_api_query_are_no_500(client):
    response = client.get("/api/v1/initiatieven/?q=%ff%fe%c3&gebied=%e2%82")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/initiatieven/abc/",
        "/api/v1/initiatieven/-1/",
        "/api/v1/initiatieven/99999999999999999999999/",
        "/api/v1/kansrijkheid/rondes/abc/uitkomsten/",
        "/api/v1/netwerkkaarten/1.5/",
        "/api/v1/bestaat-niet/",
        "/api/",
    ],
)
def test_unknown_api_addresses_answer_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Niet gevonden, of u mag dit niet zien."}


def test_a_method_the_api_address_does_not_know_is_405_in_json(client):
    response = client.delete("/api/v1/initiatieven/")
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert response.json() == {"detail": "Dit adres werkt niet met deze methode."}


def test_a_write_without_csrf_token_is_403_in_dutch_json():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/initiatieven/", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF-token" in response.json()["detail"]


def test_a_body_that_is_not_json_is_400_in_dutch(client):
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/initiatieven/", "{niet: json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Stuur de gegevens als JSON."}


@pytest.mark.parametrize("body", ["[]", '"naam"', "12"])
def test_a_body_that_is_no_object_is_422(client, body):
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/initiatieven/", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"name": ["Dit veld is verplicht."]}


@pytest.mark.parametrize("text", ["a\x00b", "\ud800", "x\x1b[0m"])
def test_control_characters_and_broken_text_in_an_api_body_are_422(client, text):
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/initiatieven/",
        json.dumps({"name": "Tuin", "areas": [text]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    (message,) = response.json()["errors"]["areas"]
    assert "onzichtbaar teken" in message


def test_too_many_api_requests_are_429_in_the_error_schema(client, settings):
    settings.RATELIMIT_API = "2/m"
    for _ in range(2):
        assert client.get("/api/v1/netwerkkaarten/").status_code == 200
    response = client.get("/api/v1/netwerkkaarten/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json() == {
        "detail": "Te veel verzoeken in korte tijd. Wacht even en probeer het opnieuw."
    }


def test_a_broken_form_body_for_the_api_is_400_in_json():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        "/api/v1/initiatieven/",
        "name=x",
        content_type="multipart/form-data",
        headers={"X-CSRFToken": "a" * 32},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Stuur de gegevens als JSON."}


@pytest.mark.parametrize("method", ["get", "post", "patch"])
def test_an_api_address_without_its_final_slash_is_a_json_404_not_a_redirect(
    client, method
):
    body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
    response = getattr(client, method)("/api/v1/initiatieven", **body)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "/api/v1/initiatieven/" in response.json()["detail"]
