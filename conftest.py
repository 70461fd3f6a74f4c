"""Test set-up shared by every app.

The suite runs on SQLite by default. With DATABASE_URL pointing at PostgreSQL (``make
test`` does this for its second run), pytest-postgresql starts a throwaway cluster and
the test database is created in it.
"""

from django.conf import settings

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


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Files the tests store (uploads for tasks, reports) go to a folder of their own."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield
