"""SQLite lets concurrent writers wait instead of failing."""

from django.db import connection

import pytest


@pytest.mark.django_db
def test_sqlite_writers_wait_twenty_seconds_in_immediate_mode():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20_000
