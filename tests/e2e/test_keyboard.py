"""A keyboard user skips the header: the skip link is the first Tab stop."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    assert page.evaluate("() => location.hash") == "#main"


def test_keyboard_user_reaches_the_notifications_from_the_bell(page, make_user, log_in):
    from samenzorg.core.tests.factories import NotificationFactory

    user = make_user()
    NotificationFactory(recipient=user, kind="initiatives.initiative_changed")
    log_in(user)
    page.goto("/")

    bell = page.get_by_role("link", name="Meldingen, 1 ongelezen")
    for _ in range(10):
        page.keyboard.press("Tab")
        if bell.evaluate("el => el === document.activeElement"):
            break
    expect(bell).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/meldingen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")


def test_keyboard_user_picks_an_area_from_the_suggestions(page, areas):
    from samenzorg.areas.models import Area
    from samenzorg.initiatives.tests.factories import InitiativeFactory

    InitiativeFactory(
        name="Buurtkamer Moerwijk", areas=[Area.objects.get(code="WK051836")]
    )
    InitiativeFactory(
        name="Elders in de stad", areas=[Area.objects.get(code="WK051820")]
    )
    page.goto("/initiatieven/")

    field = page.get_by_role("combobox", name="Gebied")
    expect(field).to_have_attribute("aria-autocomplete", "list")
    expect(field).to_have_attribute("aria-expanded", "false")
    field.focus()
    page.keyboard.type("moerw")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    assert field.get_attribute("aria-controls") == listbox.get_attribute("id")
    expect(listbox.get_by_role("option").first).to_contain_text("Moerwijk")

    page.keyboard.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(first).to_have_attribute("aria-selected", "true")

    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")
    expect(listbox).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # takes the suggestion, does not send the form
    expect(field).to_have_value("Moerwijk")
    expect(listbox).to_be_hidden()
    assert "area=" not in page.url

    page.keyboard.press("Enter")  # now the form is sent
    expect(page).to_have_url(re.compile(r"area=Moerwijk"))
    expect(page.get_by_text("Buurtkamer Moerwijk")).to_be_visible()
    expect(page.get_by_text("Elders in de stad")).to_have_count(0)
    assert not page.js_errors
