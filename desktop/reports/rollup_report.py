"""Rekap Kabupaten: one line per puskesmas under the Dinas Kesehatan's kop, signed by a settable signer
(landscape PDF, or .xlsx for the Dinas Kesehatan's own sums). Unfinished periods say "sementara"."""

from __future__ import annotations

from pathlib import Path

from desktop.reports.report_model import ROLLUP_COLUMNS, TRAINED_RULE, RollupData

TITLE = "REKAP KABUPATEN SUPERVISI SUPORTIF KADER POSYANDU"
NUMERIC = range(1, 13)
NOTE = ("Angka per akhir periode. Posyandu dan kader: yang aktif pada akhir periode. Rasio: supervisor teknis yang "
        "ditugaskan pada akhir periode terhadap kader aktif (pedoman: 1:25–30). Kegiatan terlaksana: instrumen "
        "tercatat menurut tanggal kegiatan, direncanakan atau tidak. Cakupan: posyandu yang diobservasi layanannya "
        "pada periode ini dibanding posyandu aktif. Temuan prioritas: butir observasi dengan jawaban yang perlu "
        "ditindaklanjuti. Tindak lanjut: yang masih terbuka pada akhir periode, dan di antaranya yang lewat tenggat. "
        + TRAINED_RULE)


def render_rollup_pdf(data: RollupData, out_path: Path, *, place_date: str, paper: str = "A4") -> Path:
    from reportlab.lib.pagesizes import landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table

    from desktop.reports.fonts import register_fonts
    from desktop.reports.kop import MARGIN, PAGE_SIZES, DinkesKop, numbered_canvas
    from desktop.reports.monthly_pdf import widths
    from desktop.reports.pdf_cells import GRID, closing, para

    register_fonts()
    h = data.heading
    doc = SimpleDocTemplate(str(out_path), pagesize=landscape(PAGE_SIZES[paper.upper()]), leftMargin=MARGIN,
                            rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=16 * mm, title=TITLE.title(),
                            author=h.issuer)
    width = doc.width - 12
    weights = [3.3, 1.3, 1.1, 1.2, 1.55, 1.2, 1.55, 1.45, 1.6, 1.3, 1.3, 1.3, 1.25]  # header words fit whole
    body = [[para(x, "head") for x in ROLLUP_COLUMNS]]
    for line in [*data.lines, data.total]:
        cells = line.cells()
        cells[0] = cells[0].removeprefix("Puskesmas ")  # the column says it; names then fit one line
        body.append([para("—" if v is None else v, "centre" if c in NUMERIC else "cell") for c, v in enumerate(cells)])
    table = Table(body, colWidths=widths(ROLLUP_COLUMNS, weights, width), repeatRows=1)
    table.setStyle(GRID)
    position, name, nip = data.signer
    signers = [(position or "Kepala Dinas Kesehatan", name, nip)]
    story = [DinkesKop(data.kabupaten, data.dinkes_address, width), Spacer(1, 2 * mm), para(TITLE, "title"),
             para(f"{data.kabupaten} — Periode: {h.period_text}", "subtitle"), table, Spacer(1, 3 * mm),
             para(NOTE, "intro"), *closing(width, place_date, signers, h.provisional_note("Rekap"))]
    doc.build(story, canvasmaker=numbered_canvas(h.footer(TITLE)))
    return out_path


def render_rollup_xlsx(data: RollupData, out_path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from desktop.reports.monthly_excel import HEAD_ROW, write_sheet
    from desktop.reports.xlsx_cells import save

    book = Workbook()
    book.remove(book.active)
    rows = [line.cells() for line in data.lines] + [data.total.cells()]
    sheet = write_sheet(book, "Rekap kabupaten", data.heading, f"{TITLE.title()} — {data.kabupaten}",
                        ROLLUP_COLUMNS, rows, notes=[NOTE])
    for cell in sheet[HEAD_ROW + len(rows)]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"B{HEAD_ROW + 1}"
    return save(book, out_path)
