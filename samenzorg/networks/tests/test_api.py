"""The network maps API: the same rules as the pages."""

import pytest

from .conftest import ROLES

pytestmark = pytest.mark.django_db

SEE = {"area_gemeente", "procesbegeleider", "area_procesbegeleider"}
BASE = "/api/v1/netwerkkaarten/"


def _client(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_map_in_the_api_only_for_area_staff(
    client, users, network_map, role
):
    c = _client(client, users[role])
    response = c.get(f"{BASE}{network_map.pk}/")
    assert response.status_code == (200 if role in SEE else 404)
    listed = [m["id"] for m in c.get(BASE).json()["items"]]
    assert (network_map.pk in listed) is (role in SEE)


@pytest.mark.parametrize("role", ROLES)
def test_published_map_in_the_api_hides_key_person_data(
    client, users, network_map, role
):
    network_map.is_published = True
    network_map.save()
    c = _client(client, users[role])
    data = c.get(f"{BASE}{network_map.pk}/").json()
    text = str(data)
    assert ("Fatima Geheim" in text) is (role in SEE)
    assert ("fatima.geheim@example.nl" in text) is (role in SEE)
    assert data["analysis"]["contacts_method"] == "greedy"
    assert sorted(sum(data["analysis"]["communities"], [])) == sorted(
        a["id"] for a in data["actors"]
    )
    analysis = c.get(f"{BASE}{network_map.pk}/analyse/").json()
    assert analysis["components"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_only_area_staff_may_add_actors_through_the_api(
    client, users, network_map, role
):
    network_map.is_published = True
    network_map.save()
    c = _client(client, users[role])
    response = c.post(
        f"{BASE}{network_map.pk}/actoren/",
        {"name": "Moskee Al Fourkaan", "type": "levensbeschouwelijk"},
        content_type="application/json",
    )
    expected = {"anonymous": 401}.get(role, 201 if role in SEE else 403)
    assert response.status_code == expected
    if expected == 201:
        actor = response.json()
        nurse = network_map.actors.get(key="nurse")
        tie = c.post(
            f"{BASE}{network_map.pk}/banden/",
            {"source": actor["id"], "target": nurse.pk, "kind": "verwijzing"},
            content_type="application/json",
        )
        assert tie.status_code == 201
        bad = c.post(
            f"{BASE}{network_map.pk}/banden/",
            {"source": actor["id"], "target": actor["id"]},
            content_type="application/json",
        )
        assert bad.status_code == 422


def test_openapi_document_names_every_operation(client):
    schema = client.get("/api/v1/openapi.json").json()
    ops = {
        op["operationId"]
        for path, methods in schema["paths"].items()
        if path.startswith(BASE)
        for op in methods.values()
    }
    assert ops == {
        "networks_list",
        "networks_get",
        "networks_analysis",
        "networks_actor_create",
        "networks_tie_create",
    }


@pytest.mark.parametrize("size", [5, 40])
def test_api_list_queries_do_not_grow(
    client, areas, django_assert_max_num_queries, size
):
    from .factories import NetworkMapFactory

    for _ in range(size):
        NetworkMapFactory(area=areas["moerwijk"], published=True)
    with django_assert_max_num_queries(3):
        response = client.get(BASE, {"limit": 100})
    assert response.json()["count"] == size
    assert response.json()["items"][0]["area_code"] == "WK051836"
