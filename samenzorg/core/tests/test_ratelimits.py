"""Rate limits: the client address, the API's limits and the Dutch 429 answers."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

import pytest

from samenzorg.core.ratelimits import client_ip
from samenzorg.core.views import error_429

pytestmark = pytest.mark.django_db

DUTCH_JSON = {
    "detail": "Te veel verzoeken in korte tijd. Wacht even en probeer het opnieuw."
}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),
        (1, "198.51.100.7", "198.51.100.7"),
        # A client may send its own X-Forwarded-For; only the proxy's part counts.
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 192.0.2.1", "198.51.100.7"),
        (2, "", "10.0.0.2"),
    ],
)
def test_client_ip_trusts_only_the_proxies_set(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == expected


def test_api_answers_429_in_dutch_json_past_its_rate(client, settings):
    settings.RATELIMIT_API = "3/m"
    for _ in range(3):
        assert client.get("/api/v1/gebieden/").status_code == 200
    response = client.get("/api/v1/gebieden/")
    assert response.status_code == 429
    assert response.json() == DUTCH_JSON
    assert int(response["Retry-After"]) > 0
    # Another address is not held up.
    assert client.get("/api/v1/gebieden/", REMOTE_ADDR="203.0.113.5").status_code == 200


def test_api_counts_a_logged_in_user_apart_from_the_address(client, settings):
    from samenzorg.accounts.tests.factories import UserFactory

    settings.RATELIMIT_API = "2/m"
    client.get("/api/v1/gebieden/")
    client.get("/api/v1/gebieden/")
    assert client.get("/api/v1/gebieden/").status_code == 429
    client.force_login(UserFactory(roles=["bewoner"]))
    assert client.get("/api/v1/gebieden/").status_code == 200


def test_api_anonymous_writes_have_their_own_lower_rate(client, settings):
    settings.RATELIMIT_API_ANON_WRITE = "2/m"
    for _ in range(2):
        assert client.post("/api/v1/initiatieven/", {}).status_code == 401
    response = client.post("/api/v1/initiatieven/", {})
    assert response.status_code == 429
    assert response.json() == DUTCH_JSON
    # Reading goes on.
    assert client.get("/api/v1/gebieden/").status_code == 200


def test_429_page_is_dutch_in_the_site_layout():
    request = RequestFactory().post("/account/registreren/")
    request.user = AnonymousUser()
    response = error_429(request)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Te vaak geprobeerd" in page
    assert "Wacht een paar minuten" in page
    assert 'class="site-header"' in page
