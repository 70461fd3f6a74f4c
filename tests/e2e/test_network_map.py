"""A facilitator imports a network from CSV, sees the map and the table, clicks an actor.

The story: a facilitator opens an empty network map → imports actors and ties from two
CSV files → the import page says what was imported and links to the map → the map is
drawn and the table lists every actor with its figures → a click on an actor in the
drawing shows its figures → sorting the table works by keyboard → a tie added with the
form appears without reloading the page. The page and the import page have no
axe-core violations.
"""

import re

import pytest
from checks import NARROW, assert_no_axe_violations, horizontal_overflow, wide_elements
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

ACTORS = (
    "id,naam,type\n"
    "ggd,GGD Haaglanden,zorgaanbieder\n"
    "buurthuis,Buurthuis De Mussen,welzijn\n"
    "kookclub,Kookclub Zuiderpark,bewonersinitiatief\n"
    "moskee,Moskee Al Fourkaan,levensbeschouwelijk\n"
    "school,Basisschool De Regenboog,onderwijs\n"
)
TIES = (
    "van,naar,soort,sterkte\n"
    "ggd,buurthuis,samenwerking,3\n"
    "buurthuis,kookclub,samenwerking,2\n"
    "buurthuis,moskee,informatie,1\n"
    "moskee,school,verwijzing,2\n"
)


def test_facilitator_imports_csv_and_explores_the_map(page, make_user, log_in):
    from samenzorg.networks.models import NetworkMap
    from samenzorg.networks.services import network_map_create

    user = make_user(roles=["procesbegeleider"])
    network_map = network_map_create(
        actor=user, name="Netwerk Zuiderpark", scope=NetworkMap.Scope.REGION
    )
    log_in(user)

    page.goto(f"/netwerkkaarten/{network_map.pk}/importeren/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Partijen en banden importeren"
    )
    assert_no_axe_violations(page, "network-import")
    page.get_by_label(re.compile(r"^Bestand")).set_input_files(
        files=[
            {"name": "partijen.csv", "mimeType": "text/csv", "buffer": ACTORS.encode()}
        ]
    )
    page.get_by_label("CSV met banden (niet verplicht)").set_input_files(
        files=[{"name": "banden.csv", "mimeType": "text/csv", "buffer": TIES.encode()}]
    )
    page.get_by_role("main").locator("button[type=submit]").click()

    # The import ran in the background; its result links to the map.
    expect(page).to_have_url(re.compile(r"/importeren/\?taak="))
    done = page.get_by_role("region", name="Uw import")
    expect(done).to_contain_text("5 partijen en 4 banden geïmporteerd.")
    done.get_by_role("link", name="Toon de netwerkkaart").click()
    expect(page).to_have_url(re.compile(rf"/netwerkkaarten/{network_map.pk}/$"))
    table = page.get_by_role("table", name=re.compile("Partijen met hun cijfers"))
    expect(table.get_by_role("row")).to_have_count(6)
    expect(table).to_contain_text("Buurthuis De Mussen")
    expect(page.locator("#network-map[data-ready='true']")).to_be_attached()
    assert page.evaluate("() => window.networkMap.cy.nodes().length") == 5

    # Buurthuis De Mussen holds the network together: a cut point and first contact.
    row = table.get_by_role("row", name=re.compile("Buurthuis De Mussen"))
    expect(row).to_contain_text("Snijpunt")

    # Click the actor in the drawing (after scrolling, Cytoscape measures again).
    drawing = page.locator("#network-map")
    drawing.scroll_into_view_if_needed()
    page.evaluate("() => window.networkMap.cy.resize()")
    box = drawing.bounding_box()
    position = page.evaluate(
        "() => window.networkMap.cy.getElementById("
        "String(window.networkMap.data.actors.find(a => a.key === 'moskee').id)"
        ").renderedPosition()"
    )
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    figures = page.locator("#actor-figures")
    expect(figures).to_contain_text("Moskee Al Fourkaan")
    expect(figures).to_contain_text("Aantal banden")

    # Sort the table by number of ties, by keyboard.
    page.get_by_role("button", name="Aantal banden").focus()
    page.keyboard.press("Enter")
    first = table.locator("tbody tr").first
    expect(first).to_contain_text("Buurthuis De Mussen")
    header = table.get_by_role("columnheader", name="Aantal banden")
    expect(header).to_have_attribute("aria-sort", "descending")

    assert_no_axe_violations(page, "network-map")

    # Add a tie on the page: htmx swaps the editor, table and figures, no reload.
    page.evaluate("() => { window.stillThere = true; }")
    page.locator("#tie_source_actor").select_option(label="Kookclub Zuiderpark")
    page.locator("#tie_target_actor").select_option(label="Basisschool De Regenboog")
    page.get_by_role("button", name="Band toevoegen").click()
    expect(page.locator("#editor")).to_contain_text("De band is toegevoegd.")
    expect(page.locator("#analysis-panels")).to_contain_text("Banden")
    page.wait_for_function("() => window.networkMap.cy.edges().length === 5")
    assert page.evaluate("() => window.stillThere") is True

    # At 320 px the page reflows: no sideways scrolling, and still no violations.
    page.set_viewport_size({"width": NARROW, "height": 900})
    page.reload()
    expect(page.locator("#network-map[data-ready='true']")).to_be_attached()
    assert horizontal_overflow(page) == 0, wide_elements(page)
    assert_no_axe_violations(page, "network-map-320")
    assert page.js_errors == []


def test_actor_answers_the_questionnaire_without_an_account(page, make_user):
    from samenzorg.networks.models import NetworkMap
    from samenzorg.networks.services import (
        actor_create,
        network_map_create,
        questionnaire_token,
    )

    user = make_user(roles=["procesbegeleider"])
    network_map = network_map_create(
        actor=user, name="Netwerk Moerwijk", scope=NetworkMap.Scope.REGION
    )
    respondent = actor_create(
        actor=user, network_map=network_map, name="Buurthuis De Mussen", type="welzijn"
    )
    actor_create(
        actor=user, network_map=network_map, name="GGD Haaglanden", type="zorgaanbieder"
    )

    page.goto(
        f"/netwerkkaarten/vragenlijst/{questionnaire_token(network_actor=respondent)}/"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Met wie werkt u samen?")
    assert_no_axe_violations(page, "network-questionnaire")
    page.get_by_role("checkbox", name="GGD Haaglanden").check()
    page.get_by_role("main").locator("button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text("Dank u wel")
    assert respondent.questionnaire_answers.count() == 1
