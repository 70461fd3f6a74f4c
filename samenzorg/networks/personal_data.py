"""What the networks app holds about a person: actors on network maps whose name or
contact details are hers (a key person, found by her e-mail address or name), their
questionnaire answers, and the maps she made (see ``core.gdpr``).

After an erasure the actor stays on the map with its ties, as a key person shown by
role and organisation only; a map she made stays, without its maker.
"""

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from samenzorg.core.gdpr import (
    Erasure,
    blank_everywhere,
    field_record,
    section,
)

from .models import Actor, NetworkMap

COVERS = ["networks.actor", "networks.networkmap", "networks.questionnaireanswer"]


def _actors(user):
    query = Q(contact__icontains=user.email)
    for name in {user.display_name, user.get_full_name()}:
        if name.strip():
            query |= Q(name__iexact=name.strip())
    return Actor.objects.filter(query)


def export(user) -> dict:
    actors = (
        _actors(user)
        .select_related("network")
        .annotate(answers=Count("questionnaire_answers"))
        .order_by("network__name", "id")
    )
    return section(
        _("Network maps"),
        [
            field_record(
                actor,
                ["name", "role", "organisation", "contact", "consent"],
                kind=_("person on a network map"),
                **{
                    _("Network map"): str(actor.network),
                    _("Notes"): actor.notes,
                    _("Questionnaire answers"): actor.answers,
                },
            )
            for actor in actors
        ]
        + [
            field_record(
                network,
                ["name", "scope", "is_published"],
                kind=_("network map you made"),
                **{_("Made on"): network.created_at},
            )
            for network in NetworkMap.objects.filter(created_by=user).order_by("name")
        ],
    )


def erase(user, erasure: Erasure) -> dict:
    actors = list(_actors(user))
    for actor in actors:
        erasure.forget(actor.name, actor.contact)
    for actor in actors:
        actor.name = ""
        actor.contact = ""
        actor.consent = False
        # Shown by its role from now on, never by a name.
        actor.is_key_person = True
    Actor.objects.bulk_update(actors, ["name", "contact", "consent", "is_key_person"])
    maps = {actor.network_id for actor in actors}
    blank_everywhere(
        Actor.objects.filter(network_id__in=maps), ["notes"], erasure.forgotten
    )
    # What is shown of the maps changed: pages and exports made from them are stale.
    NetworkMap.objects.filter(pk__in=maps).update(version=F("version") + 1)
    return {
        "actors_made_anonymous": len(actors),
        "maps_kept": NetworkMap.objects.filter(created_by=user).update(created_by=None),
    }
