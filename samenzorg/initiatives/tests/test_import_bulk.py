"""The import checks every row first and then writes them all in one short
transaction of bulk inserts: the same initiatives, lists, search text and audit
entries as one by one, in a number of queries that does not grow with the rows."""

import json

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from samenzorg.core.models import AuditEntry
from samenzorg.core.tabular import ImportReport, check_then_write
from samenzorg.initiatives import services, transfer
from samenzorg.initiatives.models import Initiative, Tag

pytestmark = pytest.mark.django_db

HEADER = "naam;omschrijving;doelgroepen;activiteiten;fase;gebied;status"


def _rows(n: int) -> bytes:
    lines = [HEADER] + [
        f"Buurtkamer {i};Koffie en een praatje;ouderen;ontmoeting;actief;Moerwijk;openbaar"
        for i in range(n)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def tags(db):
    Tag.objects.get_or_create(
        kind=Tag.Kind.TARGET_GROUP, slug="ouderen", defaults={"name": "Ouderen"}
    )
    Tag.objects.get_or_create(
        kind=Tag.Kind.DOMAIN, slug="ontmoeting", defaults={"name": "Ontmoeting"}
    )


def _state():
    through = [
        getattr(Initiative, name).through.objects.count()
        for name in ("carriers", "target_groups", "domains", "areas", "owners")
    ]
    return Initiative.objects.count(), AuditEntry.objects.count(), through


def test_imported_rows_equal_rows_made_one_by_one(gemeente_user, area_tree, tags):
    report = transfer.import_initiatives(actor=gemeente_user, file=_rows(3))
    assert report.ok, report.as_text()
    imported = Initiative.objects.get(name="Buurtkamer 1")
    single = services.initiative_create(
        actor=gemeente_user,
        name="Buurtkamer 1",
        description="Koffie en een praatje",
        target_groups=["ouderen"],
        domains=["ontmoeting"],
        maturity="actief",
        areas=list(imported.areas.all()),
        status="public",
        source=imported.source,
        actor_becomes_owner=False,
    )
    assert [a.code for a in imported.areas.all()] == ["WK051836"]
    assert list(imported.target_groups.values_list("slug", flat=True)) == ["ouderen"]
    assert imported.search_text == services.search_text_for(imported)
    assert imported.search_text == single.search_text
    entry = AuditEntry.objects.get(target_id=str(imported.pk))
    single_entry = AuditEntry.objects.get(target_id=str(single.pk))
    assert entry.changes == single_entry.changes
    assert entry.target_repr == "Buurtkamer 1"
    assert entry.actor == gemeente_user


def test_import_queries_do_not_grow_with_the_rows(gemeente_user, area_tree, tags):
    def queries(n):
        with CaptureQueriesContext(connection) as captured:
            report = transfer.import_initiatives(actor=gemeente_user, file=_rows(n))
        assert report.created_count == n
        return len(captured)

    # A few bulk inserts per chunk (SQLite takes at most 999 values a statement),
    # never queries per row: one by one, 150 rows took over a thousand.
    assert queries(150) <= queries(5) + 6


def test_bad_rows_found_by_the_service_are_all_reported_and_nothing_is_written(
    gemeente_user, area_tree, tags, monkeypatch
):
    real = services.initiative_prepare

    def prepare(**fields):
        if fields["name"] in ("Buurtkamer 2", "Buurtkamer 4", "Buurtkamer 5"):
            raise ValidationError({"name": "Deze naam kan niet."})
        return real(**fields)

    monkeypatch.setattr(services, "initiative_prepare", prepare)
    before = _state()
    report = transfer.import_initiatives(actor=gemeente_user, file=_rows(7))
    assert not report.ok
    assert report.created_count == 0
    # Line 1 holds the headings: row n is on line n + 2.
    assert [(p.line, p.column) for p in report.problems] == [
        (4, "naam"),
        (6, "naam"),
        (7, "naam"),
    ]
    assert _state() == before


def test_check_then_write_writes_nothing_until_every_row_passed(db):
    written = []

    def prepare(row):
        if row < 0:
            raise ValidationError({"value": f"{row} is negatief."})
        return row * 10

    report = ImportReport()
    result = check_then_write(
        report=report,
        items=[(2, 1), (3, -1), (4, 2), (5, -2)],
        prepare=prepare,
        write=written.extend,
        columns={"value": "waarde"},
    )
    assert result == [] and written == []
    assert [(p.line, p.column) for p in report.problems] == [
        (3, "waarde"),
        (5, "waarde"),
    ]

    report = ImportReport()
    check_then_write(
        report=report,
        items=[(n + 2, n) for n in range(5)],
        prepare=prepare,
        write=lambda part: written.append(list(part)) or part,
        chunk=2,
    )
    assert written == [[0, 10], [20, 30], [40]]


LOCK_SCRIPT = """
import json, os, threading, time
os.environ["DJANGO_SETTINGS_MODULE"] = "samenzorg.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from samenzorg.assessment import services as assessment
from samenzorg.assessment.selectors import participant_assignment
from samenzorg.assessment.tests.factories import RoundFactory
from samenzorg.initiatives.transfer import import_initiatives

round_ = RoundFactory(open=True, initiatives=2, expected_participants=1)
person = assessment.participant_join(round=round_, name="A")
ids = list(round_.initiatives.values_list("pk", flat=True))
initiative = participant_assignment(person, ids)[0]
criterion = round_.criteria.first()
rows = 1000
data = ("naam;fase\\n" + "".join(f"Initiatief {n};idee\\n" for n in range(rows))).encode()
other = {}

def score():
    begin = time.monotonic()
    try:
        assessment.score_save(
            participant=person, initiative_id=initiative, criterion=criterion, value=4
        )
        other["ok"] = True
    except Exception as exc:
        other["error"] = repr(exc)
    other["waited"] = time.monotonic() - begin
    other["ended"] = time.monotonic()
    connection.close()

thread = threading.Thread(target=score)

def progress(done, total):
    if connection.in_atomic_block:
        other["last_inside"] = time.monotonic()
    if done > rows and not thread.is_alive() and "ended" not in other:
        thread.start()  # the import's transaction is open and has written rows
        time.sleep(0.5)

import_initiatives(actor=None, file=data, progress=progress)
thread.join()
from samenzorg.assessment.models import Score
print(json.dumps({**other, "after_commit": other["ended"] > other["last_inside"],
                  "scores": Score.objects.count()}))
"""


def test_a_score_saved_while_an_import_writes_waits_and_succeeds(run_on_sqlite_file):
    """On a SQLite file (one writer at a time) a second writer waits for the
    import's transaction instead of failing with "database is locked"."""
    done, _database = run_on_sqlite_file(LOCK_SCRIPT)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result.get("ok"), result
    assert result["waited"] >= 0.4  # it waited for the lock…
    assert result["after_commit"]  # …until the import committed
    assert result["scores"] == 1
