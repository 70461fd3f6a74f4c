"""Load on the pages over loopback, beside the limit the CPU allows.

    .venv/bin/python bench/pages_load.py [--scale 0.1] [--users 10,50,200]
                                         [--seconds 10] [--port 8141]

1. The data: ``bench/national.sqlite3`` (generated when missing, as ``generate.py``
   does), or with ``--scale`` a smaller set in its own file.
2. The limit, in-process: per page, warm, the CPU seconds of one request with
   Django's test ``Client`` (no network, no server). With ``cores`` cores the server
   can answer at most ``cores / CPU seconds`` requests per second of that page; for
   the mix below, ``cores / mean CPU seconds``.
3. The server, as ``make run`` starts it: gunicorn with ``gunicorn.conf.py`` (each
   worker warms its caches before its first request), ``WEB_WORKERS`` x
   ``WEB_THREADS``, on 127.0.0.1 only; API rate limiting is set out of the way.
4. The load: for each number of users, that many threads, each with one keep-alive
   connection, request the pages of the mix in turn for ``--seconds``. Per page:
   requests per second, p50/p95 latency, errors, bytes per response (gzip where the
   page is sent so). The client runs on the same cores as the server, so the
   achieved rate is a lower bound of what the server alone could do.

The report goes to ``bench/RESULTS-pages-load.md``.
"""

import argparse
import http.client
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from processes import tree_cpu  # noqa: E402

RESULTS = HERE / "RESULTS-pages-load.md"
HEADERS = {"Accept-Encoding": "gzip", "Connection": "keep-alive"}
OVERVIEW_GOAL_MS = 100.0
LIMIT_GOAL = 0.80


@dataclass
class Page:
    name: str
    url: str
    cpu: list = field(default_factory=list)  # in-process CPU seconds per request
    wall: list = field(default_factory=list)  # in-process wall seconds
    size: int = 0


@dataclass
class Sample:
    page: int
    seconds: float
    status: int
    size: int


def pages(deep_page: int) -> list[Page]:
    return [
        Page("Areas overview", "/gebieden/"),
        Page("Areas GeoJSON (wijken)", "/gebieden/vormen/wijk.geojson"),
        Page("Initiatives list", "/initiatieven/"),
        Page(f"Initiatives page {deep_page}", f"/initiatieven/?page={deep_page}"),
        Page("Initiatives search", "/initiatieven/?q=zorgcooperatie"),
        Page("API list", "/api/v1/initiatieven/?limit=25"),
    ]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# ------------------------------------------------------------------ in-process


def measure_in_process(mix: list[Page], repeat: int) -> None:
    from django.test import Client

    client = Client()
    for page in mix:
        for _ in range(3):
            response = client.get(page.url, headers=HEADERS)
        page.size = len(response.content)
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            client.get(page.url, headers=HEADERS)
            page.cpu.append(time.process_time() - cpu)
            page.wall.append(time.perf_counter() - wall)


# ------------------------------------------------------------------ the server


def start_server(url: str, port: int, workers: int, threads: int):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "RATELIMIT_API": "100000000/m",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_TESTING", None)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "samenzorg.wsgi:application",
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    # As `make run`: the static files with their hashed names first.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    ready = 0
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (code {server.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/gebieden/", headers=HEADERS)
            if connection.getresponse().status == 200:
                ready += 1
                if ready >= 2 * workers:  # every worker has answered once, probably
                    return server
            connection.close()
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("the server did not answer within 120 s")


def stop_server(server) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# -------------------------------------------------------------------- the load


def run_level(port: int, mix: list[Page], users: int, seconds: float) -> dict:
    samples: list[list[Sample]] = [[] for _ in range(users)]
    start = threading.Barrier(users + 1)
    deadline = [0.0]

    def user(n: int) -> None:
        out = samples[n]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = n
        start.wait()
        while time.monotonic() < deadline[0]:
            index = i % len(mix)
            i += 1
            began = time.perf_counter()
            try:
                connection.request("GET", mix[index].url, headers=HEADERS)
                response = connection.getresponse()
                body = response.read()
                out.append(
                    Sample(
                        index, time.perf_counter() - began, response.status, len(body)
                    )
                )
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                out.append(Sample(index, time.perf_counter() - began, 0, 0))
                connection.close()
        connection.close()

    workers = [
        threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)
    ]
    for worker in workers:
        worker.start()
    deadline[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait()
    for worker in workers:
        worker.join(timeout=seconds + 90)
    elapsed = time.monotonic() - began
    flat = [s for per_user in samples for s in per_user]
    return {"users": users, "seconds": elapsed, "samples": flat}


# ------------------------------------------------------------------ the report


def ms(value: float) -> str:
    return f"{value * 1000:.1f}"


def report(args, url, counts, mix, levels, cores, load) -> tuple[str, dict]:
    mean_cpu = statistics.mean(statistics.median(p.cpu) for p in mix)
    limit_mix = cores / mean_cpu
    overview = mix[0]
    overview_p95 = pct(overview.wall, 95) * 1000
    lines = [
        "# Pages under load (loopback)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `bench/pages_load.py"
        f" {' '.join(sys.argv[1:])}`.",
        "",
        f"- Machine: {platform.node()}, {platform.machine()}, {cores} cores "
        f"({os.cpu_count()} seen), Python {platform.python_version()}; load average "
        f"{load[0]:.1f} at the start, {load[1]:.1f} at the end. **The 2 cores are "
        "shared with other work** and the load generator (Python threads) runs on the "
        "same cores as the server, so the achieved rates are a lower bound.",
        f"- Data: {generate.url_label(url)}: {counts}.",
        f"- Server: gunicorn, `gunicorn.conf.py` (caches warmed per worker), "
        f"{args.workers} workers x {args.threads} threads, 127.0.0.1:{args.port}; "
        "anonymous requests with `Accept-Encoding: gzip` on keep-alive connections.",
        "",
        "## The limit (in-process, warm, Django test Client)",
        "",
        "| Page | URL | CPU ms p50 | wall ms p50 | wall ms p95 | bytes | limit req/s |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for p in mix:
        cpu = statistics.median(p.cpu)
        lines.append(
            f"| {p.name} | `{p.url}` | {ms(cpu)} | {ms(pct(p.wall, 50))} | "
            f"{ms(pct(p.wall, 95))} | {p.size:,} | {cores / cpu:.0f} |"
        )
    lines += [
        "",
        f"The mix asks each page equally often: mean CPU {ms(mean_cpu)} ms per "
        f"request, so the limit of the mix is {cores} / {mean_cpu:.4f} s = "
        f"**{limit_mix:.0f} requests/s**.",
        "",
    ]
    results = {"overview_p95": overview_p95, "levels": []}
    for level in levels:
        flat = level["samples"]
        elapsed = level["seconds"]
        ok = [s for s in flat if s.status == 200]
        errors = len(flat) - len(ok)
        rate = len(ok) / elapsed
        share = rate / limit_mix
        cpu = level.get("server_cpu", 0.0)
        results["levels"].append((level["users"], rate, share, errors))
        # On a shared machine the server gets less than all cores: the limit for the
        # CPU it did get, at the in-process cost per request.
        got = cpu / elapsed
        fair = got / mean_cpu
        lines += [
            f"## {level['users']} users ({elapsed:.1f} s)",
            "",
            f"{len(ok):,} answers, **{rate:.0f} requests/s = {share:.0%} of the "
            f"limit**, {errors} errors; server CPU {cpu:.1f} s "
            f"({(cpu / max(len(flat), 1)) * 1000:.1f} ms per request). The server "
            f"got {got:.2f} of the {cores} cores; for that CPU the limit is "
            f"{fair:.0f} requests/s, of which it reached {rate / fair:.0%}.",
            "",
            "| Page | requests/s | p50 ms | p95 ms | errors | bytes per answer |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for index, p in enumerate(mix):
            mine = [s for s in flat if s.page == index]
            good = [s.seconds for s in mine if s.status == 200]
            size = (
                statistics.mean(s.size for s in mine if s.status == 200) if good else 0
            )
            lines.append(
                f"| {p.name} | {len(good) / elapsed:.1f} | {ms(pct(good, 50))} | "
                f"{ms(pct(good, 95))} | {len(mine) - len(good)} | {size:,.0f} |"
            )
        lines.append("")
    met_limit = all(
        share >= LIMIT_GOAL and errors == 0
        for _u, _r, share, errors in results["levels"]
    )
    lines += [
        "## Goals",
        "",
        f"- >= {LIMIT_GOAL:.0%} of the limit with 0 errors at every level: "
        + ("**met**" if met_limit else "**not met**")
        + " ("
        + ", ".join(
            f"{u} users {share:.0%}, {e} errors"
            for u, _r, share, e in results["levels"]
        )
        + ").",
        f"- Areas overview p95 <= {OVERVIEW_GOAL_MS:.0f} ms in-process: "
        + ("**met**" if overview_p95 <= OVERVIEW_GOAL_MS else "**not met**")
        + f" ({overview_p95:.1f} ms).",
        "",
    ]
    return "\n".join(lines), results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--users", default="10,50,200")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--port", type=int, default=8141)
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2))
    )
    parser.add_argument(
        "--threads", type=int, default=int(os.environ.get("WEB_THREADS", 4))
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    if args.scale == 1.0:
        url = generate.database_url(None)
    else:
        url = f"sqlite:///{HERE / f'national-{args.scale:g}.sqlite3'}"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    generate.setup_django(url)
    counts = generate.ensure_data(url=url, scale=args.scale)
    load_start = os.getloadavg()[0]
    cores = len(os.sched_getaffinity(0))

    from samenzorg.core.warm import warm_caches

    warm_caches()
    deep = max(1, counts["initiatives"] * 9 // 10 // 25 * 8 // 10)
    mix = pages(deep)
    print("In-process, warm …", flush=True)
    measure_in_process(mix, args.repeat)
    for p in mix:
        print(f"  {p.name}: CPU {ms(statistics.median(p.cpu))} ms", flush=True)

    print(f"Starting gunicorn on 127.0.0.1:{args.port} …", flush=True)
    server = start_server(url, args.port, args.workers, args.threads)
    levels = []
    try:
        for users in [int(u) for u in args.users.split(",") if u.strip()]:
            before = tree_cpu(server.pid)
            level = run_level(args.port, mix, users, args.seconds)
            level["server_cpu"] = tree_cpu(server.pid) - before
            ok = sum(1 for s in level["samples"] if s.status == 200)
            print(
                f"  {users} users: {ok / level['seconds']:.0f} req/s, "
                f"{len(level['samples']) - ok} errors",
                flush=True,
            )
            levels.append(level)
    finally:
        stop_server(server)
    text, _results = report(
        args, url, counts, mix, levels, cores, (load_start, os.getloadavg()[0])
    )
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
