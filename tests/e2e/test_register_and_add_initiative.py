"""A resident registers, confirms the e-mail address and registers an initiative.

The story: register → the confirmation mail arrives → its link confirms the address →
log in → fill in the initiative form and click on the map for the location → save →
the detail page shows the initiative and the area derived from the location → the
initiative is found by searching the list and as a marker on the list's map.
"""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

EMAIL = "amina.haddou@example.nl"
PASSWORD = "Buurtzorg-Moerwijk-2026"
NAME = "Amina Haddou"
INITIATIVE = "Kookclub Zuiderpark"


def confirmation_link(live_server) -> str:
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    match = re.search(r"https?://\S+/account/bevestigen/\S+/", message.body)
    assert match, f"no confirmation link in the mail:\n{message.body}"
    return match.group(0)


def test_resident_registers_and_adds_initiative_on_the_map(page, live_server, areas):
    from samenzorg.areas.services import locate_point

    # Register.
    page.goto("/account/registreren/")
    page.get_by_label("Naam", exact=True).fill(NAME)
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Initiatiefnemer").check()
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text(EMAIL)).to_be_visible()

    # The confirmation mail arrives; its link confirms the address.
    page.goto(confirmation_link(live_server))
    expect(page.get_by_role("main")).to_contain_text("bevestigd")

    # Log in.
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("link", name=NAME)).to_be_visible()

    # Fill in the initiative form; a click on the map sets the location.
    page.goto("/initiatieven/nieuw/")
    page.get_by_label("Naam", exact=True).fill(INITIATIVE)
    page.get_by_label("Beschrijving").fill(
        "Samen koken en eten met buren uit Moerwijk, elke donderdag."
    )
    status = page.get_by_label("Status")
    if status.count():
        status.select_option(label="openbaar")
    latitude = page.locator("[name=latitude]")
    longitude = page.locator("[name=longitude]")
    form_map = page.locator("form .leaflet-container")
    expect(form_map.locator(".leaflet-overlay-pane path").first).to_be_attached()
    form_map.click()
    expect(latitude).to_have_value(re.compile(r"^5[0-3][.,]\d+"))
    expect(longitude).to_have_value(re.compile(r"^[3-5][.,]\d+"))
    where = locate_point(
        latitude=float(latitude.input_value().replace(",", ".")),
        longitude=float(longitude.input_value().replace(",", ".")),
    )
    assert where["wijk"] is not None, "the map click landed outside the Den Haag wijken"
    page.get_by_role("button", name="Opslaan").click()

    # The detail page shows the initiative and its derived area.
    expect(page).to_have_url(re.compile(r"/initiatieven/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(INITIATIVE)
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=where["wijk"].name)).to_be_visible()
    detail_url = page.url

    # Found by a search in the list.
    page.goto("/initiatieven/?q=kookclub")
    expect(page.get_by_role("link", name=INITIATIVE)).to_have_attribute(
        "href", re.compile(re.escape(detail_url.split(live_server.url, 1)[1]) + "$")
    )

    # And as a marker on the list's map.
    page.goto("/initiatieven/?weergave=kaart")
    marker = page.locator(
        f".leaflet-marker-pane [title='{INITIATIVE}'], "
        f".leaflet-marker-pane [alt='{INITIATIVE}']"
    )
    expect(marker).to_have_count(1)
