import json
import re

from django.core.cache import cache
from django.urls import reverse

import pytest

from samenzorg.initiatives.models import Initiative

from .conftest import ROLES
from .factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT = "contact-geheim@initiatief.example.nl"


def _client(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.fixture
def owned(users_by_role, area_tree):
    def make(**kwargs):
        return InitiativeFactory(
            owners=[users_by_role["owner"]],
            contact_email=CONTACT,
            contact_name="Petra Contactpersoon",
            areas=[area_tree["moerwijk"]],
            latitude=52.05,
            longitude=4.29,
            **kwargs,
        )

    return make


# The list page ----------------------------------------------------------------


def test_anonymous_sees_the_list_with_search_box_and_counts(client, area_tree):
    InitiativeFactory(name="Segbroek Zorgt", areas=[area_tree["valkenbos"]])
    response = client.get(reverse("initiatives:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Segbroek Zorgt" in html
    assert 'role="search"' in html
    assert "1 initiatief gevonden" in html
    assert 'href="?area=SD0518-segbroek"' in html


def test_list_search_ignores_accents(client):
    InitiativeFactory(name="Zorgcoöperatie Noordelijk Scheveningen")
    InitiativeFactory(name="Anna's Gedoe")
    html = client.get(reverse("initiatives:list"), {"q": "zorgcooperatie"}).content
    html = html.decode()
    assert "Zorgcoöperatie Noordelijk Scheveningen" in html
    assert "Anna&#x27;s Gedoe" not in html


def test_list_escapes_markup_and_marks_fictional_examples(client):
    InitiativeFactory(name="Buurt <b>vet</b>", fictional=True)
    html = client.get(reverse("initiatives:list")).content.decode()
    assert "Buurt &lt;b&gt;vet&lt;/b&gt;" in html
    assert "Fictief voorbeeld" in html


def test_list_filters_by_area_and_keeps_the_filter_in_the_form(client, area_tree):
    InitiativeFactory(name="In Moerwijk", areas=[area_tree["moerwijk_buurt"]])
    InitiativeFactory(name="In Valkenbos", areas=[area_tree["valkenbos"]])
    response = client.get(reverse("initiatives:list"), {"area": "SD0518-escamp"})
    html = response.content.decode()
    assert "In Moerwijk" in html
    assert "In Valkenbos" not in html
    assert re.search(r'<input type="text" name="area" value="Escamp"', html)


def test_list_filters_on_a_buurt_code_not_in_the_menu(client, area_tree):
    InitiativeFactory(name="In de buurt", areas=[area_tree["moerwijk_buurt"]])
    InitiativeFactory(name="In de wijk", areas=[area_tree["moerwijk"]])
    html = client.get(reverse("initiatives:list"), {"area": "BU05183690"}).content
    html = html.decode()
    assert "In de buurt" in html
    assert "In de wijk" not in html
    assert 'name="area" value="Moerwijk-Oost"' in html


def test_list_shows_empty_state_when_nothing_matches(client):
    html = client.get(reverse("initiatives:list"), {"q": "bestaatniet"}).content
    assert "Geen initiatief past bij uw zoekopdracht" in html.decode()


def test_list_pages_by_25(client):
    for i in range(30):
        InitiativeFactory(name=f"Initiatief {i:02d}")
    first = client.get(reverse("initiatives:list")).content.decode()
    assert first.count('class="card"><h3') + first.count('<li class="card">') >= 25
    assert "Initiatief 24" in first
    assert "Initiatief 25" not in first
    assert "Pagina 1 van 2" in first
    second = client.get(reverse("initiatives:list"), {"page": 2}).content.decode()
    assert "Initiatief 29" in second


def test_map_view_has_markers_of_the_whole_result_not_only_the_page(client):
    for i in range(30):
        InitiativeFactory(name=f"Initiatief {i:02d}", latitude=52.07, longitude=4.30)
    InitiativeFactory(name="Zonder locatie")
    response = client.get(reverse("initiatives:list"), {"weergave": "kaart"})
    html = response.content.decode()
    data = re.search(
        r'<script id="initiative-markers" type="application/json">(.*?)</script>',
        html,
    ).group(1)
    markers = json.loads(data)
    assert len(markers) == 30
    assert 'role="region"' in html
    assert "Initiatief 00" in html  # the list stays under the map


def test_staff_may_filter_on_status_and_others_do_not_see_the_filter(
    client, users_by_role, owned
):
    owned(name="Het concept", status="concept")
    _client(client, users_by_role["bewoner"])
    html = client.get(reverse("initiatives:list"), {"status": "concept"}).content
    assert "Het concept" not in html.decode()
    assert 'name="status"' not in html.decode()
    _client(client, users_by_role["gemeente"])
    html = client.get(reverse("initiatives:list"), {"status": "concept"}).content
    assert "Het concept" in html.decode()


@pytest.mark.parametrize("n", [5, 60])
def test_list_page_query_count_does_not_grow(
    n, client, area_tree, initiatiefnemer, django_assert_num_queries
):
    for i in range(n):
        InitiativeFactory(
            name=f"Initiatief {i}",
            carriers=["bewoners"],
            domains=["sport"],
            target_groups=["ouderen"],
            areas=[area_tree["moerwijk"]],
            owners=[initiatiefnemer],
            latitude=52.05,
            longitude=4.29,
        )
    client.force_login(initiatiefnemer)
    client.get(reverse("initiatives:list"))  # warm up the session
    cache.clear()  # the cold request: counts, total and area choices computed
    with django_assert_num_queries(20):
        response = client.get(reverse("initiatives:list"), {"weergave": "kaart"})
    assert response.status_code == 200
    # Warm: the counts per stadsdeel, the total and the area choices are cached.
    with django_assert_num_queries(14):
        response = client.get(reverse("initiatives:list"), {"weergave": "kaart"})
    assert response.status_code == 200


# The detail page ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "may_view"),
    [
        ("public", set(ROLES)),
        ("concept", {"owner", "gemeente", "beheerder"}),
        ("archived", {"gemeente", "beheerder"}),
    ],
)
def test_detail_page_status_per_role(client, users_by_role, owned, status, may_view):
    initiative = owned(status=status)
    for role in ROLES:
        client.logout()
        _client(client, users_by_role[role])
        response = client.get(reverse("initiatives:detail", args=[initiative.pk]))
        # Anonymous visitors who may not see it are asked to log in.
        refused = 302 if role == "anonymous" else 404
        assert response.status_code == (200 if role in may_view else refused), role


def test_contact_details_only_for_owner_gemeente_and_beheerder(
    client, users_by_role, owned
):
    initiative = owned(status="public")
    url = reverse("initiatives:detail", args=[initiative.pk])
    for role in ROLES:
        client.logout()
        _client(client, users_by_role[role])
        html = client.get(url).content.decode()
        shown = CONTACT in html and "Petra Contactpersoon" in html
        assert shown is (role in {"owner", "gemeente", "beheerder"}), role
        assert ("Contactgegevens" in html) is shown, role
        if role in {"anonymous", "bewoner", "other_initiator"}:
            assert CONTACT not in html
            assert "Petra Contactpersoon" not in html
            assert "Contactgegevens" not in html


def test_detail_links_areas_shows_source_and_map(client, owned):
    initiative = owned(status="public", source="Public Result, 19-12-2016")
    html = client.get(reverse("initiatives:detail", args=[initiative.pk])).content
    html = html.decode()
    assert 'href="/gebieden/WK051836/"' in html
    assert "Public Result, 19-12-2016" in html
    assert 'id="initiative-map"' in html
    assert "100 meter" in html


def test_detail_buttons_only_for_those_allowed(client, users_by_role, owned):
    initiative = owned(status="public")
    edit = reverse("initiatives:update", args=[initiative.pk])
    archive = reverse("initiatives:archive", args=[initiative.pk])
    for role in ROLES:
        client.logout()
        _client(client, users_by_role[role])
        html = client.get(reverse("initiatives:detail", args=[initiative.pk])).content
        allowed = role in {"owner", "gemeente", "beheerder"}
        assert (edit in html.decode()) is allowed, role
        assert (archive in html.decode()) is allowed, role


# The forms ----------------------------------------------------------------------


def test_anonymous_is_sent_to_login_for_the_form(client):
    response = client.get(reverse("initiatives:create"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=/initiatieven/nieuw/" in response.url


def test_user_without_confirmed_email_may_not_add(client):
    client.force_login(UserFactory(unconfirmed=True))
    assert client.get(reverse("initiatives:create")).status_code == 403


def test_form_page_has_map_and_number_fields(client, bewoner):
    client.force_login(bewoner)
    html = client.get(reverse("initiatives:create")).content.decode()
    assert "data-location-map" in html
    assert 'type="number" name="latitude"' in html
    assert 'type="number" name="longitude"' in html
    assert '<label class="utrecht-form-label" for="id_name">Naam' in html


def test_creator_becomes_owner_of_new_initiative(client, bewoner):
    client.force_login(bewoner)
    response = client.post(
        reverse("initiatives:create"),
        {
            "name": "Kookclub Zuiderpark",
            "description": "Samen koken",
            "domains": ["ontmoeting"],
            "maturity": "idee",
            "latitude": "52,0512",
            "longitude": "4.2901",
            "status": "public",
        },
    )
    initiative = Initiative.objects.get(name="Kookclub Zuiderpark")
    assert response.status_code == 302
    assert response.url == reverse("initiatives:detail", args=[initiative.pk])
    assert list(initiative.owners.all()) == [bewoner]
    assert initiative.latitude == pytest.approx(52.0512)
    assert [t.slug for t in initiative.domains.all()] == ["ontmoeting"]


def test_form_errors_keep_what_was_typed_and_are_dutch(client, bewoner):
    client.force_login(bewoner)
    response = client.post(
        reverse("initiatives:create"),
        {
            "name": "",
            "description": "Mijn <i>beschrijving</i>",
            "maturity": "actief",
            "latitude": "52.07",
            "longitude": "",
            "website": "geen-url",
            "contact_email": "geen-adres",
            "status": "concept",
            "domains": ["sport"],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mijn &lt;i&gt;beschrijving&lt;/i&gt;" in html
    assert 'value="52.07"' in html
    assert 'value="geen-url"' in html
    assert re.search(r'value="sport"[^>]*checked', html)
    assert "Dit veld is verplicht." in html
    assert not Initiative.objects.exists()


def test_service_errors_show_at_the_field(client, bewoner):
    client.force_login(bewoner)
    response = client.post(
        reverse("initiatives:create"),
        {
            "name": "Kookclub",
            "maturity": "idee",
            "latitude": "52.07",
            "status": "concept",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_longitude_error"' in html
    assert "Vul zowel de breedtegraad als de lengtegraad in, of geen van beide." in html
    assert 'value="Kookclub"' in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("bewoner", 403),
        ("other_initiator", 403),
        ("owner", 200),
        ("gemeente", 200),
        ("beheerder", 200),
    ],
)
def test_who_may_open_the_edit_form(client, users_by_role, owned, role, expected):
    initiative = owned(status="public")
    _client(client, users_by_role[role])
    response = client.get(reverse("initiatives:update", args=[initiative.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert CONTACT in response.content.decode()


def test_other_initiator_gets_404_for_someone_elses_concept(
    client, users_by_role, owned
):
    initiative = owned(status="concept")
    client.force_login(users_by_role["other_initiator"])
    response = client.get(reverse("initiatives:update", args=[initiative.pk]))
    assert response.status_code == 404


def test_other_initiator_cannot_edit_initiative(client, users_by_role, owned):
    initiative = owned(status="public", name="Origineel")
    client.force_login(users_by_role["other_initiator"])
    response = client.post(
        reverse("initiatives:update", args=[initiative.pk]),
        {"name": "Overgenomen", "maturity": "idee", "status": "public"},
    )
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.name == "Origineel"


def test_owner_edits_initiative(client, users_by_role, owned):
    initiative = owned(status="public", name="Origineel")
    client.force_login(users_by_role["owner"])
    response = client.post(
        reverse("initiatives:update", args=[initiative.pk]),
        {
            "name": "Nieuwe naam",
            "maturity": "geworteld",
            "status": "public",
            "latitude": "52.05",
            "longitude": "4.29",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.name == "Nieuwe naam"
    assert initiative.maturity == "geworteld"


# Archive ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("bewoner", 403),
        ("other_initiator", 403),
        ("owner", 200),
        ("gemeente", 200),
        ("beheerder", 200),
    ],
)
def test_who_may_see_the_archive_confirmation(
    client, users_by_role, owned, role, expected
):
    initiative = owned(status="public")
    _client(client, users_by_role[role])
    response = client.get(reverse("initiatives:archive", args=[initiative.pk]))
    assert response.status_code == expected


def test_owner_archives_after_confirming(client, users_by_role, owned):
    initiative = owned(status="public")
    client.force_login(users_by_role["owner"])
    response = client.post(reverse("initiatives:archive", args=[initiative.pk]))
    assert response.status_code == 302
    assert response.url == reverse("initiatives:list")
    initiative.refresh_from_db()
    assert initiative.status == "archived"


def test_bewoner_cannot_archive(client, users_by_role, owned):
    initiative = owned(status="public")
    client.force_login(users_by_role["bewoner"])
    response = client.post(reverse("initiatives:archive", args=[initiative.pk]))
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == "public"


def test_form_reports_every_problem_in_one_round(client, initiatiefnemer, area_tree):
    client.force_login(initiatiefnemer)
    response = client.post(
        reverse("initiatives:create"),
        {
            "name": "",
            "latitude": "52.07",
            "website": "geen url",
            "contact_email": "x",
            "maturity": "idee",
            "status": "concept",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"name", "longitude", "website", "contact_email"} <= set(errors)
    assert response.context["form"]["latitude"].value() == "52.07"
