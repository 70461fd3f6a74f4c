"""Reading uploaded tables: encodings, separators, Excel cells, line numbers, and
every way a file can be wrong, each with its Dutch message."""

import codecs
import datetime
import io
import json
import time
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from samenzorg.core.models import AuditEntry
from samenzorg.core.tabular import (
    ImportProblem,
    ImportReport,
    Progress,
    column_letter,
    open_table,
    read_table,
    text_problem,
    write_all_or_nothing,
)

NOT_A_TABLE = (
    "Dit is geen CSV-bestand en geen Excel-bestand (.xlsx). Sla het bestand in Excel "
    "op als 'Excel-werkmap (.xlsx)' of als 'CSV UTF-8' en probeer het opnieuw."
)
DAMAGED = "Dit is geen geldig Excel-bestand (.xlsx). Is het beschadigd?"
OLD_TYPE = (
    "Dit soort bestand kan niet gelezen worden. Sla het bestand in Excel op als "
    "'Excel-werkmap (.xlsx)' of als 'CSV UTF-8' en probeer het opnieuw."
)
PASSWORD = (
    "Dit Excel-bestand is beveiligd met een wachtwoord. Sla een kopie op zonder "
    "wachtwoord en probeer het opnieuw."
)
CP1252_NOTE = (
    "Het bestand was niet in UTF-8 en is gelezen als Windows-1252 (West-Europees). "
    "Kijk of letters zoals é en ë goed staan; zo niet, sla het bestand dan op als "
    "'CSV UTF-8' en importeer het opnieuw."
)
OPEN_QUOTE = (
    'Hier opent een aanhalingsteken (") de waarde, maar het wordt nergens gesloten. '
    "Dan wordt de rest van het bestand één waarde. Sluit het aanhalingsteken of haal "
    "het weg."
)
CONTROL = (
    "In deze cel staat een onzichtbaar stuurteken (U+0007) op plaats 2. Haal het "
    "weg; het komt vaak mee als u tekst kopieert."
)
LINE_BREAK = (
    "In deze cel staat een nieuwe regel (enter). In deze kolom moet de tekst op één "
    "regel staan."
)
NAMELESS = (
    "Deze kolom heeft waarden maar geen kop. Zet een kop in regel 1 of haal de "
    "waarden weg."
)


@pytest.fixture(autouse=True)
def dutch():
    """Messages in Dutch, whatever an earlier test activated."""
    with translation.override("nl"):
        yield


def problems(table_or_report):
    report = getattr(table_or_report, "report", table_or_report)
    return [(p.line, p.column, p.message) for p in report.problems]


def rows(table):
    return [(row.line, row.values) for row in table.rows]


def xlsx(*sheets, titles=None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for number, sheet_rows in enumerate(sheets):
        sheet = book.create_sheet((titles or [])[number] if titles else None)
        for row in sheet_rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def raw_xlsx(sheet_xml: str, *, dimension: str = "") -> bytes:
    """A minimal workbook around the rows of one sheet, as fast to build as a string."""
    ns = "http://schemas.openxmlformats.org/"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{ns}package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{ns}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<workbook xmlns="{ns}spreadsheetml/2006/main" '
        f'xmlns:r="{ns}officeDocument/2006/relationships"><sheets>'
        '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{ns}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{sheet_xml}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def inline_row(line: int, *texts: str) -> str:
    cells = "".join(
        f'<c r="{column_letter(i)}{line}" t="inlineStr"><is><t>{t}</t></is></c>'
        for i, t in enumerate(texts)
    )
    return f'<row r="{line}">{cells}</row>'


# ----------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("naam;plaats\nCafé Ëlla;Den Haag\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "naam;plaats\nCafé Ëlla;Den Haag\n".encode(), "utf-8"),
        ("naam;plaats\nCafé Ëlla;Den Haag\n".encode("utf-16"), "utf-16"),
        ("naam;plaats\nCafé Ëlla;Den Haag\n".encode("cp1252"), "cp1252"),
    ],
)
def test_each_encoding_reads_the_same_letters(data, encoding):
    table = read_table(data)
    assert table.report.ok
    assert table.encoding == encoding
    assert [c.name for c in table.columns] == ["naam", "plaats"]
    assert rows(table) == [(2, ("Café Ëlla", "Den Haag"))]


def test_only_the_windows_1252_fallback_is_noted():
    assert read_table("naam\nCafé\n".encode()).report.notes == []
    table = read_table("naam\nCafé\n".encode("cp1252"))
    assert table.report.notes == [CP1252_NOTE]
    assert table.report.ok


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused():
    table = read_table(b"naam\nCaf\x81\n")
    assert problems(table) == [
        (
            None,
            "",
            "De tekens in dit bestand kunnen niet gelezen worden: het is niet in "
            "UTF-8 of Windows-1252. Kies in Excel 'Opslaan als' en dan 'CSV UTF-8 "
            "(door komma's gescheiden)'.",
        )
    ]
    assert not table.complete


def test_utf8_with_some_other_bytes_names_the_lines():
    data = "naam\nCafé\nBé\n".encode() + b"Caf\xe9\nfoo\nB\xe8\n"
    message = (
        "Op deze regel staan tekens die niet in UTF-8 zijn, terwijl de rest van het "
        "bestand wel UTF-8 is. Sla het bestand opnieuw op als 'CSV UTF-8' en "
        "controleer de letters op deze regel."
    )
    assert problems(read_table(data)) == [(4, "", message), (6, "", message)]


# ----------------------------------------------------------------- separators


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ('naam,fase\n"Kook, eet",idee\n', ","),
        ('naam;fase\n"Kook; eet";idee\n', ";"),
        ('naam\tfase\n"Kook, eet"\tidee\n', "\t"),
        # Separators inside a quoted heading do not count.
        ('"naam, kort";fase\nKook, eet;idee\n', ";"),
        ("sep=,\nnaam,fase\nKook; eet,idee\n", ","),
    ],
)
def test_the_separator_is_sniffed_from_the_header_line(text, delimiter):
    table = read_table(text.encode())
    assert table.delimiter == delimiter
    assert table.report.ok, problems(table)
    assert len(table.columns) == 2
    assert table.rows[0].line == 2
    assert table.rows[0].values[1] == "idee"


def test_a_single_column_keeps_commas_in_its_values():
    table = read_table(b"naam\nCaf\xc3\xa9, de Buurt\n")
    assert rows(table) == [(2, ("Café, de Buurt",))]


# ----------------------------------------------------------------- cells and lines


def test_line_numbers_count_empty_rows_and_multiline_values_as_a_spreadsheet_does():
    text = 'naam;omschrijving\nA;"twee\nregels"\n\n;\nB;x\n'
    table = read_table(text.encode(), multiline=["Omschrijving"])
    assert table.report.ok, problems(table)
    assert rows(table) == [(2, ("A", "twee\nregels")), (5, ("B", "x"))]


def test_values_are_stripped_and_exported_formulas_unescaped():
    table = read_table(b"naam;formule\n  Buurtkamer  ;'=SOM(A1)\n")
    assert rows(table) == [(2, ("Buurtkamer", "=SOM(A1)"))]


def test_headings_keep_their_text_and_match_without_case_or_spaces():
    table = read_table(b"  E-mail  ;Contact  Persoon\nx;y\n")
    assert [(c.name, c.key, c.letter) for c in table.columns] == [
        ("E-mail", "e-mail", "A"),
        ("Contact  Persoon", "contact persoon", "B"),
    ]
    assert table.column("contact persoon", "x").index == 1
    assert table.column("onbekend") is None


def test_xlsx_numbers_dates_and_booleans_read_as_a_person_reads_them():
    data = xlsx(
        [
            ["Naam", "Aantal", "Graad", "Datum", "Moment", "Tijd", "Ja", "Groot"],
            [
                "Buurtkamer",
                12.0,
                52.0705,
                datetime.date(2016, 6, 28),
                datetime.datetime(2016, 6, 28, 14, 30),
                datetime.time(9, 15),
                True,
                123456789012,
            ],
            [None] * 8,
            ["Tuin", 3, -0.5, datetime.datetime(2020, 1, 2), None, None, False, None],
        ]
    )
    table = read_table(SimpleUploadedFile("lijst.xlsx", data))
    assert table.report.ok, problems(table)
    assert table.format == "xlsx"
    assert rows(table) == [
        (
            2,
            (
                "Buurtkamer",
                "12",
                "52.0705",
                "2016-06-28",
                "2016-06-28 14:30:00",
                "09:15:00",
                "ja",
                "123456789012",
            ),
        ),
        (4, ("Tuin", "3", "-0.5", "2020-01-02", "", "", "nee")),
    ]


def test_xlsx_sheet_is_chosen_by_name_or_is_the_first_with_a_note():
    data = xlsx([["naam"], ["Eerste"]], [["naam"], ["Tweede"]], titles=["A", "Banden"])
    first = read_table(data)
    assert rows(first) == [(2, ("Eerste",))]
    assert first.report.notes == [
        "Het Excel-bestand heeft meer dan één tabblad; alleen het eerste tabblad, "
        "'A', is gelezen."
    ]
    chosen = read_table(data, sheet=("Connections", "banden"))
    assert rows(chosen) == [(2, ("Tweede",))]
    assert chosen.label == "Banden"


def test_a_missing_sheet_is_a_problem_unless_it_is_optional():
    data = xlsx([["naam"], ["x"]], titles=["Elements"])
    missing = read_table(data, sheet="Connections")
    assert problems(missing) == [
        (
            None,
            "",
            "Het Excel-bestand heeft geen tabblad met de naam 'Connections'. De "
            "tabbladen zijn: 'Elements'.",
        )
    ]
    optional = read_table(data, sheet="Connections", sheet_optional=True)
    assert optional.report.ok and not optional.found and optional.rows == []


def test_problems_name_the_table_by_its_label():
    table = read_table(b"id;naam\nh\x071;x\n", label="Partijen")
    assert [str(p) for p in table.report.problems] == [
        "Partijen, regel 2, kolom 'id': In deze cel staat een onzichtbaar stuurteken "
        "(U+0007) op plaats 2. Haal het weg; het komt vaak mee als u tekst kopieert."
    ]


# ----------------------------------------------------------------- sources


def test_a_path_a_stored_file_bytes_and_a_stream_read_alike(tmp_path, settings):
    data = b"naam\nBuurtkamer\n"
    path = tmp_path / "lijst.csv"
    path.write_bytes(data)
    settings.MEDIA_ROOT = tmp_path / "media"
    stored = default_storage.save("imports/lijst.csv", io.BytesIO(data))
    stream = io.BufferedReader(io.BytesIO(data))
    for source in (path, stored, data, stream, SimpleUploadedFile("l.csv", data)):
        table = read_table(source)
        assert rows(table) == [(2, ("Buurtkamer",))], source
    assert read_table(path).name == "lijst.csv"
    assert read_table(stored).name == "lijst.csv"


def test_a_stored_file_that_is_gone_is_a_problem_not_an_error(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    assert problems(read_table("imports/weg.csv")) == [
        (None, "", "Het bestand kan niet gelezen worden. Upload het opnieuw.")
    ]


def test_the_same_upload_can_be_read_twice():
    upload = SimpleUploadedFile("kaart.xlsx", xlsx([["naam"], ["a"]], [["van"], ["b"]]))
    assert rows(read_table(upload, sheet="Sheet")) == [(2, ("a",))]
    assert rows(read_table(upload, sheet="Sheet1")) == [(2, ("b",))]


# ----------------------------------------------------------------- guards


def test_a_file_too_large_is_refused_before_it_is_read():
    class Upload(io.BytesIO):
        size = 6 * 1024 * 1024
        name = "groot.csv"

        def read(self, *args):
            raise AssertionError("read although too large")

    assert problems(read_table(Upload())) == [
        (None, "", "Het bestand is te groot (maximaal 5 MB).")
    ]


def test_a_stream_without_a_size_is_cut_off_at_the_limit():
    class Stream:
        def read(self, size=-1):
            return b"naam\n" + b"x" * size

    assert problems(read_table(Stream(), max_bytes=1536)) == [
        (None, "", "Het bestand is te groot (maximaal 1 kB).")
    ]


@pytest.mark.parametrize(
    "data",
    [b"", b"  \r\n\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n"],
)
def test_an_empty_file_is_refused(data):
    assert problems(read_table(data)) == [(None, "", "Het bestand is leeg.")]


def test_an_empty_first_line_is_refused():
    assert problems(read_table(b";;\nnaam\nx\n")) == [
        (1, "", "De eerste regel is leeg. Daar moeten de koppen van de kolommen staan.")
    ]


def test_more_rows_than_allowed_stop_the_reading_at_the_first_row_too_many():
    data = b"naam\n" + b"".join(b"r%d\n" % i for i in range(20))
    with open_table(data, max_rows=5) as table:
        read = list(table.rows)
    assert len(read) == 5
    assert problems(table) == [
        (
            None,
            "",
            "Het bestand heeft meer dan 5 regels. Verdeel het over kleinere bestanden.",
        )
    ]
    assert not table.complete


def test_empty_rows_do_not_count_toward_the_row_limit():
    table = read_table(b"naam\n" + b"\n;\n" * 50 + b"a\nb\n", max_rows=2)
    assert table.report.ok
    assert [row.line for row in table.rows] == [102, 103]


@pytest.fixture(scope="module")
def workbook_400000_rows() -> bytes:
    header = inline_row(1, "naam", "nummer")
    body = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>I{i}</t></is></c>'
        f'<c r="B{i}"><v>{i}</v></c></row>'
        for i in range(2, 400_002)
    )
    data = raw_xlsx(header + body, dimension="A1:B400001")
    return data


def test_a_400000_row_workbook_is_refused_after_max_rows_not_read_whole(
    workbook_400000_rows,
):
    started = time.perf_counter()
    table = read_table(workbook_400000_rows, max_bytes=20 * 1024 * 1024)
    seconds = time.perf_counter() - started
    assert problems(table) == [
        (
            None,
            "",
            "Het bestand heeft meer dan 5000 regels. Verdeel het over kleinere "
            "bestanden.",
        )
    ]
    assert len(table.rows) == 5000
    assert table.rows[-1].values == ("I5001", "5001")
    assert table.row_estimate == 400_000
    # Measured here: building the file 0.6 s, refusing it 0.17 s; reading all
    # 400,000 rows would take about 6 s.
    assert seconds < 2


def test_a_workbook_that_unpacks_too_large_is_refused():
    data = raw_xlsx(inline_row(1, "naam") + " " * 3_000_000)
    assert len(data) < 100_000
    assert problems(read_table(data, max_bytes=100_000)) == [
        (
            None,
            "",
            "Dit Excel-bestand is uitgepakt te groot. Verdeel het over kleinere "
            "bestanden.",
        )
    ]


def test_more_columns_than_allowed_are_refused():
    assert problems(read_table(b"a;b;c\n1;2;3\n", max_columns=2)) == [
        (1, "", "Het bestand heeft meer dan 2 kolommen.")
    ]
    assert problems(read_table(b"a;b\n1;2;3;4\n", max_columns=3)) == [
        (2, "", "Het bestand heeft meer dan 3 kolommen.")
    ]


def test_a_value_over_the_csv_field_limit_is_a_problem_not_an_error():
    data = b"naam;omschrijving\nA;" + b"x" * 200_000 + b"\n"
    assert problems(read_table(data)) == [
        (
            2,
            "omschrijving",
            "Deze waarde is langer dan 131072 tekens. Vaak komt dat door een "
            'aanhalingsteken (") dat een waarde opent maar nergens sluit.',
        )
    ]


def test_an_unterminated_quote_is_reported_where_the_value_began():
    text = 'naam;omschrijving\nA;"twee\nregels"\nB;"open\nC;d\nE;f\n'
    table = read_table(text.encode(), multiline=["omschrijving"])
    assert problems(table) == [(3, "omschrijving", OPEN_QUOTE)]
    assert rows(table) == [(2, ("A", "twee\nregels"))]
    assert not table.complete


def test_a_quote_left_open_in_a_long_file_is_reported_where_it_began():
    text = 'naam;fase\nA;idee\n"Buurt;idee\n' + "B;x\n" * 40_000
    assert problems(read_table(text.encode(), max_rows=50_000)) == [
        (3, "naam", OPEN_QUOTE)
    ]


def test_text_after_a_closing_quote_is_reported_and_the_other_rows_still_read():
    table = read_table(b'naam;fase\n"De Pan" Zuid;idee\nB;x\n"C"x;y\n')
    message = (
        'Na het sluitende aanhalingsteken (") staat nog tekst. Zet de hele waarde '
        "tussen aanhalingstekens en schrijf een aanhalingsteken in de waarde twee "
        'keer ("").'
    )
    assert problems(table) == [(2, "naam", message), (4, "naam", message)]
    assert rows(table) == [(3, ("B", "x"))]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("foto.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", NOT_A_TABLE),
        ("rapport.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", NOT_A_TABLE),
        ("data.bin", bytes(range(256)) * 20, NOT_A_TABLE),
        ("kapot.xlsx", b"PK\x03\x04 dit is geen werkmap", DAMAGED),
        ("tekst.xlsx", b"naam\nBuurtkamer\n", DAMAGED),
        ("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, OLD_TYPE),
        ("leeg.ods", b"naam\n", OLD_TYPE),
        (
            "geheim.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 512
            + "EncryptionInfo".encode("utf-16-le"),
            PASSWORD,
        ),
    ],
)
def test_a_file_that_is_no_table_gets_one_clear_message(name, data, message):
    table = read_table(SimpleUploadedFile(name, data))
    assert problems(table) == [(None, "", message)]
    assert not table.complete and table.rows == []


def _zip(entries: dict[str, bytes], *, encrypted=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    data = bytearray(buffer.getvalue())
    if encrypted:  # set the "encrypted" flag as a zip with a password has it
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            position = data.find(signature)
            data[position + offset] |= 0x1
    return bytes(data)


def test_a_zip_that_is_no_workbook_says_what_it_is():
    ods = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert problems(read_table(ods)) == [
        (
            None,
            "",
            "Dit is een OpenDocument-bestand (.ods). Dat kan hier niet gelezen worden. "
            "Sla het op als 'Excel-werkmap (.xlsx)' of als 'CSV UTF-8' en probeer het "
            "opnieuw.",
        )
    ]
    assert problems(read_table(_zip({"word/document.xml": b"<w/>"}))) == [
        (None, "", NOT_A_TABLE)
    ]
    locked = _zip({"xl/workbook.xml": b"<workbook/>"}, encrypted=True)
    assert problems(read_table(locked)) == [(None, "", PASSWORD)]


def test_a_workbook_where_only_csv_is_read_is_refused():
    assert problems(read_table(xlsx([["a"]]), formats=("csv",))) == [
        (
            None,
            "",
            "Dit is een Excel-bestand; hier kan alleen CSV gelezen worden. Sla het "
            "tabblad in Excel op als 'CSV UTF-8' en probeer het opnieuw.",
        )
    ]


def test_duplicate_and_missing_headings_are_reported():
    table = read_table(b"naam;Naam ;;fase;\na;b;c;d;\n;;;;e\n")
    assert problems(table) == [
        (1, "Naam", "De kolom 'Naam' komt meer dan één keer voor."),
        (2, "C", NAMELESS),
        (3, "E", NAMELESS),
    ]


def test_empty_columns_without_a_heading_are_fine():
    assert read_table(b"naam;;\na;;\n").report.ok


def test_control_characters_are_reported_per_cell_with_line_and_column():
    text = (
        "naam;omschrijving;fase\n"
        "A\x07b;goed;idee\n"
        'C;"met\ttab en\nnieuwe regel";actief\n'
        'D\x00;\x7f;"x\ny"\n'
    )
    table = read_table(text.encode(), multiline=["omschrijving"])
    nul = (
        "In deze cel staat een NUL-teken (een nulbyte). Dat is geen tekst. Haal het "
        "weg, of kijk of het bestand is opgeslagen als CSV of Excel."
    )
    assert problems(table) == [
        (2, "naam", CONTROL),
        (4, "naam", nul),
        (
            4,
            "omschrijving",
            "In deze cel staat een onzichtbaar stuurteken (U+007F) op plaats 1. Haal "
            "het weg; het komt vaak mee als u tekst kopieert.",
        ),
        (4, "fase", LINE_BREAK),
    ]


def test_a_heading_with_a_control_character_is_reported():
    assert problems(read_table(b"n\x07aam\nx\n")) == [(1, "A", CONTROL)]


def test_control_characters_in_xlsx_cells_are_reported():
    data = raw_xlsx(
        inline_row(1, "naam", "notities") + inline_row(2, "A&#10;B", "een&#10;twee")
    )
    table = read_table(data, multiline=["notities"])
    assert problems(table) == [(2, "naam", LINE_BREAK)]


@pytest.mark.parametrize(
    ("value", "multiline", "found"),
    [
        ("gewoon", False, False),
        ("twee\nregels", True, False),
        ("tab\there", True, False),
        ("twee\r\nregels", False, True),
        ("bel\x07", True, True),
        ("escape\x1b", True, True),
        ("delete\x7f", True, True),
    ],
)
def test_text_problem_allows_tabs_and_line_breaks_only_where_asked(
    value, multiline, found
):
    assert (text_problem(value, multiline=multiline) is not None) is found


# ----------------------------------------------------------------- any bytes


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: t.encode("utf-8")),
        st.text(alphabet='ab;,\t"\n\r\x00\x07 é', max_size=300).map(str.encode),
        st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=500).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
        st.binary(max_size=500).map(lambda b: codecs.BOM_UTF16_LE + b),
    ),
    st.sampled_from(["lijst.csv", "lijst.xlsx", "lijst.xls", ""]),
)
def test_any_bytes_give_a_table_or_a_report_never_an_error(data, name):
    table = read_table(SimpleUploadedFile(name or "x", data), max_rows=20)
    assert isinstance(table.rows, list)
    assert table.report.ok or table.report.problems
    for row in table.rows:
        assert row.line >= 2
        assert all(isinstance(v, str) for v in row.values)
    for problem in table.report.problems:
        assert str(problem)


# ----------------------------------------------------------------- the report


def test_a_problem_reads_with_its_place():
    assert [
        str(ImportProblem(message="Fout.", **place))
        for place in (
            {},
            {"line": 3},
            {"column": "naam"},
            {"line": 3, "column": "naam"},
            {"sheet": "Banden"},
            {"sheet": "Banden", "line": 3},
            {"sheet": "Banden", "column": "van"},
            {"sheet": "Banden", "line": 3, "column": "van"},
        )
    ] == [
        "Fout.",
        "Regel 3: Fout.",
        "Kolom 'naam': Fout.",
        "Regel 3, kolom 'naam': Fout.",
        "Banden: Fout.",
        "Banden, regel 3: Fout.",
        "Banden, kolom 'van': Fout.",
        "Banden, regel 3, kolom 'van': Fout.",
    ]


def test_the_report_maps_a_services_fields_to_the_files_columns():
    report = ImportReport()
    report.add_validation_error(
        ValidationError({"name": ["Te lang."], "other": ["Fout."]}),
        line=4,
        columns={"name": "naam"},
    )
    report.add_validation_error(ValidationError("Helemaal fout."), line=5)
    assert problems(report) == [
        (4, "naam", "Te lang."),
        (4, "", "Fout."),
        (5, "", "Helemaal fout."),
    ]


def test_the_report_keeps_a_bounded_number_of_problems_but_counts_them_all():
    report = ImportReport()
    for line in range(1500):
        report.add("Fout.", line=line + 2)
    assert report.problem_count == 1500
    assert len(report.problems) == 1000
    assert report.omitted == 500
    assert report.as_text().splitlines()[-1] == (
        "En nog 500 fouten, die hier niet staan."
    )


def test_a_hostile_file_with_a_control_character_in_every_cell_stays_bounded():
    data = b"naam;fase\n" + b"a\x7f;b\x7f\n" * 30_000
    table = read_table(data, max_rows=50_000)
    assert table.report.problem_count == 60_000
    assert len(table.report.problems) == 1000


def test_the_plain_text_report_lists_every_problem_by_line():
    report = ImportReport()
    report.add("Tweede.", line=3, column="fase")
    report.add("Bestand.")
    report.add("Eerste.", line=2)
    report.note("Let op.")
    assert report.as_text() == (
        "Bestand.\nRegel 2: Eerste.\nRegel 3, kolom 'fase': Tweede.\nLet op."
    )
    assert report.as_dict()["problems"][0] == {
        "line": 3,
        "column": "fase",
        "message": "Tweede.",
        "sheet": "",
    }


def test_a_stored_report_reads_back_the_same_with_the_problems_not_kept():
    report = ImportReport()
    report.add("Tweede.", line=3, column="fase", sheet="Banden")
    report.add("Bestand.")
    report.note("Let op.")
    report.problem_count = 1500  # counted, not all kept
    again = ImportReport.from_dict(json.loads(json.dumps(report.as_dict())))
    assert again.problems == report.problems
    assert again.notes == ["Let op."]
    assert (again.problem_count, again.omitted, again.ok) == (1500, 1498, False)
    assert again.as_text() == report.as_text()
    assert ImportReport.from_dict({}).ok


def test_the_report_component_lists_every_problem_with_line_and_column():
    report = ImportReport()
    report.add("Geen <b>getal</b>.", line=4, column="aantal")
    report.add("Bestand fout.")
    html = render_to_string("components/import_report.html", {"report": report})
    assert "Er is niets geïmporteerd: het bestand heeft 2 fouten." in html
    assert 'numeric-data">4</td>' in html
    assert 'numeric-data">hele bestand</td>' in html
    assert "aantal" in html
    assert "Geen &lt;b&gt;getal&lt;/b&gt;." in html
    assert "Tabblad of bestand" not in html
    report.add("Fout.", sheet="Banden", line=2)
    html = render_to_string("components/import_report.html", {"report": report})
    assert "Tabblad of bestand" in html and ">Banden</td>" in html


def test_the_report_component_shows_only_notes_for_a_good_file():
    report = ImportReport()
    assert (
        render_to_string("components/import_report.html", {"report": report}).strip()
        == ""
    )
    report.note("Gelezen als Windows-1252.")
    html = render_to_string("components/import_report.html", {"report": report})
    assert "Gelezen als Windows-1252." in html and "niets geïmporteerd" not in html


def test_progress_is_called_every_so_many_steps_and_at_the_end():
    calls = []
    progress = Progress(lambda done, total: calls.append((done, total)), 5, every=2)
    for _step in range(5):
        progress.advance()
    progress.finish()
    assert calls == [(2, 5), (4, 5), (5, 5)]
    Progress(None, 5).advance()  # nothing to call


# ----------------------------------------------------------------- all or nothing


def _entry(text):
    if text == "fout":
        raise ValidationError({"target_repr": ["Dit mag niet."]})
    return AuditEntry.objects.create(action="import", target_type="x", target_id=text)


@pytest.mark.django_db
def test_all_rows_are_written_when_every_row_is_good():
    report = ImportReport()
    written = write_all_or_nothing(
        report=report, items=[(2, "a"), (3, "b")], write=_entry
    )
    assert [e.target_id for e in written] == ["a", "b"]
    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db
def test_one_bad_row_rolls_back_every_row_and_every_bad_row_is_reported():
    report = ImportReport()
    written = write_all_or_nothing(
        report=report,
        items=[(2, "a"), (3, "fout"), (4, "b"), (5, "fout")],
        write=_entry,
        columns={"target_repr": "naam"},
    )
    assert written == []
    assert problems(report) == [
        (3, "naam", "Dit mag niet."),
        (5, "naam", "Dit mag niet."),
    ]
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_nothing_is_written_when_the_checks_found_a_problem():
    report = ImportReport()
    report.add("Fout.", line=2)
    assert write_all_or_nothing(report=report, items=[(3, "a")], write=_entry) == []
    assert AuditEntry.objects.count() == 0


def test_an_apps_problem_on_a_cell_the_reader_reported_is_left_out():
    table = read_table(b"Naam;fase\nBuurt\x07kamer;later\n")
    table.report.add("Onbekende naam.", line=2, column="naam")
    table.report.add("Onbekende fase.", line=2, column="fase")
    assert problems(table) == [
        (
            2,
            "Naam",
            "In deze cel staat een onzichtbaar stuurteken (U+0007) op plaats 6. Haal "
            "het weg; het komt vaak mee als u tekst kopieert.",
        ),
        (2, "fase", "Onbekende fase."),
    ]
