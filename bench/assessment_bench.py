"""Benchmarks of the assessment algorithms (kansrijkheid).

Run: .venv/bin/python bench/assessment_bench.py
Prints its figures and writes bench/RESULTS-assessment.md.

1. aggregate(): 1,000 participants × 154 initiatives × 5 criteria
   (770,000 scores), mean and median, with integer ids (as from the
   database) and with string ids (coded in order of first appearance);
   goal ≤ 200 ms.
2. select_areas(): 14,000 synthetic buurten, k = 50, at most 4 per group
   (40 synthetic stadsdelen), at least 12 distinct problem types, 5 areas
   included and 50 excluded; goal: proven optimal in ≤ 5 s.
3. The results page of a round with 154 initiatives and 45 participants (r = 3)
   on a throwaway SQLite database: queries per request, and the time of a
   request when the results must be computed (cold) and when they are cached
   (warm); goal p95 ≤ 100 ms.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samenzorg.assessment.algorithms import aggregate, select_areas  # noqa: E402

OUT = Path(__file__).resolve().parent / "RESULTS-assessment.md"
CRITERIA = ["behoefte", "draagvlak", "dichtbij", "impuls", "continuiteit"]


def timed(fn, repeat):
    """Wall-clock and CPU milliseconds per run (CPU time is steadier on a busy host)."""
    wall, cpu = [], []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return result, (wall, cpu)


def bench_aggregate():
    rng = random.Random(2016)
    values = [rng.randint(1, 5) for _ in range(1000 * 154 * len(CRITERIA))]
    weights = dict(zip(CRITERIA, [30, 25, 20, 15, 10], strict=True))
    cells = [(p, i, c) for p in range(1000) for i in range(154) for c in CRITERIA]
    by_ids = {
        "int": [(p, i, c, v) for (p, i, c), v in zip(cells, values, strict=True)],
        # A new string object per row, as a database or CSV reader gives them.
        "str": [
            (f"deelnemer-{p}", f"initiatief-{i}", c, v)
            for (p, i, c), v in zip(cells, values, strict=True)
        ],
    }
    figures = {}
    for ids, scores in by_ids.items():
        for method in ("mean", "median"):
            result, times = timed(
                lambda m=method, s=scores: aggregate(s, weights, m), 7
            )
            if len(result) != 154 or any(r["raters"] != 1000 for r in result.values()):
                raise SystemExit("aggregate() gave a wrong result")
            figures[ids, method] = (
                statistics.median(times[0]),
                statistics.median(times[1]),
            )
    return len(cells), figures


def bench_select():
    rng = random.Random(518)
    problems = [f"probleem-{n}" for n in range(20)]
    areas = [
        {
            "code": f"BU{n:08d}",
            "score": round(rng.random(), 6),
            "problem": problems[int(rng.random() ** 2 * len(problems))],
            "group": f"SD-{n % 40:02d}",
        }
        for n in range(14000)
    ]
    include = [areas[n]["code"] for n in range(0, 5005, 1001)]
    exclude = [areas[n]["code"] for n in range(7, 14000, 280)]
    result, times = timed(
        lambda: select_areas(
            areas,
            50,
            max_per_group=4,
            min_distinct_problems=12,
            include=include,
            exclude=exclude,
        ),
        3,
    )
    if len(result["selected"]) != 50:
        raise SystemExit("select_areas() gave a wrong result")
    return result, (statistics.median(times[0]), statistics.median(times[1]))


def bench_results_page(repeat=20):
    """Time the results page through Django's test client on a throwaway database."""
    import tempfile

    tmp = tempfile.mkdtemp(prefix="assessment-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenzorg.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from samenzorg.accounts.tests.factories import UserFactory
    from samenzorg.assessment.models import Score
    from samenzorg.assessment.selectors import participant_assignment
    from samenzorg.assessment.tests.factories import ParticipantFactory, RoundFactory

    settings.ALLOWED_HOSTS = ["testserver"]
    # No collectstatic here: serve static names without the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    rng = random.Random(45)
    facilitator = UserFactory(roles=["procesbegeleider"])
    round_ = RoundFactory(
        facilitator=facilitator,
        closed=True,
        initiatives=154,
        expected_participants=45,
        raters_per_initiative=3,
    )
    ids = list(round_.initiatives.values_list("pk", flat=True))
    criteria = list(round_.criteria.all())
    rows = []
    for n in range(45):
        participant = ParticipantFactory(round=round_, position=n)
        rows += [
            Score(
                participant=participant,
                initiative_id=i,
                criterion=c,
                value=rng.randint(1, 5),
            )
            for i in participant_assignment(participant, ids)
            for c in criteria
        ]
    Score.objects.bulk_create(rows)
    client = Client()
    client.force_login(facilitator)
    url = f"/kansrijkheid/rondes/{round_.pk}/resultaten/"
    cold, warm = [], []
    for _ in range(repeat):
        cache.clear()
        for bucket in (cold, warm):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                bucket.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"results page answered {response.status_code}")
    n_queries = len(queries)

    def p95(values):
        return sorted(values)[max(0, round(0.95 * len(values)) - 1)]

    return (
        len(rows),
        n_queries,
        (statistics.median(cold), p95(cold)),
        (
            statistics.median(warm),
            p95(warm),
        ),
    )


def main():
    n_scores, agg = bench_aggregate()
    selection, sel = bench_select()
    page = bench_results_page()
    lines = [
        "# Benchmark results — assessment (kansrijkheid)",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}; "
        f"run {time.strftime('%Y-%m-%d %H:%M')}, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores. "
        "Script: `bench/assessment_bench.py`.",
        "",
        "| benchmark | size | median wall | median CPU | goal |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| aggregate(), {method}, {label} | {n_scores:,} scores "
            f"(1,000 × 154 × 5) | {agg[ids, method][0]:.0f} ms | "
            f"{agg[ids, method][1]:.0f} ms | ≤ 200 ms |"
            for ids, label in (("int", "integer ids"), ("str", "string ids"))
            for method in ("mean", "median")
        ),
        f"| select_areas() | 14,000 buurten, k = 50, g = 4 per group (40 groups), "
        f"d = 12 problems, 5 in, 50 out | {sel[0]:.0f} ms | {sel[1]:.0f} ms | "
        "proven optimal ≤ 5 s |",
        f"| results page, computed (cold) | 154 initiatives, 45 participants, "
        f"{page[0]:,} scores; {page[1]} queries | {page[2][0]:.0f} ms (p95 "
        f"{page[2][1]:.0f} ms) | – | p95 ≤ 100 ms |",
        f"| results page, cached (warm) | same | {page[3][0]:.0f} ms (p95 "
        f"{page[3][1]:.0f} ms) | – | p95 ≤ 100 ms |",
        "",
        f"select_areas: optimal = {selection['optimal']}, "
        f"objective = {selection['objective']:.6f}.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    OUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
