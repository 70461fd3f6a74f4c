"""The initiatives API: who may do what, what they see, and the OpenAPI document."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from samenzorg.core.models import AuditEntry
from samenzorg.initiatives.models import Initiative

from .factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/initiatieven/"


def detail_url(initiative_or_pk):
    pk = getattr(initiative_or_pk, "pk", initiative_or_pk)
    return f"/api/v1/initiatieven/{pk}/"


def client_for(user) -> Client:
    client = Client()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


@pytest.fixture
def public_initiative(initiatiefnemer):
    return InitiativeFactory(
        public=True,
        owners=[initiatiefnemer],
        contact_email="publiek@initiatief.example.nl",
        contact_phone="070 111 22 33",
    )


@pytest.fixture
def concept_initiative(initiatiefnemer):
    return InitiativeFactory(
        concept=True,
        owners=[initiatiefnemer],
        contact_email="concept@initiatief.example.nl",
    )


# ---------------------------------------------------------------- list


@pytest.mark.parametrize(
    ("role", "sees_concept"),
    [
        ("anonymous", False),
        ("bewoner", False),
        ("other_initiator", False),
        ("owner", True),
        ("gemeente", True),
    ],
)
def test_list_shows_only_what_the_user_may_see_without_contact_details(
    users_by_role, public_initiative, concept_initiative, role, sees_concept
):
    response = client_for(users_by_role[role]).get(LIST_URL)
    assert response.status_code == 200
    data = response.json()
    ids = {item["id"] for item in data["items"]}
    assert public_initiative.pk in ids
    assert (concept_initiative.pk in ids) is sees_concept
    assert data["count"] == len(ids)
    assert all("contact" not in item for item in data["items"])
    text = response.content.decode()
    assert "publiek@initiatief.example.nl" not in text
    assert "070 111 22 33" not in text


def test_list_paginates_with_limit_and_offset():
    InitiativeFactory.create_batch(25)
    data = client_for(None).get(LIST_URL, {"limit": 10, "offset": 20}).json()
    assert data["count"] == 25
    assert len(data["items"]) == 5
    assert len(client_for(None).get(LIST_URL).json()["items"]) == 20


def test_list_refuses_a_limit_above_100_with_a_dutch_message():
    response = client_for(None).get(LIST_URL, {"limit": 101})
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == "Niet alle gegevens kloppen. Kijk per veld wat er mis is."
    assert data["errors"] == {"limit": ["Vul 100 of minder in."]}


def test_list_filters_by_phase_area_domain_target_group_carrier_and_text(area_tree):
    match = InitiativeFactory(
        name="Moestuin Moerwijk",
        maturity=Initiative.Maturity.STARTING,
        areas=[area_tree["moerwijk_buurt"]],
        domains=["ontmoeting"],
        target_groups=["ouderen"],
        carriers=["bewoners"],
    )
    InitiativeFactory(
        name="Sportclub Valkenbos",
        maturity=Initiative.Maturity.ACTIVE,
        areas=[area_tree["valkenbos"]],
        domains=["sport"],
    )
    client = client_for(None)
    for params in [
        {"fase": "opstart"},
        {"gebied": "SD0518-escamp"},
        {"gebied": "WK051836"},
        {"domein": "ontmoeting"},
        {"doelgroep": "ouderen"},
        {"gedragen_door": "bewoners"},
        {"q": "moestuin"},
    ]:
        data = client.get(LIST_URL, params).json()
        assert [item["id"] for item in data["items"]] == [match.pk], params


def test_list_refuses_an_unknown_phase():
    response = client_for(None).get(LIST_URL, {"fase": "bijna klaar"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["fase"]


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"limit": 100})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "gemeente"])
def test_list_query_count_is_the_same_for_5_and_200_initiatives(
    users_by_role, area_tree, role
):
    client = client_for(users_by_role[role])

    def make(n):
        InitiativeFactory.create_batch(
            n,
            carriers=["bewoners"],
            target_groups=["ouderen"],
            domains=["sport", "ontmoeting"],
            areas=[area_tree["moerwijk"]],
        )

    make(5)
    few = _list_queries(client)
    make(195)
    assert _list_queries(client) == few


# ---------------------------------------------------------------- detail


@pytest.mark.parametrize(
    ("role", "status", "sees_contact"),
    [
        ("anonymous", 404, False),
        ("bewoner", 404, False),
        ("other_initiator", 404, False),
        ("owner", 200, True),
        ("gemeente", 200, True),
        ("beheerder", 200, True),
    ],
)
def test_concept_initiative_detail_per_role(
    users_by_role, concept_initiative, role, status, sees_contact
):
    response = client_for(users_by_role[role]).get(detail_url(concept_initiative))
    assert response.status_code == status
    text = response.content.decode()
    assert ("concept@initiatief.example.nl" in text) is sees_contact


@pytest.mark.parametrize(
    ("role", "sees_contact"),
    [
        ("anonymous", False),
        ("bewoner", False),
        ("other_initiator", False),
        ("owner", True),
        ("gemeente", True),
    ],
)
def test_public_initiative_detail_shows_contact_only_to_owner_and_staff(
    users_by_role, public_initiative, role, sees_contact
):
    response = client_for(users_by_role[role]).get(detail_url(public_initiative))
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == public_initiative.name
    text = response.content.decode()
    if sees_contact:
        assert data["contact"] == {
            "name": public_initiative.contact_name,
            "email": "publiek@initiatief.example.nl",
            "phone": "070 111 22 33",
        }
    else:
        assert data["contact"] is None
        assert "publiek@initiatief.example.nl" not in text
        assert "070 111 22 33" not in text
        assert public_initiative.contact_name not in text


def test_unknown_initiative_is_404():
    response = client_for(None).get(detail_url(999999))
    assert response.status_code == 404
    assert response.json()["detail"]


def test_archived_initiative_is_404_for_its_owner(initiatiefnemer):
    archived = InitiativeFactory(archived=True, owners=[initiatiefnemer])
    response = client_for(initiatiefnemer).get(detail_url(archived))
    assert response.status_code == 404


# ---------------------------------------------------------------- create


NEW = {
    "name": "Buurtkamer <b>De Linde</b>",
    "description": "Koffie en hulp",
    "domains": ["ontmoeting"],
    "target_groups": ["ouderen"],
    "maturity": "opstart",
    "areas": ["WK051836"],
    "contact_email": "linde@example.nl",
}


def test_anonymous_cannot_create_initiative_and_gets_401():
    before = Initiative.objects.count()
    response = client_for(None).post(LIST_URL, NEW, content_type="application/json")
    assert response.status_code == 401
    assert Initiative.objects.count() == before


def test_user_without_confirmed_email_cannot_create_initiative():
    user = UserFactory(unconfirmed=True, roles=["bewoner"])
    response = client_for(user).post(LIST_URL, NEW, content_type="application/json")
    assert response.status_code == 403
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("role", ["bewoner", "other_initiator", "gemeente"])
def test_confirmed_user_creates_initiative_and_becomes_owner(
    users_by_role, area_tree, role
):
    user = users_by_role[role]
    response = client_for(user).post(LIST_URL, NEW, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    initiative = Initiative.objects.get(pk=data["id"])
    assert initiative.name == NEW["name"]
    assert list(initiative.owners.all()) == [user]
    assert initiative.status == Initiative.Status.CONCEPT
    assert [a["code"] for a in data["areas"]] == ["WK051836"]
    assert [d["slug"] for d in data["domains"]] == ["ontmoeting"]
    assert data["contact"]["email"] == "linde@example.nl"
    assert AuditEntry.objects.filter(
        target_type="initiatives.initiative", target_id=str(initiative.pk)
    ).exists()


def test_create_without_csrf_token_is_refused(bewoner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bewoner)
    response = client.post(LIST_URL, NEW, content_type="application/json")
    assert response.status_code == 403
    assert not Initiative.objects.exists()


def test_create_with_csrf_token_is_accepted(bewoner, area_tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bewoner)
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        LIST_URL, NEW, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201


def test_create_reports_every_bad_field_in_dutch(bewoner):
    response = client_for(bewoner).post(
        LIST_URL,
        {"latitude": "ver weg", "maturity": "bijna klaar", "areas": ["XX0000"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"name", "latitude", "maturity"}
    assert errors["name"] == ["Dit veld is verplicht."]
    assert not Initiative.objects.exists()


def test_create_reports_unknown_area_and_service_errors_per_field(bewoner):
    client = client_for(bewoner)
    response = client.post(
        LIST_URL,
        {"name": "Tuin", "areas": ["XX0000"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"areas": ["Onbekend gebied: XX0000."]}

    response = client.post(
        LIST_URL,
        {"name": "Tuin", "latitude": 52.07, "contact_email": "geen-adres"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert sorted(response.json()["errors"]) == ["contact_email", "longitude"]
    assert not Initiative.objects.exists()


# ---------------------------------------------------------------- update


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("bewoner", 403),
        ("other_initiator", 403),
        ("owner", 200),
        ("gemeente", 200),
        ("beheerder", 200),
    ],
)
def test_who_may_change_a_public_initiative(
    users_by_role, public_initiative, role, status
):
    old_name = public_initiative.name
    response = client_for(users_by_role[role]).patch(
        detail_url(public_initiative),
        {"name": "Nieuwe naam"},
        content_type="application/json",
    )
    assert response.status_code == status
    public_initiative.refresh_from_db()
    expected = "Nieuwe naam" if status == 200 else old_name
    assert public_initiative.name == expected


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("bewoner", 404),
        ("other_initiator", 404),
        ("owner", 200),
        ("gemeente", 200),
    ],
)
def test_concept_initiative_of_another_is_404_on_change(
    users_by_role, concept_initiative, role, status
):
    response = client_for(users_by_role[role]).patch(
        detail_url(concept_initiative),
        {"maturity": "actief"},
        content_type="application/json",
    )
    assert response.status_code == status


def test_change_touches_only_the_fields_sent_and_is_audited(
    initiatiefnemer, public_initiative
):
    public_initiative.website = "https://blijft.example.nl"
    public_initiative.save()
    response = client_for(initiatiefnemer).patch(
        detail_url(public_initiative),
        {"maturity": "geworteld", "domains": ["sport"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["maturity"] == "geworteld"
    assert data["website"] == "https://blijft.example.nl"
    assert [d["slug"] for d in data["domains"]] == ["sport"]
    entry = AuditEntry.objects.filter(
        target_id=str(public_initiative.pk), action="update"
    ).get()
    assert entry.changes["maturity"] == ["actief", "geworteld"]
    assert entry.actor == initiatiefnemer


def test_change_with_bad_values_is_422_and_changes_nothing(
    initiatiefnemer, public_initiative
):
    response = client_for(initiatiefnemer).patch(
        detail_url(public_initiative),
        {"name": None, "status": "archived"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"name", "status"}
    public_initiative.refresh_from_db()
    assert public_initiative.status == Initiative.Status.PUBLIC


def test_change_of_unknown_initiative_is_404(gemeente_user):
    response = client_for(gemeente_user).patch(
        detail_url(999999), {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- OpenAPI


def test_openapi_document_has_the_initiative_operations():
    response = client_for(None).get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    operations = {
        (path, method): operation["operationId"]
        for path, methods in paths.items()
        for method, operation in methods.items()
        if path.startswith("/api/v1/initiatieven/")
    }
    assert operations == {
        ("/api/v1/initiatieven/", "get"): "initiatieven_list",
        ("/api/v1/initiatieven/", "post"): "initiatieven_create",
        ("/api/v1/initiatieven/{initiative_id}/", "get"): "initiatieven_get",
        ("/api/v1/initiatieven/{initiative_id}/", "patch"): "initiatieven_update",
    }
    list_parameters = {
        p["name"] for p in paths["/api/v1/initiatieven/"]["get"]["parameters"]
    }
    assert {
        "q",
        "gebied",
        "fase",
        "domein",
        "doelgroep",
        "gedragen_door",
        "limit",
        "offset",
    } <= list_parameters
    schemas = response.json()["components"]["schemas"]
    assert "contact_email" not in schemas["InitiativeOut"]["properties"]
    assert "contact_email" in schemas["InitiativeIn"]["properties"]


def test_interactive_docs_use_only_local_files():
    response = client_for(None).get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith("/static/") for s in sources), sources


def test_change_that_takes_an_initiative_out_of_sight_answers_the_written_object(
    area_tree,
):
    """Gemeente staff for Escamp move a concept to a wijk in Segbroek: saved, and the
    answer is the initiative as written, not a 404."""
    from samenzorg.accounts.tests.factories import UserFactory

    staff = UserFactory(roles=[("gemeente", area_tree["escamp"])])
    concept = InitiativeFactory(concept=True, areas=[area_tree["moerwijk"]])
    response = client_for(staff).patch(
        detail_url(concept),
        {"areas": ["WK051820"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [a["code"] for a in response.json()["areas"]] == ["WK051820"]
    assert response.json()["contact"] is None
    assert client_for(staff).get(detail_url(concept)).status_code == 404
