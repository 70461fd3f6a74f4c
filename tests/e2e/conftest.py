"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

The Playwright fixtures are written here (no pytest-playwright plugin): one browser
per test session, a fresh context and page per test. The context only lets requests
to the live server through, so map tiles and other outside hosts never slow a test.
"""

import importlib
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management import call_command

import pytest
from checks import WIDE, is_csp_violation

# Playwright's sync API keeps an event loop running in the main thread; Django would
# otherwise refuse ORM calls made from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def migration_data(transactional_db):
    """Put back the rows that data migrations create (the inventory's list values).

    Live-server tests empty the database after each test. Django's serialized
    rollback would restore such rows, but only on the connection object that set the
    database up, and Playwright's sync API runs the tests where Django hands out
    another one; running the migrations' own idempotent functions again is simpler.
    """
    from django.apps import apps

    tag_values = importlib.import_module(
        "samenzorg.initiatives.migrations.0002_tag_values"
    )
    tag_values.add_values(apps, None)


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make system-test-deps)")
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser, migration_data, live_server):
    """A fresh browser context on the live server, in Dutch, 1280 px wide.

    The database is emptied after every live-server test; ``migration_data`` puts
    back what the data migrations created first.
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport={"width": WIDE, "height": 900},
    )
    context.set_default_timeout(10_000)
    server = urlsplit(live_server.url).netloc

    def only_live_server(route):
        if urlsplit(route.request.url).netloc == server:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_live_server)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A page that records JavaScript errors and Content-Security-Policy violations.

    Every test fails at its end if the page broke the policy anywhere on its way.
    """
    page = context.new_page()
    errors = []
    violations = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if is_csp_violation(message)
            else None
        ),
    )
    page.js_errors = errors
    page.csp_violations = violations
    yield page
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(
        violations
    )


@pytest.fixture
def areas(transactional_db):
    """The real Den Haag areas (CBS boundaries and figures), loaded per test.

    Live-server tests use a transactional database that is emptied after each test,
    so the areas are loaded again for every test that needs them.
    """
    from samenzorg.areas.models import Area

    call_command("load_areas", verbosity=0)
    return Area.objects


@pytest.fixture
def make_user(transactional_db):
    """Users from the accounts factory: e-mail confirmed, password TEST_PASSWORD."""
    from samenzorg.accounts.tests.factories import UserFactory

    return UserFactory


@pytest.fixture
def log_in(context, live_server):
    """Log a user in by giving the browser a session cookie (no login form)."""
    from django.conf import settings
    from django.test import Client

    def log_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                }
            ]
        )
        return user

    return log_in
