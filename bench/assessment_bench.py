"""Benchmarks of the assessment algorithms (kansrijkheid).

Run: .venv/bin/python bench/assessment_bench.py
Prints its figures and writes bench/RESULTS-assessment.md.

1. aggregate(): 1,000 participants × 154 initiatives × 5 criteria
   (770,000 scores), mean and median; goal ≤ 200 ms.
2. select_areas(): 14,000 synthetic buurten, k = 50, at most 4 per group
   (40 synthetic stadsdelen), at least 12 distinct problem types, 5 areas
   included and 50 excluded; goal: proven optimal in ≤ 5 s.
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
    scores = [
        (p, i, c, rng.randint(1, 5))
        for p in range(1000)
        for i in range(154)
        for c in CRITERIA
    ]
    weights = dict(zip(CRITERIA, [30, 25, 20, 15, 10], strict=True))
    figures = {}
    for method in ("mean", "median"):
        result, times = timed(lambda m=method: aggregate(scores, weights, m), 7)
        if len(result) != 154 or any(r["raters"] != 1000 for r in result.values()):
            raise SystemExit("aggregate() gave a wrong result")
        figures[method] = (statistics.median(times[0]), statistics.median(times[1]))
    return len(scores), figures


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


def main():
    n_scores, agg = bench_aggregate()
    selection, sel = bench_select()
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
        f"| aggregate(), mean | {n_scores:,} scores (1,000 × 154 × 5) | "
        f"{agg['mean'][0]:.0f} ms | {agg['mean'][1]:.0f} ms | ≤ 200 ms |",
        f"| aggregate(), median | {n_scores:,} scores | "
        f"{agg['median'][0]:.0f} ms | {agg['median'][1]:.0f} ms | ≤ 200 ms |",
        f"| select_areas() | 14,000 buurten, k = 50, g = 4 per group (40 groups), "
        f"d = 12 problems, 5 in, 50 out | {sel[0]:.0f} ms | {sel[1]:.0f} ms | "
        "proven optimal ≤ 5 s |",
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
