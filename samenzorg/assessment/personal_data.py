"""What the assessment app holds about a person: the rounds she joined with her
account (name, weights, scores), the rounds she leads and the area scenarios she saved
(see ``core.gdpr``).

After an erasure her scores still count in the results, under a participant without a
name, account or link; a round she led goes to the stand-in account.
"""

from django.db.models import Count
from django.utils.translation import gettext as _

from samenzorg.core.gdpr import Erasure, field_record, label, records, section

from .models import Criterion, Participant, Round, Scenario, Score, new_token

COVERS = ["assessment.participant", "assessment.round", "assessment.scenario"]

ERASED_PARTICIPANT = "Verwijderde deelnemer"


def export(user) -> dict:
    participations = (
        Participant.objects.filter(user=user)
        .select_related("round")
        .annotate(score_count=Count("scores"))
        .order_by("created_at", "id")
    )
    return section(
        _("Assessment rounds"),
        [
            field_record(
                participant,
                ["name", "organisation_kind"],
                kind=_("participation in an assessment round"),
                **{
                    _("Assessment round"): str(participant.round),
                    _("Joined on"): participant.created_at,
                    label(Participant, "weights"): _division(participant),
                    _("Number of scores"): participant.score_count,
                    _("Scores"): _scores(participant),
                },
            )
            for participant in participations
        ]
        + records(
            Round.objects.filter(facilitator=user).order_by("date", "id"),
            ["title", "date", "status"],
            _("assessment round you lead"),
        )
        + [
            field_record(
                scenario,
                ["title", "level"],
                kind=_("area scenario you saved"),
                **{_("Saved on"): scenario.created_at},
            )
            for scenario in Scenario.objects.filter(created_by=user).order_by(
                "created_at"
            )
        ],
    )


def _division(participant) -> dict | None:
    """Her division of 100 points by the criteria's names (stored by their number)."""
    if not participant.weights:
        return None
    names = {
        str(criterion.pk): criterion.name
        for criterion in Criterion.objects.filter(round_id=participant.round_id)
    }
    return {
        names.get(key, _("criterion that was removed")): points
        for key, points in participant.weights.items()
    }


def _scores(participant) -> list[str]:
    scores = Score.objects.filter(participant=participant).select_related(
        "initiative", "criterion"
    )
    return [
        f"{s.initiative} – {s.criterion}: {s.value}"
        for s in scores.order_by("initiative__name", "criterion__position")
    ]


def erase(user, erasure: Erasure) -> dict:
    participants = list(Participant.objects.filter(user=user))
    for participant in participants:
        erasure.forget(participant.name)
        participant.name = ERASED_PARTICIPANT
        participant.user = None
        # A new token: links and cookies of the old one no longer find it.
        participant.token = new_token()
    Participant.objects.bulk_update(participants, ["name", "user", "token"])
    return {
        "participants_made_anonymous": len(participants),
        "scores_kept": Score.objects.filter(participant__in=participants).count(),
        "rounds_handed_to_stand_in": Round.objects.filter(facilitator=user).update(
            facilitator=erasure.stand_in
        ),
        "scenarios_kept": Scenario.objects.filter(created_by=user).update(
            created_by=None
        ),
    }
