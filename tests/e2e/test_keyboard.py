"""A keyboard user skips the header: the skip link is the first Tab stop."""

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
