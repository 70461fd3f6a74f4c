"""Raw SQL timings of the slow queries found by ``run.py`` next to cheaper variants.

Works on a throwaway copy of ``bench/national.sqlite3`` (SQLite only), so that the
extra index and search table below never reach the benchmark database. Prints a
Markdown table: wall-clock and CPU p50 of each query over ``--repeat`` runs.

    .venv/bin/python bench/candidates.py [--repeat 15]
"""

# ruff: noqa: S608 - the SQL is built from constants and integer ids only.

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

PUBLIC = "status = 'public'"
LIST_ORDER = "ORDER BY name, id"
STADSDEEL_COUNTS = (
    "SELECT sd, COUNT(DISTINCT initiative_id) FROM (SELECT ia.initiative_id, "
    "CASE WHEN a.level = 'stadsdeel' THEN a.id WHEN p.level = 'stadsdeel' THEN p.id "
    "WHEN g.level = 'stadsdeel' THEN g.id END AS sd "
    "FROM initiatives_initiative_areas ia JOIN areas_area a ON a.id = ia.area_id "
    "LEFT JOIN areas_area p ON p.id = a.parent_id "
    "LEFT JOIN areas_area g ON g.id = p.parent_id "
    "WHERE ia.initiative_id IN (SELECT id FROM initiatives_initiative "
    "WHERE status = 'public') {where}) WHERE sd IS NOT NULL GROUP BY sd"
)
IN_STADSDELEN = (
    "SELECT id FROM areas_area WHERE level = 'stadsdeel' "
    "UNION ALL SELECT w.id FROM areas_area w JOIN areas_area s ON s.id = w.parent_id "
    "WHERE s.level = 'stadsdeel' "
    "UNION ALL SELECT b.id FROM areas_area b JOIN areas_area w ON w.id = b.parent_id "
    "JOIN areas_area s ON s.id = w.parent_id WHERE s.level = 'stadsdeel'"
)


def timed(conn: sqlite3.Connection, sql: str, params=(), repeat: int = 15):
    walls, cpus, rows = [], [], 0
    for i in range(repeat + 1):
        cpu = time.process_time()
        wall = time.perf_counter()
        rows = len(conn.execute(sql, params).fetchall())
        if i:
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    cpus.sort()
    return walls[len(walls) // 2], cpus[len(cpus) // 2], rows


def cases(conn: sqlite3.Connection) -> list[tuple[str, str, str, tuple]]:
    """(group, label, sql, params)."""
    stadsdeel_wijk = conn.execute(
        "SELECT w.id FROM areas_area w JOIN areas_area s ON s.id = w.parent_id "
        "WHERE w.code LIKE 'SYN-%' AND w.level = 'wijk' AND s.level = 'stadsdeel' "
        "ORDER BY w.code LIMIT 1"
    ).fetchone()[0]
    wijk = conn.execute(
        "SELECT id, parent_id FROM areas_area WHERE code LIKE 'SYN-WK%' "
        "ORDER BY code LIMIT 1 OFFSET 1500"
    ).fetchone()
    gemeente = conn.execute(
        "SELECT COALESCE(p.parent_id, p.id) FROM areas_area p WHERE p.id = ?",
        (wijk[1],),
    ).fetchone()[0]
    wijk_area_ids = [wijk[0]] + [
        r[0]
        for r in conn.execute(
            "SELECT id FROM areas_area WHERE parent_id = ?", (wijk[0],)
        )
    ]
    ids_sql = ",".join(str(i) for i in wijk_area_ids)
    word = "zorgcooperatie"
    fts = f"SELECT rowid FROM initiative_search WHERE initiative_search MATCH '\"{word}\"'"
    last = conn.execute(
        f"SELECT name, id FROM initiatives_initiative WHERE {PUBLIC} {LIST_ORDER} "
        "LIMIT 1 OFFSET 49974"
    ).fetchone()
    return [
        (
            "List count",
            "COUNT(*) of all public initiatives (Paginator.count)",
            f"SELECT COUNT(*) FROM initiatives_initiative WHERE {PUBLIC}",
            (),
        ),
        (
            "List count",
            "capped count: up to 1,001 rows ('more than 1,000')",
            f"SELECT COUNT(*) FROM (SELECT 1 FROM initiatives_initiative WHERE {PUBLIC} "
            "LIMIT 1001)",
            (),
        ),
        (
            "Deep page (2,000)",
            "now: OFFSET 49,975",
            f"SELECT * FROM initiatives_initiative WHERE {PUBLIC} {LIST_ORDER} "
            "LIMIT 25 OFFSET 49975",
            (),
        ),
        (
            "Deep page (2,000)",
            "keyset: WHERE (name, id) > (last row of the previous page)",
            f"SELECT * FROM initiatives_initiative WHERE {PUBLIC} AND (name, id) > (?, ?) "
            f"{LIST_ORDER} LIMIT 25",
            last,
        ),
        (
            "Search",
            "now: COUNT with search_text LIKE '%…%' (whole table)",
            f"SELECT COUNT(*) FROM initiatives_initiative WHERE {PUBLIC} "
            f"AND search_text LIKE '%{word}%' ESCAPE '\\'",
            (),
        ),
        (
            "Search",
            "now: page 1 with LIKE",
            f"SELECT * FROM initiatives_initiative WHERE {PUBLIC} "
            f"AND search_text LIKE '%{word}%' ESCAPE '\\' {LIST_ORDER} LIMIT 25",
            (),
        ),
        (
            "Search",
            "FTS5 trigram index: COUNT",
            f"SELECT COUNT(*) FROM initiatives_initiative WHERE {PUBLIC} AND id IN ({fts})",
            (),
        ),
        (
            "Search",
            "FTS5 trigram index: page 1",
            f"SELECT * FROM initiatives_initiative WHERE {PUBLIC} AND id IN ({fts}) "
            f"{LIST_ORDER} LIMIT 25",
            (),
        ),
        (
            "Counts per stadsdeel beside the list",
            "now: every area link of the visible initiatives to Python",
            "SELECT initiative_id, area_id FROM initiatives_initiative_areas WHERE "
            "initiative_id IN (SELECT id FROM initiatives_initiative WHERE "
            f"{PUBLIC})",
            (),
        ),
        (
            "Counts per stadsdeel beside the list",
            "now: every area to Python",
            "SELECT id, code, name, level, parent_id FROM areas_area ORDER BY level, name",
            (),
        ),
        (
            "Counts per stadsdeel beside the list",
            "in SQL: GROUP BY stadsdeel (CASE over parent/grandparent)",
            STADSDEEL_COUNTS.format(where=""),
            (),
        ),
        (
            "Counts per stadsdeel beside the list",
            "in SQL, only links to areas inside a stadsdeel",
            STADSDEEL_COUNTS.format(where=f"AND ia.area_id IN ({IN_STADSDELEN})"),
            (),
        ),
        (
            "Filter wijk + domain",
            "id IN (links of the wijk and its buurten) AND id IN (domain)",
            f"SELECT * FROM initiatives_initiative WHERE {PUBLIC} AND id IN ("
            "SELECT initiative_id FROM initiatives_initiative_areas WHERE area_id IN "
            f"(SELECT id FROM areas_area WHERE id = {stadsdeel_wijk} OR parent_id = "
            f"{stadsdeel_wijk})) AND id IN (SELECT d.initiative_id FROM "
            "initiatives_initiative_domains d JOIN initiatives_tag t ON t.id = d.tag_id "
            f"WHERE t.slug = 'sport') {LIST_ORDER} LIMIT 25",
            (),
        ),
        (
            "Filter wijk + domain",
            "EXISTS (domain) per row instead of id IN (domain)",
            f"SELECT * FROM initiatives_initiative i WHERE {PUBLIC} AND id IN ("
            "SELECT initiative_id FROM initiatives_initiative_areas WHERE area_id IN "
            f"(SELECT id FROM areas_area WHERE id = {stadsdeel_wijk} OR parent_id = "
            f"{stadsdeel_wijk})) AND EXISTS (SELECT 1 FROM "
            "initiatives_initiative_domains d JOIN initiatives_tag t ON t.id = d.tag_id "
            f"WHERE t.slug = 'sport' AND d.initiative_id = i.id) {LIST_ORDER} LIMIT 25",
            (),
        ),
        (
            "Filter domain only",
            "page 1 with id IN (domain)",
            f"SELECT id FROM initiatives_initiative WHERE {PUBLIC} AND id IN ("
            "SELECT d.initiative_id FROM initiatives_initiative_domains d JOIN "
            f"initiatives_tag t ON t.id = d.tag_id WHERE t.slug = 'sport') {LIST_ORDER} "
            "LIMIT 25",
            (),
        ),
        (
            "Filter domain only",
            "page 1 with EXISTS (domain)",
            f"SELECT id FROM initiatives_initiative i WHERE {PUBLIC} AND EXISTS ("
            "SELECT 1 FROM initiatives_initiative_domains d JOIN initiatives_tag t ON "
            "t.id = d.tag_id WHERE t.slug = 'sport' AND d.initiative_id = i.id) "
            f"{LIST_ORDER} LIMIT 25",
            (),
        ),
        (
            "Filter domain only",
            "COUNT with id IN (domain)",
            f"SELECT COUNT(*) FROM initiatives_initiative WHERE {PUBLIC} AND id IN ("
            "SELECT d.initiative_id FROM initiatives_initiative_domains d JOIN "
            "initiatives_tag t ON t.id = d.tag_id WHERE t.slug = 'sport')",
            (),
        ),
        (
            "Filter domain only",
            "COUNT with EXISTS (domain)",
            f"SELECT COUNT(*) FROM initiatives_initiative i WHERE {PUBLIC} AND EXISTS ("
            "SELECT 1 FROM initiatives_initiative_domains d JOIN initiatives_tag t ON "
            "t.id = d.tag_id WHERE t.slug = 'sport' AND d.initiative_id = i.id)",
            (),
        ),
        (
            "Area profile: average of the wijken",
            "now: over every wijk in the country",
            "SELECT s.variable_id, AVG(s.value) FROM areas_statistic s JOIN areas_area a "
            "ON a.id = s.area_id WHERE a.level = 'wijk' GROUP BY s.variable_id",
            (),
        ),
        (
            "Area profile: average of the wijken",
            "only the wijken of the same gemeente",
            "SELECT s.variable_id, AVG(s.value) FROM areas_statistic s JOIN areas_area a "
            "ON a.id = s.area_id WHERE a.level = 'wijk' AND (a.parent_id = ? OR "
            "a.parent_id IN (SELECT id FROM areas_area WHERE parent_id = ?)) "
            "GROUP BY s.variable_id",
            (gemeente, gemeente),
        ),
        (
            "Area profile: initiatives in the wijk",
            "like now: JOIN + DISTINCT over descendants with OR on parents and "
            "werkgebieden",
            "SELECT DISTINCT i.* FROM initiatives_initiative i JOIN "
            "initiatives_initiative_areas ia ON ia.initiative_id = i.id WHERE "
            f"i.{PUBLIC} AND ia.area_id IN (SELECT DISTINCT a.id FROM areas_area a "
            "LEFT JOIN areas_area p ON p.id = a.parent_id LEFT JOIN areas_area g ON "
            "g.id = p.parent_id LEFT JOIN areas_area_members m ON m.to_area_id = a.id "
            f"WHERE a.id = {wijk[0]} OR a.parent_id = {wijk[0]} OR p.parent_id = "
            f"{wijk[0]} OR g.parent_id = {wijk[0]} OR m.from_area_id = {wijk[0]}) "
            f"{LIST_ORDER} LIMIT 51",
            (),
        ),
        (
            "Area profile: initiatives in the wijk",
            "ids of the wijk and its buurten first (1 small query), IN subquery",
            f"SELECT i.* FROM initiatives_initiative i WHERE i.{PUBLIC} AND i.id IN "
            "(SELECT initiative_id FROM initiatives_initiative_areas WHERE area_id IN "
            f"({ids_sql})) {LIST_ORDER} LIMIT 51",
            (),
        ),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    if not generate.DEFAULT_DB.exists():
        print("Generate the data first: .venv/bin/python bench/generate.py")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "national.sqlite3"
        src = sqlite3.connect(generate.DEFAULT_DB)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        started = time.perf_counter()
        dst.execute(
            "CREATE VIRTUAL TABLE initiative_search USING fts5(search_text, "
            "content='initiatives_initiative', content_rowid='id', tokenize='trigram')"
        )
        dst.execute(
            "INSERT INTO initiative_search(initiative_search) VALUES('rebuild')"
        )
        dst.commit()
        build = time.perf_counter() - started
        print(f"FTS5 trigram index built in {build:.1f} s (on the copy).\n")
        print("| topic | query | rows | p50 ms | CPU p50 ms |")
        print("| --- | --- | ---: | ---: | ---: |")
        for group, label, sql, params in cases(dst):
            wall, cpu, rows = timed(dst, sql, params, repeat=args.repeat)
            print(
                f"| {group} | {label} | {rows:,} | {wall:.2f} | {cpu:.2f} |", flush=True
            )
        dst.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
