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
