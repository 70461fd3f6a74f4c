from samenzorg.areas.models import Area


def test_list_is_a_feature_collection(client, areas):
    data = client.get("/api/v1/gebieden/").json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == Area.objects.count()


def test_list_filters_on_level_and_parent(client, areas):
    data = client.get("/api/v1/gebieden/", {"niveau": "stadsdeel"}).json()
    assert len(data["features"]) == 8
    escamp = next(f for f in data["features"] if f["id"] == "SD0518-escamp")
    assert escamp["properties"]["figures"]["AantalInwoners_5"] == 131_925
    assert escamp["properties"]["parent"] == "GM0518"
    data = client.get(
        "/api/v1/gebieden/", {"niveau": "wijk", "binnen": "SD0518-escamp"}
    ).json()
    codes = {f["properties"]["code"] for f in data["features"]}
    assert "WK051836" in codes and len(codes) == 7
    assert {f["properties"]["level"] for f in data["features"]} == {"wijk"}
    data = client.get("/api/v1/gebieden/", {"niveau": "werkgebied"}).json()
    assert {f["id"] for f in data["features"]} == {
        "WG0518-reva",
        "WG0518-bouwlust-vrederust",
    }


def test_list_refuses_unknown_level_and_parent(client, areas):
    assert client.get("/api/v1/gebieden/", {"niveau": "land"}).status_code == 422
    assert client.get("/api/v1/gebieden/", {"binnen": "XX"}).status_code == 404


def test_get_one_area_with_figures(client, areas):
    response = client.get("/api/v1/gebieden/WK051836/")
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "Feature"
    assert data["geometry"]["type"] == "Polygon"
    props = data["properties"]
    assert props["name"] == "Moerwijk"
    assert props["parent"] == "SD0518-escamp"
    figure = next(f for f in props["figures"] if f["key"] == "AantalInwoners_5")
    assert figure == {
        "key": "AantalInwoners_5",
        "title": "Aantal inwoners",
        "unit": "aantal",
        "year": 2024,
        "value": 21555.0,
        "derived": False,
    }
    assert len(props["children"]) == 4


def test_get_unknown_area_is_404(client, areas):
    assert client.get("/api/v1/gebieden/WK059999/").status_code == 404


def test_operation_ids(client):
    schema = client.get("/api/v1/openapi.json").json()
    ops = {
        op["operationId"]
        for path, methods in schema["paths"].items()
        if path.startswith("/api/v1/gebieden/")
        for op in methods.values()
    }
    assert ops == {"gebieden_list", "gebieden_get"}


def test_list_query_count_is_constant(client, areas, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/api/v1/gebieden/", {"niveau": "buurt"})
    with django_assert_max_num_queries(2):
        client.get("/api/v1/gebieden/")
