"""Results as CSV, XLSX and PDF, and the contribution chart (accessible SVG)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samenzorg.core.documents import render_pdf
from samenzorg.core.spreadsheets import formula_safe

# Colour-blind friendly palette (Okabe–Ito), dark enough against white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6D00", "#56B4E9", "#555555"]
CHART_ROWS = 15


def contribution_chart(results: dict, rows: int = CHART_ROWS) -> dict:
    """Geometry of a stacked bar chart of the top ``rows`` initiatives."""
    criteria = results["criteria"]
    top = [r for r in results["ranking"] if r["score"] is not None][:rows]
    scale_max = results.get("scale_max") or 5
    label_w, bar_w, row_h = 230, 420, 26
    legend_h = 24 * ((len(criteria) + 1) // 2) + 10
    bars = []
    for n, row in enumerate(top):
        x = label_w
        segments = []
        for j, value in enumerate(row["contributions"]):
            width = bar_w * (value or 0) / scale_max
            segments.append(
                {
                    "x": round(x, 2),
                    "width": round(width, 2),
                    "colour": PALETTE[j % len(PALETTE)],
                    "label": criteria[j]["name"],
                    "value": value or 0,
                }
            )
            x += width
        bars.append(
            {
                "y": n * row_h + 8,
                "text_y": n * row_h + 8 + row_h * 0.6,
                "name": row["name"]
                if len(row["name"]) <= 32
                else row["name"][:31] + "…",
                "score": row["score"],
                "end": round(x + 6, 2),
                "segments": segments,
            }
        )
    legend_y = len(top) * row_h + 24
    legend = [
        {
            "x": 10 + (j % 2) * 340,
            "y": legend_y + (j // 2) * 24,
            "colour": PALETTE[j % len(PALETTE)],
            "label": c["name"],
        }
        for j, c in enumerate(criteria)
    ]
    return {
        "bars": bars,
        "legend": legend,
        "width": label_w + bar_w + 60,
        "height": legend_y + legend_h,
        "criteria": criteria,
        "rows": top,
    }


def _filename(round_, ext: str) -> str:
    return f"kansrijkheid-{slugify(round_.title)[:60] or round_.pk}.{ext}"


def _header(results):
    return [
        _("rank"),
        _("initiative"),
        _("score"),
        _("lower bound (95%)"),
        _("upper bound (95%)"),
        _("raters"),
        *[formula_safe(c["name"]) for c in results["criteria"]],
        _("fictional example"),
    ]


def _rows(results):
    for r in results["ranking"]:
        yield [
            r["rank"],
            r["name"],
            None if r["score"] is None else round(r["score"], 4),
            None if r["low"] is None else round(r["low"], 4),
            None if r["high"] is None else round(r["high"], 4),
            r["raters"],
            *[None if v is None else round(v, 4) for v in r["per_criterion"]],
            _("yes") if r["is_fictional"] else _("no"),
        ]


def results_csv(round_, results) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(round_, "csv")}"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(_header(results))
    for row in _rows(results):
        writer.writerow([formula_safe(v) for v in row])
    return response


def results_xlsx(round_, results) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Ranking")[:31]
    sheet.append(_header(results))
    for row in _rows(results):
        sheet.append([formula_safe(v) for v in row])
    weights = book.create_sheet(_("Criteria")[:31])
    weights.append(
        [_("criterion"), _("weight"), _("agreement ICC(1)"), _("description")]
    )
    agreement = {a["criterion"]: a for a in results["agreement"]}
    for c in results["criteria"]:
        weights.append(
            [
                formula_safe(c["name"]),
                c["weight"],
                agreement.get(c["name"], {}).get("icc1"),
                formula_safe(c["description"]),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(round_, "xlsx")}"'
    )
    return response


def report_filename(round_) -> str:
    return _filename(round_, "pdf")


def results_pdf_bytes(round_, results) -> bytes:
    """The results as a PDF report (made by a background task, ``tasks``)."""
    return render_pdf(
        "assessment/round_results_pdf.html",
        {"round": round_, "results": results, "chart": contribution_chart(results)},
    )
