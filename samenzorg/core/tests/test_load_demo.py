from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

from samenzorg.areas.models import Area
from samenzorg.core.models import AuditEntry
from samenzorg.initiatives.models import Initiative


def counts():
    return {
        "areas": Area.objects.count(),
        "users": get_user_model().objects.count(),
        "initiatives": Initiative.objects.count(),
        "fictional": Initiative.objects.filter(is_fictional=True).count(),
        "audit": AuditEntry.objects.count(),
    }


@pytest.mark.django_db
def test_load_areas_and_load_demo_can_run_twice_without_duplicates():
    out = StringIO()
    call_command("load_areas", stdout=out)
    call_command("load_demo", stdout=out)
    first = counts()
    call_command("load_areas", stdout=out)
    call_command("load_demo", stdout=out)

    assert counts() == first
    assert (
        first["initiatives"] == 154
    )  # 'Stadsgedreven innovatie': 154 initiatives inventoried
    assert first["fictional"] < first["initiatives"]
    assert "beheerder@demo.samenzorg.local" in out.getvalue()
