"""A resident registers, confirms the e-mail address and registers an initiative.

The story: register → the confirmation mail arrives → its link confirms the address →
log in → fill in the initiative form and click on the map for the location → save →
the detail page shows the initiative and the area derived from the location → the
initiative waits for the municipality's check (a new account's first publication) →
municipal staff publish it from their queue → anyone finds it by searching the list
and as a marker on the list's map.
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


def field(page, label: str):
    """The form field with exactly this label (a required field's label ends in *)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def confirmation_link() -> str:
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    match = re.search(r"https?://\S+/account/bevestigen/\S+/", message.body)
    assert match, f"no confirmation link in the mail:\n{message.body}"
    return match.group(0)


def test_resident_registers_and_adds_initiative_on_the_map(
    page, live_server, areas, log_in, make_user
):
    from samenzorg.areas.services import locate_point

    # Register.
    page.goto("/account/registreren/")
    field(page, "Naam").fill(NAME)
    field(page, "E-mailadres").fill(EMAIL)
    field(page, "Wachtwoord").fill(PASSWORD)
    field(page, "Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("radio", name="initiatiefnemer").check()
    page.get_by_role("button", name="Account maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")

    # The confirmation mail arrives; its link confirms the address.
    page.goto(confirmation_link())
    expect(page).to_have_url(re.compile(r"/account/inloggen/"))
    expect(page.get_by_role("status")).to_contain_text("Uw e-mailadres is bevestigd")

    # Log in.
    field(page, "E-mailadres").fill(EMAIL)
    field(page, "Wachtwoord").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("banner").get_by_role("link", name=NAME)).to_be_visible()

    # Fill in the initiative form; a click on the map sets the location.
    page.goto("/initiatieven/nieuw/")
    field(page, "Naam").fill(INITIATIVE)
    field(page, "Beschrijving").fill(
        "Samen koken en eten met buren uit Moerwijk, elke donderdag."
    )
    page.get_by_role("group", name="Activiteiten").get_by_role(
        "checkbox", name="ontmoeting"
    ).check()
    page.get_by_role("radio", name="actief").check()
    field(page, "Status").select_option(label="openbaar")
    latitude = field(page, "Breedtegraad")
    longitude = field(page, "Lengtegraad")
    expect(latitude).to_have_value("")
    location_map = page.get_by_role("region", name="Kaart om de locatie te kiezen")
    # The wijk boundaries are drawn even though no map tiles can load.
    expect(location_map.locator(".leaflet-overlay-pane path").first).to_be_visible()
    location_map.click()
    expect(latitude).to_have_value(re.compile(r"^52[.,]\d+$"))
    expect(longitude).to_have_value(re.compile(r"^4[.,]\d+$"))
    expect(location_map.get_by_role("button", name="Gekozen locatie")).to_be_visible()
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
    expect(main).to_contain_text("ontmoeting")
    expect(main.get_by_role("link", name=where["wijk"].name)).to_be_visible()
    expect(
        main.get_by_role("status").filter(has_text="wacht op een controle")
    ).to_contain_text("Tot dan zien alleen u en de gemeente het")
    detail_url = page.url

    # Municipal staff check the first publication and publish it.
    page.context.clear_cookies()
    log_in(make_user(roles=["gemeente"]))
    page.goto("/initiatieven/controle/")
    page.get_by_role("link", name=f"“{INITIATIVE}” controleren").click()
    page.get_by_role("radio", name=re.compile("^Publiceren")).check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("is gepubliceerd")
    page.context.clear_cookies()

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
