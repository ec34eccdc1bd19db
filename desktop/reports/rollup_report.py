"""Rekap Kabupaten: one line per puskesmas (landscape PDF, or .xlsx for the Dinas Kesehatan's own sums)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.rollup import Rollup

TITLE = "REKAP KABUPATEN SUPERVISI SUPORTIF KADER POSYANDU"
NUMERIC = range(1, 13)


def render_rollup_pdf(data: Rollup, out_path: Path, *, place_date: str, paper: str = "A4") -> Path:
    from reportlab.lib.pagesizes import landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table

    from desktop.reports.fonts import register_fonts
    from desktop.reports.kop import MARGIN, PAGE_SIZES, numbered_canvas
    from desktop.reports.pdf_cells import GRID, para, signature_table
    from desktop.services.rollup import COLUMNS

    register_fonts()
    doc = SimpleDocTemplate(str(out_path), pagesize=landscape(PAGE_SIZES[paper.upper()]), leftMargin=MARGIN,
                            rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=16 * mm, title=TITLE.title(),
                            author=data.kabupaten.label)
    width = doc.width - 12
    weights = [3.3, 1.3, 1.1, 1.2, 1.55, 1.2, 1.3, 1.3, 1.6, 1.3, 1.3, 1.3, 1.25]  # header words fit whole
    unit = width / sum(weights)
    body = [[para(h, "head") for h in COLUMNS]]
    for line in [*data.lines, data.total]:
        cells = line.cells()
        cells[0] = cells[0].removeprefix("Puskesmas ")  # the column says it; names then fit one line
        body.append([para(v, "centre" if c in NUMERIC else "cell") for c, v in enumerate(cells)])
    table = Table(body, colWidths=[w * unit for w in weights], repeatRows=1)
    table.setStyle(GRID)
    story = [para(TITLE, "title"), para(f"{data.kabupaten.label} — Periode: {data.period.label}", "subtitle"),
             Spacer(1, 3 * mm), table, Spacer(1, 3 * mm),
             para("Rasio: supervisor teknis terhadap kader aktif (pedoman: 1:25–30). Cakupan: posyandu yang "
                  "diobservasi pada periode ini dibanding posyandu aktif. Temuan prioritas: butir observasi dengan "
                  "jawaban yang perlu ditindaklanjuti.", "intro"),
             Spacer(1, 8 * mm),
             signature_table(width, place_date, [("Pengelola Program Promosi Kesehatan\nDinas Kesehatan", "", "")])]
    doc.build(story, canvasmaker=numbered_canvas(f"{TITLE.title()} — {data.period.label}"))
    return out_path


def render_rollup_xlsx(data: Rollup, out_path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from desktop.services.rollup import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.title = "Rekap kabupaten"
    sheet.append([f"{TITLE.title()} — {data.kabupaten.label} — {data.period.label}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in data.lines:
        sheet.append(line.cells())
    sheet.append(data.total.cells())
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B3"
    sheet.column_dimensions["A"].width = 30
    book.save(out_path)
    return out_path
