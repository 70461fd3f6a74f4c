import io

from django.core.management import call_command

import pytest

from samenzorg.accounts.demo import DemoAccount
from samenzorg.initiatives.demo import (
    FICTIONAL_SOURCE,
    REAL,
    TOTAL,
    load_demo_initiatives,
)
from samenzorg.initiatives.models import Initiative

from .factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_areas", stdout=io.StringIO())
    # The shape load_demo_accounts() returns, without its slow password hashing.
    accounts = {
        key: DemoAccount(
            role="initiatiefnemer",
            email=f"{key}@example.nl",
            password=TEST_PASSWORD,
            user=UserFactory(email=f"{key}@example.nl", roles=["initiatiefnemer"]),
        )
        for key in ("initiatiefnemer", "initiatiefnemer-2")
    }
    load_demo_initiatives(accounts=accounts, stdout=io.StringIO())
    return accounts


def test_demo_loader_is_idempotent_and_makes_154_initiatives(loaded):
    assert Initiative.objects.count() == TOTAL
    names = set(Initiative.objects.values_list("name", flat=True))
    out = io.StringIO()
    result = load_demo_initiatives(accounts=loaded, stdout=out)
    assert result == {"real": 0, "fictional": 0, "skipped": TOTAL}
    assert set(Initiative.objects.values_list("name", flat=True)) == names
    # The demo initiators own some examples.
    first = loaded["initiatiefnemer"].user.initiatives_owned.all()
    assert first.count() == 5
    assert first.filter(status="concept").count() == 1
    assert loaded["initiatiefnemer-2"].user.initiatives_owned.count() == 1


def test_real_initiatives_are_sourced_and_fictional_ones_marked_and_placed(loaded):
    real = Initiative.objects.filter(is_fictional=False)
    assert real.count() == len(REAL)
    assert not real.exclude(status="public").exists()
    assert all(i.source.startswith("Bron: ") for i in real)
    assert not real.exclude(contact_email="").exists()
    aishel = real.get(name="Zorgcoöperatie AISHEL")
    assert [a.code for a in aishel.areas.all()] == ["SD0518-escamp"]
    segbroek = real.get(name="Segbroek Zorgt")
    assert "WG0518-reva" in {a.code for a in segbroek.areas.all()}
    assert [t.slug for t in segbroek.target_groups.all()] == ["kwetsbare-wijkbewoners"]

    from samenzorg.areas.services import locate_point

    fictional = Initiative.objects.filter(is_fictional=True).prefetch_related("areas")
    assert fictional.count() == TOTAL - len(REAL)
    assert not fictional.exclude(source=FICTIONAL_SOURCE).exists()
    assert all(i.name.endswith("(fictief)") for i in fictional)
    assert fictional.filter(status="concept").exists()
    assert fictional.filter(status="public").count() > 100
    for initiative in fictional[:20]:
        wijk = next(a for a in initiative.areas.all() if a.level == "wijk")
        found = locate_point(
            latitude=initiative.latitude, longitude=initiative.longitude
        )
        assert found["wijk"] == wijk, initiative.name
    assert (
        len({a.pk for i in fictional for a in i.areas.all() if a.level == "wijk"}) == 44
    )
