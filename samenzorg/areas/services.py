"""Changes to areas and their figures: the loader of the shipped data and the CBS import."""

import csv
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

import shapely
from shapely.geometry import mapping, shape

from samenzorg.core.audit import audit_record
from samenzorg.core.models import AuditEntry
from samenzorg.core.tabular import ImportReport, Progress, open_table

from .geo import invalidate_area_index, locate_point, locate_points
from .models import Area, Statistic, Variable
from .selectors import bump_areas_version

__all__ = [
    "areas_load",
    "locate_point",
    "locate_points",
    "invalidate_area_index",
    "statistics_import",
    "StatisticsImportReport",
    "cbs_variable_dictionary",
]

GEMEENTE_CODE = "GM0518"
GEMEENTE_NAME = "Den Haag"
GEMEENTE_CBS_NAME = "'s-Gravenhage"
BOUNDARY_SOURCE = (
    "CBS/Kadaster Wijk- en buurtkaart 2024, gegeneraliseerd (PDOK), via cartomap/nl; "
    "zie data/SOURCES.md"
)
KWB_2024_SOURCE = "CBS StatLine 85984NED Kerncijfers wijken en buurten 2024"
# Columns of a CBS Kerncijfers file that describe the region, not a figure.
META_COLUMNS = {"ID", "WijkenEnBuurten", "statnaam", "Gemeentenaam", "SoortRegio"}
TEXT_UNITS = {"code", "naam", "omschrijving"}
ADDITIVE_UNITS = {"aantal", "ha"}
EMPTY_VALUES = {"", ".", "-", "x", "?"}
WIJK_PREFIX = re.compile(r"^Wijk \d+\s+")
REGION_CODE = re.compile(r"^(GM|WK|BU)(\d{4})\d*$")
# The national Kerncijfers file (about 18,000 areas) fits; rows of other
# municipalities are skipped while the file is read.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 25_000


def data_dir() -> Path:
    return Path(getattr(settings, "AREAS_DATA_DIR", settings.BASE_DIR / "data"))


def _plain_geometry(geom) -> dict:
    """A GeoJSON dict with lists (not tuples), so it compares equal after storage."""
    return json.loads(json.dumps(mapping(geom)))


def _centroid(geom) -> tuple[float, float]:
    point = geom.representative_point()
    return round(point.y, 6), round(point.x, 6)


def _union(geoms: list) -> Any:
    return shapely.set_precision(shapely.unary_union(geoms), 1e-6)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- loader


def _desired_areas(base: Path) -> tuple[list[dict], dict[str, list[str]]]:
    """Every area the shipped data describes, parents before children."""
    wijken = json.loads((base / "denhaag_wijken_2024.geojson").read_text())["features"]
    buurten = json.loads((base / "denhaag_buurten_2024.geojson").read_text())[
        "features"
    ]
    stadsdeel_rows = _read_csv(base / "denhaag_stadsdelen_wijken.csv")
    werkgebied_rows = _read_csv(base / "denhaag_werkgebieden.csv")

    wijk_geoms = {f["properties"]["statcode"]: shape(f["geometry"]) for f in wijken}
    stadsdeel_of = {r["wijkcode"]: r for r in stadsdeel_rows}
    stadsdelen: dict[str, dict] = {}
    for row in stadsdeel_rows:
        code = f"SD0518-{slugify(row['stadsdeel'])}"
        entry = stadsdelen.setdefault(
            code, {"name": row["stadsdeel"], "wijken": [], "sources": []}
        )
        entry["wijken"].append(row["wijkcode"])
        if row["bron"] not in entry["sources"]:
            entry["sources"].append(row["bron"])

    specs: list[dict] = []
    all_wijken = _union(list(wijk_geoms.values()))
    specs.append(
        {
            "code": GEMEENTE_CODE,
            "name": GEMEENTE_NAME,
            "cbs_name": GEMEENTE_CBS_NAME,
            "level": Area.Level.GEMEENTE,
            "parent": None,
            "geom": all_wijken,
            "source": f"Samengevoegd uit de 44 wijken. {BOUNDARY_SOURCE}",
        }
    )
    for code, entry in sorted(stadsdelen.items()):
        specs.append(
            {
                "code": code,
                "name": entry["name"],
                "cbs_name": "",
                "level": Area.Level.STADSDEEL,
                "parent": GEMEENTE_CODE,
                "geom": _union([wijk_geoms[w] for w in entry["wijken"]]),
                "source": "Samengevoegd uit de wijken volgens "
                "data/denhaag_stadsdelen_wijken.csv. Bronnen: "
                + "; ".join(entry["sources"]),
            }
        )
    for feature in wijken:
        props = feature["properties"]
        code = props["statcode"]
        row = stadsdeel_of.get(code)
        specs.append(
            {
                "code": code,
                "name": WIJK_PREFIX.sub("", props["statnaam"]),
                "cbs_name": props["statnaam"],
                "level": Area.Level.WIJK,
                "parent": f"SD0518-{slugify(row['stadsdeel'])}"
                if row
                else GEMEENTE_CODE,
                "geometry": feature["geometry"],
                "geom": wijk_geoms[code],
                "source": BOUNDARY_SOURCE,
            }
        )
    for feature in buurten:
        props = feature["properties"]
        specs.append(
            {
                "code": props["statcode"],
                "name": props["statnaam"],
                "cbs_name": props["statnaam"],
                "level": Area.Level.BUURT,
                "parent": props["wijkcode"],
                "geometry": feature["geometry"],
                "geom": shape(feature["geometry"]),
                "source": BOUNDARY_SOURCE
                + (
                    f" ({props['geometry_repaired']})"
                    if props.get("geometry_repaired")
                    else ""
                ),
            }
        )
    members: dict[str, list[str]] = {}
    geoms_by_code = {s["code"]: s["geom"] for s in specs}
    for row in werkgebied_rows:
        member_codes = row["leden"].split()
        members[row["code"]] = member_codes
        specs.append(
            {
                "code": row["code"],
                "name": row["naam"],
                "cbs_name": "",
                "level": Area.Level.WERKGEBIED,
                "parent": GEMEENTE_CODE,
                "geom": _union([geoms_by_code[c] for c in member_codes]),
                "source": "Werkgebied uit data/denhaag_werkgebieden.csv. Bron: "
                + row["bron"],
            }
        )
    for spec in specs:
        spec.setdefault("geometry", _plain_geometry(spec["geom"]))
        spec["centroid_lat"], spec["centroid_lon"] = _centroid(spec["geom"])
    return specs, members


AREA_FIELDS = [
    "name",
    "cbs_name",
    "level",
    "parent_id",
    "geometry",
    "centroid_lat",
    "centroid_lon",
    "source",
]


def _sync_areas(specs: list[dict], counts: dict) -> dict[str, Area]:
    existing = {a.code: a for a in Area.objects.all()}
    now = timezone.now()
    for level in Area.Level.values:
        to_create, to_update = [], []
        for spec in (s for s in specs if s["level"] == level):
            parent_id = existing[spec["parent"]].pk if spec["parent"] else None
            values = {f: spec[f] for f in AREA_FIELDS if f != "parent_id"}
            values["parent_id"] = parent_id
            area = existing.get(spec["code"])
            if area is None:
                to_create.append(Area(code=spec["code"], updated_at=now, **values))
            elif any(getattr(area, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(area, f, v)
                area.updated_at = now
                to_update.append(area)
        if to_create:
            for area in Area.objects.bulk_create(to_create):
                existing[area.code] = area
            if not all(a.pk for a in to_create):  # backends without RETURNING
                existing.update(
                    {
                        a.code: a
                        for a in Area.objects.filter(
                            code__in=[a.code for a in to_create]
                        )
                    }
                )
        if to_update:
            Area.objects.bulk_update(to_update, [*AREA_FIELDS, "updated_at"])
        counts["created"] += len(to_create)
        counts["updated"] += len(to_update)
    return existing


def _sync_members(members: dict[str, list[str]], areas: dict[str, Area], counts):
    through = Area.members.through
    current: dict[int, set[int]] = {}
    for from_id, to_id in through.objects.filter(
        from_area__code__in=members
    ).values_list("from_area_id", "to_area_id"):
        current.setdefault(from_id, set()).add(to_id)
    for code, member_codes in members.items():
        area = areas[code]
        wanted = {areas[c].pk for c in member_codes}
        if current.get(area.pk, set()) != wanted:
            area.members.set(wanted)
            counts["updated"] += 1


def _upsert_variables(definitions: list[dict], year: int) -> dict[str, Variable]:
    """Variables for ``year`` by key, created or brought up to date."""
    existing = {
        v.key: v
        for v in Variable.objects.filter(
            year=year, key__in=[d["key"] for d in definitions]
        )
    }
    fields = ["title", "unit", "description", "source"]
    to_create, to_update = [], []
    for d in definitions:
        var = existing.get(d["key"])
        if var is None:
            to_create.append(Variable(year=year, **d))
        elif any(getattr(var, f) != d[f] for f in fields):
            for f in fields:
                setattr(var, f, d[f])
            to_update.append(var)
    if to_create:
        Variable.objects.bulk_create(to_create)
    if to_update:
        Variable.objects.bulk_update(to_update, fields)
    return {
        v.key: v
        for v in Variable.objects.filter(
            year=year, key__in=[d["key"] for d in definitions]
        )
    }


def _upsert_statistics(
    values: dict[tuple[int, int], float | None], *, derived: bool = False
) -> int:
    """Store ``{(area_id, variable_id): value}``; returns how many rows changed."""
    if not values:
        return 0
    area_ids = {a for a, _v in values}
    variable_ids = {v for _a, v in values}
    current = {
        (a, v): (value, is_derived)
        for a, v, value, is_derived in Statistic.objects.filter(
            area_id__in=area_ids, variable_id__in=variable_ids
        ).values_list("area_id", "variable_id", "value", "is_derived")
    }
    changed = [
        Statistic(area_id=a, variable_id=v, value=value, is_derived=derived)
        for (a, v), value in values.items()
        if current.get((a, v)) != (value, derived)
    ]
    if changed:
        Statistic.objects.bulk_create(
            changed,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["area", "variable"],
            update_fields=["value", "is_derived"],
        )
    return len(changed)


def is_additive(variable: Variable) -> bool:
    """Counts and surfaces add up over areas; averages, rates and shares do not."""
    return (
        variable.unit in ADDITIVE_UNITS
        and not variable.title.lower().startswith("gemiddeld")
        and "binnen" not in variable.key.lower()
    )


def _derive_sums(variables: list[Variable]) -> int:
    """Figures of stadsdelen and werkgebieden as the sum of their parts.

    A stadsdeel sums its wijken, a werkgebied its members. Only additive variables,
    and only where every part has a value and CBS gave no value of its own.
    """
    additive = [v for v in variables if is_additive(v)]
    if not additive:
        return 0
    parts: dict[int, list[int]] = {}
    for parent_id, child_id in Area.objects.filter(
        level=Area.Level.WIJK, parent__level=Area.Level.STADSDEEL
    ).values_list("parent_id", "id"):
        parts.setdefault(parent_id, []).append(child_id)
    for from_id, to_id in Area.members.through.objects.values_list(
        "from_area_id", "to_area_id"
    ):
        parts.setdefault(from_id, []).append(to_id)
    if not parts:
        return 0
    part_ids = {p for ids in parts.values() for p in ids}
    rows = Statistic.objects.filter(
        variable__in=additive, area_id__in=part_ids | set(parts)
    ).values_list("area_id", "variable_id", "value", "is_derived")
    known: dict[tuple[int, int], float | None] = {}
    published: set[tuple[int, int]] = set()
    for area_id, variable_id, value, derived in rows:
        known[(area_id, variable_id)] = value
        if area_id in parts and not derived:
            published.add((area_id, variable_id))
    sums: dict[tuple[int, int], float | None] = {}
    for whole, ids in parts.items():
        for var in additive:
            if (whole, var.pk) in published:
                continue
            values = [known.get((i, var.pk)) for i in ids]
            if all(v is not None for v in values):
                sums[(whole, var.pk)] = float(sum(values))
    return _upsert_statistics(sums, derived=True)


def areas_load(*, actor=None, directory: Path | None = None) -> dict[str, int]:
    """Load Den Haag's areas, werkgebieden and CBS 2024 figures from ``data/``.

    Idempotent: a second run changes nothing. The CSV tables in ``data/`` are the
    source of truth; a correction made in the admin is overwritten by the next run
    unless it is also made in the CSV.
    """
    base = directory or data_dir()
    specs, members = _desired_areas(base)
    columns = _read_csv(base / "cbs_kwb_2024_columns.csv")
    definitions = [
        {
            "key": c["column"],
            "title": c["cbs_title"],
            "unit": c["unit"],
            "description": c["cbs_description"],
            "source": KWB_2024_SOURCE,
        }
        for c in columns
        if c["unit"] not in TEXT_UNITS
    ]
    figures = _read_csv(base / "cbs_kwb_2024_denhaag_gemeente_wijken.csv")
    counts = {"created": 0, "updated": 0, "statistics": 0}
    with transaction.atomic():
        areas = _sync_areas(specs, counts)
        _sync_members(members, areas, counts)
        variables = _upsert_variables(definitions, 2024)
        values = {}
        for row in figures:
            area = areas[row["Codering_3"].strip()]
            for key, var in variables.items():
                raw = (row.get(key) or "").strip()
                values[(area.pk, var.pk)] = None if raw in EMPTY_VALUES else float(raw)
        counts["statistics"] = _upsert_statistics(values)
        counts["statistics"] += _derive_sums(list(variables.values()))
        if any(counts.values()):
            audit_record(
                actor=actor,
                action=AuditEntry.Action.IMPORT,
                target=areas[GEMEENTE_CODE],
                changes={
                    "what": [None, "load_areas"],
                    **{k: [None, v] for k, v in counts.items()},
                },
            )
            transaction.on_commit(invalidate_area_index)
            transaction.on_commit(bump_areas_version)
    invalidate_area_index()
    counts["areas"] = len(specs)
    counts["variables"] = len(definitions)
    return counts


def areas_recompute(*, actor) -> int:
    """Rebuild stadsdelen, werkgebieden and the gemeente from their parts in the DB.

    For corrections made in the admin (a wijk moved to another stadsdeel, a member
    added to a werkgebied): boundaries become the union of the parts again and the
    summed figures are derived anew. Returns the number of areas changed.
    """
    areas = list(
        Area.objects.exclude(level=Area.Level.BUURT).prefetch_related("members")
    )
    wijken = [a for a in areas if a.level == Area.Level.WIJK and a.geometry]
    by_id = {a.pk: a for a in areas}
    parts: dict[int, list[Area]] = {}
    for area in areas:
        if area.level == Area.Level.WERKGEBIED:
            parts[area.pk] = [m for m in area.members.all() if m.geometry]
        elif area.level == Area.Level.STADSDEEL:
            parts[area.pk] = [w for w in wijken if w.parent_id == area.pk]
        elif area.level == Area.Level.GEMEENTE:
            parts[area.pk] = wijken
    changed = []
    for area_id, members in parts.items():
        if not members:
            continue
        area = by_id[area_id]
        geom = _union([shape(m.geometry) for m in members])
        geometry = _plain_geometry(geom)
        lat, lon = _centroid(geom)
        if (area.geometry, area.centroid_lat, area.centroid_lon) != (
            geometry,
            lat,
            lon,
        ):
            area.geometry, area.centroid_lat, area.centroid_lon = geometry, lat, lon
            area.updated_at = timezone.now()
            changed.append(area)
    with transaction.atomic():
        if changed:
            Area.objects.bulk_update(
                changed, ["geometry", "centroid_lat", "centroid_lon", "updated_at"]
            )
        derived = _derive_sums(list(Variable.objects.all()))
        gemeente = next((a for a in areas if a.level == Area.Level.GEMEENTE), None)
        if (changed or derived) and gemeente is not None:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                target=gemeente,
                changes={
                    "recomputed": [None, sorted(a.code for a in changed)],
                    "figures": [None, derived],
                },
            )
    invalidate_area_index()
    bump_areas_version()
    return len(changed)


# --------------------------------------------------------------------------- import


@lru_cache(maxsize=4)
def _dictionary(path: str, mtime: float) -> dict[str, dict]:
    result = {}
    for row in _read_csv(Path(path)):
        if row.get("key") and row.get("type") == "Topic":
            result[row["key"]] = {
                "title": row["title"],
                "unit": row["unit"],
                "description": row["description"],
            }
    return result


def cbs_variable_dictionary() -> dict[str, dict]:
    """CBS Kerncijfers variables by key (title, unit, description) from data/."""
    path = data_dir() / "cbs_85984NED_all_variables.csv"
    return _dictionary(str(path), path.stat().st_mtime)


@dataclass
class StatisticsImportReport(ImportReport):
    """The report of a CBS import, with what was stored (nothing on a problem)."""

    year: int = 0
    rows: int = 0
    values: int = 0
    changed: int = 0
    variables: list[str] = field(default_factory=list)
    skipped_other_municipalities: int = 0


def _parse_number(raw: str) -> float:
    """A CBS figure as a float: "32.5" and "32,5" both mean 32.5.

    CBS files group no thousands, so a lone "." or "," is the decimal separator,
    whatever separates the columns; with both ("1.234,5" or "1,234.5") the last one
    is the decimal separator and the other groups thousands.
    """
    text = raw.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        thousands = "." if text.rindex(",") > text.rindex(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def _is_meta(column: str, dictionary: dict[str, dict]) -> bool:
    base = column.rsplit("_", 1)[0] if re.search(r"_\d+$", column) else column
    if column in META_COLUMNS or base in META_COLUMNS:
        return True
    info = dictionary.get(column)
    return bool(info and info["unit"] in TEXT_UNITS)


def statistics_import(
    *,
    actor,
    file,
    year: int,
    progress: Callable[[int, int], Any] | None = None,
) -> StatisticsImportReport:
    """Import a CBS *Kerncijfers wijken en buurten* CSV for ``year``, all or nothing.

    The file uses the CBS column keys (``Codering_3`` for the area code,
    ``AantalInwoners_5``, ``k_65JaarOfOuder_12`` …), comma or semicolon separated;
    ``file`` is a file object, a path or a name in the default storage. Rows for
    areas of other municipalities are skipped, so the national file can be used (it
    is read row by row). Every other problem (unknown area code, unknown column, a
    value that is not a number, a missing code column, and whatever
    ``core.tabular`` finds in the file) is in the returned report with its line;
    then nothing is stored. ``progress`` is called with ``(done, total)`` rows.
    A year outside 1990–2100 raises ``ValidationError``.
    """
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 1990 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 1990 and 2100.")})
    report = StatisticsImportReport(year=year)
    dictionary = cbs_variable_dictionary()
    known_keys = set(dictionary) | set(Variable.objects.values_list("key", flat=True))
    areas = {
        a.code: a.pk
        for a in Area.objects.exclude(level=Area.Level.WERKGEBIED).only("id", "code")
    }
    own_municipalities = {code[2:6] for code in areas if code.startswith("GM")}
    rows: list[tuple[int, list[tuple[str, float | None]]]] = []
    with open_table(
        file,
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        formats=("csv",),
        report=report,
    ) as table:
        header = [column.name for column in table.columns]
        name = table.name
        steps = Progress(progress, table.row_estimate + 1)
        if not header:
            return report
        code_column = next(
            (h for h in header if h == "Codering" or h.startswith("Codering_")), None
        )
        if code_column is None and "WijkenEnBuurten" in header:
            code_column = "WijkenEnBuurten"
        if code_column is None:
            report.add(
                _("This column is missing; it holds the area code (GM, WK or BU)."),
                line=1,
                column="Codering_3",
            )
        value_columns: list[tuple[int, str]] = []
        for position, column in enumerate(header):
            if column == code_column or _is_meta(column, dictionary):
                continue
            if column in known_keys:
                value_columns.append((position, column))
            elif column:
                report.add(
                    _("Unknown column: this is not a CBS key of the Kerncijfers."),
                    line=1,
                    column=column,
                )
        if code_column is None:
            return report
        if not value_columns:
            report.add(_("The file has no column with figures."), line=1)
        code_index = header.index(code_column)
        seen: dict[str, int] = {}
        for row in table.rows:
            steps.advance()
            line = row.line
            if len(row.values) < len(header):
                report.add(
                    _("This row has %(found)s cells; the header has %(expected)s.")
                    % {"found": len(row.values), "expected": len(header)},
                    line=line,
                )
                continue
            code = row.get(code_index)
            match = REGION_CODE.match(code)
            if match and match.group(2) not in own_municipalities:
                report.skipped_other_municipalities += 1
                continue
            if code not in areas:
                report.add(
                    _("Unknown area code '%(code)s'.") % {"code": code},
                    line=line,
                    column=code_column,
                )
                continue
            if code in seen:
                report.add(
                    _("Area code '%(code)s' already appears on line %(other)s.")
                    % {"code": code, "other": seen[code]},
                    line=line,
                    column=code_column,
                )
                continue
            seen[code] = line
            parsed = []
            for position, column in value_columns:
                raw = row.get(position)
                if raw in EMPTY_VALUES:
                    parsed.append((column, None))
                    continue
                try:
                    parsed.append((column, _parse_number(raw)))
                except ValueError:
                    report.add(
                        _("'%(value)s' is not a number.") % {"value": raw},
                        line=line,
                        column=column,
                    )
            rows.append((areas[code], parsed))
    if not report.ok:
        return report

    source = f"CBS Kerncijfers wijken en buurten {year}" + (
        f"; bestand {name}" if name else ""
    )
    definitions = []
    for _position, column in value_columns:
        info = dictionary.get(column)
        if info is None:  # known from an earlier import, not from the dictionary
            var = Variable.objects.filter(key=column).order_by("-year").first()
            info = {
                "title": var.title,
                "unit": var.unit,
                "description": var.description,
            }
        definitions.append(
            {
                "key": column,
                "title": info["title"],
                "unit": info["unit"],
                "description": info["description"],
                "source": source[:300],
            }
        )
    with transaction.atomic():
        variables = _upsert_variables(definitions, year)
        values = {
            (area_id, variables[column].pk): value
            for area_id, parsed in rows
            for column, value in parsed
        }
        report.changed = _upsert_statistics(values)
        report.changed += _derive_sums(list(variables.values()))
        report.rows = len(rows)
        report.values = len(values)
        report.variables = [d["key"] for d in definitions]
        target = Area.objects.filter(code__in=[c for c in areas if c.startswith("GM")])
        target = target.first() or next(iter(variables.values()))
        audit_record(
            actor=actor,
            action=AuditEntry.Action.IMPORT,
            target=target,
            changes={
                "what": [None, "import_cbs"],
                "file": [None, name],
                "year": [None, year],
                "rows": [None, report.rows],
                "values": [None, report.values],
                "changed": [None, report.changed],
                "variables": [None, report.variables],
            },
        )
    bump_areas_version()
    steps.finish()
    return report
