"""Pages: who may see and do what, the participant's flow, exports, scenarios."""

from django.urls import reverse

import pytest

from samenzorg.assessment.models import Participant, Round, Scenario, Score
from samenzorg.assessment.selectors import scenario_round_choices

from .factories import (
    ParticipantFactory,
    RoundFactory,
    ScenarioFactory,
    scenario_form_data,
    score_everything,
)

ROUND_PAGES = [
    ("assessment:round_detail", "view_round"),
    ("assessment:round_update", "run"),
    ("assessment:round_initiatives", "run"),
    ("assessment:round_projector", "run"),
    ("assessment:round_results", "results"),
]


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "kind"), ROUND_PAGES)
@pytest.mark.parametrize(
    "who", ["anonymous", "bewoner", "other_facilitator", "facilitator", "gemeente"]
)
def test_round_pages_permission_matrix(client, request, scored_round, name, kind, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = _as(client, user).get(reverse(name, args=[scored_round.pk]))
    allowed = {
        "view_round": {"facilitator", "gemeente"},
        "run": {"facilitator"},
        "results": {"facilitator", "gemeente"},
    }[kind]
    if who in allowed:
        assert response.status_code == 200
    elif who == "anonymous":
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    elif who == "gemeente":
        # Gemeente sees the round but may not run it.
        assert response.status_code == 403
    else:
        # An unpublished round is invisible to others: 404, as if it did not exist.
        assert response.status_code == 404


def test_published_results_are_public_but_management_is_not(client, scored_round):
    scored_round.is_published = True
    scored_round.save()
    assert (
        client.get(
            reverse("assessment:round_results", args=[scored_round.pk])
        ).status_code
        == 200
    )
    response = client.get(reverse("assessment:round_detail", args=[scored_round.pk]))
    assert response.status_code == 302
    csv = client.get(
        reverse("assessment:round_export", args=[scored_round.pk]) + "?formaat=csv"
    )
    assert csv.status_code == 200


def test_published_but_open_round_results_stay_private(client, facilitator, bewoner):
    round_ = RoundFactory(facilitator=facilitator, open=True, is_published=True)
    url = reverse("assessment:round_results", args=[round_.pk])
    assert client.get(url).status_code == 302
    _as(client, bewoner)
    assert client.get(url).status_code == 404


def test_results_page_escapes_names_and_marks_fictional(
    client, facilitator, scored_round
):
    scored_round.is_fictional = True
    scored_round.save()
    content = (
        _as(client, facilitator)
        .get(reverse("assessment:round_results", args=[scored_round.pk]))
        .content.decode()
    )
    assert "<b>" not in content.split("<main", 1)[1].replace("<b>Test</b>", "")
    assert "&lt;b&gt;" in content
    assert "badge-fictional" in content
    assert 'role="img"' in content
    assert "Bijdrage" in content or "bijdrage" in content.lower()


def test_results_page_query_count_does_not_grow(
    client, facilitator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n_initiatives, n_people in ((2, 2), (30, 12)):
        round_ = RoundFactory(
            facilitator=facilitator,
            closed=True,
            initiatives=n_initiatives,
            expected_participants=n_people,
        )
        people = [ParticipantFactory(round=round_, position=n) for n in range(n_people)]
        score_everything(round_, people, lambda p, i, c: 1 + (p.pk + i.pk) % 5)
        _as(client, facilitator)
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(
                    reverse("assessment:round_results", args=[round_.pk])
                ).status_code
                == 200
            )
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_facilitator_exports_csv_and_xlsx_and_finds_the_pdf(
    client, facilitator, scored_round
):
    _as(client, facilitator)
    url = reverse("assessment:round_export", args=[scored_round.pk])
    csv = client.get(url + "?formaat=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("rang;initiatief;score")
    assert len(text.strip().splitlines()) == 4
    xlsx = client.get(url + "?formaat=xlsx")
    assert xlsx.content[:2] == b"PK"
    # The PDF is made in the background (test_tasks.py): the old link finds the button.
    pdf = client.get(url + "?formaat=pdf")
    assert pdf.status_code == 302
    assert pdf["Location"] == (
        reverse("assessment:round_results", args=[scored_round.pk]) + "#pdf-rapport"
    )
    assert client.get(url + "?formaat=doc").status_code == 404


def test_procesbegeleider_creates_round_with_default_criteria(client, facilitator):
    _as(client, facilitator)
    page = client.get(reverse("assessment:round_create"))
    assert "Aansluiting op de behoefte" in page.content.decode()
    data = {
        "title": "Sessie",
        "date": "2016-06-28",
        "scale_min": 1,
        "scale_max": 5,
        "method": "mean",
        "raters_per_initiative": 3,
        "expected_participants": 45,
        "top_k": 10,
        "criteria-TOTAL_FORMS": 2,
        "criteria-INITIAL_FORMS": 0,
        "criteria-0-name": "Draagvlak",
        "criteria-0-description": "In de wijk",
        "criteria-0-weight": 2,
        "criteria-1-name": "Dichtbij",
        "criteria-1-weight": 1,
    }
    response = client.post(reverse("assessment:round_create"), data)
    assert response.status_code == 302
    round_ = Round.objects.get(title="Sessie")
    assert round_.facilitator == facilitator
    assert [c.name for c in round_.criteria.all()] == ["Draagvlak", "Dichtbij"]


@pytest.mark.parametrize("who", ["bewoner", "gemeente"])
def test_others_cannot_create_round(client, request, who):
    _as(client, request.getfixturevalue(who))
    assert client.get(reverse("assessment:round_create")).status_code == 403


def test_round_scale_errors_are_dutch(client, facilitator):
    _as(client, facilitator)
    data = {
        "title": "Sessie",
        "date": "2016-06-28",
        "scale_min": 5,
        "scale_max": 3,
        "method": "mean",
        "raters_per_initiative": 1,
        "expected_participants": 4,
        "top_k": 3,
        "criteria-TOTAL_FORMS": 1,
        "criteria-INITIAL_FORMS": 0,
        "criteria-0-name": "A",
        "criteria-0-weight": 1,
    }
    response = client.post(reverse("assessment:round_create"), data)
    assert response.status_code == 200
    assert (
        "De hoogste score moet boven de laagste score liggen."
        in response.content.decode()
    )


def test_participant_joins_without_account_and_scores(client, facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=2)
    response = client.post(
        reverse("assessment:join", args=[round_.join_code]),
        {"name": "Fatima", "organisation_kind": "zorg"},
    )
    assert response.status_code == 302
    participant = Participant.objects.get(round=round_)
    assert participant.user is None
    session = client.get(reverse("assessment:session", args=[round_.join_code]))
    assert session.status_code == 200
    initiative = round_.initiatives.order_by("pk").first()
    url = reverse("assessment:score", args=[round_.join_code, initiative.pk])
    for step in range(1, 6):
        response = client.post(f"{url}?stap={step}", {"value": 4})
        assert response.status_code == 302
    assert Score.objects.filter(participant=participant).count() == 5
    # A value outside the scale is refused with a Dutch message.
    response = client.post(f"{url}?stap=1", {"value": 9})
    assert response.status_code == 200


def test_participant_sees_only_her_own_scores(client, facilitator):
    round_ = RoundFactory(
        facilitator=facilitator, open=True, initiatives=2, expected_participants=2
    )
    other = ParticipantFactory(round=round_, name="Andere deelnemer", position=0)
    score_everything(round_, [other], lambda p, i, c: 5)
    client.post(
        reverse("assessment:join", args=[round_.join_code]),
        {"name": "Mijn naam", "organisation_kind": "bewoner"},
    )
    page = client.get(
        reverse("assessment:session", args=[round_.join_code])
    ).content.decode()
    assert "Andere deelnemer" not in page
    assert "0 van" in page
    # The facilitator's pages stay closed to her.
    assert (
        client.get(reverse("assessment:round_results", args=[round_.pk])).status_code
        == 302
    )
    assert (
        client.get(reverse("assessment:round_projector", args=[round_.pk])).status_code
        == 302
    )


def test_participant_cannot_score_initiative_not_assigned(client, facilitator):
    round_ = RoundFactory(
        facilitator=facilitator,
        open=True,
        initiatives=4,
        expected_participants=4,
        raters_per_initiative=1,
    )
    client.post(
        reverse("assessment:join", args=[round_.join_code]),
        {"name": "A", "organisation_kind": "zorg"},
    )
    participant = Participant.objects.get(round=round_)
    from samenzorg.assessment.selectors import participant_assignment

    ids = list(round_.initiatives.values_list("pk", flat=True))
    mine = participant_assignment(participant, ids)
    other = next(i for i in ids if i not in mine)
    url = reverse("assessment:score", args=[round_.join_code, other])
    assert client.get(url).status_code == 404
    assert client.post(url, {"value": 3}).status_code == 404


def test_forged_participant_cookie_is_ignored(client, facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=1)
    victim = ParticipantFactory(round=round_)
    client.cookies[f"szr_deelnemer_{round_.pk}"] = victim.token
    response = client.get(reverse("assessment:session", args=[round_.join_code]))
    assert response.status_code == 302
    assert reverse("assessment:join", args=[round_.join_code]) in response["Location"]


def test_logged_in_participant_joins_once(client, bewoner, facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=1)
    _as(client, bewoner)
    for _ in range(2):
        client.post(
            reverse("assessment:join", args=[round_.join_code]),
            {"name": "B", "organisation_kind": "bewoner"},
        )
    assert Participant.objects.filter(round=round_, user=bewoner).count() == 1


def test_closed_session_refuses_scores(client, facilitator):
    round_ = RoundFactory(
        facilitator=facilitator, open=True, initiatives=1, expected_participants=1
    )
    client.post(
        reverse("assessment:join", args=[round_.join_code]),
        {"name": "A", "organisation_kind": "zorg"},
    )
    round_.status = Round.Status.CLOSED
    round_.save()
    initiative = round_.initiatives.first()
    url = reverse("assessment:score", args=[round_.join_code, initiative.pk])
    assert client.post(url, {"value": 3}).status_code == 403


def test_unknown_join_code_gives_dutch_message(client, db):
    response = client.get(reverse("assessment:join_code"), {"code": "NOPE"})
    assert "Er is geen open sessie met deze code." in response.content.decode()


def test_points_division_and_median_weights(client, facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=1)
    criteria = list(round_.criteria.all())
    client.post(
        reverse("assessment:join", args=[round_.join_code]),
        {"name": "A", "organisation_kind": "zorg"},
    )
    url = reverse("assessment:points", args=[round_.join_code])
    bad = client.post(url, {f"c{c.pk}": 10 for c in criteria})
    assert "Verdeel precies 100 punten; u verdeelde er nu 50." in bad.content.decode()
    good = client.post(
        url,
        {f"c{c.pk}": v for c, v in zip(criteria, [40, 30, 10, 10, 10], strict=True)},
    )
    assert good.status_code == 302
    _as(client, facilitator)
    client.post(
        reverse("assessment:round_status", args=[round_.pk]),
        {"action": "adopt_weights"},
    )
    assert [c.weight for c in round_.criteria.all()] == [40, 30, 10, 10, 10]


def test_projector_fragment_is_htmx_only(client, facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=2)
    _as(client, facilitator)
    url = reverse("assessment:round_projector_progress", args=[round_.pk])
    assert client.get(url).status_code == 400
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "live-ranking" in response.content.decode()
    page = client.get(
        reverse("assessment:round_projector", args=[round_.pk])
    ).content.decode()
    assert 'hx-trigger="every 3s"' in page
    assert "<svg" in page
    assert round_.join_code in page


def test_projector_fragment_refuses_gemeente(client, gemeente, facilitator):
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=1)
    _as(client, gemeente)
    url = reverse("assessment:round_projector_progress", args=[round_.pk])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 403


def test_facilitator_opens_closes_and_publishes(client, facilitator):
    round_ = RoundFactory(facilitator=facilitator, initiatives=1)
    _as(client, facilitator)
    url = reverse("assessment:round_status", args=[round_.pk])
    client.post(url, {"action": "publish"})
    round_.refresh_from_db()
    assert round_.is_published is False
    for action, status in (("open", "open"), ("close", "closed")):
        client.post(url, {"action": action})
        round_.refresh_from_db()
        assert round_.status == status
    client.post(url, {"action": "publish"})
    round_.refresh_from_db()
    assert round_.is_published is True


def test_gemeente_cannot_change_round_status(client, gemeente, facilitator):
    round_ = RoundFactory(facilitator=facilitator, initiatives=1)
    _as(client, gemeente)
    response = client.post(
        reverse("assessment:round_status", args=[round_.pk]), {"action": "open"}
    )
    assert response.status_code == 403


# --- scenarios -------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "bewoner", "gemeente", "facilitator", "beheerder"]
)
def test_scenario_pages_permission_matrix(client, request, small_city, who):
    scenario = ScenarioFactory(
        indicators=[
            {"variable": small_city["variable"].pk, "direction": 1, "weight": 1}
        ]
    )
    user = None if who == "anonymous" else request.getfixturevalue(who)
    _as(client, user)
    for url in (
        reverse("assessment:scenario_list"),
        reverse("assessment:scenario_detail", args=[scenario.pk]),
        reverse("assessment:scenario_create"),
    ):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
        elif who == "bewoner":
            assert response.status_code in (403, 404)
        else:
            assert response.status_code == 200


def test_gemeente_creates_scenario_and_sees_the_choice(client, gemeente, small_city):
    _as(client, gemeente)
    data = scenario_form_data(small_city)
    response = client.post(reverse("assessment:scenario_create"), data)
    assert response.status_code == 302
    scenario = Scenario.objects.get(title="Spreiding")
    # The two densest wijken (4 and 5) lie in different stadsdelen: both in.
    assert scenario.result["selected"] == ["WK051805", "WK051804"]
    assert scenario.result["optimal"] is True
    page = client.get(
        reverse("assessment:scenario_detail", args=[scenario.pk])
    ).content.decode()
    assert "scenario-geojson" in page
    assert "Wijk &lt;b&gt;5&lt;/b&gt;" in page


def test_infeasible_scenario_explains_in_dutch(client, gemeente, small_city):
    _as(client, gemeente)
    data = {
        "title": "Te streng",
        "level": "wijk",
        "round": "",
        "kansrijkheid_weight": 1,
        "k": 3,
        "max_per_group": 1,
        "min_distinct_problems": "",
        "indicators-TOTAL_FORMS": 1,
        "indicators-INITIAL_FORMS": 0,
        "indicators-0-variable": small_city["variable"].pk,
        "indicators-0-direction": 1,
        "indicators-0-weight": 1,
        "indicators-0-problem": "",
    }
    client.post(reverse("assessment:scenario_create"), data)
    scenario = Scenario.objects.get(title="Te streng")
    assert scenario.error == (
        "Met maximaal 1 per stadsdeel zijn er hooguit 2 gebieden te kiezen, minder dan 3."
    )
    page = client.get(
        reverse("assessment:scenario_detail", args=[scenario.pk])
    ).content.decode()
    assert "hooguit 2 gebieden" in page


def test_problem_types_can_be_changed_and_compare(client, gemeente, small_city):
    from samenzorg.assessment.services import scenario_create

    spec = [
        {
            "variable": small_city["variable"].pk,
            "direction": 1,
            "weight": 1,
            "problem": "drukte",
        }
    ]
    a = scenario_create(actor=gemeente, title="A", level="wijk", indicators=spec, k=2)
    b = scenario_create(
        actor=gemeente,
        title="B",
        level="wijk",
        indicators=spec,
        k=3,
        min_distinct_problems=3,
    )
    _as(client, gemeente)
    assert b.error.startswith("U vraagt 3 verschillende soorten problemen")
    client.post(
        reverse("assessment:scenario_problems", args=[b.pk]),
        {"p-WK051800": "armoede", "p-WK051801": "wonen"},
    )
    b.refresh_from_db()
    assert b.problems == {"WK051800": "armoede", "WK051801": "wonen"}
    assert b.error == ""
    assert b.result["selected"] == ["WK051805", "WK051801", "WK051800"]
    page = client.get(reverse("assessment:scenario_compare") + f"?s={a.pk}&s={b.pk}")
    assert page.status_code == 200
    assert page.content.decode().count("assess-card") == 2


def test_no_clear_problem_is_not_a_problem_type(client, gemeente, small_city):
    from samenzorg.assessment.services import NO_PROBLEM, scenario_create

    spec = [
        {
            "variable": small_city["variable"].pk,
            "direction": 1,
            "weight": 1,
            "problem": "drukte",
        }
    ]
    # Wijken 3–5 stand out (drukte); 0–2 have no clear problem: one type only.
    scenario = scenario_create(
        actor=gemeente,
        title="Twee soorten",
        level="wijk",
        indicators=spec,
        k=2,
        min_distinct_problems=2,
    )
    assert scenario.error == (
        "U vraagt 2 verschillende soorten problemen, maar de beschikbare gebieden "
        "hebben er samen maar 1."
    )
    assert scenario.result["selected"] == []
    labels = {row["code"]: row["problem"] for row in scenario.result["areas"]}
    assert labels["WK051800"] == NO_PROBLEM
    assert labels["WK051805"] == "drukte"
    _as(client, gemeente)
    page = client.get(
        reverse("assessment:scenario_detail", args=[scenario.pk])
    ).content.decode()
    assert NO_PROBLEM in page
    # Typed in by staff, the label is still no problem type.
    client.post(
        reverse("assessment:scenario_problems", args=[scenario.pk]),
        {"p-WK051800": NO_PROBLEM, "p-WK051801": "wonen"},
    )
    scenario.refresh_from_db()
    assert scenario.error == ""
    assert scenario.result["selected"] == ["WK051805", "WK051801"]


def test_selected_area_without_clear_problem_keeps_its_label(gemeente, small_city):
    from samenzorg.assessment.services import NO_PROBLEM, scenario_create

    spec = [
        {
            "variable": small_city["variable"].pk,
            "direction": -1,
            "weight": 1,
            "problem": "leegte",
        }
    ]
    # Lower density scores higher; wijk 5 (densest) has no clear problem.
    scenario = scenario_create(
        actor=gemeente,
        title="Met label",
        level="wijk",
        indicators=spec,
        k=2,
        problems={"WK051801": "armoede"},
        include=["WK051805"],
    )
    assert "WK051805" in scenario.result["selected"]
    assert scenario.result["reasons"]["WK051805"]["problem"] == NO_PROBLEM


def _count_queries(client, url, **extra):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **extra).status_code == 200
    return len(ctx)


def test_projector_fragment_query_count_does_not_grow(client, facilitator):
    counts = []
    for n_initiatives, n_people in ((2, 2), (25, 15)):
        round_ = RoundFactory(
            facilitator=facilitator,
            open=True,
            initiatives=n_initiatives,
            expected_participants=n_people,
        )
        people = [ParticipantFactory(round=round_, position=n) for n in range(n_people)]
        score_everything(round_, people[: n_people // 2])
        _as(client, facilitator)
        url = reverse("assessment:round_projector_progress", args=[round_.pk])
        counts.append(_count_queries(client, url, HTTP_HX_REQUEST="true"))
    assert counts[0] == counts[1]


def test_round_list_query_count_does_not_grow(client, gemeente, facilitator):
    RoundFactory(facilitator=facilitator, initiatives=1)
    _as(client, gemeente)
    few = _count_queries(client, reverse("assessment:index"))
    for _ in range(12):
        RoundFactory(facilitator=facilitator, initiatives=2)
    assert _count_queries(client, reverse("assessment:index")) == few


def test_public_results_show_no_participant_names_or_join_code(client, scored_round):
    scored_round.is_published = True
    scored_round.save()
    page = client.get(reverse("assessment:round_results", args=[scored_round.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert scored_round.join_code not in content
    for participant in scored_round.participants.all():
        assert participant.name not in content
        assert (
            str(participant.name).replace("<", "&lt;").replace(">", "&gt;")
            not in content
        )


def test_chart_coordinates_are_not_written_with_decimal_commas(
    client, facilitator, scored_round
):
    import re

    _as(client, facilitator)
    content = client.get(
        reverse("assessment:round_results", args=[scored_round.pk])
    ).content.decode()
    chart = content[
        content.index('<svg class="assess-chart"') : content.index("</svg>")
    ]
    assert re.findall(r'\b(?:x|y|width|height)="[^"]*,[^"]*"', chart) == []
    assert "<rect" in chart


def test_facilitator_edits_weights_and_picks_initiatives_by_filter(client, facilitator):
    from samenzorg.initiatives.tests.factories import InitiativeFactory

    InitiativeFactory(name="Kookclub Moerwijk")
    InitiativeFactory(name="Wandelclub Laak")
    round_ = RoundFactory(facilitator=facilitator)
    _as(client, facilitator)
    response = client.post(
        reverse("assessment:round_initiatives", args=[round_.pk]), {"q": "kookclub"}
    )
    assert response.status_code == 302
    assert [i.name for i in round_.initiatives.all()] == ["Kookclub Moerwijk"]
    criteria = list(round_.criteria.all())
    data = {
        "title": "Nieuwe titel",
        "date": "2016-06-28",
        "scale_min": 1,
        "scale_max": 5,
        "method": "median",
        "raters_per_initiative": 2,
        "expected_participants": 10,
        "top_k": 5,
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
    }
    for n, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{n}-id": c.pk,
                f"criteria-{n}-name": c.name,
                f"criteria-{n}-description": c.description,
                f"criteria-{n}-weight": n + 1,
            }
        )
    response = client.post(reverse("assessment:round_update", args=[round_.pk]), data)
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.title == "Nieuwe titel"
    assert round_.method == "median"
    assert [c.weight for c in round_.criteria.all()] == [1, 2, 3, 4, 5]
    page = client.get(
        reverse("assessment:round_detail", args=[round_.pk])
    ).content.decode()
    assert "Haalbaar" in page


def test_scenario_form_offers_only_rounds_the_facilitator_may_see(
    client, facilitator, other_facilitator, small_city
):
    mine = RoundFactory(facilitator=facilitator, closed=True, title="Mijn ronde")
    hidden = RoundFactory(
        facilitator=other_facilitator, closed=True, title="Ronde van een ander"
    )
    published = RoundFactory(
        facilitator=other_facilitator, published=True, title="Openbare ronde"
    )
    _as(client, facilitator)
    page = client.get(reverse("assessment:scenario_create")).content.decode()
    assert "Mijn ronde" in page
    assert "Openbare ronde" in page
    assert "Ronde van een ander" not in page
    # A hand-made form with the hidden round's id does not use that round.
    data = {
        "title": "Met andermans ronde",
        "level": "wijk",
        "round": hidden.pk,
        "kansrijkheid_weight": 1,
        "k": 2,
        "indicators-TOTAL_FORMS": 1,
        "indicators-INITIAL_FORMS": 0,
        "indicators-0-variable": small_city["variable"].pk,
        "indicators-0-direction": 1,
        "indicators-0-weight": 1,
    }
    client.post(reverse("assessment:scenario_create"), data)
    assert not Scenario.objects.filter(round=hidden).exists()
    assert {mine.pk, published.pk} <= {
        r.pk for r in scenario_round_choices(user=facilitator)
    }


def test_scenario_on_another_facilitators_hidden_round_is_404(
    client, gemeente, facilitator, other_facilitator, small_city
):
    hidden = RoundFactory(facilitator=other_facilitator, closed=True)
    scenario = ScenarioFactory(
        created_by=gemeente,
        round=hidden,
        indicators=[
            {"variable": small_city["variable"].pk, "direction": 1, "weight": 1}
        ],
    )
    url = reverse("assessment:scenario_detail", args=[scenario.pk])
    _as(client, facilitator)
    assert client.get(url).status_code == 404
    listing = reverse("assessment:scenario_list")
    assert url not in client.get(listing).content.decode()
    _as(client, other_facilitator)
    assert client.get(url).status_code == 200
    assert url in client.get(listing).content.decode()
