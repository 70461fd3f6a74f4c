"""Texts on the initiative pages that residents read: help at the fields of the form
and the names of the areas."""

import re

from django.urls import reverse

import pytest

from samenzorg.areas.models import Area

from .factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("initiatives:create")


@pytest.fixture
def form_page(client, bewoner):
    client.force_login(bewoner)
    return client.get(CREATE_URL).content.decode()


def _help_of(html: str, name: str) -> str:
    """The help text that the field's aria-describedby points to."""
    field = re.search(rf'<[^>]* name="{name}"[^>]*>', html).group(0)
    ids = re.search(r'aria-describedby="([^"]+)"', field).group(1).split()
    texts = [re.search(rf'id="{i}">([^<]*)<', html) for i in ids]
    assert all(texts), (name, ids)
    return " ".join(t.group(1) for t in texts)


def test_the_status_says_the_first_publication_is_checked(form_page):
    help_text = _help_of(form_page, "status")
    assert "Een concept ziet alleen u en de gemeente." in help_text
    assert "Publiceert u voor het eerst een initiatief?" in help_text
    assert "Dan kijkt de gemeente het eerst na." in help_text


@pytest.mark.parametrize("name", ["latitude", "longitude"])
def test_the_coordinates_say_a_click_on_the_map_fills_them_in(form_page, name):
    assert _help_of(form_page, name) == (
        "U hoeft dit niet zelf in te vullen: klik op de kaart."
    )


def test_every_help_text_of_the_form_is_found_by_screen_readers(form_page):
    described = {
        ref
        for refs in re.findall(r'aria-describedby="([^"]+)"', form_page)
        for ref in refs.split()
    }
    ids = set(re.findall(r'\bid="([^"]+)"', form_page))
    assert described
    assert described <= ids, described - ids


@pytest.fixture
def zuiderpark(area_tree):
    """A buurt and its wijk with the same name, as in Escamp."""
    wijk = Area.objects.create(
        code="WK051840",
        name="Zuiderpark",
        level=Area.Level.WIJK,
        parent=area_tree["escamp"],
    )
    buurt = Area.objects.create(
        code="BU05184000", name="Zuiderpark", level=Area.Level.BUURT, parent=wijk
    )
    return [buurt, wijk]


def _areas_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_detail_page_tells_a_buurt_and_its_wijk_apart(client, zuiderpark):
    initiative = InitiativeFactory(areas=zuiderpark)
    html = client.get(reverse("initiatives:detail", args=[initiative.pk]))
    text = _areas_text(html.content.decode())
    assert "Zuiderpark (buurt), Zuiderpark (wijk in Escamp)" in text


def test_the_review_page_tells_a_buurt_and_its_wijk_apart(client, zuiderpark):
    owner = UserFactory(roles=["initiatiefnemer"])
    initiative = InitiativeFactory(review=True, owners=[owner], areas=zuiderpark)
    client.force_login(UserFactory(roles=["gemeente"]))
    response = client.get(reverse("initiatives:review", args=[initiative.pk]))
    assert response.status_code == 200
    text = _areas_text(response.content.decode())
    assert "Zuiderpark (buurt), Zuiderpark (wijk in Escamp)" in text
