"""A small platform for the contract test: areas, initiatives, network maps, an
assessment round and a scenario, published and not, and a gemeente employee."""

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.models import Area
from samenzorg.areas.tests.factories import StatisticFactory, VariableFactory
from samenzorg.assessment.tests.factories import (
    ParticipantFactory,
    RoundFactory,
    ScenarioFactory,
    score_everything,
)
from samenzorg.initiatives.tests.factories import InitiativeFactory
from samenzorg.networks.tests.factories import (
    ActorFactory,
    NetworkMapFactory,
    TieFactory,
)


def _areas():
    def make(code, name, level, parent=None):
        return Area.objects.create(code=code, name=name, level=level, parent=parent)

    gm = make("GM0518", "'s-Gravenhage", Area.Level.GEMEENTE)
    escamp = make("SD0518-escamp", "Escamp", Area.Level.STADSDEEL, gm)
    moerwijk = make("WK051836", "Moerwijk", Area.Level.WIJK, escamp)
    buurt = make("BU05183620", "Moerwijk-Oost", Area.Level.BUURT, moerwijk)
    variable = VariableFactory(key="AantalInwoners_5", title="Aantal inwoners")
    for area, value in [
        (gm, 500000),
        (escamp, 120000),
        (moerwijk, 20000),
        (buurt, None),
    ]:
        StatisticFactory(area=area, variable=variable, value=value)
    return {"gemeente": gm, "escamp": escamp, "moerwijk": moerwijk, "buurt": buurt}


def _network_map(area, published):
    m = NetworkMapFactory(area=area, is_published=published)
    nurse = ActorFactory(network=m, key="nurse", key_person=True)
    a = ActorFactory(network=m, key="a", type="welzijn")
    b = ActorFactory(network=m, key="b", type="bewonersinitiatief")
    c = ActorFactory(network=m, key="c", type="zorgaanbieder")
    TieFactory(network=m, source_actor=nurse, target_actor=a)
    TieFactory(network=m, source_actor=a, target_actor=b)
    TieFactory(network=m, source_actor=b, target_actor=c, directed=True)
    return m


def make_contract_data() -> dict:
    areas = _areas()
    gemeente = UserFactory(roles=["gemeente"])
    owner = UserFactory(roles=["bewoner"])
    initiatives = [
        InitiativeFactory(public=True, areas=[areas["moerwijk"]], domains=["sport"]),
        InitiativeFactory(concept=True, owners=[owner], areas=[areas["buurt"]]),
        InitiativeFactory(archived=True),
        InitiativeFactory(public=True, latitude=52.05, longitude=4.28),
    ]
    maps = [_network_map(areas["moerwijk"], True), _network_map(areas["escamp"], False)]
    rounds = []
    for published in (True, False):
        round_ = RoundFactory(
            closed=True,
            initiatives=initiatives[:1] + initiatives[3:],
            is_published=published,
        )
        people = [ParticipantFactory(round=round_, position=n) for n in range(3)]
        score_everything(
            round_, people, lambda p, i, c: 1 + (p.position + c.position) % 5
        )
        rounds.append(round_)
    scenario = ScenarioFactory(created_by=gemeente)
    return {
        "gemeente": gemeente,
        "ids": {
            "initiative_id": [i.pk for i in initiatives],
            "pk": [m.pk for m in maps],
            "round_id": [r.pk for r in rounds],
            "scenario_id": [scenario.pk],
            "code": [a.code for a in areas.values()],
        },
    }


@pytest.fixture
def contract_data(transactional_db, settings):
    """The platform, with a rate limit the fuzzer does not reach."""
    settings.RATELIMIT_API = settings.RATELIMIT_API_ANON_WRITE = "100000/m"
    return make_contract_data()
