"""A live scoring session under load: N phones join and score, a projector polls.

    .venv/bin/python bench/live_session.py [--participants 200 500] [--databases sqlite postgres]
        [--think 3:9] [--join-spread 30] [--max-seconds 300] [--output bench/RESULTS-live-session.md]

For every database and every number of participants: a fresh database in a temporary
folder (SQLite file, or a throwaway PostgreSQL cluster on --pg-port, loopback only),
migrations, a facilitator, an open round of --initiatives initiatives × --criteria
criteria; then the server as ``make run`` starts it (``bin/serve``: gunicorn with threads
and the task worker, DEBUG off) on --port (127.0.0.1 only).

Each participant is a phone with its own cookies (aiohttp, asyncio): it arrives at a random
moment within --join-spread seconds, opens the join page, posts its name with the CSRF
token, opens its list, and scores every assigned initiative criterion by criterion: GET
the scoring page, think (--think seconds, uniform), POST the score, follow the redirect.
Meanwhile the projector (logged in as the facilitator) asks for the live part of its
screen every 3 s, as the page's htmx does. Everything stops after --max-seconds; phones
not finished by then count as unfinished.

Afterwards the database is checked: every score a phone saw accepted must be there with
its value (lost), no (participant, initiative, criterion) twice (doubled), and the
number of Score rows must equal the number of accepted distinct scores.

Measured: errors (any unexpected status or failed request), p50/p95/max of the score
POSTs, p95 of the joins (the POST of the join form), p95/max of the projector refreshes.
The load generator runs on the same machine as the server and takes CPU from it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORKERS = int(os.environ.get("WEB_WORKERS", "2"))  # as bin/serve

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import tree_cpu  # noqa: E402

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SCORE_LINK_RE = re.compile(r'href="(/kansrijkheid/sessie/[^/"]+/initiatief/(\d+)/)"')
PROJECTOR_INTERVAL = 3.0


# --- inside the server's environment: set-up and check ------------------------


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenzorg.settings")
    import django

    django.setup()


def setup_round(n_initiatives: int, n_criteria: int, participants: int) -> dict:
    """A facilitator, ``n_initiatives`` public initiatives and an open round."""
    _django()
    import math

    from django.test import Client

    from samenzorg.accounts.tests.factories import UserFactory
    from samenzorg.assessment.models import Round
    from samenzorg.assessment.tests.factories import RoundFactory
    from samenzorg.initiatives.tests.factories import InitiativeFactory

    facilitator = UserFactory(roles=["procesbegeleider"])
    initiatives = InitiativeFactory.create_batch(n_initiatives)
    # Three initiatives a person: per_person = ceil(r · n / p).
    per_person = min(3, n_initiatives)
    r = max(1, math.floor(per_person * participants / n_initiatives))
    round_ = RoundFactory(
        facilitator=facilitator,
        status=Round.Status.OPEN,
        expected_participants=participants,
        raters_per_initiative=r,
        initiatives=initiatives,
        criteria=[
            (f"Criterium {n + 1}", "Hoe goed past dit?") for n in range(n_criteria)
        ],
        join_code="LIVE" + "".join(random.choices("ABCDEFGH", k=4)),  # noqa: S311
    )
    client = Client()
    client.force_login(facilitator, backend="django.contrib.auth.backends.ModelBackend")
    return {
        "round": round_.pk,
        "code": round_.join_code,
        "sessionid": client.cookies["sessionid"].value,
    }


def check_scores(expected_path: str) -> dict:
    """Compare the scores the phones saw accepted with the database."""
    _django()
    from django.db.models import Count

    from samenzorg.assessment.models import Score

    expected = {
        tuple(item[:3]): item[3]
        for item in json.loads(Path(expected_path).read_text(encoding="utf-8"))
    }
    stored = {}
    for name, initiative, position, value in Score.objects.values_list(
        "participant__name", "initiative_id", "criterion__position", "value"
    ):
        stored[(name, initiative, position)] = value
    doubled = (
        Score.objects.values("participant", "initiative", "criterion")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    lost = sum(1 for key, value in expected.items() if stored.get(key) != value)
    return {
        "rows": Score.objects.count(),
        "expected": len(expected),
        "lost": lost,
        "doubled": doubled,
        "unexpected": sum(1 for key in stored if key not in expected),
    }


# --- databases -----------------------------------------------------------------


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.getuid() == 0 else args


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else name


@contextlib.contextmanager
def database(kind: str, folder: Path, pg_port: int):
    """A DATABASE_URL for a fresh, empty database that is thrown away afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'live.sqlite3'}"
        return
    data = folder / "pg"
    data.mkdir()
    if os.getuid() == 0:
        shutil.chown(data, "postgres")
        p = data.parent
        while p != Path("/"):
            p.chmod(p.stat().st_mode | 0o001)
            p = p.parent
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run(
        _as_postgres(
            [_pg_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        ),
        **quiet,
    )
    options = (
        f"-p {pg_port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=100"
    )
    subprocess.run(
        _as_postgres(
            [
                _pg_bin("pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(data / "log"),
                "-w",
                "start",
            ]
        ),
        **quiet,
    )
    try:
        subprocess.run(
            _as_postgres(
                [
                    _pg_bin("createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(pg_port),
                    "-U",
                    "postgres",
                    "samenzorg",
                ]
            ),
            **quiet,
        )
        yield f"postgres://postgres@127.0.0.1:{pg_port}/samenzorg"
    finally:
        subprocess.run(
            _as_postgres(
                [_pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
            ),
            **quiet,
        )


@contextlib.contextmanager
def server(env: dict, port: int, log: Path):
    """bin/serve (gunicorn with threads + the task worker) on 127.0.0.1:port."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"Port {port} is already in use.")
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["bin/serve", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**env, "PYTHON": PYTHON},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # Ready when it answers: gunicorn listens before its workers have warmed
        # their caches, and the first phones would wait for that.
        deadline = time.monotonic() + 60
        answered = 0
        while answered < 2 * WORKERS:
            if time.monotonic() > deadline:
                raise SystemExit(f"The server did not answer within 60 s: see {log}")
            if proc.poll() is not None:
                raise SystemExit(f"The server stopped: see {log}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", "/")
                answered += connection.getresponse().status == 200
                connection.close()
            except OSError:
                time.sleep(0.2)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- the load ------------------------------------------------------------------


@dataclass
class Stats:
    score_post: list = field(default_factory=list)
    score_get: list = field(default_factory=list)
    join_post: list = field(default_factory=list)
    join_get: list = field(default_factory=list)
    projector: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    accepted: dict = field(default_factory=dict)
    finished: int = 0
    requests: int = 0


class Failed(Exception):
    pass


@dataclass
class Answer:
    status: int
    text: str
    location: str


def _client(base: str, cookies: dict | None = None):
    """A phone's browser: its own cookies, and a new connection for every request,
    as a phone gets one: its user thinks longer than gunicorn keeps an idle
    connection open (2 s). aiohttp, because the phones share the server's cores:
    it needs a third of the CPU per request that httpx needs."""
    import aiohttp

    return aiohttp.ClientSession(
        base_url=base,
        connector=aiohttp.TCPConnector(force_close=True, limit=0),
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # 127.0.0.1 is an IP address
        cookies=cookies,
        timeout=aiohttp.ClientTimeout(total=30),
    )


async def _timed(
    stats: Stats,
    bucket: list | None,
    client,
    method: str,
    url: str,
    *,
    expect=(200,),
    **kwargs,
) -> Answer:
    begin = time.perf_counter()
    try:
        async with client.request(
            method, url, allow_redirects=False, **kwargs
        ) as response:
            answer = Answer(
                response.status,
                await response.text(),
                response.headers.get("Location", ""),
            )
    except Exception as exc:  # noqa: BLE001 - every failure is an error of the run
        stats.errors.append(f"{type(exc).__name__} {url}")
        raise Failed from exc
    finally:
        stats.requests += 1
    elapsed = time.perf_counter() - begin
    if answer.status not in expect:
        stats.errors.append(f"{answer.status} {method} {url.split('?')[0]}")
        raise Failed
    if bucket is not None:
        bucket.append(elapsed)
    return answer


def _csrf(html: str) -> str:
    match = CSRF_RE.search(html)
    if not match:
        raise Failed
    return match.group(1)


async def phone(n, base, code, n_criteria, args, stats: Stats, rng: random.Random):
    name = f"Deelnemer {n:04d}"
    await asyncio.sleep(rng.uniform(0, args.join_spread))
    low, high = args.think
    async with _client(base) as client:
        try:
            join_url = f"/kansrijkheid/meedoen/{code}/"
            page = await _timed(stats, stats.join_get, client, "GET", join_url)
            await asyncio.sleep(rng.uniform(low, high))
            response = await _timed(
                stats,
                stats.join_post,
                client,
                "POST",
                join_url,
                data={
                    "csrfmiddlewaretoken": _csrf(page.text),
                    "name": name,
                    "organisation_kind": "zorg",
                },
                headers={"Referer": base + join_url},
                expect=(302,),
            )
            session_url = response.location
            page = await _timed(stats, None, client, "GET", session_url)
            links = {int(pk): url for url, pk in SCORE_LINK_RE.findall(page.text)}
            if not links:
                stats.errors.append("no initiatives on the list")
                return
            for initiative, url in links.items():
                next_url = url
                for step in range(1, n_criteria + 1):
                    page = await _timed(stats, stats.score_get, client, "GET", next_url)
                    await asyncio.sleep(rng.uniform(low, high))
                    value = rng.randint(1, 5)
                    response = await _timed(
                        stats,
                        stats.score_post,
                        client,
                        "POST",
                        next_url,
                        data={
                            "csrfmiddlewaretoken": _csrf(page.text),
                            "value": str(value),
                        },
                        headers={"Referer": base + next_url},
                        expect=(302,),
                    )
                    stats.accepted[(name, initiative, step - 1)] = value
                    next_url = response.location
                await _timed(stats, None, client, "GET", next_url)  # back to the list
            stats.finished += 1
        except Failed:
            return


async def projector(base, round_pk, sessionid, stats: Stats, stop: asyncio.Event):
    url = f"/kansrijkheid/rondes/{round_pk}/scherm/voortgang/"
    async with _client(base, cookies={"sessionid": sessionid}) as client:
        while not stop.is_set():
            begin = time.monotonic()
            with contextlib.suppress(Failed):
                await _timed(
                    stats,
                    stats.projector,
                    client,
                    "GET",
                    url,
                    headers={"HX-Request": "true"},
                )
            wait = PROJECTOR_INTERVAL - (time.monotonic() - begin)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), max(wait, 0.01))


async def load(base, info, n_participants, n_criteria, args) -> tuple[Stats, float]:
    stats = Stats()
    rng = random.Random(args.seed)  # noqa: S311 - a benchmark
    stop = asyncio.Event()
    begin = time.monotonic()
    screens = [
        asyncio.create_task(
            projector(base, info["round"], info["sessionid"], stats, stop)
        )
        for _ in range(args.projectors)
    ]
    phones = [
        asyncio.create_task(
            phone(
                n,
                base,
                info["code"],
                n_criteria,
                args,
                stats,
                random.Random(rng.random()),
            )
        )
        for n in range(n_participants)
    ]
    done, pending = await asyncio.wait(phones, timeout=args.max_seconds)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    stop.set()
    await asyncio.gather(*screens)
    return stats, time.monotonic() - begin


# --- one run and the report ----------------------------------------------------


def _ms(values: list, q: float | None = None) -> str:
    if not values:
        return "–"
    if q is None:
        return f"{1000 * max(values):.0f}"
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))
    return f"{1000 * ordered[index]:.0f}"


def run_one(kind: str, n_participants: int, args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"live-session-{kind}-"))
    try:
        with database(kind, folder, args.pg_port) as url:
            env = {
                **os.environ,
                "WEB_WORKERS": str(WORKERS),
                "DATABASE_URL": url,
                "SECRET_KEY": "bench-live-session-not-secret",
                "MEDIA_ROOT": str(folder / "media"),
                "DJANGO_DEBUG": "",
            }
            env.pop("DJANGO_DEBUG")
            quiet = {"cwd": ROOT, "env": env, "check": True}
            subprocess.run(
                [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], **quiet
            )
            if not (ROOT / "staticfiles" / "staticfiles.json").exists():
                subprocess.run(
                    [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], **quiet
                )
            out = subprocess.run(
                [
                    PYTHON,
                    __file__,
                    "--setup",
                    json.dumps([args.initiatives, args.criteria, n_participants]),
                ],
                capture_output=True,
                text=True,
                **quiet,
            )
            info = json.loads(out.stdout.strip().splitlines()[-1])
            with server(env, args.port, folder / "server.log") as proc:
                # From the moment it answers: its start is not part of the session.
                server_before = tree_cpu(proc.pid)
                client_before = time.process_time()
                stats, seconds = asyncio.run(
                    load(
                        f"http://127.0.0.1:{args.port}",
                        info,
                        n_participants,
                        args.criteria,
                        args,
                    )
                )
                client_cpu = time.process_time() - client_before
                server_cpu = tree_cpu(proc.pid) - server_before
            expected = folder / "expected.json"
            expected.write_text(
                json.dumps([[*key, value] for key, value in stats.accepted.items()]),
                encoding="utf-8",
            )
            out = subprocess.run(
                [PYTHON, __file__, "--check", str(expected)],
                capture_output=True,
                text=True,
                **quiet,
            )
            check = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    errors = {}
    for error in stats.errors:
        errors[error] = errors.get(error, 0) + 1
    return {
        "database": kind,
        "participants": n_participants,
        "finished": stats.finished,
        "seconds": seconds,
        "requests": stats.requests,
        "errors": len(stats.errors),
        "error_kinds": errors,
        "check": check,
        "score_post": (
            _ms(stats.score_post, 0.5),
            _ms(stats.score_post, 0.95),
            _ms(stats.score_post),
        ),
        "score_get": (
            _ms(stats.score_get, 0.5),
            _ms(stats.score_get, 0.95),
            _ms(stats.score_get),
        ),
        "join": (
            _ms(stats.join_post, 0.5),
            _ms(stats.join_post, 0.95),
            _ms(stats.join_post),
        ),
        "projector": (
            _ms(stats.projector, 0.5),
            _ms(stats.projector, 0.95),
            _ms(stats.projector),
        ),
        "server_cpu": server_cpu,
        "client_cpu": client_cpu,
        "n_posts": len(stats.score_post),
        "n_projector": len(stats.projector),
    }


MARKER = "<!-- runs (read by the next run, which keeps the rows of other loads): "


def _load(r: dict) -> str:
    return f"join within {r['join_spread']:g} s, think {r['think'][0]:g}–{r['think'][1]:g} s"


def report(results: list[dict], args) -> str:
    """The table of this run's rows and those earlier runs made with other loads."""
    for r in results:
        r.update(
            join_spread=args.join_spread,
            think=list(args.think),
            date=f"{datetime.date.today():%Y-%m-%d}",
            cores=os.cpu_count(),
        )
    earlier = []
    if args.output.exists():
        text = args.output.read_text(encoding="utf-8")
        if MARKER in text:
            earlier = json.loads(text.split(MARKER, 1)[1].rsplit(" -->", 1)[0])
    key = lambda r: (r["database"], r["participants"], _load(r))  # noqa: E731
    mine = {key(r) for r in results}
    runs = [r for r in earlier if key(r) not in mine] + results
    runs.sort(
        key=lambda r: (
            r["think"][0],
            r["join_spread"],
            r["database"],
            r["participants"],
        )
    )
    lines = [
        "# Live scoring session under load",
        "",
        f"{os.cpu_count()} cores ({'; '.join(sorted(set(_cpu_name())))}); server and load "
        "generator on the same machine, which other work shared. "
        "`bench/live_session.py --participants … --databases … --think low:high "
        "--join-spread s`; the last run: `bench/live_session.py "
        + " ".join(args.argv)
        + "`.",
        "",
        f"A round of {args.initiatives} initiatives × {args.criteria} criteria, three "
        "initiatives per participant; each phone joins at a random moment within the "
        "join spread and thinks before every score (uniform between the two figures); "
        f"{args.projectors} projector(s) poll every 3 s. gunicorn as `make run` "
        "(bin/serve: 2 workers × 4 threads, task worker beside it), DEBUG off, a new "
        "connection per request as phones get. Times in ms (p50 / p95 / max). CPU: "
        "seconds used by the server (gunicorn and the task worker) and by the phones "
        "(the load generator) during the run.",
        "",
        "| date | database | participants | load | finished | requests | errors "
        "| scores stored / expected | lost | doubled | score POST | scoring page GET "
        "| join POST | projector | wall s | CPU s server / phones |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|---|---:|---:|",
    ]
    for r in runs:
        c = r["check"]
        lines.append(
            f"| {r['date']} | {r['database']} | {r['participants']} | {_load(r)} "
            f"| {r['finished']} | {r['requests']} | {r['errors']} "
            f"| {c['rows']} / {c['expected']} | {c['lost']} | {c['doubled']} "
            f"| {' / '.join(r['score_post'])} | {' / '.join(r['score_get'])} "
            f"| {' / '.join(r['join'])} | {' / '.join(r['projector'])} | {r['seconds']:.0f} "
            f"| {r['server_cpu']:.0f} / {r['client_cpu']:.0f} |"
        )
    kinds = [r for r in runs if r["error_kinds"]]
    if kinds:
        lines += ["", "Errors:", ""]
        lines.extend(
            f"- {r['database']}, {r['participants']}, {_load(r)}: "
            + ", ".join(f"{k} ×{v}" for k, v in sorted(r["error_kinds"].items()))
            for r in kinds
        )
    lines += [
        "",
        "Goal: 0 errors, 0 lost or doubled, score POST p95 ≤ 500 ms, projector ≤ 1 s.",
        "",
        MARKER + json.dumps(runs) + " -->",
        "",
    ]
    return "\n".join(lines)


def _cpu_name() -> list[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return ["unknown CPU"]
    return [
        line.split(":", 1)[1].strip()
        for line in text.splitlines()
        if line.startswith("model name")
    ] or ["unknown CPU"]


def _think(text: str) -> tuple[float, float]:
    low, _, high = text.partition(":")
    return float(low), float(high or low)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--setup":
        print(json.dumps(setup_round(*json.loads(sys.argv[2]))))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        print(json.dumps(check_scores(sys.argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[200, 500])
    parser.add_argument(
        "--databases",
        nargs="+",
        default=["sqlite", "postgres"],
        choices=["sqlite", "postgres"],
    )
    parser.add_argument("--initiatives", type=int, default=10)
    parser.add_argument("--criteria", type=int, default=3)
    parser.add_argument(
        "--think",
        type=_think,
        default=(3.0, 9.0),
        help="seconds before each score, low:high",
    )
    parser.add_argument("--join-spread", type=float, default=30.0)
    parser.add_argument("--projectors", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=300.0, help="per run")
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--pg-port", type=int, default=55443)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "bench" / "RESULTS-live-session.md"
    )
    args = parser.parse_args()
    args.argv = sys.argv[1:]
    results = []
    for kind in args.databases:
        for n in args.participants:
            print(f"{kind}, {n} participants …", flush=True)
            result = run_one(kind, n, args)
            print(json.dumps(result), flush=True)
            results.append(result)
    text = report(results, args)
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
