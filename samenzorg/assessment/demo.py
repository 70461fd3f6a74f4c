"""Demo data: the round of 28 June 2016 with its five criteria ('Stadsgedreven innovatie', gemeente Den Haag).

The source documents name the criteria and that 45 people took part, but give no
scores. The participants and scores here are made up, deterministically, to show
how a round works: the round is marked ``is_fictional`` and its pages show a badge.
Running the loader again creates nothing twice (the round is matched on its title).
"""

import datetime
import random

from django.db import transaction

from samenzorg.areas.models import Variable

from .models import Participant, Round, Scenario
from .selectors import round_initiative_rows
from .services import (
    participant_join,
    participant_scores_save,
    participant_set_weights,
    round_close,
    round_create,
    round_open,
    round_publish,
    round_select_initiatives,
    scenario_create,
)

TITLE = "Innoveren door co-creëren, 28 juni 2016"
SCENARIO_TITLE = "Zeven kansrijke wijken met verschillende problematiek (voorbeeld)"
PARTICIPANTS = 45
KINDS = [
    Participant.OrganisationKind.ZORG,
    Participant.OrganisationKind.WELZIJN,
    Participant.OrganisationKind.GEMEENTE,
    Participant.OrganisationKind.INITIATIEF,
    Participant.OrganisationKind.WONEN,
    Participant.OrganisationKind.BEWONER,
]


def load_demo_assessment(*, accounts, stdout=None) -> Round:
    """Create the demo round (closed, results public) and one area scenario."""
    facilitator = accounts["procesbegeleider"].user
    existing = Round.objects.filter(title=TITLE).first()
    if existing is not None:
        if stdout:
            stdout.write(f"Kansrijkheid: ronde '{TITLE}' bestaat al.")
        return existing
    rng = random.Random(20160628)  # noqa: S311 - made-up demo scores
    with transaction.atomic():
        round_ = round_create(
            actor=facilitator,
            title=TITLE,
            date=datetime.date(2016, 6, 28),
            raters_per_initiative=3,
            expected_participants=PARTICIPANTS,
            is_fictional=True,
        )
        n = round_select_initiatives(actor=facilitator, round=round_, filters={})
        if n == 0:
            if stdout:
                stdout.write("Kansrijkheid: geen initiatieven; laad die eerst.")
            return round_
        round_open(actor=facilitator, round=round_)
        criteria = list(round_.criteria.all())
        ids = [row["id"] for row in round_initiative_rows(round_)]
        quality = {pk: rng.gauss(0, 0.8) for pk in ids}
        leaning = {c.pk: rng.gauss(0, 0.4) for c in criteria}
        from .selectors import participant_assignment

        for number in range(1, PARTICIPANTS + 1):
            participant = participant_join(
                round=round_,
                name=f"Deelnemer {number} (fictief)",
                organisation_kind=KINDS[number % len(KINDS)],
            )
            participant_scores_save(
                participant=participant,
                scores=[
                    (
                        initiative_id,
                        c,
                        min(
                            5,
                            max(
                                1,
                                round(
                                    3
                                    + quality[initiative_id]
                                    + leaning[c.pk]
                                    + rng.gauss(0, 0.7)
                                ),
                            ),
                        ),
                    )
                    for initiative_id in participant_assignment(participant, ids)
                    for c in criteria
                ],
            )
            if number % 3 == 0:
                points = [rng.randint(5, 40) for _ in criteria]
                points[-1] += 100 - sum(points)
                if points[-1] < 0:
                    points = [20] * len(criteria)
                participant_set_weights(
                    participant=participant,
                    points={c.pk: p for c, p in zip(criteria, points, strict=True)},
                )
        round_close(actor=facilitator, round=round_)
        round_publish(actor=facilitator, round=round_, published=True)
        _demo_scenario(accounts, round_)
    if stdout:
        stdout.write(
            f"Kansrijkheid: ronde '{TITLE}' met {n} initiatieven en {PARTICIPANTS} "
            "fictieve deelnemers geladen."
        )
    return round_


def _demo_scenario(accounts, round_: Round) -> None:
    if Scenario.objects.filter(title=SCENARIO_TITLE).exists():
        return
    actor = accounts["gemeente"].user if "gemeente" in accounts else round_.facilitator
    density = Variable.objects.filter(key__startswith="Bevolkingsdichtheid").order_by(
        "-year"
    )
    indicators = [
        {"variable": v.pk, "direction": 1, "weight": 1.0, "problem": "drukte"}
        for v in density[:1]
    ]
    scenario_create(
        actor=actor,
        title=SCENARIO_TITLE,
        level=Scenario.Level.WIJK,
        indicators=indicators,
        round=round_,
        kansrijkheid_weight=2.0,
        k=7,
        min_distinct_problems=None,
        max_per_group=2,
    )
