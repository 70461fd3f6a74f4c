"""Reading and writing network maps: CSV (actors and ties), Kumu-style XLSX (sheets
Elements and Connections) and GraphML (via networkx).

Readers return plain rows with a ``where`` ("Ties, line 4") for error messages;
``services.network_import`` checks them all and writes all or nothing.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import networkx as nx

from samenzorg.core.spreadsheets import formula_safe, formula_unescape

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
TRUE = {"1", "ja", "yes", "true", "waar", "x"}
# Characters that make a spreadsheet read a cell as a formula (the same rule as the
# initiatives export).


def _map_header(
    header: list[str], columns: dict[str, tuple[str, ...]]
) -> dict[str, int]:
    lowered = [str(h or "").strip().lower() for h in header]
    found = {}
    for field, names in columns.items():
        for name in names:
            if name in lowered:
                found[field] = lowered.index(name)
                break
    return found


def _rows(
    table: list[list[Any]],
    columns: dict[str, tuple[str, ...]],
    label: str,
    required: tuple[str, ...],
    first_line: int = 1,
) -> list[dict[str, Any]]:
    if not table:
        raise ValidationError(_("%(file)s is empty.") % {"file": label})
    header = _map_header(table[0], columns)
    missing = [f for f in required if f not in header]
    if missing:
        raise ValidationError(
            _("%(file)s, line %(line)s: missing column(s) %(columns)s.")
            % {"file": label, "line": first_line, "columns": ", ".join(missing)}
        )
    rows = []
    for offset, values in enumerate(table[1:], start=1):
        if not any(str(v or "").strip() for v in values):
            continue
        row = {
            field: formula_unescape(values[i] if i < len(values) else None)
            for field, i in header.items()
        }
        if "fictional" in row:
            row["fictional"] = str(row["fictional"] or "").strip().lower() in TRUE
        if "name" in row and "id" not in header:
            row["id"] = row["name"]
        row["where"] = _("%(file)s, line %(line)s") % {
            "file": label,
            "line": first_line + offset,
        }
        rows.append(row)
    return rows


def _csv_table(data: bytes, label: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def read_csv(actors_data: bytes | None, ties_data: bytes | None):
    actors = (
        _rows(
            _csv_table(actors_data, _("Actors")),
            ACTOR_COLUMNS,
            _("Actors"),
            ("id", "name"),
        )
        if actors_data
        else []
    )
    ties = (
        _rows(_csv_table(ties_data, _("Ties")), TIE_COLUMNS, _("Ties"), ("from", "to"))
        if ties_data
        else []
    )
    return actors, ties


def read_xlsx(data: bytes):
    """Kumu-style workbook: sheet Elements (Label, Type, …) and Connections (From, To)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any broken file gets one message
        raise ValidationError(
            _("This is not an Excel file that can be read (%(error)s).")
            % {"error": error}
        ) from None
    sheets = {name.lower(): book[name] for name in book.sheetnames}
    elements = sheets.get("elements") or sheets.get("actoren")
    connections = sheets.get("connections") or sheets.get("banden")
    if elements is None:
        raise ValidationError(_("The workbook has no sheet called Elements."))
    actors = _rows(
        [list(r) for r in elements.iter_rows(values_only=True)],
        ACTOR_COLUMNS,
        _("Elements"),
        ("name",),
    )
    ties = (
        _rows(
            [list(r) for r in connections.iter_rows(values_only=True)],
            TIE_COLUMNS,
            _("Connections"),
            ("from", "to"),
        )
        if connections is not None
        else []
    )
    return actors, ties


def read_graphml(data: bytes):
    try:
        graph = nx.read_graphml(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001
        raise ValidationError(
            _("This is not a GraphML file that can be read (%(error)s).")
            % {"error": error}
        ) from None
    actors = []
    for number, (node, attrs) in enumerate(graph.nodes(data=True), start=1):
        actors.append(
            {
                "id": str(node),
                "name": attrs.get("name") or attrs.get("label") or str(node),
                "type": attrs.get("type", ""),
                "organisation": attrs.get("organisation", ""),
                "notes": attrs.get("notes", ""),
                "fictional": bool(attrs.get("fictional", False)),
                "where": _("GraphML, node %(number)s (%(id)s)")
                % {"number": number, "id": node},
            }
        )
    ties = []
    for number, (a, b, attrs) in enumerate(graph.edges(data=True), start=1):
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
                "where": _("GraphML, edge %(number)s") % {"number": number},
            }
        )
    return actors, ties


def read_upload(main, ties_file=None):
    """Rows from the uploaded file(s), chosen by the main file's extension."""
    name = (main.name or "").lower()
    data = main.read()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith((".graphml", ".xml")):
        return read_graphml(data)
    return read_csv(data, ties_file.read() if ties_file else None)


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
            a["key"],
            name=a["label"],
            type=a["type"],
            degree=a["degree"],
            betweenness=float(a["betweenness"]),
            community=a["community"],
        )
    for t in ties:
        graph.add_edge(
            by_id[t["source"]]["key"],
            by_id[t["target"]]["key"],
            kind=t["kind"],
            strength=t["strength"],
            directed=bool(t["directed"]),
            started_on=t["started_on"] or "",
            fictional=bool(t["fictional"]),
        )
    out = io.BytesIO()
    nx.write_graphml(graph, out)
    return out.getvalue()
