"""How long an import of initiatives holds the database for writing.

    .venv/bin/python bench/import_bench.py [--rows 5000] [--databases sqlite postgres]
        [--code /path/to/checkout] [--output bench/RESULTS-import.md]

For each database: a fresh one in a temporary folder (SQLite file, or a throwaway
PostgreSQL cluster on --pg-port, loopback only), migrations, two tags and a wijk;
then ``transfer.import_initiatives`` of a CSV of --rows rows (name, description, fase,
doelgroepen, activiteiten, gebied, a location) as a background task runs it.

Measured: the whole import (reading, checking, writing), the time its transaction is
open (on SQLite: the write lock, from BEGIN IMMEDIATE to COMMIT), and meanwhile a
second thread that writes one small row every 20 ms in autocommit, as a login or a
score does: how long its longest write waited and whether every one succeeded.

``--code`` runs the same measurement against another checkout's code (for a figure
before a change); the database set-up is the same.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable


def _csv(rows: int, group: str, domain: str) -> bytes:
    lines = [
        "naam;omschrijving;fase;doelgroepen;activiteiten;gebied;breedtegraad;lengtegraad"
    ]
    lines.extend(
        f"Synthetisch initiatief {n};Een buurtactiviteit voor en door bewoners, "
        f"nummer {n}.;idee;{group};{domain};Synthetisch Centrum;52.07;4.30"
        for n in range(rows)
    )
    return ("\n".join(lines) + "\n").encode()


def measure(rows: int) -> dict:
    """Inside the server's environment: set up, import, and watch a second writer."""
    code = os.environ.get("BENCH_CODE_ROOT")
    sys.path.insert(0, code or str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenzorg.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    import samenzorg.core.tabular as tabular
    from samenzorg.areas.models import Area
    from samenzorg.core.models import AuditEntry
    from samenzorg.initiatives.models import Initiative, Tag
    from samenzorg.initiatives.transfer import import_initiatives

    group, _ = Tag.objects.get_or_create(
        kind=Tag.Kind.TARGET_GROUP, slug="ouderen", defaults={"name": "Ouderen"}
    )
    domain, _ = Tag.objects.get_or_create(
        kind=Tag.Kind.DOMAIN, slug="ontmoeting", defaults={"name": "Ontmoeting"}
    )
    Area.objects.get_or_create(
        code="SYN-WK000101",
        defaults={"name": "Synthetisch Centrum", "level": Area.Level.WIJK},
    )

    spans = []
    real_atomic = transaction.atomic

    @contextlib.contextmanager
    def timed_atomic(*args, **kwargs):
        outermost = not connection.in_atomic_block
        with real_atomic(*args, **kwargs):
            begin = time.perf_counter()  # the transaction (and lock) is held from here
            yield
        if outermost:
            spans.append(time.perf_counter() - begin)  # COMMIT included

    class TimedTransaction:
        atomic = staticmethod(timed_atomic)

        def __getattr__(self, name):
            return getattr(transaction, name)

    tabular.transaction = TimedTransaction()

    stop = threading.Event()
    waits: list[float] = []
    failures: list[str] = []

    def other_writer():
        from django.db import connection as own

        try:
            while not stop.is_set():
                begin = time.perf_counter()
                try:
                    AuditEntry.objects.create(
                        action="update", target_type="bench.probe", target_id="1"
                    )
                except Exception as exc:  # noqa: BLE001 - counted as a failure
                    failures.append(f"{type(exc).__name__}: {exc}")
                waits.append(time.perf_counter() - begin)
                time.sleep(0.02)
        finally:
            own.close()

    data = _csv(rows, group.name, domain.name)
    probe = threading.Thread(target=other_writer)
    probe.start()
    time.sleep(0.2)
    begin = time.perf_counter()
    report = import_initiatives(actor=None, file=data)
    total = time.perf_counter() - begin
    time.sleep(0.2)
    stop.set()
    probe.join()
    if not report.ok:
        raise SystemExit(report.as_text())
    return {
        "rows": rows,
        "created": Initiative.objects.count(),
        "audit": AuditEntry.objects.exclude(target_type="bench.probe").count(),
        "import_s": total,
        "transaction_s": max(spans) if spans else None,
        "transactions": len(spans),
        "other_writes": len(waits),
        "other_max_ms": 1000 * max(waits) if waits else None,
        "other_failures": failures[:3],
        "n_other_failures": len(failures),
    }


def run_one(kind: str, args) -> dict:
    sys.path.insert(0, str(BENCH))
    from live_session import database

    folder = Path(tempfile.mkdtemp(prefix=f"import-bench-{kind}-"))
    try:
        with database(kind, folder, args.pg_port) as url:
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "SECRET_KEY": "bench-import-not-secret",
                "MEDIA_ROOT": str(folder / "media"),
            }
            env.pop("DJANGO_DEBUG", None)
            if args.code:
                env["BENCH_CODE_ROOT"] = str(args.code)
            quiet = {"cwd": args.code or ROOT, "env": env, "check": True}
            subprocess.run(
                [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], **quiet
            )
            out = subprocess.run(
                [PYTHON, __file__, "--measure", str(args.rows)],
                capture_output=True,
                text=True,
                **quiet,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result["database"] = kind
    return result


def report(results: list[dict], args) -> str:
    label = f"code of `{args.code}`" if args.code else "this checkout"
    lines = [
        "# Import of initiatives: how long the database is held",
        "",
        f"Measured {datetime.date.today():%d %B %Y} on {os.cpu_count()} cores, {label}: "
        f"`bench/import_bench.py {' '.join(args.argv)}`. A CSV of {args.rows} rows (name, "
        "description, fase, one target group, one activity, a wijk by name, a location); "
        "a second thread writes a row every 20 ms meanwhile (autocommit, as a login "
        "or a score does).",
        "",
        "| database | rows created | audit entries | whole import s | transaction s | "
        "other writes | their longest wait ms | failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines.extend(
        f"| {r['database']} | {r['created']} | {r['audit']} | {r['import_s']:.2f} "
        f"| {r['transaction_s']:.2f} | {r['other_writes']} | {r['other_max_ms']:.0f} "
        f"| {r['n_other_failures']} |"
        for r in results
    )
    lines += [
        "",
        "Goal: a 5,000-row import holds the write lock ≤ 2 s; the other writer waits "
        "and never fails. On PostgreSQL the import's transaction does not block "
        "writers of other rows at all; on SQLite (one writer at a time) the other "
        "writer waits at most about as long as the transaction lasts.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        print(json.dumps(measure(int(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument(
        "--databases",
        nargs="+",
        default=["sqlite", "postgres"],
        choices=["sqlite", "postgres"],
    )
    parser.add_argument("--code", type=Path, default=None)
    parser.add_argument("--pg-port", type=int, default=55443)
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS-import.md")
    args = parser.parse_args()
    args.argv = sys.argv[1:]
    results = []
    for kind in args.databases:
        print(f"{kind}, {args.rows} rows …", flush=True)
        result = run_one(kind, args)
        print(json.dumps(result), flush=True)
        results.append(result)
    text = report(results, args)
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
