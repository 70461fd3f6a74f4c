"""Benchmark of the network map: analysis of 10,000 actors / 50,000 ties, library
comparison (networkx, igraph, rustworkx when installed), and the map page's JSON and the
edit requests for 2,000 actors. Prints its figures and writes bench/RESULTS-networks.md
(with --json-only just the map JSON section of it).

    .venv/bin/python bench/networks_bench.py [--quick | --json-only]
"""

import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from samenzorg.networks import algorithms  # noqa: E402

MAP_JSON_HEADING = "## Map page JSON and edits for 2,000 actors"
N_ACTORS = 10_000
N_TIES = 50_000
SEED = 7


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def random_network(n, m, seed):
    """Clustered random network: 50 groups, most ties inside a group."""
    rng = random.Random(seed)
    groups = 50
    ties = set()
    while len(ties) < m:
        a = rng.randrange(n)
        if rng.random() < 0.8:
            base = a - a % (n // groups)
            b = base + rng.randrange(n // groups)
        else:
            b = rng.randrange(n)
        if a != b:
            ties.add((min(a, b), max(a, b)))
    actors = [f"a{i}" for i in range(n)]
    return actors, [(f"a{a}", f"a{b}", rng.randint(1, 3)) for a, b in sorted(ties)]


def bench_analysis(lines, quick):
    actors, ties = random_network(N_ACTORS, N_TIES, SEED)
    result, seconds = timed(algorithms.analyse, actors, ties, seed=0)
    kind = (
        f"approximate betweenness ({result['betweenness_samples']} sampled sources)"
        if result["approximate"]
        else "exact betweenness"
    )
    lines.append("## Analysis of 10,000 actors and 50,000 ties\n")
    lines.append(
        f"`analyse()` (igraph, {kind}, Louvain, constraint, cut points, contacts, "
        f"suggestions): **{seconds:.2f} s** (limit 10 s). Communities: "
        f"{len(result['communities'])}, modularity {result['modularity']:.3f}, "
        f"contacts {len(result['contacts'])}.\n"
    )
    print(f"analyse 10k/50k: {seconds:.2f} s ({kind})")

    # Same graph in each library.
    import igraph

    index = {a: i for i, a in enumerate(actors)}
    edges = [(index[a], index[b]) for a, b, _ in ties]
    weights = [w for *_, w in ties]
    ig = igraph.Graph(n=N_ACTORS, edges=edges)
    g = nx.Graph()
    g.add_nodes_from(range(N_ACTORS))
    g.add_weighted_edges_from(
        (a, b, w) for (a, b), w in zip(edges, weights, strict=True)
    )

    rows = []
    k = 1000
    _, t = timed(ig.betweenness, directed=False, sources=list(range(k)))
    rows.append(("betweenness, 1000 sources", "igraph", t))
    _, t = timed(nx.betweenness_centrality, g, k=k, seed=1)
    rows.append(("betweenness, 1000 sources", "networkx", t))
    accuracy = None
    if not quick:
        exact, bare = timed(ig.betweenness, directed=False)
        rows.append(("betweenness, exact, one process", "igraph", bare))
        from scipy.stats import spearmanr

        estimate = [result["actors"][a]["betweenness"] for a in actors]
        top = 100
        best_exact = set(sorted(range(N_ACTORS), key=lambda i: -exact[i])[:top])
        best_estimate = set(sorted(range(N_ACTORS), key=lambda i: -estimate[i])[:top])
        accuracy = (
            spearmanr(exact, estimate).statistic,
            len(best_exact & best_estimate) / top,
        )
        lines.append(
            f"The whole `analyse()` against igraph's bare exact betweenness call in "
            f"one process, same graph, same run: {seconds:.2f} s / {bare:.2f} s = "
            f"**ratio {seconds / bare:.2f}** (limit 1.0).\n"
        )
        print(f"analyse / bare exact betweenness: {seconds / bare:.2f}")
        rows.append(
            (
                "betweenness, exact",
                "networkx (extrapolated from 1000 sources ×10)",
                rows[1][2] * N_ACTORS / k,
            )
        )
    igraph.set_random_number_generator(random.Random(0))
    _, t = timed(ig.community_multilevel, weights=weights)
    igraph.set_random_number_generator(random)
    rows.append(("Louvain", "igraph multilevel", t))
    _, t = timed(nx.community.louvain_communities, g, weight="weight", seed=0)
    rows.append(("Louvain", "networkx", t))
    _, t = timed(ig.articulation_points)
    rows.append(("cut points", "igraph", t))
    _, t = timed(lambda: list(nx.articulation_points(g)))
    rows.append(("cut points", "networkx", t))
    try:
        import rustworkx as rx

        rg = rx.PyGraph()
        rg.add_nodes_from(range(N_ACTORS))
        rg.add_edges_from_no_data(edges)
        if not quick:
            _, t = timed(rx.betweenness_centrality, rg, normalized=True)
            rows.append(("betweenness, exact", "rustworkx (parallel)", t))
        _, t = timed(rx.articulation_points, rg)
        rows.append(("cut points", "rustworkx", t))
    except ImportError:
        rows.append(("—", "rustworkx not installed", float("nan")))

    if accuracy:
        lines.append(
            f"`analyse()` against igraph's exact betweenness: Spearman rank "
            f"correlation {accuracy[0]:.3f}; {accuracy[1]:.0%} of the exact top 100 "
            f"are in its top 100.\n"
        )
        print(
            f"against exact: spearman {accuracy[0]:.3f}, top-100 overlap {accuracy[1]:.0%}"
        )
    lines.append("### Libraries on the same graph\n")
    lines.append("| step | library | seconds |\n| --- | --- | ---: |")
    for step, library, t in rows:
        lines.append(f"| {step} | {library} | {t:.2f} |")
        print(f"{step:28} {library:46} {t:8.2f} s")
    lines.append("")
    lines.append(
        "Kept: igraph for betweenness, Louvain (multilevel) and cut points; it is the "
        "fastest here (rustworkx's parallel exact betweenness is slower on 2 cores). "
        "networkx stays for GraphML and as the reference in the tests. Betweenness is "
        "exact at every size: from 1,000 actors the sources are split over the cores "
        "(igraph's `sources=`, summed).\n"
    )


def bench_page_json(lines):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenzorg.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    try:
        import django

        django.setup()
        from django.db import connection
        from django.test.utils import setup_test_environment

        from samenzorg.networks import selectors
        from samenzorg.networks.bench_support import measure_map_json
    except Exception as error:  # noqa: BLE001
        lines.append(f"Map JSON not measured: {error}\n")
        print(f"map JSON not measured: {error}")
        return
    setup_test_environment()

    old_name = connection.settings_dict["NAME"]
    test_db = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        figures = measure_map_json(actors=2000, ties=6000)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    lines.append(MAP_JSON_HEADING + "\n")
    lines.append(
        f"Database: {connection.vendor} (`{test_db}`), 2,000 actors and "
        f"{figures['ties']} ties. A change to a map of "
        f"{selectors.ANALYSIS_IN_BACKGROUND_FROM} actors or more queues its analysis "
        "for the task worker (changes made while a run waits share that run); reads "
        "never analyse such a map. 'Before' sets that threshold above the map's size, "
        "so the analysis runs in the request after the commit, as every edit did "
        "before.\n"
    )
    lines.append(
        "| request | ms before (analysis in the request) | ms now (analysis queued) |\n"
        "| --- | ---: | ---: |"
    )
    before, now = figures["before"], figures["now"]
    for label, key in (
        ("the edit itself (`actor_update`)", "service"),
        (
            "**edit request**: actor form, answered with a redirect (median of 5)",
            "form",
        ),
        (
            "edit request through the htmx editor, answered with the editor, table "
            "and figures (median of 3)",
            "htmx",
        ),
    ):
        lines.append(
            f"| {label} | {before[key] * 1000:.0f} | **{now[key] * 1000:.0f}** |"
        )
    lines.append(
        f"| map JSON of bulk-loaded data without a stored analysis (first read) | "
        f"{figures['unstored_before'] * 1000:.0f} | {figures['unstored_now'] * 1000:.0f} "
        "(figures follow from the worker) |"
    )
    lines.append(
        f"| the worker's run after {figures['edits']} edits "
        f"({figures['runs']} run queued; `db_worker --batch` in this process) | – | "
        f"{figures['worker_edits'] * 1000:.0f} |\n"
    )
    lines.append(
        "| map JSON after the edits and the run | ms | queries |\n| --- | ---: | ---: |"
    )
    lines.append(
        f"| cold (first request) | **{figures['cold'] * 1000:.0f}** | "
        f"{figures['cold_queries']} |"
    )
    lines.append(
        f"| warm (median of 5) | **{figures['warm'] * 1000:.0f}** | "
        f"{figures['queries']} |\n"
    )
    lines.append(
        f"Limit 200 ms for the map JSON, cold and warm. Response "
        f"**{figures['bytes'] // 1024} KiB**, sent gzip-compressed as "
        f"**{figures['gzip_bytes'] // 1024} KiB** (limit 400 KiB). The htmx editor's answer is slow before and "
        "after: it renders every actor and tie of the editor (two lists of 2,000 "
        "actors, 6,000 ties), not the analysis.\n"
    )
    print(
        f"map JSON 2000 actors: cold {figures['cold'] * 1000:.0f} ms, "
        f"warm {figures['warm'] * 1000:.0f} ms; edit request "
        f"{before['form'] * 1000:.0f} ms before, {now['form'] * 1000:.0f} ms now; "
        f"worker run {figures['worker_edits'] * 1000:.0f} ms"
    )


def replace_section(markdown: str, section: list[str]) -> str:
    """``markdown`` with its map JSON section (up to the next heading) replaced."""
    lines = markdown.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("## Map page JSON")]
    if not starts:
        return markdown.rstrip() + "\n\n" + "\n".join(section) + "\n"
    start = starts[0]
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("#")),
        len(lines),
    )
    return (
        "\n".join([*lines[:start], *"\n".join(section).splitlines(), *lines[end:]])
        + "\n"
    )


def main():
    quick = "--quick" in sys.argv
    out = ROOT / "bench" / "RESULTS-networks.md"
    if "--json-only" in sys.argv:
        # Only the map JSON and edits: their section of the results is replaced.
        lines = []
        bench_page_json(lines)
        old = out.read_text() if out.exists() else "# Network map benchmark\n"
        out.write_text(replace_section(old, lines))
        print(f"written {out.relative_to(ROOT)} (map JSON section)")
        return
    lines = [
        "# Network map benchmark\n",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}. Command: `.venv/bin/python bench/networks_bench.py`.\n",
    ]
    bench_analysis(lines, quick)
    bench_page_json(lines)
    out.write_text("\n".join(lines) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
