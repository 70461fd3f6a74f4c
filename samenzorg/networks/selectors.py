"""Reading network maps: what a user may see, the map's data and its analysis."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from samenzorg.accounts.models import Role
from samenzorg.core.access import get_or_404
from samenzorg.core.roles import role_area_q
from samenzorg.core.rules import is_beheerder

from . import algorithms
from .models import Actor, ActorType, NetworkMap, QuestionnaireAnswer, Tie, TieKind

# From this many actors a map is analysed by a background task after a change (about
# 0.1 s of analysis below it; 2,000 actors take a second or more).
ANALYSIS_IN_BACKGROUND_FROM = 300


def _base() -> QuerySet[NetworkMap]:
    return NetworkMap.objects.select_related(
        "area", "area__parent", "area__parent__parent", "area__parent__parent__parent"
    )


def _count(model):
    # A subquery per count: two joined Counts would multiply actors by ties.
    return Coalesce(
        Subquery(
            model.objects.filter(network=OuterRef("pk"))
            .order_by()
            .values("network")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def network_map_list(*, user) -> QuerySet[NetworkMap]:
    """The maps ``user`` may see, with ``actor_count`` and ``tie_count``."""
    return (
        network_map_visible(user=user)
        .defer("analysis")
        .annotate(actor_count=_count(Actor), tie_count=_count(Tie))
    )


def network_map_visible(*, user) -> QuerySet[NetworkMap]:
    """The maps ``user`` may see: twin of the rule ``networks.view_networkmap``."""
    qs = _base()
    if is_beheerder(user):
        return qs
    return qs.filter(
        Q(is_published=True)
        | role_area_q(user, Role.PROCESBEGELEIDER, "area_id")
        | role_area_q(user, Role.GEMEENTE, "area_id")
    )


def network_map_get(*, user, pk) -> NetworkMap:
    return get_or_404(network_map_visible(user=user), pk=pk)


def actor_list(*, network_map: NetworkMap) -> QuerySet[Actor]:
    return network_map.actors.select_related("initiative").order_by("name", "id")


def tie_list(
    *, network_map: NetworkMap, at: datetime.date | None = None
) -> QuerySet[Tie]:
    """The ties of a map; with ``at``, those that existed on that date."""
    qs = network_map.ties.select_related("source_actor", "target_actor")
    if at is not None:
        qs = qs.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=at),
            Q(ended_on__isnull=True) | Q(ended_on__gt=at),
        )
    return qs


def pending_answers(*, network_map: NetworkMap) -> QuerySet[QuestionnaireAnswer]:
    return QuestionnaireAnswer.objects.filter(
        respondent__network=network_map, status=QuestionnaireAnswer.Status.PENDING
    ).select_related("respondent", "partner")


def _edge_list(ties) -> list[tuple[str, str, int]]:
    return [(str(t[0]), str(t[1]), t[2]) for t in ties]


def _analyse_rows(network_map, actor_ids, tie_rows):
    return algorithms.analyse(
        [str(a) for a in actor_ids], _edge_list(tie_rows), seed=network_map.seed
    )


def _is_current(network_map: NetworkMap, today: datetime.date) -> bool:
    """Whether the stored analysis still describes the map today.

    It is stale after any change (the version) and when a tie started or ended since
    the day it was computed for; a new day without such a tie only moves its date.
    """
    analysis = network_map.analysis
    if analysis is None or network_map.analysis_version != network_map.version:
        return False
    as_of = analysis.get("as_of")
    if as_of == today.isoformat():
        return True
    if as_of is None:
        return False
    since = datetime.date.fromisoformat(as_of)
    if network_map.ties.filter(
        Q(started_on__gt=since, started_on__lte=today)
        | Q(ended_on__gt=since, ended_on__lte=today)
    ).exists():
        return False
    analysis["as_of"] = today.isoformat()
    NetworkMap.objects.filter(pk=network_map.pk, version=network_map.version).update(
        analysis=analysis
    )
    return True


def network_map_analysis(*, network_map: NetworkMap) -> dict[str, Any]:
    """The stored analysis of the map as it is today (ties that have not started yet
    or have ended do not count); ``network_map.analysis_current`` says whether it is
    up to date.

    Every change through ``services`` has it analysed again after its commit: a small
    map at once, a large one by a background task. A read never analyses a large map:
    while its analysis is out of date (a change whose run has not finished, a tie that
    started or ended since) it returns the last stored figures, marked not current,
    and queues a run if none is waiting or running. A small map without a stored analysis (data
    written around the services, such as a bulk load) is analysed here, once.
    """
    today = timezone.localdate()
    network_map.analysis_current = True
    if _is_current(network_map, today):
        return network_map.analysis
    # The write path (or another request) may have stored it since this was loaded.
    stored = (
        NetworkMap.objects.filter(pk=network_map.pk)
        .values("version", "analysis", "analysis_version")
        .first()
    )
    if stored is not None:
        network_map.version = stored["version"]
        network_map.analysis = stored["analysis"]
        network_map.analysis_version = stored["analysis_version"]
        if _is_current(network_map, today):
            return network_map.analysis
    if not analysis_in_background(network_map=network_map):
        return network_map_analyse(network_map=network_map)
    from .tasks import network_map_analysis_ensure

    network_map_analysis_ensure(network_map=network_map)
    network_map.analysis_current = False
    return network_map.analysis or _empty_analysis(network_map)


def analysis_is_current(*, network_map: NetworkMap) -> bool:
    """Whether the stored analysis describes the map as it is today."""
    return _is_current(network_map, timezone.localdate())


def analysis_in_background(*, network_map: NetworkMap) -> bool:
    """Whether the map is large enough to be analysed by a background task."""
    return network_map.actors.count() >= ANALYSIS_IN_BACKGROUND_FROM


def _empty_analysis(network_map: NetworkMap) -> dict[str, Any]:
    """Figures for a large map that has never been analysed: nothing yet."""
    return {
        "actors": {},
        "communities": [],
        "modularity": 0.0,
        "components": 0,
        "largest_component_share": 0.0,
        "density": 0.0,
        "n_actors": 0,
        "n_ties": 0,
        "cut_points": [],
        "brokers": [],
        "contacts": [],
        "contacts_method": "greedy",
        "suggested_ties": [],
        "approximate": False,
        "betweenness_samples": 0,
        "seed": network_map.seed,
        "fragmentation": {"counts": [], "missing": []},
        "as_of": None,
        "placeholder": True,
    }


def network_map_analyse(*, network_map: NetworkMap) -> dict[str, Any]:
    """Analyse the map as it is today and store the result on it, unless it changed
    meanwhile (then the run for that change stores its own)."""
    today = timezone.localdate()
    version = (
        NetworkMap.objects.filter(pk=network_map.pk)
        .values_list("version", flat=True)
        .first()
    )
    if version is None:
        return _empty_analysis(network_map)
    network_map.version = version
    actor_ids = list(network_map.actors.values_list("pk", flat=True))
    tie_rows = list(
        tie_list(network_map=network_map, at=today).values_list(
            "source_actor_id", "target_actor_id", "strength"
        )
    )
    result = _analyse_rows(network_map, actor_ids, tie_rows)
    result["suggested_ties"] = [list(p) for p in result["suggested_ties"]]
    result["fragmentation"] = _fragmentation(network_map, tie_rows)
    result["as_of"] = today.isoformat()
    result["computed_at"] = timezone.now().isoformat()
    NetworkMap.objects.filter(pk=network_map.pk, version=network_map.version).update(
        analysis=result, analysis_version=network_map.version
    )
    network_map.analysis = result
    network_map.analysis_version = network_map.version
    network_map.analysis_current = True
    return result


def _fragmentation(network_map, tie_rows) -> dict[str, Any]:
    types = dict(network_map.actors.values_list("pk", "type"))
    result = algorithms.type_fragmentation(
        {str(k): v for k, v in types.items()}, _edge_list(tie_rows)
    )
    return {
        "counts": [[a, b, n] for (a, b), n in sorted(result["counts"].items())],
        "missing": [list(p) for p in result["missing"]],
    }


def network_map_at(*, network_map: NetworkMap, at: datetime.date) -> dict[str, Any]:
    """The network as it was on ``at``, analysed.

    Ties count by their dates. The actors are those that existed then: added to the
    map on or before ``at``, or at either end of a tie that ran on ``at`` (an import
    adds old ties with their dates, but their actors with today's date). An actor
    added later without such a tie is left out; a date before everything gives an
    empty network.
    """
    tie_rows = list(
        tie_list(network_map=network_map, at=at).values_list(
            "source_actor_id", "target_actor_id", "strength"
        )
    )
    known = set(
        network_map.actors.filter(created_at__date__lte=at).values_list("pk", flat=True)
    )
    known.update(t[0] for t in tie_rows)
    known.update(t[1] for t in tie_rows)
    actor_ids = sorted(known)
    analysis = _analyse_rows(network_map, actor_ids, tie_rows)
    return {
        "actors": [str(a) for a in actor_ids],
        "ties": [(str(a), str(b)) for a, b, _ in tie_rows],
        "communities": analysis["communities"],
        "analysis": analysis,
    }


def network_map_compare(
    *, network_map: NetworkMap, first: datetime.date, second: datetime.date
) -> dict[str, Any]:
    before = network_map_at(network_map=network_map, at=first)
    after = network_map_at(network_map=network_map, at=second)
    result = algorithms.compare_snapshots(before, after)
    names = {str(a.pk): a.public_name for a in network_map.actors.all()}
    return {
        "new_ties": [(names.get(a, a), names.get(b, b)) for a, b in result["new_ties"]],
        "lost_ties": [
            (names.get(a, a), names.get(b, b)) for a, b in result["lost_ties"]
        ],
        "changed_cluster": [names.get(a, a) for a in result["changed_cluster"]],
        "communities_before": result["communities_before"],
        "communities_after": result["communities_after"],
        "components_before": before["analysis"]["components"],
        "components_after": after["analysis"]["components"],
    }


def actor_label(actor: Actor, *, personal: bool) -> str:
    if actor.is_key_person and personal and actor.consent and actor.name:
        return f"{actor.name} – {actor.public_name}"
    return actor.public_name


def map_rows(
    *, network_map: NetworkMap, personal: bool
) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """Actors with their figures, ties, and the analysis: what the page and API show.

    Two queries plus the cached analysis; key persons' names only when ``personal``.
    """
    analysis = network_map_analysis(network_map=network_map)
    figures = analysis["actors"]
    contacts = set(analysis["contacts"])
    types = {value: str(label) for value, label in ActorType.choices}
    key_person = str(_("Key person"))
    actors = []
    columns = (
        "pk",
        "key",
        "name",
        "type",
        "is_key_person",
        "role",
        "organisation",
        "contact",
        "consent",
        "initiative_id",
        "is_fictional",
    )
    for values in network_map.actors.order_by("name", "id").values_list(*columns):
        pk, key, name, kind, is_person, role, organisation, contact, consent = values[
            :9
        ]
        if is_person:
            label = role or key_person
            if organisation:
                label = f"{label} ({organisation})"
            if personal and consent and name:
                label = f"{name} – {label}"
        else:
            label = name
        f = figures.get(str(pk), {})
        constraint = f.get("constraint")
        row = {
            "id": pk,
            "key": key,
            "label": label,
            "type": kind,
            "type_label": types.get(kind, kind),
            "key_person": is_person,
            "initiative_id": values[9],
            "fictional": values[10],
            "degree": f.get("degree", 0),
            "betweenness": round(f.get("betweenness", 0.0), 4),
            "pagerank": round(f.get("pagerank", 0.0), 4),
            "constraint": None if constraint is None else round(constraint, 3),
            "community": f.get("community", 0),
            "cut_point": f.get("cut_point", False),
            "broker": f.get("broker", False),
            "contact_point": str(pk) in contacts,
        }
        if personal and is_person and consent:
            row["contact"] = contact
        actors.append(row)
    kinds = {value: str(label) for value, label in TieKind.choices}
    fields = (
        "id",
        "source_actor_id",
        "target_actor_id",
        "kind",
        "strength",
        "directed",
        "is_fictional",
        "started_on",
    )
    ties = [
        {
            "id": t[0],
            "source": t[1],
            "target": t[2],
            "kind": t[3],
            "kind_label": kinds.get(t[3], t[3]),
            "strength": t[4],
            "directed": t[5],
            "fictional": t[6],
            "started_on": t[7].isoformat() if t[7] else None,
        }
        for t in network_map.ties.order_by("id").values_list(*fields)
    ]
    return actors, ties, analysis


# The map page's JSON: rows as arrays under one list of column names, and each type
# and kind named once, so 2,000 actors with 6,000 ties stay a few hundred kilobytes.
PAGE_ACTOR_COLUMNS = (
    "id",
    "key",
    "label",
    "type",
    "key_person",
    "fictional",
    "degree",
    "betweenness",
    "pagerank",
    "constraint",
    "community",
    "cut_point",
    "broker",
    "contact_point",
    "contact",
)
PAGE_TIE_COLUMNS = ("source", "target", "kind", "strength", "directed")
_FLAGS = {"key_person", "fictional", "cut_point", "broker", "contact_point"}


def map_page_rows(actors: list[dict], ties: list[dict]) -> dict[str, Any]:
    """``map_rows``' actors and ties in the compact form that networkmap.js reads."""

    def cell(actor, column):
        value = actor.get(column)
        return int(value) if column in _FLAGS else value

    return {
        "types": {value: str(label) for value, label in ActorType.choices},
        "kinds": {value: str(label) for value, label in TieKind.choices},
        "actor_columns": PAGE_ACTOR_COLUMNS,
        "actors": [[cell(a, c) for c in PAGE_ACTOR_COLUMNS] for a in actors],
        "tie_columns": PAGE_TIE_COLUMNS,
        "ties": [
            [t["source"], t["target"], t["kind"], t["strength"], int(t["directed"])]
            for t in ties
        ],
    }


def map_summary(analysis: dict[str, Any], actors: list[dict]) -> dict[str, Any]:
    """Names for the analysis panel: contacts, brokers, cut points, suggestions."""
    by_id = {str(a["id"]): a for a in actors}

    def names(ids):
        return [by_id[i]["label"] for i in ids if i in by_id]

    types = dict(ActorType.choices)
    computed_at = analysis.get("computed_at")
    return {
        "computed_at": datetime.datetime.fromisoformat(computed_at)
        if computed_at
        else None,
        "contacts": names(analysis["contacts"]),
        "brokers": names(analysis["brokers"]),
        "cut_points": names(analysis["cut_points"]),
        "suggested_ties": [
            (by_id[a]["label"], by_id[b]["label"])
            for a, b in analysis["suggested_ties"]
            if a in by_id and b in by_id
        ],
        "missing_type_ties": [
            (str(types.get(a, a)), str(types.get(b, b)))
            for a, b in analysis.get("fragmentation", {}).get("missing", [])
        ],
        "community_count": len(analysis["communities"]),
    }
