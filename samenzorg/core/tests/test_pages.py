import re
from pathlib import Path

from django.urls import reverse

import pytest

import samenzorg
from samenzorg.accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_anonymous_sees_home_page_in_dutch(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_gives_dutch_404(client, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.django_db
def test_english_browser_still_gets_dutch_until_english_is_chosen(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Samen zorg dicht bij huis regelen" in response.content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "Care close to home, organised together" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_api_unknown_object_answers_in_dutch(client):
    response = client.get("/api/v1/gebieden/XX999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden, of u mag dit niet zien."}


@pytest.mark.django_db
def test_header_and_navigation_use_our_dutch_words(client):
    page = client.get("/").content.decode()
    for word in ("Start", "Gebieden", "Initiatieven", "Inloggen", "Registreren"):
        assert f">{word}<" in page
    assert "Voorpagina" not in page
    assert "Aanmelden" not in page


@pytest.mark.django_db
def test_the_429_page_says_u_hebt_as_the_rest_of_the_site(client, settings):
    settings.RATELIMIT_PERSONAL_DATA = "0/h"
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:personal_data_json"))
    assert response.status_code == 429
    assert "U hebt dit te vaak geprobeerd" in response.content.decode()


def test_no_dutch_text_says_u_heeft():
    """The site speaks to people as "u hebt", everywhere."""
    catalogs = Path(samenzorg.__file__).parent.glob("*/locale/nl/LC_MESSAGES/*.po")
    found = [
        f"{po.parent.parent.parent.parent.name}: {line.strip()}"
        for po in catalogs
        for line in po.read_text(encoding="utf-8").splitlines()
        if line.startswith(("msgstr", '"')) and re.search(r"\b[Uu] heeft\b", line)
    ]
    assert found == []
