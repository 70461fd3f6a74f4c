"""Test set-up shared by every app.

The suite runs on SQLite by default. With DATABASE_URL pointing at PostgreSQL (``make
test`` does this for its second run), pytest-postgresql starts a throwaway cluster and
the test database is created in it.

Logging in: ``client.force_login(user)`` logs in as a real login does, the second
step included. A user whose role needs two-factor authentication gets an authenticator
app (when missing) and a session that has passed its code. To log in without the
second step, as tests of it do, set ``user.otp_device = None`` first. Tests that post
the login form go through django-axes like any visitor; ``client.login(...)`` needs the
request django-axes asks for, as its documentation says:
``client.login(request=HttpRequest(), username=..., password=...)``.
"""

from django.conf import settings
from django.core.cache import cache
from django.test import Client

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        proc = request.getfixturevalue("postgresql_proc")
        db.update(
            HOST=proc.host,
            PORT=proc.port,
            USER=proc.user,
            PASSWORD=proc.password or "",
            CONN_MAX_AGE=0,
        )


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: rate-limit counts and cached pages."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def logins_pass_the_second_step(monkeypatch):
    """``force_login`` marks the session as verified for users who need the code.

    It stores the device that passed the code in the session, as django-otp does
    after a real code.
    """
    original = Client._login

    def login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY

        from samenzorg.accounts.rules import must_use_two_factor
        from samenzorg.accounts.tests.factories import second_step_device

        device = getattr(user, "otp_device", False)
        if device is False:
            device = second_step_device(user) if must_use_two_factor(user) else None
        original(self, user, backend)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "_login", login)


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Files the tests store (uploads for tasks, reports) go to a folder of their own."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield
