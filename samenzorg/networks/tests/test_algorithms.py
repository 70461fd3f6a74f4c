"""Properties of the network analysis on random graphs, checked against networkx."""

import ast
import math
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenzorg.networks import algorithms
from samenzorg.networks.algorithms import analyse, compare_snapshots, type_fragmentation


@st.composite
def graphs(draw, max_actors=18):
    n = draw(st.integers(min_value=0, max_value=max_actors))
    actors = [f"a{i}" for i in range(n)]
    if n < 2:
        return actors, []
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    raw = draw(st.lists(pairs, max_size=3 * n))
    weights = draw(st.lists(st.integers(1, 3), min_size=len(raw), max_size=len(raw)))
    ties = [(actors[a], actors[b], w) for (a, b), w in zip(raw, weights, strict=True)]
    return actors, ties


def to_networkx(actors, ties):
    graph = nx.Graph()
    graph.add_nodes_from(actors)
    graph.add_edges_from((a, b) for a, b, *_ in ties if a != b)
    return graph


SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def test_module_imports_no_django():
    tree = ast.parse(Path(algorithms.__file__).read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module.split(".")[0])
    assert "django" not in modules
    assert "samenzorg" not in modules


@SETTINGS
@given(graphs())
def test_betweenness_and_degree_equal_networkx(graph):
    actors, ties = graph
    result = analyse(actors, ties)
    reference = to_networkx(actors, ties)
    expected = nx.betweenness_centrality(reference)
    for actor in actors:
        assert result["actors"][actor]["degree"] == reference.degree(actor)
        assert math.isclose(
            result["actors"][actor]["betweenness"], expected[actor], abs_tol=1e-9
        )
    assert math.isclose(result["density"], nx.density(reference) if actors else 0.0)
    assert result["components"] == nx.number_connected_components(reference)


@SETTINGS
@given(graphs())
def test_communities_partition_the_actors(graph):
    actors, ties = graph
    result = analyse(actors, ties)
    flat = [a for community in result["communities"] for a in community]
    assert sorted(flat) == sorted(actors)
    assert len(flat) == len(set(flat))
    for number, community in enumerate(result["communities"]):
        for actor in community:
            assert result["actors"][actor]["community"] == number


@SETTINGS
@given(graphs())
def test_cut_points_really_disconnect(graph):
    actors, ties = graph
    result = analyse(actors, ties)
    reference = to_networkx(actors, ties)
    before = nx.number_connected_components(reference)
    cut_points = {a for a, figures in result["actors"].items() if figures["cut_point"]}
    assert cut_points == set(nx.articulation_points(reference))
    assert result["cut_points"] == sorted(cut_points, key=actors.index)
    for actor in actors:
        smaller = reference.copy()
        smaller.remove_node(actor)
        after = nx.number_connected_components(smaller)
        isolated = reference.degree(actor) == 0
        # Removing a cut point leaves more components; removing another actor does not
        # (an isolated actor takes its own component with it).
        if actor in cut_points:
            assert after > before
        else:
            assert after == before - (1 if isolated else 0)


@SETTINGS
@given(graphs())
def test_contacts_reach_every_community_within_one_step(graph):
    actors, ties = graph
    result = analyse(actors, ties)
    reference = to_networkx(actors, ties)
    reached = set()
    for contact in result["contacts"]:
        reached.add(result["actors"][contact]["community"])
        for neighbour in reference.neighbors(contact):
            reached.add(result["actors"][neighbour]["community"])
    assert reached == set(range(len(result["communities"])))
    assert result["contacts_method"] == "greedy"
    assert len(set(result["contacts"])) == len(result["contacts"])


@SETTINGS
@given(graphs())
def test_suggested_ties_join_components_and_are_new(graph):
    actors, ties = graph
    result = analyse(actors, ties)
    reference = to_networkx(actors, ties)
    for a, b in result["suggested_ties"]:
        assert a != b
        assert not reference.has_edge(a, b)
    joined = reference.copy()
    joined.add_edges_from(result["suggested_ties"])
    components = nx.number_connected_components(reference)
    if 1 < components <= algorithms.MAX_SUGGESTED_TIES + 1:
        assert nx.number_connected_components(joined) == 1


@SETTINGS
@given(graphs(), st.integers(0, 2**16))
def test_same_input_and_seed_give_the_same_result(graph, seed):
    actors, ties = graph
    assert analyse(actors, ties, seed=seed) == analyse(actors, ties, seed=seed)


@SETTINGS
@given(graphs())
def test_constraint_equals_networkx(graph):
    actors, ties = graph
    result = analyse(actors, ties)
    reference = nx.Graph()
    reference.add_nodes_from(actors)
    for a, b, w in ties:
        if a == b:
            continue
        old = reference.get_edge_data(a, b, {"weight": 0})["weight"]
        reference.add_edge(a, b, weight=old + w)
    if not actors:
        assert result["actors"] == {}
        return
    expected = nx.constraint(reference, weight="weight")
    for actor in actors:
        mine = result["actors"][actor]["constraint"]
        if math.isnan(expected[actor]):
            assert mine is None
        else:
            assert math.isclose(mine, expected[actor], rel_tol=1e-9, abs_tol=1e-12)


def test_louvain_finds_two_cliques_joined_by_one_tie():
    left = [f"l{i}" for i in range(5)]
    right = [f"r{i}" for i in range(5)]
    ties = [(a, b) for i, a in enumerate(left) for b in left[i + 1 :]]
    ties += [(a, b) for i, a in enumerate(right) for b in right[i + 1 :]]
    ties.append(("l0", "r0"))
    result = analyse(left + right, ties, seed=3)
    assert sorted(map(sorted, result["communities"])) == [sorted(left), sorted(right)]
    assert result["modularity"] > 0.4
    assert set(result["cut_points"]) == {"l0", "r0"}
    assert set(result["brokers"]) >= {"l0", "r0"}
    assert len(result["contacts"]) == 1
    assert result["contacts"][0] in {"l0", "r0"}


def test_suggested_tie_joins_isolated_actor_with_the_most_central():
    actors = ["hub", "a", "b", "c", "alone"]
    ties = [("hub", "a"), ("hub", "b"), ("hub", "c")]
    result = analyse(actors, ties)
    assert result["suggested_ties"] == [("alone", "hub")]
    assert result["components"] == 2
    assert result["largest_component_share"] == 0.8


def test_connected_network_gets_ties_between_unlinked_clusters():
    cliques = [[f"{c}{i}" for i in range(4)] for c in "xyz"]
    ties = [
        (a, b) for group in cliques for i, a in enumerate(group) for b in group[i + 1 :]
    ]
    ties += [("x0", "y0"), ("y1", "z0")]  # x and z are only linked through y
    actors = [a for group in cliques for a in group]
    result = analyse(actors, ties)
    assert result["components"] == 1
    (a, b), *_ = result["suggested_ties"]
    assert {a[0], b[0]} == {"x", "z"}


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_networks(n):
    actors = [str(i) for i in range(n)]
    ties = [("0", "1")] if n == 2 else []
    result = analyse(actors, ties)
    assert len(result["actors"]) == n
    assert all(f["betweenness"] == 0.0 for f in result["actors"].values())
    assert result["approximate"] is False


def test_unknown_actor_in_a_tie_is_refused():
    with pytest.raises(ValueError, match="unknown actor"):
        analyse(["a"], [("a", "b")])


def test_large_network_gets_exact_betweenness_split_over_the_cores(monkeypatch):
    """Above the threshold the sources are split over processes; the sum is exact."""
    monkeypatch.setattr(algorithms, "PARALLEL_BETWEENNESS_FROM", 50)
    monkeypatch.setattr(algorithms.os, "cpu_count", lambda: 3)
    graph = nx.gnm_random_graph(200, 600, seed=1)
    actors = [str(i) for i in graph]
    ties = [(str(a), str(b)) for a, b in graph.edges()]
    result = analyse(actors, ties)
    assert result["approximate"] is False
    expected = nx.betweenness_centrality(graph)
    for i in graph:
        assert math.isclose(
            result["actors"][str(i)]["betweenness"], expected[i], abs_tol=1e-12
        )


def test_type_fragmentation_names_type_pairs_without_ties():
    types = {
        "a": "zorgaanbieder",
        "b": "zorgaanbieder",
        "c": "bewonersinitiatief",
        "d": "gemeente",
    }
    result = type_fragmentation(types, [("a", "b"), ("b", "d"), ("d", "b")])
    assert result["counts"] == {
        ("zorgaanbieder", "zorgaanbieder"): 1,
        ("gemeente", "zorgaanbieder"): 1,
    }
    assert result["missing"] == [
        ("bewonersinitiatief", "gemeente"),
        ("bewonersinitiatief", "zorgaanbieder"),
    ]


def test_compare_snapshots_lists_new_and_lost_ties_and_moved_actors():
    before = {
        "actors": ["a", "b", "c", "d"],
        "ties": [("a", "b"), ("c", "d")],
        "communities": [["a", "b"], ["c", "d"]],
    }
    after = {
        "actors": ["a", "b", "c", "d", "e"],
        "ties": [("b", "a"), ("c", "b"), ("d", "e")],
        "communities": [["a", "b", "c"], ["d", "e"]],
    }
    result = compare_snapshots(before, after)
    assert result["new_ties"] == [("b", "c"), ("d", "e")]
    assert result["lost_ties"] == [("c", "d")]
    assert result["new_actors"] == ["e"]
    assert result["changed_cluster"] == ["c"]
