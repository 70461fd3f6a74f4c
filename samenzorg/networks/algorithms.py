"""Social network analysis for network maps, as pure functions.

No Django here: the functions take plain lists and dicts and return plain data, so they
can be tested with hypothesis and benchmarked alone. The heavy work is done by igraph
(C); networkx only serves as the reference in the tests and for GraphML.

The main entry is :func:`analyse`. The graph is undirected and simple: a tie listed
twice (in either direction) counts once for degree and paths, and its weights add up;
ties of an actor with itself are ignored.
"""

from __future__ import annotations

import heapq
import math
import multiprocessing
import os
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import combinations
from typing import Any

import igraph
import numpy as np
from scipy import sparse

# From this many actors exact betweenness is split over the processor's cores.
PARALLEL_BETWEENNESS_FROM = 1000
# At most this many suggested ties are returned.
MAX_SUGGESTED_TIES = 25
# At most this many brokers are named.
MAX_BROKERS = 15


def _prepare(actors: Sequence[str], ties: Iterable[Sequence[Any]]):
    """Index the actors and merge the ties into a simple weighted edge list."""
    ids: list[str] = []
    index: dict[str, int] = {}
    for actor in actors:
        key = str(actor)
        if key not in index:
            index[key] = len(ids)
            ids.append(key)
    weights: dict[tuple[int, int], float] = {}
    for tie in ties:
        if len(tie) not in (2, 3):
            raise ValueError(f"A tie has two actors and an optional weight: {tie!r}")
        a, b = str(tie[0]), str(tie[1])
        if a not in index or b not in index:
            missing = a if a not in index else b
            raise ValueError(f"Tie with an unknown actor: {missing!r}")
        weight = float(tie[2]) if len(tie) == 3 and tie[2] is not None else 1.0
        if weight <= 0 or math.isnan(weight):
            raise ValueError(f"A tie's weight must be positive: {tie!r}")
        i, j = index[a], index[b]
        if i == j:
            continue
        key = (i, j) if i < j else (j, i)
        weights[key] = weights.get(key, 0.0) + weight
    edges = list(weights)
    return ids, index, edges, [weights[e] for e in edges]


def _betweenness_from(graph: igraph.Graph, sources: list[int]) -> list[float]:
    return graph.betweenness(directed=False, sources=sources, targets=None)


def _exact_raw_betweenness(graph: igraph.Graph) -> list[float]:
    """igraph's exact betweenness, its sources split over the cores for large graphs.

    On an undirected graph igraph halves what it sums from a subset of sources, so the
    parts of a partition of all actors add up to the call with every source.
    """
    n = graph.vcount()
    workers = min(os.cpu_count() or 1, 8)
    if n < PARALLEL_BETWEENNESS_FROM or workers < 2:
        return graph.betweenness(directed=False)
    # Every worker-th actor: the parts cost about the same.
    parts = [list(range(start, n, workers)) for start in range(workers)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = list(pool.map(_betweenness_from, [graph] * workers, parts))
    return [math.fsum(values) for values in zip(*results, strict=True)]


def _betweenness(graph: igraph.Graph) -> tuple[list[float], bool, int]:
    """Exact betweenness, normalised as networkx ``betweenness_centrality`` defaults.

    networkx counts every ordered pair on an undirected graph and divides by
    ``(n-1)(n-2)``; igraph counts each unordered pair once, hence the factor 2. Exact at
    every size: the brokers a facilitator needs are the true top, not a sample's.
    Returns the values, ``False`` (never approximate) and the number of sources.
    """
    n = graph.vcount()
    if n <= 2 or graph.ecount() == 0:
        return [0.0] * n, False, n
    scale = 2.0 / ((n - 1) * (n - 2))
    return [value * scale for value in _exact_raw_betweenness(graph)], False, n


def _communities(graph: igraph.Graph, weights: list[float], seed: int) -> list[int]:
    """Louvain (igraph multilevel), seeded, with labels numbered by size."""
    n = graph.vcount()
    if graph.ecount() == 0:
        membership = list(range(n))
    else:
        igraph.set_random_number_generator(random.Random(seed))  # noqa: S311
        try:
            membership = graph.community_multilevel(weights=weights).membership
        finally:
            igraph.set_random_number_generator(random)
    # Number the communities: largest first, ties broken by their first actor.
    first: dict[int, int] = {}
    sizes: Counter[int] = Counter(membership)
    for position, label in enumerate(membership):
        first.setdefault(label, position)
    order = sorted(sizes, key=lambda label: (-sizes[label], first[label]))
    relabel = {label: number for number, label in enumerate(order)}
    return [relabel[label] for label in membership]


def burt_constraint(n: int, edges: list[tuple[int, int]], weights: list[float]):
    """Burt's constraint for every actor, with sparse matrices.

    ``c_i = sum_j (p_ij + sum_q p_iq p_qj)^2`` over the neighbours ``j`` of ``i``, with
    ``p_ij`` the share of ``i``'s tie weight going to ``j`` (as networkx ``constraint``).
    Isolated actors get ``None`` (networkx gives NaN).
    """
    if n == 0:
        return []
    if not edges:
        return [None] * n
    rows = np.array([e[0] for e in edges] + [e[1] for e in edges])
    cols = np.array([e[1] for e in edges] + [e[0] for e in edges])
    data = np.array(list(weights) * 2, dtype=float)
    w = sparse.csr_matrix((data, (rows, cols)), shape=(n, n))
    strength = np.asarray(w.sum(axis=1)).ravel()
    inverse = np.divide(1.0, strength, out=np.zeros_like(strength), where=strength > 0)
    p = sparse.diags(inverse) @ w
    mask = p.copy()
    mask.data[:] = 1.0
    indirect = (p @ p).multiply(mask)
    local = (p + indirect).tocsr()
    local.data **= 2
    totals = np.asarray(local.sum(axis=1)).ravel()
    return [float(totals[i]) if strength[i] > 0 else None for i in range(n)]


def _greedy_contacts(
    neighbours: list[list[int]], membership: list[int], priority: list[tuple]
) -> list[int]:
    """Greedy set cover: each actor covers its own and its neighbours' communities.

    Lazy greedy with a heap; ties go to the actor with the highest ``priority``. The
    result is at most ``H(max cover)`` times the smallest possible set.
    """
    covers = [
        {membership[i]} | {membership[j] for j in neighbours[i]}
        for i in range(len(membership))
    ]
    uncovered = set(membership)
    heap = [(-len(covers[i]), priority[i], i) for i in range(len(membership))]
    heapq.heapify(heap)
    chosen: list[int] = []
    while uncovered and heap:
        negative_gain, rank, i = heapq.heappop(heap)
        gain = len(covers[i] & uncovered)
        if gain == 0:
            continue
        if gain < -negative_gain:
            heapq.heappush(heap, (-gain, rank, i))
            continue
        chosen.append(i)
        uncovered -= covers[i]
    return chosen


def _suggested_ties(
    membership: list[int],
    components: list[list[int]],
    edge_set: set[tuple[int, int]],
    centrality: list[float],
) -> list[tuple[int, int]]:
    """Ties that would join separate components, then unlinked clusters.

    Each component other than the largest is joined to the largest one through the most
    central actor of each side. When the network is connected, clusters of at least two
    actors without any tie between them are joined through their most central actors,
    larger pairs first.
    """

    def most_central(members: Iterable[int]) -> int:
        return max(members, key=lambda i: (centrality[i], -i))

    suggestions: list[tuple[int, int]] = []
    if len(components) > 1:
        ordered = sorted(components, key=lambda c: (-len(c), min(c)))
        hub = most_central(ordered[0])
        for component in ordered[1:]:
            if len(suggestions) >= MAX_SUGGESTED_TIES:
                break
            suggestions.append((most_central(component), hub))
        return suggestions

    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(membership):
        groups[label].append(i)
    linked = {
        (min(membership[a], membership[b]), max(membership[a], membership[b]))
        for a, b in edge_set
        if membership[a] != membership[b]
    }
    labels = sorted(label for label, members in groups.items() if len(members) >= 2)
    pairs = [
        (a, b)
        for a, b in combinations(labels, 2)
        if (a, b) not in linked  # labels are sorted, so a < b
    ]
    pairs.sort(key=lambda p: (-len(groups[p[0]]) * len(groups[p[1]]), p))
    for a, b in pairs[:MAX_SUGGESTED_TIES]:
        suggestions.append((most_central(groups[a]), most_central(groups[b])))
    return suggestions


def analyse(actors, ties, seed=0):
    """Analyse an undirected network of actors and ties.

    ``actors``: ids (str); ``ties``: ``(a, b)`` or ``(a, b, weight)``. Returns a dict:

    - ``actors``: id -> ``degree`` (distinct neighbours), ``betweenness`` (unweighted
      shortest paths, normalised as networkx ``betweenness_centrality`` defaults),
      ``pagerank`` (weighted, sums to 1), ``constraint`` (Burt; ``None`` when isolated),
      ``community`` (index in ``communities``), ``component`` (index in the components,
      largest first), ``cut_point`` (removing it splits its component), ``broker``;
    - ``communities``: lists of ids, each actor once (Louvain on the weighted graph,
      igraph multilevel with a ``random.Random(seed)`` generator: the same input and
      seed give the same result), numbered largest first; ``modularity``;
    - ``components``, ``largest_component_share``, ``density`` (as networkx);
    - ``cut_points`` and ``brokers``: ids, brokers are actors with betweenness above
      zero and at least the mean, and constraint at most the median, highest
      betweenness first;
    - ``contacts`` (aanknopingspunten): a small set of actors such that every community
      has a member in the set or next to it, found by **greedy** set cover (not always
      the smallest possible, at most a logarithmic factor larger); ``contacts_method``;
    - ``suggested_ties``: ``(a, b)`` pairs that would join separate components, or when
      the network is connected, clusters without any tie between them;
    - ``approximate``: always ``False`` now that betweenness is exact at every size
      (kept for stored analyses and the API), with ``betweenness_samples`` (= ``n``).
    """
    ids, _index, edges, weights = _prepare(actors, ties)
    n = len(ids)
    graph = igraph.Graph(n=n, edges=edges, directed=False)

    degree = graph.degree()
    betweenness, approximate, samples = _betweenness(graph)
    if n and edges:
        pagerank = graph.pagerank(weights=weights, directed=False)
    else:
        pagerank = [1.0 / n] * n if n else []
    membership = _communities(graph, weights, seed)
    n_communities = max(membership) + 1 if membership else 0
    modularity = float(graph.modularity(membership, weights=weights)) if edges else 0.0

    component_lists = [list(c) for c in graph.connected_components()] if n else []
    component_lists.sort(key=lambda c: (-len(c), min(c)))
    component_of = [0] * n
    for number, members in enumerate(component_lists):
        for i in members:
            component_of[i] = number
    largest = len(component_lists[0]) if component_lists else 0
    density = 2.0 * len(edges) / (n * (n - 1)) if n > 1 else 0.0

    cut = set(graph.articulation_points()) if edges else set()
    constraint = burt_constraint(n, edges, weights)

    known = sorted(c for c in constraint if c is not None)
    median = known[len(known) // 2] if known else 0.0
    mean_betweenness = sum(betweenness) / n if n else 0.0
    broker_ids = sorted(
        (
            i
            for i in range(n)
            if betweenness[i] > 0
            and betweenness[i] >= mean_betweenness
            and constraint[i] is not None
            and constraint[i] <= median
        ),
        key=lambda i: (-betweenness[i], i),
    )[:MAX_BROKERS]
    brokers = set(broker_ids)

    neighbours = graph.get_adjlist()
    priority = [(-degree[i], -betweenness[i], i) for i in range(n)]
    contacts = _greedy_contacts(neighbours, membership, priority)
    centrality = [pagerank[i] + betweenness[i] for i in range(n)]
    suggestions = _suggested_ties(membership, component_lists, set(edges), centrality)

    communities: list[list[str]] = [[] for _ in range(n_communities)]
    for i, label in enumerate(membership):
        communities[label].append(ids[i])

    result_actors = {
        ids[i]: {
            "degree": int(degree[i]),
            "betweenness": float(betweenness[i]),
            "pagerank": float(pagerank[i]),
            "constraint": constraint[i],
            "community": int(membership[i]),
            "component": component_of[i],
            "cut_point": i in cut,
            "broker": i in brokers,
        }
        for i in range(n)
    }
    return {
        "actors": result_actors,
        "communities": communities,
        "modularity": modularity,
        "components": len(component_lists),
        "largest_component_share": largest / n if n else 0.0,
        "density": density,
        "n_actors": n,
        "n_ties": len(edges),
        "cut_points": [ids[i] for i in sorted(cut)],
        "brokers": [ids[i] for i in broker_ids],
        "contacts": [ids[i] for i in contacts],
        "contacts_method": "greedy",
        "suggested_ties": [(ids[a], ids[b]) for a, b in suggestions],
        "approximate": approximate,
        "betweenness_samples": samples,
        "community_method": "louvain (igraph multilevel)",
        "seed": seed,
    }


def type_fragmentation(
    actor_types: Mapping[str, str], ties: Iterable[Sequence[Any]]
) -> dict[str, Any]:
    """Ties between actor types, and the pairs of types with no tie at all.

    ``actor_types``: id -> type. Returns ``counts`` (``{(type_a, type_b): ties}`` with
    ``type_a <= type_b``) and ``missing``: pairs of different types present in the
    network with no tie between them (e.g. care providers and residents'
    initiatives), sorted.
    """
    counts: Counter[tuple[str, str]] = Counter()
    seen: set[tuple[str, str]] = set()
    for tie in ties:
        a, b = str(tie[0]), str(tie[1])
        if a == b or a not in actor_types or b not in actor_types:
            continue
        key = (a, b) if a < b else (b, a)
        if key in seen:
            continue
        seen.add(key)
        ta, tb = actor_types[a], actor_types[b]
        counts[(ta, tb) if ta <= tb else (tb, ta)] += 1
    types = sorted(set(actor_types.values()))
    missing = [(a, b) for a, b in combinations(types, 2) if counts[(a, b)] == 0]
    return {"counts": dict(counts), "missing": missing, "types": types}


def _tie_key(tie: Sequence[Any]) -> tuple[str, str]:
    a, b = str(tie[0]), str(tie[1])
    return (a, b) if a <= b else (b, a)


def compare_snapshots(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, Any]:
    """Compare the network at two dates.

    Each snapshot is ``{"actors": [ids], "ties": [(a, b), ...], "communities": [[ids]]}``
    (``communities`` as returned by :func:`analyse`). Returns new and lost actors and
    ties, and the actors that changed cluster. Cluster numbers differ between two
    analyses, so each cluster after is matched with the cluster before that shares the
    most actors (Jaccard); an actor changed cluster when its cluster after is matched
    with another cluster than the one it was in.
    """
    ties_before = {_tie_key(t) for t in before.get("ties", []) if t[0] != t[1]}
    ties_after = {_tie_key(t) for t in after.get("ties", []) if t[0] != t[1]}
    actors_before = {str(a) for a in before.get("actors", [])}
    actors_after = {str(a) for a in after.get("actors", [])}

    old = [set(map(str, c)) for c in before.get("communities", [])]
    new = [set(map(str, c)) for c in after.get("communities", [])]
    old_of = {a: i for i, c in enumerate(old) for a in c}
    match: dict[int, int | None] = {}
    for j, community in enumerate(new):
        best, best_score = None, 0.0
        for i, previous in enumerate(old):
            union = len(community | previous)
            score = len(community & previous) / union if union else 0.0
            if score > best_score:
                best, best_score = i, score
        match[j] = best
    changed = sorted(
        a
        for j, community in enumerate(new)
        for a in community
        if a in old_of and match[j] != old_of[a]
    )
    return {
        "new_ties": sorted(ties_after - ties_before),
        "lost_ties": sorted(ties_before - ties_after),
        "new_actors": sorted(actors_after - actors_before),
        "lost_actors": sorted(actors_before - actors_after),
        "changed_cluster": changed,
        "communities_before": len(old),
        "communities_after": len(new),
    }
