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
