"""Tables that people upload (CSV and Excel .xlsx), read one way for every import.

``read_table`` (or ``open_table`` for a file read row by row) turns an upload, a local
path, a name in the default storage or plain bytes into a ``Table``: the header and
the rows, each with its line number as a spreadsheet shows it (the header is line 1;
empty rows are skipped but keep their number) and its values as stripped strings.
Whatever is wrong with the file becomes a Dutch ``ImportProblem`` in the
``ImportReport``; nothing a file holds makes it raise.

What is read, in this order:

- The size first (``max_bytes``), from the file's size where it is known, before the
  file is read whole.
- A zip is an Excel workbook (.xlsx); its unpacked size is limited too (a small zip
  can unpack to gigabytes). An OpenDocument file, another zip, an old .xls or an
  .xlsx with a password each get their own message.
- Other files are CSV: a byte order mark decides (UTF-8, UTF-16); otherwise strict
  UTF-8, then Windows-1252 (what Excel writes as "CSV" on Dutch Windows). That
  fallback is said in the report's notes, so a page can ask to check letters such as
  é. A file that is mostly UTF-8 with a few other bytes is refused with the lines.
- The separator is sniffed from the header line: semicolon, comma or tab, whichever
  appears most outside quotes (a semicolon wins a tie, as Dutch Excel writes it);
  Excel's ``sep=;`` first line is understood.
- The csv module runs in strict mode, so a quote left open (which would swallow the
  rest of the file into one value) or text after a closing quote is reported on the
  line where the value began, with its column, and a value above the csv module's
  field limit is a problem instead of an error.
- Control characters (U+0000 to U+001F and U+007F; tab and line breaks are allowed
  only in the columns named ``multiline``) are reported per cell: they break the
  XLSX and GraphML exports later.
- A header with a column name twice, or values under a column without a name.
- More than ``max_rows`` rows: reading stops at the first row too many, so a
  400,000-row workbook is refused after ``max_rows`` rows, not read whole.

XLSX cells become text as a person reads them: whole numbers without ".0", dates as
ISO dates (2016-06-28, with the time only when there is one), true/false as ja/nee.
An apostrophe that an export put before a formula-like cell is taken off again
(``spreadsheets.formula_unescape``), so an exported file imports unchanged.

Why openpyxl and the csv module, not tablib: tablib loads a whole file into a Dataset
(its xlsx reader reads every row of the sheet, so a row limit cannot stop early), it
gives no line numbers, and its CSV reading leaves the encoding, the delimiter and
broken quotes to the caller, which is exactly what this module is for. openpyxl's
read-only mode streams the rows of a sheet, and the csv module's strict mode reports
broken quotes; both are already dependencies.

The report is also what an import returns: ``ImportReport`` holds every problem with
its line and column (and the sheet or file when an import reads more than one),
renders as the component ``components/import_report.html`` and as plain text for
management commands. ``write_all_or_nothing`` writes rows that passed every check in
one transaction, and ``Progress`` calls an optional ``progress(done, total)``.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime
import io
import logging
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .spreadsheets import formula_unescape

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 500
# How much larger than the file itself a workbook may be when unpacked.
UNPACKED_FACTOR = 20
PROGRESS_EVERY = 200

FORMATS = ("csv", "xlsx")
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
# Files that are clearly something else: images, PDF, archives, executables.
_OTHER_FILES = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"MZ",
    b"\x7fELF",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SEP_LINE = re.compile(r"sep=([;,\t|])[ \t]*(\r\n|\n|\r|$)")


# --------------------------------------------------------------------------- report


@dataclass(frozen=True, kw_only=True)
class ImportProblem:
    """One problem in a file. ``line`` is None for the file as a whole.

    ``column`` is the column's heading as the file writes it (or its letter when it
    has none); ``sheet`` names the sheet or file when an import reads more than one.
    """

    line: int | None = None
    column: str = ""
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        values = {
            "sheet": self.sheet,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.sheet:
            if self.line and self.column:
                text = _("%(sheet)s, line %(line)s, column '%(column)s': %(message)s")
            elif self.line:
                text = _("%(sheet)s, line %(line)s: %(message)s")
            elif self.column:
                text = _("%(sheet)s, column '%(column)s': %(message)s")
            else:
                text = _("%(sheet)s: %(message)s")
        elif self.line and self.column:
            text = _("Line %(line)s, column '%(column)s': %(message)s")
        elif self.line:
            text = _("Line %(line)s: %(message)s")
        elif self.column:
            text = _("Column '%(column)s': %(message)s")
        else:
            return self.message
        return text % values


@dataclass
class ImportReport:
    """What an import found: every problem, and notes worth telling on success.

    ``ok`` is true when there is no problem at all. Apps add the problems of their
    own checks with ``add`` (or ``add_validation_error``); an app's import may
    subclass this to carry what it created. At most ``max_problems`` problems are
    kept (a hostile file could hold millions); ``problem_count`` counts them all.

    One cell, one message: once the reader has reported a cell (a control
    character), a later problem on the same line and column is left out, so an
    app's check does not add a second message about the same broken value.
    """

    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem_count: int = 0
    reported_cells: set[tuple[str, int, str]] = field(
        default_factory=set, repr=False, compare=False
    )

    max_problems: ClassVar[int] = 1000

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def omitted(self) -> int:
        """How many problems were counted but not kept."""
        return self.problem_count - len(self.problems)

    @property
    def has_sheets(self) -> bool:
        return any(p.sheet for p in self.problems)

    def add(
        self,
        message: str,
        *,
        line: int | None = None,
        column: str = "",
        sheet: str = "",
        cell: bool = False,
    ) -> None:
        """Add a problem; ``cell`` marks it as the one message for that cell."""
        place = (sheet, line or 0, column_key(column))
        if line and column and place in self.reported_cells:
            return
        if cell:
            self.reported_cells.add(place)
        self.add_problem(
            ImportProblem(line=line, column=column, message=str(message), sheet=sheet)
        )

    def add_problem(self, problem: ImportProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < self.max_problems:
            self.problems.append(problem)

    def extend(self, problems: Iterable[ImportProblem]) -> None:
        for problem in problems:
            self.add_problem(problem)

    def add_validation_error(
        self,
        error: ValidationError,
        *,
        line: int | None = None,
        sheet: str = "",
        columns: Mapping[str, str] | None = None,
    ) -> None:
        """The messages of a service's ``ValidationError``, on ``line``.

        ``columns`` maps the service's field names to the file's headings.
        """
        columns = columns or {}
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add(
                        message, line=line, column=columns.get(name, ""), sheet=sheet
                    )
        else:
            for message in error.messages:
                self.add(message, line=line, sheet=sheet)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(str(message))

    def sorted_problems(self) -> list[ImportProblem]:
        """The problems by sheet (in the order they first appear), then by line."""
        order: dict[str, int] = {}
        for problem in self.problems:
            order.setdefault(problem.sheet, len(order))
        return sorted(
            self.problems,
            key=lambda p: (order[p.sheet], p.line is not None, p.line or 0),
        )

    def as_text(self) -> str:
        """Every problem on a line of its own, for management commands and logs."""
        lines = [str(p) for p in self.sorted_problems()]
        if self.omitted:
            lines.append(self.omitted_text())
        lines.extend(self.notes)
        return "\n".join(lines)

    def omitted_text(self) -> str:
        return ngettext(
            "And %(count)s more problem, not shown.",
            "And %(count)s more problems, not shown.",
            self.omitted,
        ) % {"count": self.omitted}

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for a task's result)."""
        return {
            "ok": self.ok,
            "problem_count": self.problem_count,
            "problems": [dataclasses.asdict(p) for p in self.problems],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ImportReport:
        """A report again from ``as_dict``'s data (as a task stored it), to show."""
        problems = [
            ImportProblem(
                line=p.get("line"),
                column=str(p.get("column") or ""),
                message=str(p.get("message") or ""),
                sheet=str(p.get("sheet") or ""),
            )
            for p in data.get("problems") or []
        ]
        return ImportReport(
            problems=problems,
            notes=[str(n) for n in data.get("notes") or []],
            problem_count=max(int(data.get("problem_count") or 0), len(problems)),
        )


class Progress:
    """Calls ``callback(done, total)`` every ``every`` steps and at the end.

    Without a callback it does nothing, so an import can always count.
    """

    def __init__(
        self,
        callback: Callable[[int, int], Any] | None,
        total: int,
        *,
        every: int = PROGRESS_EVERY,
    ):
        self.callback = callback
        self.total = max(total, 0)
        self.every = every
        self.done = 0

    def advance(self, steps: int = 1) -> None:
        if self.callback is None:
            return
        before = self.done // self.every
        self.done += steps
        self.total = max(self.total, self.done)
        if self.done // self.every != before:
            self.callback(self.done, self.total)

    def finish(self) -> None:
        if self.callback is not None:
            self.done = self.total = max(self.total, self.done)
            self.callback(self.done, self.total)


def write_all_or_nothing(
    *,
    report: ImportReport,
    items: Iterable[tuple[int | None, Any]],
    write: Callable[[Any], Any],
    columns: Mapping[str, str] | None = None,
    sheet: str = "",
    progress: Progress | None = None,
) -> list:
    """Write checked rows in one transaction: all of them, or none.

    ``items`` are ``(line, row)`` pairs that passed the app's checks; ``write(row)``
    stores one (it calls the app's service). Nothing is written when ``report``
    already has a problem. A ``ValidationError`` from ``write`` becomes problems on
    the row's line (field names mapped to headings by ``columns``) and the other rows
    are still tried, so every problem is reported; then the whole transaction is
    rolled back. Returns what ``write`` returned per row, or ``[]`` when nothing was
    stored. A process killed halfway leaves nothing: the transaction never commits.
    """
    if not report.ok:
        return []
    results = []
    with transaction.atomic():
        for line, item in items:
            try:
                with transaction.atomic():
                    results.append(write(item))
            except ValidationError as error:
                report.add_validation_error(
                    error, line=line, sheet=sheet, columns=columns
                )
            if progress is not None:
                progress.advance()
        if not report.ok:
            transaction.set_rollback(True)
            return []
    return results


def check_then_write(
    *,
    report: ImportReport,
    items: Iterable[tuple[int | None, Any]],
    prepare: Callable[[Any], Any],
    write: Callable[[list], list],
    columns: Mapping[str, str] | None = None,
    sheet: str = "",
    progress: Progress | None = None,
    chunk: int = PROGRESS_EVERY,
) -> list:
    """Check every row first, then write them all in one short transaction.

    ``prepare(row)`` makes the row ready for writing and does every check the
    service would (it may read, never write); a ``ValidationError`` becomes
    problems on the row's line (field names mapped to headings by ``columns``) and
    the other rows are still checked, so every problem is reported. Only when
    ``report`` has no problem at all does ``write(rows)`` get the prepared rows, in
    chunks of ``chunk`` (for ``progress``) and all inside one transaction, so the
    database is locked for writing only while the rows are stored in bulk, not
    while they are checked. Returns what ``write`` returned, or ``[]``. A process
    killed halfway leaves nothing: the transaction never commits.
    """
    if not report.ok:
        return []
    ready = []
    for line, item in items:
        try:
            ready.append(prepare(item))
        except ValidationError as error:
            report.add_validation_error(error, line=line, sheet=sheet, columns=columns)
    if not report.ok or not ready:
        return []
    results = []
    with transaction.atomic():
        for start in range(0, len(ready), chunk):
            part = ready[start : start + chunk]
            results.extend(write(part))
            if progress is not None:
                progress.advance(len(part))
    return results


# --------------------------------------------------------------------------- table


def column_key(name: str) -> str:
    """A heading as it is matched: stripped, inner spaces made one, case-folded."""
    return " ".join(str(name).split()).casefold()


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Column:
    index: int
    name: str  # as the file writes it, stripped
    key: str  # for matching (``column_key``)

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def label(self) -> str:
        """How messages name the column: its heading, or its letter without one."""
        return self.name or self.letter


@dataclass(frozen=True)
class Row:
    line: int
    values: tuple[str, ...]

    def get(self, column: Column | int | None) -> str:
        """The value in ``column`` (a Column or an index), "" when the row is shorter."""
        if column is None:
            return ""
        index = column.index if isinstance(column, Column) else column
        return self.values[index] if index < len(self.values) else ""


@dataclass
class Table:
    """A header and rows read from a file. ``rows`` is a list from ``read_table``
    and an iterator, read once, from ``open_table``.

    ``complete`` is false when reading stopped at a problem (the file as a whole
    could not be read, or not to its end); ``found`` is false when an optional sheet
    is not in the workbook.
    """

    report: ImportReport
    name: str = ""
    columns: list[Column] = field(default_factory=list)
    rows: Any = field(default_factory=list)
    format: str = ""
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    label: str = ""
    complete: bool = True
    found: bool = True
    row_estimate: int = 0

    def column(self, *names: str) -> Column | None:
        """The first column whose heading is one of ``names`` (tried in order)."""
        for name in names:
            key = column_key(name)
            for column in self.columns:
                if key and column.key == key:
                    return column
        return None

    def add(
        self,
        message: str,
        *,
        line: int | None = None,
        column: str = "",
        cell: bool = False,
    ) -> None:
        """A problem in this table (named by its label when it has one)."""
        self.report.add(message, line=line, column=column, sheet=self.label, cell=cell)

    def stop(self, message: str, *, line: int | None = None, column: str = "") -> None:
        self.add(message, line=line, column=column)
        self.complete = False


def read_table(source, **options) -> Table:
    """The whole table of ``source``; see ``open_table`` for the options."""
    with open_table(source, **options) as table:
        table.rows = list(table.rows)
    return table


@contextmanager
def open_table(
    source,
    *,
    filename: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    sheet: str | Sequence[str] | None = None,
    sheet_optional: bool = False,
    formats: Collection[str] = FORMATS,
    multiline: Collection[str] = (),
    label: str = "",
    report: ImportReport | None = None,
) -> Iterator[Table]:
    """The table of ``source``, its rows read one by one while the block runs.

    ``source`` is an uploaded file or another binary file object, a ``pathlib.Path``,
    a ``str`` naming a file in the default storage, or bytes. ``sheet`` picks a sheet
    of a workbook by name (case does not matter; a sequence gives other names to try),
    otherwise the first sheet is read; with ``sheet_optional`` a missing sheet gives
    an empty table with ``found`` false instead of a problem. ``formats`` limits what
    is accepted ("csv", "xlsx"); ``multiline`` names the columns (by heading) where
    tabs and line breaks are allowed. ``label`` names the table in every problem
    (for imports of more than one file or sheet); for a chosen sheet it defaults to
    the sheet's name. Problems go to ``report`` (a new one when not given).

    Problems found while the rows are read are in the report once the rows have been
    read to the end (or the block has ended).
    """
    report = report if report is not None else ImportReport()
    table = Table(report=report, label=label, rows=iter(()))
    reader = _Reader(
        table,
        max_bytes=max_bytes,
        max_rows=max_rows,
        max_columns=max_columns,
        multiline={column_key(name) for name in multiline},
    )
    book = None
    try:
        data, table.name = read_source(
            source,
            filename=filename,
            max_bytes=max_bytes,
            report=report,
            label=label,
        )
        if data is not None:
            try:
                book = reader.open(
                    data, formats=formats, sheet=sheet, optional=sheet_optional
                )
            except Exception:  # noqa: BLE001 - a file must never make a page fail
                logger.exception("Reading %r failed", table.name)
                table.rows = iter(())
                table.stop(_not_a_table())
        yield table
    finally:
        close = getattr(table.rows, "close", None)
        if close is not None:
            close()
        if book is not None:
            book.close()


def read_source(
    source,
    *,
    filename: str | None = None,
    max_bytes: int = MAX_BYTES,
    report: ImportReport,
    label: str = "",
) -> tuple[bytes | None, str]:
    """The bytes of ``source`` and its file name, or None with a problem in ``report``.

    The size is checked before the file is read whole where it is known (an upload,
    a path, the storage), and again while reading.
    """
    name = filename or ""
    too_large = too_large_message(max_bytes)
    try:
        if isinstance(source, bytes | bytearray | memoryview):
            data = bytes(source[: max_bytes + 1])
        elif isinstance(source, str):
            name = name or Path(source).name
            if default_storage.size(source) > max_bytes:
                report.add(too_large, sheet=label)
                return None, name
            with default_storage.open(source, "rb") as handle:
                data = handle.read(max_bytes + 1)
        elif isinstance(source, os.PathLike):
            path = Path(source)
            name = name or path.name
            if path.stat().st_size > max_bytes:
                report.add(too_large, sheet=label)
                return None, name
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        else:
            name = name or Path(getattr(source, "name", "") or "").name
            size = _file_size(source)
            if size is not None and size > max_bytes:
                report.add(too_large, sheet=label)
                return None, name
            if getattr(source, "seekable", lambda: False)():
                source.seek(0)
            data = source.read(max_bytes + 1)
            if isinstance(data, str):
                data = data.encode("utf-8")
    except (
        OSError,
        ValueError,
        TypeError,
        AttributeError,
        NotImplementedError,
        SuspiciousFileOperation,
    ):
        report.add(_("The file cannot be read. Upload it again."), sheet=label)
        return None, name
    if len(data) > max_bytes:
        report.add(too_large, sheet=label)
        return None, name
    return data, name


def too_large_message(max_bytes: int) -> str:
    """The Dutch message for a file over ``max_bytes`` (also for a form's check)."""
    return _("The file is too large (at most %(size)s).") % {
        "size": _size_text(max_bytes)
    }


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """The Dutch message for a control character in ``value``, or None.

    Tabs and line breaks are allowed only with ``multiline``.
    """
    found = (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
    if found is None:
        return None
    char = found.group()
    if char in "\r\n":
        return _(
            "This cell has a line break. In this column the text must be on one line."
        )
    if char == "\t":
        return _("This cell has a tab. In this column the text must be on one line.")
    if char == "\x00":
        return _(
            "This cell has a NUL character (a zero byte). Such a character is not "
            "text; remove it, or check that the file was saved as CSV or Excel."
        )
    return _(
        "This cell has an invisible control character (%(code)s) at position "
        "%(position)s. Remove it; it often comes along when text is copied."
    ) % {"code": f"U+{ord(char):04X}", "position": found.start() + 1}


def _size_text(size: int) -> str:
    megabytes = size / (1024 * 1024)
    if megabytes >= 1:
        return (
            f"{megabytes:.0f} MB"
            if megabytes == int(megabytes)
            else f"{megabytes:.1f} MB"
        )
    return f"{max(size // 1024, 1)} kB"


def _file_size(source) -> int | None:
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    try:
        position = source.tell()
        end = source.seek(0, io.SEEK_END)
        source.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return end


def _not_a_table() -> str:
    return _(
        "This is not a CSV file or an Excel file (.xlsx). Save the file in Excel as "
        "'Excel-werkmap (.xlsx)' or as 'CSV UTF-8' and try again."
    )


class _Reader:
    """Reads one table into ``table``: the format, the header, then rows on demand."""

    def __init__(
        self,
        table: Table,
        *,
        max_bytes: int,
        max_rows: int,
        max_columns: int,
        multiline: set[str],
    ):
        self.table = table
        self.max_bytes = max_bytes
        self._offsets: list[int] | None = None
        self.max_rows = max_rows
        self.max_columns = max_columns
        self.multiline = multiline

    # ------------------------------------------------------------ format

    def open(self, data: bytes, *, formats, sheet, optional):
        table = self.table
        name = table.name.lower()
        if not data.strip() or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE):
            table.stop(_("The file is empty."))
            return None
        if data.startswith(_ZIP):
            if "xlsx" not in formats:
                table.stop(
                    _(
                        "This is an Excel file; here only CSV can be read. Save the "
                        "sheet in Excel as 'CSV UTF-8' and try again."
                    )
                )
                return None
            return self._open_xlsx(data, sheet=sheet, optional=optional)
        if data.startswith(_OLE):
            if _ENCRYPTED in data:
                table.stop(
                    _(
                        "This Excel file is protected with a password. Save a copy "
                        "without a password and try again."
                    )
                )
            else:
                table.stop(
                    _(
                        "This file type cannot be read. Save the file in Excel as "
                        "'Excel-werkmap (.xlsx)' or as 'CSV UTF-8' and try again."
                    )
                )
            return None
        if name.endswith((".xls", ".ods", ".numbers")):
            table.stop(
                _(
                    "This file type cannot be read. Save the file in Excel as "
                    "'Excel-werkmap (.xlsx)' or as 'CSV UTF-8' and try again."
                )
            )
            return None
        if name.endswith((".xlsx", ".xlsm")):
            table.stop(_("This file is not a valid Excel file (.xlsx). Is it damaged?"))
            return None
        if data.startswith(_OTHER_FILES) or _looks_binary(data):
            table.stop(_not_a_table())
            return None
        if "csv" not in formats:
            table.stop(
                _(
                    "This is not an Excel file (.xlsx). Save the file in Excel as "
                    "'Excel-werkmap (.xlsx)' and try again."
                )
            )
            return None
        self._open_csv(data)
        return None

    # ------------------------------------------------------------ CSV

    def _decode(self, data: bytes) -> str | None:
        table = self.table
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                table.encoding = "utf-16"
                return data.decode("utf-16")
            except UnicodeDecodeError:
                table.stop(_not_a_table())
                return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        else:
            table.encoding = "utf-8"
            return text
        lines = _lines_not_utf8(data)
        if lines:
            for line in lines:
                table.add(
                    _(
                        "This line has characters that are not UTF-8, while the rest "
                        "of the file is UTF-8. Save the file again as 'CSV UTF-8' "
                        "and check the letters on this line."
                    ),
                    line=line,
                )
            table.complete = False
            return None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            table.stop(
                _(
                    "The characters in this file cannot be read: it is not in UTF-8 "
                    "or Windows-1252. In Excel, choose 'Save as' and then "
                    "'CSV UTF-8 (door komma's gescheiden)'."
                )
            )
            return None
        table.encoding = "cp1252"
        table.report.note(
            _(
                "The file was not in UTF-8 and has been read as Windows-1252 (Western "
                "European). Check that letters such as é and ë look right; if not, "
                "save the file as 'CSV UTF-8' and import it again."
            )
        )
        return text

    def _open_csv(self, data: bytes) -> None:
        table = self.table
        text = self._decode(data)
        if text is None:
            return
        sample = text[:8192]
        if len(_BINARY.findall(sample)) > max(8, len(sample) // 100):
            table.stop(_not_a_table())
            return
        if not text.strip():
            table.stop(_("The file is empty."))
            return
        table.format = "csv"
        sep = _SEP_LINE.match(text)
        if sep:
            table.delimiter = sep.group(1)
            text = text[sep.end() :]
        else:
            table.delimiter = _sniff_delimiter(text)
        table.row_estimate = max(text.count("\n") - 1, 0)
        self._start(self._csv_records(text))

    def _csv_records(self, text: str) -> Iterator[tuple[int, list[str]]]:
        delimiter = self.table.delimiter
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=delimiter, strict=True
        )
        line = 0
        while True:
            start = reader.line_num
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                line += 1
                if not self._csv_fault(text, start, line, str(error)):
                    return
                continue
            line += 1
            yield line, cells

    def _csv_fault(self, text: str, start: int, line: int, error: str) -> bool:
        """Report a broken record; True when reading can go on after it."""
        if self._offsets is None:
            self._offsets = [0]
            for text_line in io.StringIO(text, newline=""):
                self._offsets.append(self._offsets[-1] + len(text_line))
        limit = csv.field_size_limit()
        offset = self._offsets[min(start, len(self._offsets) - 1)]
        kind, index = _scan_record(text, offset, self.table.delimiter, limit)
        column = self._label(index)
        if kind == "open" or (kind != "long" and "end of data" in error):
            self.table.stop(
                _(
                    'A quote (") opens the value here but is never closed, so the '
                    "rest of the file would become one value. Close the quote or "
                    "remove it."
                ),
                line=line,
                column=column,
            )
            return False
        if kind == "long" or "field larger" in error:
            self.table.stop(
                _(
                    'This value is longer than %(max)s characters. Often a quote (") '
                    "that opens a value but is never closed causes this."
                )
                % {"max": limit},
                line=line,
                column=column,
            )
            return False
        message = _(
            'After the closing quote (") there is more text. Put the whole value '
            'between quotes and write a quote inside it twice ("").'
        )
        if line == 1:
            self.table.stop(message, line=line, column=column)
            return False
        self.table.add(message, line=line, column=column)
        return True

    # ------------------------------------------------------------ XLSX

    def _open_xlsx(self, data: bytes, *, sheet, optional):
        table = self.table
        damaged = _("This file is not a valid Excel file (.xlsx). Is it damaged?")
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            table.stop(damaged)
            return None
        names = {info.filename.lower() for info in infos}
        if "xl/workbook.xml" not in names:
            if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                table.stop(
                    _(
                        "This is an OpenDocument file (.ods), which cannot be read "
                        "here. Save it as 'Excel-werkmap (.xlsx)' or as 'CSV UTF-8' "
                        "and try again."
                    )
                )
            else:
                table.stop(_not_a_table())
            return None
        if any(info.flag_bits & 0x1 for info in infos):
            table.stop(
                _(
                    "This Excel file is protected with a password. Save a copy "
                    "without a password and try again."
                )
            )
            return None
        if sum(info.file_size for info in infos) > UNPACKED_FACTOR * self.max_bytes:
            table.stop(
                _(
                    "This Excel file is too large when it is unpacked. Split it into "
                    "smaller files."
                )
            )
            return None
        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(
                    io.BytesIO(data), read_only=True, data_only=True
                )
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            table.stop(damaged)
            return None
        try:
            sheets = book.worksheets
            chosen = self._choose_sheet(book, sheets, sheet, optional)
            if chosen is None:
                return book
            table.format = "xlsx"
            table.sheet = chosen.title
            if sheet is not None and not table.label:
                table.label = chosen.title
            if sheet is None and len(sheets) > 1:
                table.report.note(
                    _(
                        "The workbook has more than one sheet; only the first sheet, "
                        "'%(sheet)s', was read."
                    )
                    % {"sheet": chosen.title}
                )
            table.row_estimate = max((chosen.max_row or 1) - 1, 0)
            chosen.reset_dimensions()
            self._start(self._xlsx_records(chosen))
        except Exception:  # noqa: BLE001
            table.stop(damaged)
        return book

    def _choose_sheet(self, book, sheets, sheet, optional):
        if not sheets:
            self.table.stop(_("The workbook has no sheet with a table."))
            return None
        if sheet is None:
            return sheets[0]
        wanted = [sheet] if isinstance(sheet, str) else list(sheet)
        by_key = {column_key(s.title): s for s in sheets}
        for name in wanted:
            if column_key(name) in by_key:
                return by_key[column_key(name)]
        if optional:
            self.table.found = False
            return None
        self.table.stop(
            _("The workbook has no sheet called '%(sheet)s'. Its sheets: %(sheets)s.")
            % {
                "sheet": wanted[0],
                "sheets": ", ".join(f"'{s.title}'" for s in sheets),
            }
        )
        return None

    def _xlsx_records(self, sheet) -> Iterator[tuple[int, list[str]]]:
        limit = self.max_columns + 1
        try:
            for line, values in enumerate(
                sheet.iter_rows(values_only=True, max_col=limit), start=1
            ):
                end = len(values)
                while end and (values[end - 1] is None or values[end - 1] == ""):
                    end -= 1
                yield line, [_cell_text(v) for v in values[:end]]
        except Exception:  # noqa: BLE001 - a sheet can be damaged halfway
            self.table.stop(
                _("This file is not a valid Excel file (.xlsx). Is it damaged?")
            )

    # ------------------------------------------------------------ header and rows

    def _label(self, index: int) -> str:
        columns = self.table.columns
        if index < len(columns):
            return columns[index].label
        return column_letter(index)

    def _start(self, records: Iterator[tuple[int, list[str]]]) -> None:
        table = self.table
        try:
            first = next(records, None)
        except Exception:  # noqa: BLE001
            first = None
        if first is None:
            if table.complete:
                table.stop(
                    _("The sheet is empty.")
                    if table.format == "xlsx"
                    else _("The file is empty.")
                )
            return
        line, cells = first
        names = [str(c).strip() for c in cells]
        while names and not names[-1]:
            names.pop()
        if not names:
            table.stop(
                _("The first line is empty. It must hold the column headings."),
                line=line,
            )
            return
        if len(names) > self.max_columns:
            table.stop(
                _("The file has more than %(max)s columns.")
                % {"max": self.max_columns},
                line=line,
            )
            return
        table.columns = [
            Column(index=i, name=name, key=column_key(name))
            for i, name in enumerate(names)
        ]
        seen: set[str] = set()
        for column in table.columns:
            problem = text_problem(column.name)
            if problem:
                table.add(problem, line=line, column=column.letter)
            if not column.key:
                continue
            if column.key in seen:
                table.add(
                    _("The column '%(column)s' appears more than once.")
                    % {"column": column.name},
                    line=line,
                    column=column.name,
                )
            seen.add(column.key)
        table.rows = self._rows(records)

    def _rows(self, records: Iterator[tuple[int, list[str]]]) -> Iterator[Row]:
        table = self.table
        columns = table.columns
        multiline = [c.key in self.multiline for c in columns]
        nameless: dict[int, int] = {}
        count = 0
        try:
            for line, cells in records:
                if len(cells) > self.max_columns:
                    table.stop(
                        _("The file has more than %(max)s columns.")
                        % {"max": self.max_columns},
                        line=line,
                    )
                    return
                values = tuple(formula_unescape(str(c).strip()) for c in cells)
                if not any(values):
                    continue
                count += 1
                if count > self.max_rows:
                    table.stop(
                        _(
                            "The file has more than %(max)s rows. Split it into "
                            "smaller files."
                        )
                        % {"max": self.max_rows}
                    )
                    return
                for index, value in enumerate(values):
                    if not value:
                        continue
                    named = index < len(columns) and columns[index].name
                    if not named:
                        nameless.setdefault(index, line)
                    problem = text_problem(
                        value, multiline=bool(named) and multiline[index]
                    )
                    if problem:
                        table.add(
                            problem, line=line, column=self._label(index), cell=True
                        )
                yield Row(line=line, values=values)
        except Exception:  # noqa: BLE001 - a file must never make a page fail
            logger.exception("Reading the rows of %r failed", table.name)
            table.stop(_not_a_table())
        finally:
            for index, line in sorted(nameless.items()):
                table.add(
                    _(
                        "This column has values but no heading. Write a heading in "
                        "line 1 or remove the values."
                    ),
                    line=line,
                    column=column_letter(index),
                )


def _looks_binary(data: bytes) -> bool:
    """Many control bytes at the start: not text (UTF-16 is decoded first)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    return len(_BINARY_BYTES.findall(sample)) > max(8, len(sample) // 100)


def _sniff_delimiter(text: str) -> str:
    """The separator the header line uses most outside quotes; ";" wins a tie."""
    counts = dict.fromkeys(";,\t", 0)
    quoted = False
    for char in text[:65536]:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            if char in "\r\n":
                break
            if char in counts:
                counts[char] += 1
    return max(";,\t", key=counts.__getitem__)


def _lines_not_utf8(data: bytes, most: int = 10) -> list[int]:
    """The lines with bytes that are not UTF-8, when the rest is UTF-8 beyond ASCII.

    An empty list means the file does not look like UTF-8 at all.
    """
    if not any(
        ord(c) > 127 and c != "\ufffd" for c in data.decode("utf-8", errors="replace")
    ):
        return []
    lines: list[int] = []
    position = 0
    while len(lines) < most:
        try:
            data[position:].decode("utf-8")
        except UnicodeDecodeError as error:
            offset = position + error.start
            line = data.count(b"\n", 0, offset) + 1
            if line not in lines:
                lines.append(line)
            position = position + error.end
        else:
            break
    return lines


def _scan_record(text: str, start: int, delimiter: str, limit: int) -> tuple[str, int]:
    """Walk one CSV record from offset ``start`` of ``text`` as the csv module does.

    Returns what is wrong and the 0-based index of the field it is in: "open" (a
    quote never closed), "long" (a value over ``limit``), "after" (text after a
    closing quote), or "" when nothing was found.
    """
    plain_end = re.compile(f"[{re.escape(delimiter)}\r\n]")
    index, position, size = 0, start, len(text)
    while position < size:
        if text[position] == '"':
            length, cursor = 0, position + 1
            while True:
                quote = text.find('"', cursor)
                if quote == -1:
                    return "open", index
                length += quote - cursor
                if text.startswith('"', quote + 1):  # a doubled quote inside
                    length, cursor = length + 1, quote + 2
                    continue
                break
            if length > limit:
                return "long", index
            position = quote + 1
            if position >= size or text[position] in "\r\n":
                return "", index
            if text[position] != delimiter:
                return "after", index
        else:
            found = plain_end.search(text, position)
            stop = found.start() if found else size
            if stop - position > limit:
                return "long", index
            position = stop
            if position >= size or text[position] != delimiter:
                return "", index
        index, position = index + 1, position + 1
    return "", index


def _cell_text(value: Any) -> str:
    """An XLSX cell as a person reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
