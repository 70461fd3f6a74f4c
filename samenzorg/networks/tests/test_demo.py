"""The demo loader: the DZOidB partners and one map per pilot area, once."""

import io

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.models import Area
from samenzorg.initiatives.tests.factories import InitiativeFactory
from samenzorg.networks.demo import load_demo_networks
from samenzorg.networks.models import NetworkMap, Tie

pytestmark = pytest.mark.django_db


class _Account:
    def __init__(self, user):
        self.user = user


def test_demo_maps_are_loaded_once_with_sources_and_fictional_marks():
    gm = Area.objects.create(code="GM0518", name="'s-Gravenhage", level="gemeente")
    for code, name, level in (
        ("WG0518-reva", "Regentesse-Valkenboskwartier", "werkgebied"),
        ("WK051833", "Bouwlust/Vrederust", "wijk"),
        ("WK051836", "Moerwijk", "wijk"),
        ("SD0518-scheveningen", "Scheveningen", "stadsdeel"),
    ):
        area = Area.objects.create(code=code, name=name, level=level, parent=gm)
    InitiativeFactory(name="ElCura Zorgt", areas=[Area.objects.get(code="WK051833")])
    InitiativeFactory(name="Segbroek Zorgt")
    accounts = {"procesbegeleider": _Account(UserFactory(roles=["procesbegeleider"]))}
    out = io.StringIO()
    created = load_demo_networks(accounts=accounts, stdout=out)
    assert len(created) == 5
    assert load_demo_networks(accounts=accounts, stdout=out) == []
    dzoidb = NetworkMap.objects.get(name="DZOidB-netwerk Haaglanden")
    names = set(dzoidb.actors.values_list("name", flat=True))
    assert {
        "Hulsebosch Advies",
        "ZonMw",
        "PEP",
        "Transmurale Zorg Den Haag e.o.",
    } <= names
    stated = Tie.objects.get(
        network=dzoidb,
        source_actor__name="Hulsebosch Advies",
        target_actor__name="Transmurale Zorg Den Haag e.o.",
    )
    assert (
        stated.is_fictional is False
        and "Duurzame Zorg en Ondersteuning in de Buurt" in stated.source
    )
    assert dzoidb.ties.filter(is_fictional=True).exists()
    # Sources are named by title and date, never by an internal file number.
    texts = [m.source + m.description for m in NetworkMap.objects.all()]
    texts += list(Tie.objects.values_list("source", flat=True))
    assert not [t for t in texts if "seed" in t.lower()]
    bouwlust = NetworkMap.objects.get(area__code="WK051833")
    elcura = bouwlust.actors.get(name="ElCura Zorgt")
    assert elcura.initiative is not None
    assert (
        Tie.objects.filter(source_actor__network=bouwlust, is_fictional=False).count()
        >= 2
    )
    assert area  # last area made
