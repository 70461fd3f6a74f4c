"""Reading and writing network maps: CSV (actors and ties), Kumu-style XLSX (sheets
Elements and Connections) and GraphML (via networkx).

Readers return plain rows, each with its ``line``, its ``sheet`` (the file or sheet
it came from) and its ``columns`` (row key → the file's heading), and put what is
wrong with the file in an ``ImportReport``; ``services.network_import_file`` checks
the rows and writes all or nothing.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import networkx as nx

from samenzorg.core.spreadsheets import formula_safe
from samenzorg.core.tabular import (
    ImportReport,
    Table,
    read_source,
    read_table,
    text_problem,
)
from samenzorg.core.text import xml_safe

# The measured scale of the analysis (10,000 actors, 50,000 ties) fits.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000

ACTOR_COLUMNS = {
    "id": ("id", "key", "sleutel"),
    "name": ("name", "naam", "label"),
    "type": ("type", "soort"),
    "organisation": ("organisation", "organisatie"),
    "notes": ("notes", "notities", "description", "omschrijving"),
    "fictional": ("fictional", "fictief"),
}
TIE_COLUMNS = {
    "from": ("from", "van"),
    "to": ("to", "naar"),
    "kind": ("kind", "type", "soort"),
    "strength": ("strength", "sterkte"),
    "directed": ("directed", "gericht"),
    "source": ("source", "bron", "herkomst"),
    "started_on": ("started_on", "date", "datum", "sinds"),
    "ended_on": ("ended_on", "tot"),
    "fictional": ("fictional", "fictief"),
}
# Columns whose text may have line breaks and tabs.
MULTILINE = ACTOR_COLUMNS["notes"]
TRUE = {"1", "ja", "yes", "true", "waar", "x"}


def _read(source, report: ImportReport, **options) -> Table:
    return read_table(
        source,
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        multiline=MULTILINE,
        report=report,
        **options,
    )


def _rows(
    table: Table, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> list[dict[str, Any]]:
    if not table.columns:  # not read at all, or an optional sheet is absent
        return []
    header = {}
    for field, names in columns.items():
        column = table.column(*names)
        if column is not None:
            header[field] = column
    missing = [f for f in required if f not in header]
    if missing:
        table.add(
            _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)},
            line=1,
        )
        return []
    headings = {field: column.name for field, column in header.items()}
    if "id" not in header and "name" in header:
        headings["id"] = headings["name"]
    rows = []
    for row in table.rows:
        item: dict[str, Any] = {
            field: row.get(column) for field, column in header.items()
        }
        if "fictional" in item:
            item["fictional"] = item["fictional"].lower() in TRUE
        if "name" in item and "id" not in header:
            item["id"] = item["name"]
        item.update(line=row.line, sheet=table.label, columns=headings)
        rows.append(item)
    return rows


def _own_report(report: ImportReport | None) -> ImportReport:
    return report if report is not None else ImportReport()


def _raise_unless_ok(report: ImportReport, given: ImportReport | None) -> None:
    if given is None and not report.ok:
        raise ValidationError([str(p) for p in report.problems])


def _both(actors, ties, own: ImportReport, report: ImportReport | None):
    """Actor and tie rows from ``(table, required columns)`` pairs (or None).

    No rows when either table could not be read whole: ties to actors beyond a
    broken line would only add wrong problems.
    """
    parts = [(actors, ACTOR_COLUMNS), (ties, TIE_COLUMNS)]
    rows: tuple[list, list] = ([], [])
    if all(pair[0].complete for pair, _columns in parts if pair is not None):
        rows = tuple(
            _rows(pair[0], columns, pair[1]) if pair is not None else []
            for pair, columns in parts
        )
    _raise_unless_ok(own, report)
    return rows


def read_csv(actors_source, ties_source=None, *, report: ImportReport | None = None):
    """Rows from a CSV of actors and one of ties (either may be None).

    Problems go to ``report``; without one they raise ``ValidationError``.
    """
    own = _own_report(report)
    actors = ties = None
    if actors_source:
        actors = (_read(actors_source, own, label=_("Actors")), ("id", "name"))
    if ties_source:
        ties = (_read(ties_source, own, label=_("Ties")), ("from", "to"))
    return _both(actors, ties, own, report)


def read_xlsx(source, *, report: ImportReport | None = None):
    """Kumu-style workbook: sheet Elements (Label, Type, …) and Connections (From, To)."""
    own = _own_report(report)
    elements = _read(source, own, sheet=("Elements", "Actoren"), label=_("Elements"))
    connections = None
    if elements.complete:
        connections = _read(
            source,
            own,
            sheet=("Connections", "Banden"),
            sheet_optional=True,
            label=_("Connections"),
        )
    return _both(
        (elements, ("name",)),
        (connections, ("from", "to")) if connections is not None else None,
        own,
        report,
    )


def _check_texts(
    report: ImportReport, where: str, values: dict[str, Any], multiline=()
) -> None:
    for key, value in values.items():
        if isinstance(value, str):
            problem = text_problem(value, multiline=key in multiline)
            if problem:
                report.add(problem, sheet=where, column=key)


def read_graphml(source, *, report: ImportReport | None = None):
    """Nodes and edges of a GraphML file as actor and tie rows."""
    own = _own_report(report)
    actors: list[dict[str, Any]] = []
    ties: list[dict[str, Any]] = []
    data, _name = read_source(
        source, max_bytes=MAX_FILE_BYTES, report=own, label="GraphML"
    )
    if data is None:
        _raise_unless_ok(own, report)
        return actors, ties
    try:
        graph = nx.read_graphml(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - any broken file gets one message
        own.add(
            _("This is not a GraphML file that can be read (%(error)s).")
            % {"error": error}
        )
        _raise_unless_ok(own, report)
        return actors, ties
    if max(graph.number_of_nodes(), graph.number_of_edges()) > MAX_ROWS:
        own.add(
            _(
                "The file has more than %(max)s actors or ties. Split it into "
                "smaller files."
            )
            % {"max": MAX_ROWS}
        )
        _raise_unless_ok(own, report)
        return actors, ties
    for number, (node, attrs) in enumerate(graph.nodes(data=True), start=1):
        where = _("GraphML, node %(number)s (%(id)s)") % {"number": number, "id": node}
        _check_texts(own, where, {"id": str(node), **attrs}, multiline=("notes",))
        actors.append(
            {
                "id": str(node),
                "name": attrs.get("name") or attrs.get("label") or str(node),
                "type": attrs.get("type", ""),
                "organisation": attrs.get("organisation", ""),
                "notes": attrs.get("notes", ""),
                "fictional": bool(attrs.get("fictional", False)),
                "sheet": where,
            }
        )
    for number, (a, b, attrs) in enumerate(graph.edges(data=True), start=1):
        where = _("GraphML, edge %(number)s") % {"number": number}
        _check_texts(own, where, attrs)
        ties.append(
            {
                "from": str(a),
                "to": str(b),
                "kind": attrs.get("kind", ""),
                "strength": attrs.get("strength", 2),
                "directed": "ja" if attrs.get("directed") else "",
                "source": attrs.get("source", ""),
                "started_on": attrs.get("started_on") or None,
                "ended_on": attrs.get("ended_on") or None,
                "fictional": bool(attrs.get("fictional", False)),
                "sheet": where,
            }
        )
    _raise_unless_ok(own, report)
    return actors, ties


def read_upload(main, ties_file=None, *, report: ImportReport | None = None):
    """Rows from the uploaded file(s), chosen by the main file's extension."""
    name = str(getattr(main, "name", main) or "").lower()
    if name.endswith(".xlsx"):
        return read_xlsx(main, report=report)
    if name.endswith((".graphml", ".xml")):
        return read_graphml(main, report=report)
    return read_csv(main, ties_file, report=report)


# ---------------------------------------------------------------- export


def _actor_key(actors_by_id, pk):
    return actors_by_id[pk]["key"]


def export_csv_actors(actors: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "name", "type", "degree", "betweenness", "community"])
    for a in actors:
        writer.writerow(
            formula_safe(cell)
            for cell in [
                a["key"],
                a["label"],
                a["type"],
                a["degree"],
                a["betweenness"],
                a["community"],
            ]
        )
    return out.getvalue()


def export_csv_ties(actors: list[dict], ties: list[dict]) -> str:
    by_id = {a["id"]: a for a in actors}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["from", "to", "kind", "strength", "directed", "started_on", "fictional"]
    )
    for t in ties:
        writer.writerow(
            formula_safe(cell)
            for cell in [
                _actor_key(by_id, t["source"]),
                _actor_key(by_id, t["target"]),
                t["kind"],
                t["strength"],
                "ja" if t["directed"] else "",
                t["started_on"] or "",
                "ja" if t["fictional"] else "",
            ]
        )
    return out.getvalue()


def export_graphml(actors: list[dict], ties: list[dict]) -> bytes:
    graph = nx.MultiGraph()
    by_id = {a["id"]: a for a in actors}
    for a in actors:
        graph.add_node(
            xml_safe(a["key"]),
            name=xml_safe(a["label"]),
            type=a["type"],
            degree=a["degree"],
            betweenness=float(a["betweenness"]),
            community=a["community"],
        )
    for t in ties:
        graph.add_edge(
            xml_safe(by_id[t["source"]]["key"]),
            xml_safe(by_id[t["target"]]["key"]),
            kind=t["kind"],
            strength=t["strength"],
            directed=bool(t["directed"]),
            started_on=t["started_on"] or "",
            fictional=bool(t["fictional"]),
        )
    out = io.BytesIO()
    nx.write_graphml(graph, out)
    return out.getvalue()
