"""Every main page passes axe-core (WCAG 2.1 A/AA) and reflows at 320 px.

Each page is checked at 1280 px and at 320 px wide; screenshots of both widths are
kept in test-artifacts/screenshots/ for review.
"""

import pytest
from checks import (
    NARROW,
    WIDE,
    format_violations,
    horizontal_overflow,
    run_axe,
    screenshot,
    wide_elements,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MOERWIJK = "WK051836"


@pytest.fixture
def moerwijk(areas):
    return areas.get(code=MOERWIJK)


@pytest.fixture
def owner(make_user):
    return make_user(display_name="Fatima <b>El Amrani</b>")


@pytest.fixture
def public_initiative(moerwijk, owner):
    from samenzorg.initiatives.tests.factories import InitiativeFactory

    return InitiativeFactory(
        name="Buurtkamer <b>Moerwijk</b>",
        areas=[moerwijk],
        latitude=moerwijk.centroid_lat,
        longitude=moerwijk.centroid_lon,
        owners=[owner],
    )


@pytest.fixture
def notified_owner(request, public_initiative, owner):
    """The owner, logged in, with two unread notifications and one read."""
    from samenzorg.core.tests.factories import NotificationFactory

    context = {
        "name": public_initiative.name,
        "fields": ["description", "website"],
        "archived": False,
    }
    for read in (True, False, False):
        NotificationFactory(
            recipient=owner,
            kind="initiatives.initiative_changed",
            context=context,
            url=f"/initiatieven/{public_initiative.pk}/",
            read=read,
        )
    request.getfixturevalue("log_in")(owner)
    return owner


def page_url(request, name):
    """The URL of the page under test, after creating what that page shows."""
    if name == "home":
        request.getfixturevalue("areas")
        return "/"
    if name == "areas-overview":
        request.getfixturevalue("areas")
        return "/gebieden/"
    if name == "area-moerwijk":
        request.getfixturevalue("public_initiative")
        return f"/gebieden/{MOERWIJK}/"
    if name == "initiatives-list":
        request.getfixturevalue("public_initiative")
        return "/initiatieven/"
    if name == "initiatives-map":
        request.getfixturevalue("public_initiative")
        return "/initiatieven/?weergave=kaart"
    if name == "initiative-detail":
        return f"/initiatieven/{request.getfixturevalue('public_initiative').pk}/"
    if name == "initiative-form":
        request.getfixturevalue("areas")
        request.getfixturevalue("log_in")(request.getfixturevalue("owner"))
        return "/initiatieven/nieuw/"
    if name == "initiative-documents":
        from samenzorg.core.documents import document_owner_url, document_upload
        from samenzorg.core.tests.files import pdf_upload

        initiative = request.getfixturevalue("public_initiative")
        owner = request.getfixturevalue("owner")
        document_upload(
            actor=owner,
            owner=initiative,
            uploaded_file=pdf_upload('Begroting "2027" & <co> (concept).pdf'),
            title="Begroting <b>2027</b>",
        )
        request.getfixturevalue("log_in")(owner)
        return document_owner_url(initiative)
    if name == "notifications":
        request.getfixturevalue("notified_owner")
        return "/meldingen/"
    if name == "notification-settings":
        request.getfixturevalue("notified_owner")
        return "/meldingen/instellingen/"
    if name == "my-data":
        request.getfixturevalue("notified_owner")
        return "/account/mijn-gegevens/"
    if name in ("review-queue", "review-initiative"):
        from samenzorg.initiatives.tests.factories import InitiativeFactory

        waiting = InitiativeFactory(
            review=True,
            name="Nieuwe <b>buurtkamer</b>",
            owners=[request.getfixturevalue("owner")],
        )
        staff = request.getfixturevalue("make_user")(roles=["gemeente"])
        request.getfixturevalue("log_in")(staff)
        if name == "review-queue":
            return "/initiatieven/controle/"
        return f"/initiatieven/{waiting.pk}/controle/"
    if name == "login":
        return "/account/inloggen/"
    if name == "register":
        return "/account/registreren/"
    raise AssertionError(name)


# What each map must show even though no map tiles can load: area boundaries
# (drawn as SVG paths) or the initiative's marker.
BOUNDARIES = ".leaflet-overlay-pane path"
MARKER = ".leaflet-marker-pane .leaflet-marker-icon"
MAP_SHOWS = {
    "areas-overview": BOUNDARIES,
    "area-moerwijk": BOUNDARIES,
    "initiatives-map": MARKER,
    "initiative-detail": MARKER,
    "initiative-form": BOUNDARIES,
}

PAGES = [
    "home",
    "areas-overview",
    "area-moerwijk",
    "initiatives-list",
    "initiatives-map",
    "initiative-detail",
    "initiative-form",
    "initiative-documents",
    "notifications",
    "notification-settings",
    "my-data",
    "review-queue",
    "review-initiative",
    "login",
    "register",
]


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_at_1280_and_320_px(request, page, name):
    url = page_url(request, name)
    problems = []

    page.set_viewport_size({"width": WIDE, "height": 900})
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    if name in MAP_SHOWS:
        leaflet_map = page.locator(".leaflet-container").first
        expect(leaflet_map).to_be_visible()
        expect(leaflet_map.locator(MAP_SHOWS[name]).first).to_be_visible()
        zoom_in = leaflet_map.locator(".leaflet-control-zoom-in")
        if zoom_in.count():
            expect(zoom_in).to_have_attribute("title", "Inzoomen")

    violations = run_axe(page)
    if violations:
        problems.append(f"axe at {WIDE} px:\n{format_violations(violations)}")
    screenshot(page, name, WIDE)

    page.set_viewport_size({"width": NARROW, "height": 700})
    violations = run_axe(page)
    if violations:
        problems.append(f"axe at {NARROW} px:\n{format_violations(violations)}")
    overflow = horizontal_overflow(page)
    if overflow:
        problems.append(
            f"horizontal scroll at {NARROW} px: {overflow} px too wide; sticking out: "
            + "; ".join(wide_elements(page))
        )
    screenshot(page, name, NARROW)

    if page.js_errors:
        problems.append("JavaScript errors: " + "; ".join(page.js_errors))
    assert not problems, f"{name} ({url}):\n" + "\n".join(problems)


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box, locator
    return box


def test_the_review_form_gives_its_error_box_and_buttons_room(request, page):
    """Between the link above and the form (and its error box), and between the
    button and the link beside it, there is room (at least 8 px), at 1280 and at
    320 px."""
    page.goto(page_url(request, "review-initiative"))
    link = page.get_by_role("link", name="Het hele initiatief bekijken")
    legend = _box(page.locator("form legend").first)
    assert legend["y"] - (_box(link)["y"] + _box(link)["height"]) >= 8
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, "review-initiative-errors", width)
        alert = _box(page.locator("form .utrecht-alert"))
        assert alert["y"] - (_box(link)["y"] + _box(link)["height"]) >= 8, width
        button = _box(page.get_by_role("button", name="Besluit opslaan"))
        back = _box(page.get_by_role("link", name="Terug naar de lijst"))
        beside = abs(back["y"] - button["y"]) < button["height"]
        if beside:
            assert back["x"] - (button["x"] + button["width"]) >= 8, width
        else:
            assert back["y"] - (button["y"] + button["height"]) >= 8, width
