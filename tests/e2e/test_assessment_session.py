"""A facilitator runs an assessment session; two participants score on their phones.

The story: the facilitator opens the session → the projector shows the join code and
a QR code → two participants join on phone-sized screens without an account and
score their initiatives criterion by criterion → the projector's ranking updates by
itself (htmx polling) → the facilitator closes the session → the results page shows
the ranking → the PDF report is made in the background, its progress shows on the page,
and it downloads. axe-core finds no WCAG 2.1 AA violations on any of these pages.
"""

import re

import pytest
from checks import assert_no_axe_violations, horizontal_overflow
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 700}


def check_narrow(page, name):
    """axe-core and no horizontal scrolling at 320 px, then back to the wide view."""
    size = page.viewport_size
    page.set_viewport_size(NARROW)
    assert_no_axe_violations(page, f"{name}-320")
    assert horizontal_overflow(page) == 0, name
    page.set_viewport_size(size)


@pytest.fixture
def session_round(make_user):
    from samenzorg.assessment.tests.factories import RoundFactory
    from samenzorg.initiatives.tests.factories import InitiativeFactory

    facilitator = make_user(roles=["procesbegeleider"], display_name="Petra Begeleider")
    initiatives = [
        InitiativeFactory(name="Buurtkamer Moerwijk"),
        InitiativeFactory(name="Kookclub Laak"),
    ]
    round_ = RoundFactory(
        title="Innoveren door co-creëren",
        facilitator=facilitator,
        initiatives=initiatives,
        expected_participants=2,
        raters_per_initiative=2,
        join_code="HAAG16",
    )
    return round_


def join_and_score(browser, live_server, name, value):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport=PHONE, is_mobile=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/kansrijkheid/meedoen/HAAG16/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Innoveren door co-creëren"
    )
    assert_no_axe_violations(page, "assessment-join")
    check_narrow(page, "assessment-join")
    page.get_by_label(re.compile(r"^Uw naam")).fill(name)
    page.get_by_role("radio", name="zorgorganisatie").check()
    page.get_by_role("button", name="Beginnen").click()

    expect(page.get_by_text("0 van 2 klaar")).to_be_visible()
    assert_no_axe_violations(page, "assessment-session")
    assert horizontal_overflow(page) == 0
    for initiative in ("Buurtkamer Moerwijk", "Kookclub Laak"):
        page.get_by_role("link", name=initiative).click()
        for step in range(1, 6):
            expect(page.get_by_text(f"Criterium {step} van 5")).to_be_visible()
            if step == 1 and initiative == "Buurtkamer Moerwijk":
                assert_no_axe_violations(page, "assessment-score")
                assert horizontal_overflow(page) == 0
            page.get_by_role("radio", name=str(value)).check(force=True)
            button = "Opslaan en klaar" if step == 5 else "Opslaan en verder"
            page.get_by_role("button", name=button).click()
        expect(page.get_by_role("status")).to_contain_text("Uw scores zijn opgeslagen")
    expect(page.get_by_text("2 van 2 klaar")).to_be_visible()
    context.close()


def test_facilitator_runs_session_with_two_participants(
    page, browser, live_server, log_in, session_round
):
    log_in(session_round.facilitator)
    page.goto(f"/kansrijkheid/rondes/{session_round.pk}/")
    assert_no_axe_violations(page, "assessment-round")
    check_narrow(page, "assessment-round")
    page.get_by_role("button", name="Sessie openen").click()

    # The projector: join code, QR code and the live part.
    expect(page.get_by_text("HAAG16", exact=True)).to_be_visible()
    expect(page.locator(".assess-qr svg")).to_be_visible()
    expect(page.locator("#live-ranking")).to_have_text("Nog geen scores.")
    assert_no_axe_violations(page, "assessment-projector")
    check_narrow(page, "assessment-projector")

    join_and_score(browser, live_server, "Fatima", 5)
    join_and_score(browser, live_server, "Henk", 3)

    # The projector updates without a reload.
    ranking = page.locator("#live-ranking")
    expect(ranking).to_contain_text("Buurtkamer Moerwijk", timeout=15_000)
    expect(ranking).to_contain_text("Kookclub Laak")
    expect(
        page.get_by_text("2 van de 2 initiatieven hebben genoeg beoordelaars.")
    ).to_be_visible()
    assert_no_axe_violations(page, "assessment-projector-live")

    # Close and show the results.
    page.get_by_role("button", name="Sessie sluiten en uitkomsten tonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Uitkomsten: Innoveren door co-creëren"
    )
    table = page.locator("#ranking-table")
    expect(table).to_contain_text("Buurtkamer Moerwijk")
    expect(table).to_contain_text("4,00")
    expect(
        page.get_by_role("img", name="Bijdrage van elk criterium aan de score")
    ).to_be_visible()
    assert_no_axe_violations(page, "assessment-results")
    check_narrow(page, "assessment-results")

    # The PDF report is made in the background; its progress shows on the page, and
    # then its download link.
    page.get_by_role("button", name="Maak het verslag als pdf").click()
    download = page.get_by_role("link", name="Download het verslag (pdf)")
    expect(download).to_be_visible(timeout=15_000)
    expect(page.locator("#report-progress")).to_contain_text("Het verslag is klaar.")
    assert_no_axe_violations(page, "assessment-results-report")
    response = page.request.get(download.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:4] == b"%PDF"


def test_gemeente_chooses_promising_wijken_on_the_map(page, log_in, make_user, areas):
    from samenzorg.areas.models import Variable
    from samenzorg.assessment.services import scenario_create

    gemeente = make_user(roles=["gemeente"])
    density = Variable.objects.filter(key__startswith="Bevolkingsdichtheid").first()
    spec = [{"variable": density.pk, "direction": 1, "weight": 1, "problem": "drukte"}]
    scenario = scenario_create(
        actor=gemeente,
        title="Zeven wijken",
        level="wijk",
        indicators=spec,
        k=7,
        max_per_group=2,
    )
    impossible = scenario_create(
        actor=gemeente,
        title="Te streng",
        level="wijk",
        indicators=spec,
        k=7,
        max_per_group=0,
    )
    log_in(gemeente)
    page.goto(f"/kansrijkheid/gebieden/{scenario.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zeven wijken")
    expect(
        page.get_by_text("Dit is bewezen de beste keuze binnen de eisen.")
    ).to_be_visible()
    area_map = page.get_by_role("region", name=re.compile("Kaart van de gebieden"))
    expect(area_map.locator("path.leaflet-interactive").first).to_be_attached()
    assert_no_axe_violations(page, "assessment-scenario")
    check_narrow(page, "assessment-scenario")

    page.goto(f"/kansrijkheid/gebieden/{impossible.pk}/")
    expect(page.get_by_role("alert")).to_contain_text(
        "Met maximaal 0 per stadsdeel zijn er hooguit 0 gebieden te kiezen, minder dan 7."
    )
    page.goto(f"/kansrijkheid/gebieden/vergelijken/?s={scenario.pk}&s={impossible.pk}")
    assert_no_axe_violations(page, "assessment-scenario-compare")
