"""Import and export of the inventory of initiatives (Excel, CSV and GeoJSON).

The import is all or nothing: every row is read and checked first (also by
``services.initiative_prepare``, which writes nothing), every problem is reported with
its line and column, and only a file without any problem is written, in one short
transaction of bulk inserts (``services.initiatives_create_many``). The export writes
the same columns, so an exported file can be imported again.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenzorg.areas.models import Area
from samenzorg.core.spreadsheets import formula_safe
from samenzorg.core.tabular import (
    ImportProblem,
    ImportReport,
    Progress,
    Table,
    check_then_write,
    read_table,
)
from samenzorg.core.text import xml_safe

from . import services
from .models import Initiative, Tag

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

# The columns of the file, in order: (heading, keyword of services.initiative_create).
COLUMNS: list[tuple[str, str]] = [
    ("naam", "name"),
    ("omschrijving", "description"),
    ("gedragen door", "carriers"),
    ("doelgroepen", "target_groups"),
    ("activiteiten", "domains"),
    ("fase", "maturity"),
    ("gebied", "areas"),
    ("breedtegraad", "latitude"),
    ("lengtegraad", "longitude"),
    ("website", "website"),
    ("contactpersoon", "contact_name"),
    ("e-mail", "contact_email"),
    ("telefoon", "contact_phone"),
    ("status", "status"),
    ("bron", "source"),
    ("fictief voorbeeld", "is_fictional"),
]
HEADINGS = [heading for heading, _field in COLUMNS]
# Columns whose text may have line breaks and tabs (the description).
MULTILINE_HEADINGS = ("omschrijving", "beschrijving")
FIELD_HEADING = {name: heading for heading, name in COLUMNS}
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")

# What the phase and status are called in the file, and what else is understood.
MATURITY_WORDS = {
    Initiative.Maturity.IDEA: "idee",
    Initiative.Maturity.STARTING: "opstart",
    Initiative.Maturity.ACTIVE: "actief",
    Initiative.Maturity.ROOTED: "stevig geworteld",
}
MATURITY_ALIASES = {
    "idea": Initiative.Maturity.IDEA,
    "starting": Initiative.Maturity.STARTING,
    "active": Initiative.Maturity.ACTIVE,
    "geworteld": Initiative.Maturity.ROOTED,
    "firmly rooted": Initiative.Maturity.ROOTED,
}
STATUS_WORDS = {
    Initiative.Status.CONCEPT: "concept",
    Initiative.Status.REVIEW: "wacht op controle",
    Initiative.Status.PUBLIC: "openbaar",
    Initiative.Status.ARCHIVED: "gearchiveerd",
}
STATUS_ALIASES = {
    "draft": Initiative.Status.CONCEPT,
    "public": Initiative.Status.PUBLIC,
}
IMPORTABLE_STATUSES = (Initiative.Status.CONCEPT, Initiative.Status.PUBLIC)

# Other headings people use for the same column.
HEADING_ALIASES = {
    "email": "e-mail",
    "e mail": "e-mail",
    "telefoonnummer": "telefoon",
    "contact": "contactpersoon",
    "gebieden": "gebied",
    "domeinen": "activiteiten",
    "doelgroep": "doelgroepen",
    "latitude": "breedtegraad",
    "longitude": "lengtegraad",
    "beschrijving": "omschrijving",
}

# Characters that make a spreadsheet read a cell as a formula.
_CODE_IN_NAME = re.compile(r"\(([A-Za-z]{2}\d{4}[\w-]*)\)\s*$")
_WIJK_PREFIX = re.compile(r"^wijk \d+ ")


def fold(text: str) -> str:
    """Lower case, accents removed, dashes and runs of spaces made one space."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("_", " ").replace("-", " ")
    return " ".join(text.split())


# --------------------------------------------------------------------------- result


@dataclass
class InitiativeImportReport(ImportReport):
    """The report of an import, with the initiatives it created (none on a problem)."""

    created: list[Initiative] = field(default_factory=list)
    rows: int = 0

    @property
    def errors(self) -> list[ImportProblem]:
        return self.problems

    @property
    def created_count(self) -> int:
        return len(self.created)


class _CellProblem(Exception):
    pass


# --------------------------------------------------------------------------- checking


class _Lookups:
    """Tags and areas, loaded once for the whole file."""

    def __init__(self):
        self.tags: dict[str, dict[str, Tag]] = {kind: {} for kind in Tag.Kind.values}
        self.tag_names: dict[str, list[str]] = {kind: [] for kind in Tag.Kind.values}
        for tag in Tag.objects.all():
            self.tags[tag.kind][fold(tag.name)] = tag
            self.tags[tag.kind].setdefault(fold(tag.slug), tag)
            self.tag_names[tag.kind].append(tag.name)
        self.area_codes: dict[str, Area] = {}
        self.area_names: dict[str, list[Area]] = {}
        self.area_short_names: dict[str, list[Area]] = {}
        for area in Area.objects.only("id", "code", "name", "level"):
            self.area_codes[area.code.upper()] = area
            folded = fold(area.name)
            self.area_names.setdefault(folded, []).append(area)
            short = _WIJK_PREFIX.sub("", folded)
            if short != folded:
                self.area_short_names.setdefault(short, []).append(area)


_LEVEL_PREFERENCE = ["wijk", "stadsdeel", "buurt", "werkgebied", "gemeente"]


def _best_area(candidates: list[Area]) -> Area:
    def rank(area):
        level = area.level
        return _LEVEL_PREFERENCE.index(level) if level in _LEVEL_PREFERENCE else 99

    return sorted(candidates, key=lambda a: (rank(a), a.code))[0]


def _split(value: str) -> list[str]:
    parts = []
    for piece in value.split(";"):
        piece = piece.strip()
        if piece:
            parts.append(piece)
    return parts


def _parse_tags(value: str, kind: str, heading: str, lookups: _Lookups) -> list[Tag]:
    if not value:
        return []
    known = lookups.tags[kind]
    whole = known.get(fold(value))
    if whole:
        return [whole]
    found: list[Tag] = []
    unknown: list[str] = []
    for piece in _split(value):
        tag = known.get(fold(piece))
        if tag:
            found.append(tag)
            continue
        for part in (p.strip() for p in piece.split(",")):
            if not part:
                continue
            tag = known.get(fold(part))
            if tag:
                found.append(tag)
            else:
                unknown.append(part)
    if unknown:
        raise _CellProblem(
            _(
                "%(values)s is not a known value for '%(column)s'. Choose from: %(choices)s."
            )
            % {
                "values": ", ".join(f"'{u}'" for u in unknown),
                "column": heading,
                "choices": ", ".join(lookups.tag_names[kind]) or "-",
            }
        )
    return list(dict.fromkeys(found))


def _parse_areas(value: str, lookups: _Lookups) -> list[Area]:
    if not value:
        return []
    found: list[Area] = []
    unknown: list[str] = []
    pieces = _split(value)
    if len(pieces) == 1 and fold(value) not in lookups.area_names:
        pieces = [p.strip() for p in value.split(",") if p.strip()]
    for piece in pieces:
        match = _CODE_IN_NAME.search(piece)
        code = (match.group(1) if match else piece).upper()
        area = lookups.area_codes.get(code)
        if area is None:
            folded = fold(piece)
            candidates = (
                lookups.area_names.get(folded)
                or lookups.area_short_names.get(folded)
                or lookups.area_names.get(_WIJK_PREFIX.sub("", folded))
            )
            area = _best_area(candidates) if candidates else None
        if area is None:
            unknown.append(piece)
        else:
            found.append(area)
    if unknown:
        raise _CellProblem(
            _(
                "%(values)s is not a known area. Use a CBS code such as WK051836 "
                "or BU05183620, or the exact name of the area."
            )
            % {"values": ", ".join(f"'{u}'" for u in unknown)}
        )
    return list(dict.fromkeys(found))


def _parse_maturity(value: str) -> str:
    if not value:
        return Initiative.Maturity.IDEA
    folded = fold(value)
    for maturity, word in MATURITY_WORDS.items():
        if folded in (word, maturity.value, fold(maturity.label)):
            return maturity.value
    if folded in MATURITY_ALIASES:
        return MATURITY_ALIASES[folded].value
    raise _CellProblem(
        _("'%(value)s' is not a valid phase. Choose from: %(choices)s.")
        % {"value": value, "choices": ", ".join(MATURITY_WORDS.values())}
    )


def _parse_yes_no(value: str) -> bool:
    folded = fold(value)
    if folded in ("", "nee", "n", "no", "0", "onwaar", "false"):
        return False
    if folded in ("ja", "j", "yes", "1", "waar", "true"):
        return True
    raise _CellProblem(
        _("'%(value)s' is not yes or no. Write 'ja' or 'nee'.") % {"value": value}
    )


def _parse_status(value: str) -> str:
    if not value:
        return Initiative.Status.CONCEPT
    folded = fold(value)
    for status in IMPORTABLE_STATUSES:
        if folded in (STATUS_WORDS[status], status.value, fold(status.label)):
            return status.value
    if folded in STATUS_ALIASES:
        return STATUS_ALIASES[folded].value
    raise _CellProblem(
        _("'%(value)s' is not a valid status. Choose from: %(choices)s.")
        % {
            "value": value,
            "choices": ", ".join(STATUS_WORDS[s] for s in IMPORTABLE_STATUSES),
        }
    )


def _parse_number(value: str, low: float, high: float) -> float | None:
    if not value:
        return None
    try:
        number = float(value.replace(",", ".").replace(" ", ""))
    except ValueError:
        raise _CellProblem(
            _("'%(value)s' is not a number. Use a decimal number such as 52.0705.")
            % {"value": value}
        ) from None
    if not low <= number <= high:
        raise _CellProblem(
            _("%(value)s is not between %(low)s and %(high)s.")
            % {"value": value, "low": low, "high": high}
        )
    return number


def _parse_text(value: str, model_field: str) -> str:
    max_length = Initiative._meta.get_field(model_field).max_length
    if max_length and len(value) > max_length:
        raise _CellProblem(
            _("This text is too long: %(length)s characters, at most %(max)s.")
            % {"length": len(value), "max": max_length}
        )
    return value


def _parse_website(value: str) -> str:
    if not value:
        return ""
    if "://" not in value:
        value = f"https://{value}"
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise _CellProblem(
            _("'%(value)s' is not a valid web address.") % {"value": value}
        ) from None
    return _parse_text(value, "website")


def _parse_email(value: str) -> str:
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise _CellProblem(
            _("'%(value)s' is not a valid e-mail address.") % {"value": value}
        ) from None
    return _parse_text(value, "contact_email")


def _check_headings(table: Table, report: ImportReport) -> dict[int, str]:
    """Map column index → heading; problems with the headings go to ``report``."""
    columns: dict[int, str] = {}
    seen: dict[str, str] = {}
    for column in table.columns:
        folded = fold(column.name)
        heading = HEADING_ALIASES.get(folded, folded)
        if not heading:
            continue  # the reader reports values under a column without a heading
        if heading not in HEADINGS:
            report.add(
                _("Unknown column '%(column)s'. Allowed columns: %(allowed)s.")
                % {"column": column.name, "allowed": ", ".join(HEADINGS)}
            )
            continue
        if heading in seen:
            if seen[heading] != column.key:  # the same heading twice: read already
                report.add(
                    _("The column '%(column)s' appears more than once.")
                    % {"column": heading}
                )
            continue
        seen[heading] = column.key
        columns[column.index] = heading
    if "naam" not in seen:
        report.add(
            _("The column 'naam' is missing. The first line must hold the headings.")
        )
    return columns


def _parse_row(
    line: int, values: dict[str, str], lookups: _Lookups
) -> tuple[dict[str, Any], list[ImportProblem]]:
    kwargs: dict[str, Any] = {}
    problems: list[ImportProblem] = []

    def check(heading, parser, *args):
        try:
            return parser(values.get(heading, ""), *args)
        except _CellProblem as problem:
            problems.append(
                ImportProblem(message=str(problem), line=line, column=heading)
            )
            return None

    name = values.get("naam", "")
    if not name:
        problems.append(
            ImportProblem(message=_("The name is required."), line=line, column="naam")
        )
    else:
        kwargs["name"] = check("naam", _parse_text, "name")
    kwargs["description"] = values.get("omschrijving", "")
    kwargs["carriers"] = check(
        "gedragen door", _parse_tags, Tag.Kind.CARRIER, "gedragen door", lookups
    )
    kwargs["target_groups"] = check(
        "doelgroepen", _parse_tags, Tag.Kind.TARGET_GROUP, "doelgroepen", lookups
    )
    kwargs["domains"] = check(
        "activiteiten", _parse_tags, Tag.Kind.DOMAIN, "activiteiten", lookups
    )
    kwargs["maturity"] = check("fase", _parse_maturity)
    kwargs["areas"] = check("gebied", _parse_areas, lookups)
    latitude = check("breedtegraad", _parse_number, -90.0, 90.0)
    longitude = check("lengtegraad", _parse_number, -180.0, 180.0)
    has_lat = bool(values.get("breedtegraad"))
    has_lon = bool(values.get("lengtegraad"))
    if has_lat != has_lon:
        missing = "lengtegraad" if has_lat else "breedtegraad"
        problems.append(
            ImportProblem(
                message=_("Fill in both latitude and longitude, or neither."),
                line=line,
                column=missing,
            )
        )
    elif (
        latitude is not None
        and longitude is not None
        and 3 <= latitude <= 8
        and 50 <= longitude <= 54
    ):
        problems.append(
            ImportProblem(
                message=_(
                    "Latitude and longitude seem to be swapped. In The Hague the "
                    "latitude is about 52 and the longitude about 4."
                ),
                line=line,
                column="breedtegraad",
            )
        )
    kwargs["latitude"] = latitude
    kwargs["longitude"] = longitude
    kwargs["website"] = check("website", _parse_website)
    kwargs["contact_name"] = check("contactpersoon", _parse_text, "contact_name")
    kwargs["contact_email"] = check("e-mail", _parse_email)
    kwargs["contact_phone"] = check("telefoon", _parse_text, "contact_phone")
    kwargs["status"] = check("status", _parse_status)
    kwargs["source"] = check("bron", _parse_text, "source")
    kwargs["is_fictional"] = check("fictief voorbeeld", _parse_yes_no)
    return kwargs, problems


def _check_table(
    table: Table, report: ImportReport, progress: Progress | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """Check every row; return the rows ready for the service (problems in report)."""
    if not table.columns:  # the file could not be read at all
        return []
    before = report.problem_count
    columns = _check_headings(table, report)
    if report.problem_count > before:
        return []
    if not table.rows:
        if table.complete:
            report.add(_("The file has headings but no rows."))
        return []
    lookups = _Lookups()
    prepared = []
    for row in table.rows:
        values = {heading: row.get(index) for index, heading in columns.items()}
        kwargs, row_problems = _parse_row(row.line, values, lookups)
        report.extend(row_problems)
        prepared.append((row.line, kwargs))
        if progress is not None:
            progress.advance()
    return prepared


def _read(file, report: ImportReport) -> Table:
    return read_table(
        file,
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        multiline=MULTILINE_HEADINGS,
        report=report,
    )


def check_file(file) -> tuple[list[tuple[int, dict[str, Any]]], list[ImportProblem]]:
    """Read and check every row; return the rows ready for the service, and problems."""
    report = ImportReport()
    prepared = _check_table(_read(file, report), report)
    return prepared, report.problems


def import_initiatives(
    *,
    actor,
    file,
    progress: Callable[[int, int], Any] | None = None,
) -> InitiativeImportReport:
    """Import all rows of the file, or none of them.

    ``file`` is an uploaded file (or another file object), a path, or the name of a
    file in the default storage (see ``core.tabular.read_table``). ``progress`` is
    called with ``(done, total)`` while the rows are checked and then written.
    """
    report = InitiativeImportReport()
    table = _read(file, report)
    steps = Progress(progress, 2 * len(table.rows))
    prepared = _check_table(table, report, steps)
    report.rows = len(prepared)
    file_source = _("Import of %(file)s") % {"file": table.name or _("a file")}

    def prepare(kwargs: dict[str, Any]) -> services.PreparedInitiative:
        # A row's own source (an exported inventory has one) is kept.
        kwargs = dict(kwargs)
        source = kwargs.pop("source", "") or file_source
        return services.initiative_prepare(
            actor=actor, source=source, actor_becomes_owner=False, **kwargs
        )

    def write(part: list[services.PreparedInitiative]) -> list[Initiative]:
        return services.initiatives_create_many(actor=actor, prepared=part)

    report.created = check_then_write(
        report=report,
        items=prepared,
        prepare=prepare,
        write=write,
        columns=FIELD_HEADING,
        progress=steps,
    )
    steps.finish()
    return report


# --------------------------------------------------------------------------- writing


def _joined(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values)


def _area_text(area: Area) -> str:
    return f"{area.name} ({area.code})"


class _ContactCheck:
    """Whether ``user`` may see each initiative's contact details, asked cheaply."""

    def __init__(self, user):
        self.user = user
        self.all = user.has_perm("initiatives.view_contact_details")

    def __call__(self, initiative) -> bool:
        return self.all or self.user.has_perm(
            "initiatives.view_contact_details", initiative
        )


def export_rows(initiatives, *, user) -> Iterable[list[str]]:
    """The heading row and one row per initiative, in the import's columns."""
    may_see_contact = _ContactCheck(user)
    yield list(HEADINGS)
    for initiative in initiatives:
        contact = may_see_contact(initiative)
        yield [
            initiative.name,
            initiative.description,
            _joined(initiative.carriers.all()),
            _joined(initiative.target_groups.all()),
            _joined(initiative.domains.all()),
            MATURITY_WORDS.get(initiative.maturity, initiative.maturity),
            _joined(_area_text(a) for a in initiative.areas.all()),
            "" if initiative.latitude is None else repr(initiative.latitude),
            "" if initiative.longitude is None else repr(initiative.longitude),
            initiative.website,
            initiative.contact_name if contact else "",
            initiative.contact_email if contact else "",
            initiative.contact_phone if contact else "",
            STATUS_WORDS.get(initiative.status, initiative.status),
            initiative.source,
            "ja" if initiative.is_fictional else "nee",
        ]


def export_csv(initiatives, *, user) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in export_rows(initiatives, user=user):
        writer.writerow([formula_safe(v) for v in row])
    # The byte order mark makes Excel read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(initiatives, *, user, sheet_title: str | None = None) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title or str(gettext_lazy("Initiatives")))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for index, row in enumerate(export_rows(initiatives, user=user)):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=xml_safe(value))
            cell.data_type = "s"  # never a formula
            if index == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    """An empty file with the headings and one example row, to fill in."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerow(_example_row())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(str(gettext_lazy("Initiatives")))
    bold = Font(bold=True)
    header = []
    for value in HEADINGS:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    example = []
    for value in _example_row():
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        example.append(cell)
    sheet.append(example)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _example_row() -> list[str]:
    carrier = Tag.objects.filter(kind=Tag.Kind.CARRIER).first()
    group = Tag.objects.filter(kind=Tag.Kind.TARGET_GROUP).first()
    domain = Tag.objects.filter(kind=Tag.Kind.DOMAIN).first()
    return [
        _("Example: neighbourhood meal (fictional, delete this row)"),
        _("Residents cook together once a week for older neighbours."),
        carrier.name if carrier else "",
        group.name if group else "",
        domain.name if domain else "",
        "opstart",
        "WK051836",
        "52.0705",
        "4.2960",
        "https://www.example.nl",
        "",
        "",
        "",
        "concept",
        "",
        "ja",
    ]


def export_geojson(initiatives, *, user, request=None) -> dict:
    """A FeatureCollection of the initiatives that have a location."""
    may_see_contact = _ContactCheck(user)
    features = []
    for initiative in initiatives:
        if initiative.latitude is None or initiative.longitude is None:
            continue
        url = reverse("initiatives:detail", args=[initiative.pk])
        properties = {
            "id": initiative.pk,
            "naam": initiative.name,
            "omschrijving": initiative.description,
            "gedragen_door": [t.name for t in initiative.carriers.all()],
            "doelgroepen": [t.name for t in initiative.target_groups.all()],
            "activiteiten": [t.name for t in initiative.domains.all()],
            "fase": MATURITY_WORDS.get(initiative.maturity, initiative.maturity),
            "gebied": [a.code for a in initiative.areas.all()],
            "website": initiative.website,
            "status": STATUS_WORDS.get(initiative.status, initiative.status),
            "fictief_voorbeeld": initiative.is_fictional,
            "bron": initiative.source,
            "url": request.build_absolute_uri(url) if request else url,
        }
        if may_see_contact(initiative):
            properties.update(
                contactpersoon=initiative.contact_name,
                e_mail=initiative.contact_email,
                telefoon=initiative.contact_phone,
            )
        features.append(
            {
                "type": "Feature",
                "id": initiative.pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [initiative.longitude, initiative.latitude],
                },
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def export_queryset(queryset):
    """The queryset with what the export reads loaded up front."""
    return queryset.prefetch_related("carriers", "target_groups", "domains", "areas")
