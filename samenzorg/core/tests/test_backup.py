"""A backup put back gives the same rows, on SQLite and on PostgreSQL."""

from django.core.management import call_command

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.models import Area
from samenzorg.core.backup import database_checksum


@pytest.mark.django_db(transaction=True)
def test_restore_gives_back_the_same_rows_and_checksums(tmp_path):
    Area.objects.create(code="GM0518", name="'s-Gravenhage", level="gemeente")
    UserFactory(email="anna@example.nl", display_name="Anna <b>de Vries</b>")
    before = database_checksum()
    path = tmp_path / "samenzorg.backup"
    call_command("backup", str(path))
    assert path.stat().st_size > 0

    Area.objects.all().delete()
    UserFactory(email="later@example.nl")
    assert database_checksum() != before

    call_command("restore", str(path), "--yes")
    assert database_checksum() == before
    assert Area.objects.get(code="GM0518").name == "'s-Gravenhage"


def test_restore_of_a_missing_file_says_so(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="geen back-up"):
        call_command("restore", str(tmp_path / "nergens.backup"), "--yes")
