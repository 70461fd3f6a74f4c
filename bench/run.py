"""Benchmarks of the pages and the API on the synthetic national data set.

Generates the data when missing (see ``generate.py``), then asks each page with
Django's test ``Client`` (in-process, so the time is the server's handling time,
without network), as an anonymous visitor, DEBUG off:

- p50 and p95 of the response time over ``--repeat`` requests after ``--warmup``;
- the number of SQL queries of one request (captured separately, so that capturing
  does not slow the timed requests);
- the raw SQL time of the view's main query (the one that fetches the shown rows),
  replayed with its parameters on the database cursor, fetching all rows;
- the ratio of the server time to that raw SQL time (p50 / p50).

Goal (from the issue): p95 ≤ 100 ms and server time ≤ 3× the raw SQL time.
Writes ``bench/RESULTS.md`` and prints it.

    .venv/bin/python bench/run.py [--repeat 30] [--warmup 3] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

# Static files are served from the app folders when testing; no collectstatic needed.
warnings.filterwarnings("ignore", message="No directory at")

RESULTS = generate.BENCH_DIR / "RESULTS.md"
GOAL_P95_MS = 100.0
GOAL_RATIO = 3.0
SLOW_QUERY_MS = 5.0


@dataclass
class Scenario:
    name: str
    url: str
    # Which captured query is the "main" one: a regex on its SQL; the first match
    # wins. None: the slowest captured query.
    main: str | None = None
    note: str = ""
    # Filled in by the run.
    status: int | None = None
    error: str = ""
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    profile: str = ""
    queries: list[dict] = field(default_factory=list)
    replay_ms: list[list[float]] = field(default_factory=list)
    replay_cpu_ms: list[list[float]] = field(default_factory=list)
    main_index: int | None = None
    plans: dict[int, str] = field(default_factory=dict)
    served: str = ""

    # ---- summaries
    def p(self, q: float) -> float | None:
        return percentile(self.times_ms, q)

    def raw(self, q: float) -> float | None:
        if self.main_index is None:
            return None
        return percentile(self.replay_ms[self.main_index], q)

    def all_sql(self, q: float) -> float | None:
        if not self.replay_ms:
            return None
        return sum(percentile(r, q) for r in self.replay_ms)

    def ratio(self) -> float | None:
        """Server time / raw time of the main query (p50s)."""
        return _ratio(self.p(50), self.raw(50))

    def ratio_all(self) -> float | None:
        """Server time / raw time of all queries of the request (p50s)."""
        return _ratio(self.p(50), self.all_sql(50))

    def ratio_cpu(self) -> float | None:
        """Server CPU time / raw CPU time of the main query (p50s)."""
        if self.main_index is None:
            return None
        return _ratio(
            percentile(self.cpu_ms, 50),
            percentile(self.replay_cpu_ms[self.main_index], 50),
        )

    def goal_p95(self) -> bool | None:
        return None if self.p(95) is None else self.p(95) <= GOAL_P95_MS

    def goal_ratio(self) -> bool | None:
        ratio = self.ratio()
        return None if ratio is None else ratio <= GOAL_RATIO


def _ratio(server: float | None, raw: float | None) -> float | None:
    if server is None or raw is None or raw <= 0:
        return None
    return server / raw


def yes_no(value: bool | None) -> str:
    return "–" if value is None else ("yes" if value else "**no**")


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    # Nearest-rank on the sorted list: p95 of 30 values is the 29th.
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1] if q < 100 else ordered[-1]


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


# --------------------------------------------------------------------------- scenarios


def scenarios(deep_page: int) -> list[Scenario]:
    from samenzorg.areas.models import Area

    wijken = Area.objects.filter(
        code__startswith=generate.CODE_PREFIX, level=Area.Level.WIJK
    ).order_by("code")
    wijk_code = wijken.values_list("code", flat=True)[len(wijken) // 2]
    # The list's area filter offers the wijken of stadsdelen.
    in_stadsdeel = wijken.filter(parent__level=Area.Level.STADSDEEL)
    filter_code = in_stadsdeel.values_list("code", flat=True)[len(in_stadsdeel) // 2]
    list_main = r'FROM "initiatives_initiative".* LIMIT'
    return [
        Scenario("Initiatives list, page 1", "/initiatieven/", main=list_main),
        Scenario(
            f"Initiatives list, page {deep_page:,}",
            f"/initiatieven/?page={deep_page}",
            main=list_main,
        ),
        Scenario(
            "List with filter (wijk + domain)",
            f"/initiatieven/?area={filter_code}&domain=sport",
            main=list_main,
            note=f"wijk {filter_code} with its buurten, domain sport",
        ),
        Scenario(
            "List with search word",
            "/initiatieven/?q=zorgcooperatie",
            main=list_main,
            note="'zorgcooperatie' must find 'Zorgcoöperatie' too",
        ),
        Scenario(
            "Area profile of a wijk",
            f"/gebieden/{wijk_code}/",
            main=None,
            note="main query: the slowest query of the page",
        ),
        Scenario(
            "API initiatives list",
            "/api/v1/initiatieven/?limit=25",
            main=list_main,
        ),
    ]


# --------------------------------------------------------------------------- measuring


def measure(
    scenario: Scenario, *, repeat: int, warmup: int, profile: bool = False
) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    try:
        for _ in range(warmup):
            response = client.get(scenario.url)
        scenario.status = response.status_code
        if response.status_code != 200:
            scenario.error = f"HTTP {response.status_code}"
            return
        scenario.served = served_page(response)
        for _ in range(repeat):
            cpu = time.process_time()
            started = time.perf_counter()
            client.get(scenario.url)
            scenario.times_ms.append((time.perf_counter() - started) * 1000)
            scenario.cpu_ms.append((time.process_time() - cpu) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(scenario.url)
    except Exception as exc:  # noqa: BLE001 - reported in the results
        scenario.error = f"{type(exc).__name__}: {exc}"[:300]
        return
    scenario.queries = [dict(q) for q in captured.captured_queries]
    replay(scenario, repeat=repeat)
    if profile:
        scenario.profile = profile_request(client, scenario.url)


def profile_request(client, url: str, *, runs: int = 5, top: int = 25) -> str:
    """Where the time of ``runs`` requests goes, by own time (cProfile)."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def served_page(response) -> str:
    """'page X of Y' when the page shows it (Dutch or English)."""
    text = response.content.decode("utf-8", "replace")
    match = re.search(r"(?:Pagina|Page)\s+([\d.,]+)\s+(?:van|of)\s+([\d.,]+)", text)
    return f"{match.group(1)} / {match.group(2)}" if match else ""


def replay(scenario: Scenario, *, repeat: int) -> None:
    """Run each captured query again on the DB-API cursor and time it, rows fetched."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    for q in scenario.queries:
        sql = q["sql"]
        times, cpu_times = [], []
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            scenario.replay_ms.append([0.0])
            scenario.replay_cpu_ms.append([0.0])
            continue
        for i in range(repeat + 1):
            cursor = raw.cursor()
            cpu = time.process_time()
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu) * 1000
            cursor.close()
            if i:  # the first run warms the cache
                times.append(elapsed)
                cpu_times.append(cpu)
        scenario.replay_ms.append(times)
        scenario.replay_cpu_ms.append(cpu_times)
    if scenario.main:
        pattern = re.compile(scenario.main, re.S)
        for i, q in enumerate(scenario.queries):
            if pattern.search(q["sql"]) and "COUNT(" not in q["sql"].upper()[:40]:
                scenario.main_index = i
                break
    if scenario.main_index is None and scenario.replay_ms:
        scenario.main_index = max(
            range(len(scenario.replay_ms)),
            key=lambda i: percentile(scenario.replay_ms[i], 50),
        )
    for i, times in enumerate(scenario.replay_ms):
        if i == scenario.main_index or percentile(times, 50) >= SLOW_QUERY_MS:
            scenario.plans[i] = explain(scenario.queries[i]["sql"])


def explain(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    try:
        cursor = connection.connection.cursor()
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
        cursor.close()
    except Exception as exc:  # noqa: BLE001
        return f"(EXPLAIN failed: {exc})"
    if connection.vendor == "sqlite":
        return "\n".join(f"{r[0]:>3} {r[1]:>3}  {r[-1]}" for r in rows)
    return "\n".join(r[0] for r in rows)


# --------------------------------------------------------------------------- report


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores{', ' + model if model else ''}, {platform.system()} {platform.machine()}"


def database_label(url: str) -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (WAL), {generate.url_label(url)}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version}, {generate.url_label(url)}"


def shorten(sql: str, limit: int = 600) -> str:
    sql = re.sub(r"\s+", " ", sql)
    return sql if len(sql) <= limit else sql[:limit] + " …"


def report(
    results: list[Scenario],
    *,
    url: str,
    repeat: int,
    warmup: int,
    seconds: float,
    load: tuple[float, float],
) -> str:
    import django

    counts = generate.data_counts()
    lines = [
        "# Benchmarks on a synthetic national data set",
        "",
        "Written by `make bench` (`bench/run.py`); method and findings in "
        "`bench/README.md`. Every area and initiative in this data set is made up "
        "(codes `SYN-…`, names 'Synthetisch …', source "
        f"'{generate.SOURCE}').",
        "",
        "- Under load over loopback (gunicorn, 10/50/200 users, beside the CPU "
        "limit): `bench/RESULTS-pages-load.md`, written by `bench/pages_load.py`.",
        f"- Date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- Machine: {machine()}; load average (1 min) {load[0]:.1f} at the start, "
        f"{load[1]:.1f} at the end",
        f"- Python {platform.python_version()}, Django {django.get_version()}, DEBUG off",
        f"- Database: {database_label(url)}",
        "- Data: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()),
        f"- Method: per scenario {repeat} requests after {warmup} warm-up requests, "
        "as an anonymous visitor, with Django's test `Client` (in-process: server "
        "time without network). 'CPU' is the process's CPU time per request, less "
        "sensitive than wall-clock time to other processes on the machine. The "
        "query count comes from one extra request under `CaptureQueriesContext`.",
        "- Raw SQL: the view's main query (the one fetching the rows shown) run again "
        "on the DB-API cursor, all rows fetched. 'All SQL' is the sum of every query "
        "of the request, each run again in the same way (p50s).",
        f"- Goal: p95 ≤ {GOAL_P95_MS:.0f} ms and server time ≤ {GOAL_RATIO:.0f}× the "
        "raw SQL of the main query (ratio of the p50s).",
        f"- Duration of the measurement: {seconds:.0f} s",
        "",
        "## Summary",
        "",
        "| scenario | p50 ms | p95 ms | CPU p50 ms | queries | raw SQL p50 / p95 ms "
        "| ratio | all SQL p50 ms | ratio to all SQL "
        f"| p95 ≤ {GOAL_P95_MS:.0f} ms | ≤ {GOAL_RATIO:.0f}× raw SQL |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for s in results:
        if s.error:
            lines.append(f"| {s.name} | not measured: {s.error} |" + " |" * 9)
            continue
        lines.append(
            f"| {s.name} | {fmt(s.p(50))} | {fmt(s.p(95))} | "
            f"{fmt(percentile(s.cpu_ms, 50))} | {len(s.queries)} | "
            f"{fmt(s.raw(50), 2)} / {fmt(s.raw(95), 2)} | {fmt(s.ratio())}× | "
            f"{fmt(s.all_sql(50), 1)} | {fmt(s.ratio_all())}× | "
            f"{yes_no(s.goal_p95())} | {yes_no(s.goal_ratio())} |"
        )
    for s in results:
        lines += [
            "",
            f"## {s.name}",
            "",
            f"`GET {s.url}`" + (f" — {s.note}" if s.note else ""),
        ]
        if s.error:
            lines += ["", f"Not measured: {s.error}"]
            continue
        lines += [
            "",
            "| p50 ms | p95 ms | CPU p50 ms | queries | raw SQL p50 ms | raw SQL p95 ms "
            "| raw SQL CPU p50 ms | ratio | CPU ratio | goal met |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            f"| {fmt(s.p(50))} | {fmt(s.p(95))} | {fmt(percentile(s.cpu_ms, 50))} | "
            f"{len(s.queries)} | {fmt(s.raw(50), 2)} | {fmt(s.raw(95), 2)} | "
            f"{fmt(percentile(s.replay_cpu_ms[s.main_index], 50), 2)} | "
            f"{fmt(s.ratio())}× | {fmt(s.ratio_cpu())}× | "
            f"{yes_no(bool(s.goal_p95() and s.goal_ratio()))} |",
        ]
        if s.served:
            lines += ["", f"Page shown: {s.served}."]
        lines += ["", "Queries of one request (run again, p50):", ""]
        for i, q in enumerate(s.queries):
            sql = shorten(q["sql"], 300).replace("`", "'")
            mark = " **(main query)**" if i == s.main_index else ""
            lines.append(
                f"{i + 1}. {fmt(percentile(s.replay_ms[i], 50), 2)} ms{mark} — `{sql}`"
            )
        for i, plan in s.plans.items():
            label = (
                "the main query"
                if i == s.main_index
                else f"query {i + 1} (≥ {SLOW_QUERY_MS:.0f} ms)"
            )
            lines += ["", f"Query plan of {label}:", "", "```", plan, "```"]
        if s.profile:
            lines += [
                "",
                "Profile (cProfile, 5 requests):",
                "",
                "```",
                s.profile,
                "```",
            ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--deep-page", type=int, default=2000)
    parser.add_argument(
        "--database-url", help="default: BENCH_DATABASE_URL or bench/national.sqlite3"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--profile", action="store_true", help="add a cProfile summary per scenario"
    )
    parser.add_argument(
        "--only", help="run only the scenarios whose name contains this"
    )
    args = parser.parse_args(argv)

    url = generate.database_url(args.database_url)
    hosts = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ["ALLOWED_HOSTS"] = f"{hosts},testserver"
    generate.setup_django(url)
    generate.ensure_data(url=url)

    started = time.monotonic()
    load_start = os.getloadavg()[0]
    results = []
    for scenario in scenarios(args.deep_page):
        if args.only and args.only.lower() not in scenario.name.lower():
            continue
        print(f"… {scenario.name}: {scenario.url}", flush=True)
        measure(scenario, repeat=args.repeat, warmup=args.warmup, profile=args.profile)
        results.append(scenario)
        print(
            f"  p50 {fmt(scenario.p(50))} ms, p95 {fmt(scenario.p(95))} ms, "
            f"{len(scenario.queries)} queries, raw SQL p50 {fmt(scenario.raw(50), 2)} ms"
            + (f" — {scenario.error}" if scenario.error else ""),
            flush=True,
        )
    text = report(
        results,
        url=url,
        repeat=args.repeat,
        warmup=args.warmup,
        seconds=time.monotonic() - started,
        load=(load_start, os.getloadavg()[0]),
    )
    args.output.write_text(text, encoding="utf-8")
    print()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
