"""The JSON API: same rules as the pages; 401 for anonymous, 404/403 for others."""

from django.test import Client

from .factories import ScenarioFactory


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_anonymous_gets_404_for_private_results(scored_round):
    # As for every read in the API: what the caller may not see does not exist.
    response = _client().get(
        f"/api/v1/kansrijkheid/rondes/{scored_round.pk}/uitkomsten/"
    )
    assert response.status_code == 404


def test_other_user_gets_404_for_private_results(scored_round, bewoner):
    response = _client(bewoner).get(
        f"/api/v1/kansrijkheid/rondes/{scored_round.pk}/uitkomsten/"
    )
    assert response.status_code == 404


def test_facilitator_gets_results_with_join_code(scored_round, facilitator):
    response = _client(facilitator).get(
        f"/api/v1/kansrijkheid/rondes/{scored_round.pk}/uitkomsten/"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["round"]["join_code"] == scored_round.join_code
    assert len(data["ranking"]) == 3
    assert len(data["criteria"]) == 5


def test_published_results_are_public_without_join_code(scored_round):
    scored_round.is_published = True
    scored_round.save()
    data = (
        _client()
        .get(f"/api/v1/kansrijkheid/rondes/{scored_round.pk}/uitkomsten/")
        .json()
    )
    assert data["round"]["join_code"] is None
    listing = _client().get("/api/v1/kansrijkheid/rondes/").json()
    assert [r["id"] for r in listing["items"]] == [scored_round.pk]


def test_round_list_hides_private_rounds(scored_round, bewoner):
    assert _client(bewoner).get("/api/v1/kansrijkheid/rondes/").json()["count"] == 0


def test_scenarios_need_area_staff(db, bewoner, gemeente):
    scenario = ScenarioFactory()
    assert _client().get("/api/v1/kansrijkheid/scenarios/").status_code == 401
    assert _client(bewoner).get("/api/v1/kansrijkheid/scenarios/").status_code == 403
    assert (
        _client(bewoner)
        .get(f"/api/v1/kansrijkheid/scenarios/{scenario.pk}/")
        .status_code
        == 403
    )
    response = _client(gemeente).get(f"/api/v1/kansrijkheid/scenarios/{scenario.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == scenario.title


def test_openapi_document_has_the_assessment_operations(db):
    schema = _client().get("/api/v1/openapi.json").json()
    ids = {
        op["operationId"]
        for path in schema["paths"].values()
        for op in path.values()
        if isinstance(op, dict) and "operationId" in op
    }
    assert {
        "assessment_round_list",
        "assessment_round_results",
        "assessment_scenario_list",
        "assessment_scenario_get",
    } <= ids
