"""Factories for rounds, participants, scores and scenarios.

RoundFactory()                        # concept round, five criteria, facilitator
RoundFactory(open=True, initiatives=3) # open, with 3 new initiatives in scope
ParticipantFactory(round=r)           # joined without an account
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.assessment.models import (
    DEFAULT_CRITERIA,
    Criterion,
    Participant,
    Round,
    Scenario,
    Score,
)
from samenzorg.initiatives.tests.factories import InitiativeFactory


class RoundFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Ronde <b>{n}</b>")
    date = datetime.date(2016, 6, 28)
    facilitator = factory.SubFactory(UserFactory, roles=["procesbegeleider"])
    expected_participants = 4
    raters_per_initiative = 2
    join_code = factory.Sequence(lambda n: f"TEST{n:04d}")

    class Meta:
        model = Round
        skip_postgeneration_save = True

    class Params:
        open = factory.Trait(status=Round.Status.OPEN)
        closed = factory.Trait(status=Round.Status.CLOSED)
        published = factory.Trait(status=Round.Status.CLOSED, is_published=True)

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        items = extracted if extracted is not None else DEFAULT_CRITERIA
        for n, (name, description) in enumerate(items):
            Criterion.objects.create(
                round=self, position=n, name=name, description=description, weight=1.0
            )

    @factory.post_generation
    def initiatives(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        if isinstance(extracted, int):
            extracted = InitiativeFactory.create_batch(extracted)
        self.initiatives.set(extracted)


class ParticipantFactory(DjangoModelFactory):
    round = factory.SubFactory(RoundFactory, open=True)
    name = factory.Sequence(lambda n: f"Deelnemer <i>{n}</i>")
    organisation_kind = Participant.OrganisationKind.ZORG
    position = factory.LazyAttribute(lambda o: o.round.participants.count())

    class Meta:
        model = Participant


class ScoreFactory(DjangoModelFactory):
    participant = factory.SubFactory(ParticipantFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    criterion = factory.LazyAttribute(lambda o: o.participant.round.criteria.first())
    value = 3

    class Meta:
        model = Score


class ScenarioFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Scenario <b>{n}</b>")
    level = Scenario.Level.WIJK
    k = 2
    created_by = factory.SubFactory(UserFactory, roles=["gemeente"])

    class Meta:
        model = Scenario


def score_everything(round_, participants, value_of=None):
    """Every participant scores every initiative of the round on every criterion."""
    value_of = value_of or (lambda p, i, c: 3)
    criteria = list(round_.criteria.all())
    initiatives = list(round_.initiatives.all())
    rows = [
        Score(participant=p, initiative=i, criterion=c, value=value_of(p, i, c))
        for p in participants
        for i in initiatives
        for c in criteria
    ]
    Score.objects.bulk_create(rows)


def scenario_form_data(small_city, **changes):
    """What the scenario form posts for the ``small_city`` fixture: k = 2, at most one
    per stadsdeel, by density ("drukte")."""
    return {
        "title": "Spreiding",
        "level": "wijk",
        "round": "",
        "kansrijkheid_weight": 1,
        "k": 2,
        "max_per_group": 1,
        "min_distinct_problems": "",
        "indicators-TOTAL_FORMS": 1,
        "indicators-INITIAL_FORMS": 0,
        "indicators-0-variable": small_city["variable"].pk,
        "indicators-0-direction": 1,
        "indicators-0-weight": 1,
        "indicators-0-problem": "drukte",
        **changes,
    }
