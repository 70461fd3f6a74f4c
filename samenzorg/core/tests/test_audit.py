"""Audit entries shown as readable rows."""

import pytest

from samenzorg.areas.models import Area
from samenzorg.core.audit import change_rows
from samenzorg.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_change_rows_read_an_entry_about_a_reverse_relation():
    """load_areas records an area's statistics, a reverse relation: no crash."""
    wijk = Area.objects.create(code="WK1", name="Moerwijk", level="wijk")
    entry = AuditEntry.objects.create(
        action=AuditEntry.Action.IMPORT,
        target_type="areas.area",
        target_id=str(wijk.pk),
        target_repr="Moerwijk",
        changes={"statistics": [None, 12], "name": ["Oud", "Moerwijk"]},
    )
    rows = change_rows(entry)
    assert {"field": "statistics", "old": "–", "new": "12"} in rows
    assert {"field": "naam", "old": "Oud", "new": "Moerwijk"} in rows


def test_change_rows_read_nested_values_such_as_an_erasures_counts():
    entry = AuditEntry.objects.create(
        action=AuditEntry.Action.ERASE,
        target_type="accounts.user",
        target_id="7",
        target_repr="Verwijderd account",
        changes={
            "via": "page",
            "removed": {"accounts": {"roles": 2}, "core": {"notifications": 3}},
            "lists": [None, [{"a": 1}, 2, 3]],
        },
    )
    rows = {row["field"]: row["new"] for row in change_rows(entry)}
    assert rows["removed"] == "accounts: roles: 2; core: notifications: 3"
    assert rows["lists"] == "a: 1, 2, 3"


def test_the_change_log_opens_after_an_erasure(client):
    from samenzorg.accounts.tests.factories import UserFactory
    from samenzorg.core.gdpr import erase_person

    erase_person(UserFactory())
    client.force_login(UserFactory(roles=["beheerder"]))
    response = client.get("/account/wijzigingen/")
    assert response.status_code == 200
