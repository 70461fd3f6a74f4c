"""What the initiatives app holds about a person: the initiatives she owns and the
contact details given for them (see ``core.gdpr``).

An initiative is a public record of the neighbourhood and stays after an erasure. Its
contact details are blanked when they are hers: her e-mail address or name, or an
initiative she owns alone. She stops being an owner; an initiative left without owners
goes to the stand-in account, so that municipal staff can still manage it.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samenzorg.core.gdpr import Erasure, blank_everywhere, field_record, section

from .models import Initiative
from .selectors import bump_list_version

COVERS = ["initiatives.initiative"]

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


def _names(user) -> list[str]:
    return [n for n in {user.display_name, user.get_full_name()} if n.strip()]


def _contact_is(user) -> Q:
    query = Q(contact_email__iexact=user.email)
    for name in _names(user):
        query |= Q(contact_name__iexact=name)
    return query


def _initiatives(user):
    return Initiative.objects.filter(Q(owners=user) | _contact_is(user)).distinct()


def export(user) -> dict:
    owned = set(user.initiatives_owned.values_list("pk", flat=True))
    return section(
        _("Initiatives"),
        [
            field_record(
                initiative,
                [
                    "name",
                    "status",
                    *CONTACT_FIELDS,
                    "website",
                    "review_note",
                    "created_at",
                ],
                kind=_("initiative"),
                **{_("You are an owner"): initiative.pk in owned},
            )
            for initiative in _initiatives(user).order_by("name", "id")
        ],
    )


def erase(user, erasure: Erasure) -> dict:
    blanked = ownerships = handed_over = 0
    touched = []
    for initiative in _initiatives(user).prefetch_related("owners"):
        touched.append(initiative.pk)
        owners = {owner.pk for owner in initiative.owners.all()}
        alone = owners == {user.pk}
        contact_matches = (
            initiative.contact_email.lower() == user.email.lower()
            or initiative.contact_name.strip().lower()
            in {n.strip().lower() for n in _names(user)}
        )
        if alone or contact_matches:
            erasure.forget(*(getattr(initiative, f) for f in CONTACT_FIELDS))
            Initiative.objects.filter(pk=initiative.pk).update(
                **dict.fromkeys(CONTACT_FIELDS, "")
            )
            blanked += 1
        if user.pk in owners:
            initiative.owners.remove(user)
            ownerships += 1
            if alone:
                initiative.owners.add(erasure.stand_in)
                handed_over += 1
    # The municipality's note on a check may name her.
    blank_everywhere(
        Initiative.objects.filter(pk__in=touched),
        ["review_note"],
        erasure.forgotten,
    )
    transaction.on_commit(bump_list_version)
    return {
        "contact_details_blanked": blanked,
        "ownerships_ended": ownerships,
        "handed_to_stand_in": handed_over,
        "initiatives_kept": ownerships,
    }
