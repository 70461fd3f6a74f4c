"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

The Playwright fixtures are written here (no pytest-playwright plugin): one browser
per test session, a fresh context and page per test. The context only lets requests
to the live server through, so map tiles and other outside hosts never slow a test.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management import call_command

import pytest
from checks import WIDE

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


@pytest.fixture(scope="session")
def migrated_data(django_db_setup, django_db_blocker):
    """The rows the migrations created (such as the initiative list values).

    Django serializes them when it sets up the test database, on the connection
    object of the context that did so. Playwright's sync API runs the tests in
    another context, where Django hands out a fresh connection object without them;
    they are taken here, before Playwright starts.
    """
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture
def restore_migrated_data(migrated_data, transactional_db):
    """Put back what the migrations created; live-server tests empty the database.

    Django's serialized rollback restores these rows before a test and keeps the
    flush after it from recreating content types, but only on a connection object
    that carries the serialized rows: here the current one is given them too.
    """
    from django.db import connections

    for alias, data in migrated_data.items():
        connection = connections[alias]
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = data
            connection.creation.deserialize_db_from_string(data)


@pytest.fixture(scope="session")
def playwright_instance(migrated_data):
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
def context(browser, django_db_serialized_rollback, restore_migrated_data, live_server):
    """A fresh browser context on the live server, in Dutch, 1280 px wide.

    The database is emptied after every live-server test; serialized rollback puts
    back what the migrations created (such as the initiative list values) first.
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
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page


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
