import io

from django.core.management import CommandError, call_command

import pytest

from samenzorg.areas.models import Statistic, Variable
from samenzorg.areas.services import statistics_import
from samenzorg.core.models import AuditEntry

GOOD = (
    "ID,WijkenEnBuurten,Gemeentenaam_1,SoortRegio_2,Codering_3,AantalInwoners_5,"
    "k_65JaarOfOuder_12,WmoClienten_100\n"
    "1,GM0518    ,'s-Gravenhage,Gemeente  ,GM0518    ,566221,80000,25000\n"
    "2,WK051836  ,'s-Gravenhage,Wijk      ,WK051836  ,21555,2500,.\n"
    "3,BU05183620,'s-Gravenhage,Buurt     ,BU05183620,6000,700,300\n"
    "4,WK036301  ,Amsterdam,Wijk      ,WK036301  ,1000,100,10\n"
)


def _file(text: str, name: str = "kwb.csv") -> io.BytesIO:
    f = io.BytesIO(text.encode("utf-8"))
    f.name = name
    return f


def test_good_file_is_imported_with_titles_units_and_year(areas, gemeente_user):
    result = statistics_import(actor=gemeente_user, file=_file(GOOD), year=2023)
    assert result.rows == 3
    assert result.skipped_other_municipalities == 1
    assert result.variables == [
        "AantalInwoners_5",
        "k_65JaarOfOuder_12",
        "WmoClienten_100",
    ]
    old = Variable.objects.get(key="k_65JaarOfOuder_12", year=2023)
    assert (old.title, old.unit) == ("65 jaar of ouder", "aantal")
    stat = Statistic.objects.get(area__code="BU05183620", variable=old)
    assert stat.value == 700
    assert (
        Statistic.objects.get(
            area__code="WK051836", variable__key="WmoClienten_100"
        ).value
        is None
    )
    # The 2024 figures loaded from data/ are untouched.
    assert (
        Statistic.objects.get(
            area__code="WK051836", variable__key="AantalInwoners_5", variable__year=2024
        ).value
        == 21555
    )
    entry = AuditEntry.objects.get(action="import", changes__what=[None, "import_cbs"])
    assert entry.actor == gemeente_user
    # Importing the same file again changes nothing.
    again = statistics_import(actor=gemeente_user, file=_file(GOOD), year=2023)
    assert again.changed == 0


def test_semicolon_file_with_decimal_comma(areas, gemeente_user):
    text = "Codering_3;GemiddeldInkomenPerInwoner_83\nWK051836;23,4\n"
    statistics_import(actor=gemeente_user, file=_file(text), year=2021)
    assert Statistic.objects.get(
        area__code="WK051836", variable__key="GemiddeldInkomenPerInwoner_83"
    ).value == pytest.approx(23.4)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("32.5", 32.5), ("32,5", 32.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5)],
)
def test_semicolon_file_reads_decimal_point_and_comma_alike(
    areas, gemeente_user, cell, value
):
    # StatLine's own CSV separates columns with ";" and writes "32.5".
    text = f"Codering_3;GemiddeldInkomenPerInwoner_83\nWK051836;{cell}\n"
    statistics_import(actor=gemeente_user, file=_file(text), year=2021)
    assert Statistic.objects.get(
        area__code="WK051836", variable__key="GemiddeldInkomenPerInwoner_83"
    ).value == pytest.approx(value)


def test_bad_file_reports_every_problem_and_stores_nothing(areas, gemeente_user):
    bad = (
        "Codering_3,AantalInwoners_5,Onbekend_999,k_65JaarOfOuder_12\n"
        "GM0518,566221,1,80000\n"
        "WK051899,100,1,10\n"
        "WK051836,veel,1,2500\n"
        "BU05183620,6000,1,zeven\n"
    )
    before = (
        Statistic.objects.count(),
        Variable.objects.count(),
        AuditEntry.objects.count(),
    )
    report = statistics_import(actor=gemeente_user, file=_file(bad), year=2023)
    assert not report.ok
    problems = {(p.line, p.column) for p in report.problems}
    assert problems == {
        (1, "Onbekend_999"),
        (3, "Codering_3"),
        (4, "AantalInwoners_5"),
        (5, "k_65JaarOfOuder_12"),
    }
    messages = [str(p) for p in report.problems]
    assert len(messages) == 4
    assert any("WK051899" in m for m in messages)
    assert any("veel" in m for m in messages)
    after = (
        Statistic.objects.count(),
        Variable.objects.count(),
        AuditEntry.objects.count(),
    )
    assert before == after


def test_file_without_code_column_is_refused(areas, gemeente_user):
    report = statistics_import(
        actor=gemeente_user, file=_file("AantalInwoners_5\n12\n"), year=2023
    )
    assert not report.ok
    assert [(p.line, p.column) for p in report.problems] == [(1, "Codering_3")]


def test_import_command(areas, tmp_path):
    path = tmp_path / "kwb.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_cbs", str(path), "--year", "2023", stdout=out)
    assert "3 gebieden" in out.getvalue()
    path.write_text("Codering_3,AantalInwoners_5\nWK051899,1\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_cbs", str(path), "--year", "2023", stderr=err)
    assert "WK051899" in err.getvalue()


def test_load_areas_command_twice(db):
    first, second = io.StringIO(), io.StringIO()
    call_command("load_areas", stdout=first)
    call_command("load_areas", stdout=second)
    assert "169 nieuw" in first.getvalue()
    assert "0 nieuw, 0 bijgewerkt" in second.getvalue()


def test_a_stored_file_imports_with_progress(areas, gemeente_user, tmp_path, settings):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("imports/kwb.csv", _file(GOOD))
    calls = []
    report = statistics_import(
        actor=gemeente_user,
        file=name,
        year=2023,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert report.ok and report.rows == 3
    assert calls[-1][0] == calls[-1][1]  # done at the end
