"""The supervision report as .xlsx: one sheet per section with the same numbers as the PDF. Every sheet opens
with title, scope, period and "dibuat pada" rows, then a frozen header; dates are dates, shares are numbers
formatted as percent; each sheet prints fitted to the page width with its header repeated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from desktop.reports.report_model import KINDS, TRAINED_RULE, Heading, ReportData

HEAD_ROW = 6  # rows 1-4: title, scope, period, dibuat pada; row 5 empty


def write_sheet(book, name: str, heading: Heading, title: str, head: Sequence[str], rows: Sequence[Sequence[object]],
                percent: Sequence[int] = (), notes: Sequence[str] = ()):
    """A sheet: heading rows, the header at HEAD_ROW (frozen, repeated when printed), the rows, then notes."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    from desktop.reports.xlsx_cells import append

    sheet = book.create_sheet(name)
    append(sheet, [title])
    append(sheet, ["Cakupan wilayah", heading.scope_label])
    append(sheet, ["Periode", heading.period_text, heading.first, heading.last])
    append(sheet, ["Dibuat pada", heading.generated])
    append(sheet, [])
    sheet["A1"].font = Font(bold=True, size=12)
    for cell in ("C3", "D3", "B4"):
        sheet[cell].number_format = "DD/MM/YYYY"
    append(sheet, list(head))
    for row in rows:
        append(sheet, ["" if v is None and c not in percent else v for c, v in enumerate(row)])
    fill = PatternFill("solid", fgColor="E8EFE6")
    for cell in sheet[HEAD_ROW]:
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = f"A{HEAD_ROW + 1}"
    for c, name_ in enumerate(head, start=1):
        letter = get_column_letter(c)
        values = [str(name_)] + [str(r[c - 1]) for r in rows if c - 1 < len(r) and r[c - 1] is not None]
        sheet.column_dimensions[letter].width = min(60, max(11, *(len(v) + 2 for v in values)))
        for cell in sheet[letter][HEAD_ROW:]:
            if c - 1 in percent:
                cell.number_format = "0%"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            if isinstance(cell.value, str) and len(cell.value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if notes:
        append(sheet, [])
        for line in notes:
            append(sheet, [line])
    sheet.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW}"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.page_setup.orientation = "landscape" if len(head) > 5 else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    return sheet


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def render_report_xlsx(data: ReportData, out_path: Path) -> Path:
    """Write the report workbook; sheet by sheet the same figures as the PDF."""
    from openpyxl import Workbook

    from desktop.reports.xlsx_cells import save

    h = data.heading
    title = f"{KINDS[h.kind].title()} Supervisi Suportif Kader Posyandu — {h.issuer}"
    book = Workbook()
    book.remove(book.active)

    def sheet(name, head, rows, percent=(), notes=()):
        return write_sheet(book, name, h, f"{title}: {name}", head, rows, percent, notes)

    sheet("Kegiatan", ["Kegiatan", "Direncanakan", "Terlaksana (instrumen tercatat)", "di antaranya tanpa rencana",
                       "Ditunda", "Dibatalkan", "Rencana belum terlaksana"],
          [(a.label, a.planned, a.done, a.unplanned, a.postponed, a.cancelled, a.open) for a in data.activities])
    sheet("Cakupan", ["Uraian", "Tercapai", "Sasaran", "Persen", "Sasaran menurut pedoman"],
          [(c.what, c.reached, c.target, share(c.reached, c.target), c.rule) for c in data.coverage], percent=(3,))
    sheet("Temuan", ["Instrumen", "Butir", "Jumlah temuan"], data.findings)
    sheet("Keterampilan", ["Tahap", "n kader (tahap)", "Kode", "Keterampilan", "Belum Bisa", "Sedang Belajar",
                           "Sudah Bisa", "n (keterampilan)", "Belum/sedang (persen)"],
          [(r.round_label, r.n, code, label, low, mid, high, low + mid + high, share(low + mid, low + mid + high))
           for r in data.skill_rounds for code, label, low, mid, high in r.rows], percent=(8,))
    sheet("Awal-Akhir", ["Kode", "Keterampilan", "Awal “Sudah Bisa”", "Akhir “Sudah Bisa”", "Perubahan (poin)",
                         "n kader (keduanya)"],
          [(code, label, a, b, round(100 * (b - a)), data.awal_akhir_n) for code, label, a, b in data.awal_akhir]
          if data.awal_akhir_n else [], percent=(2, 3))
    sheet("Mentoring", ["Tanggal sesi", "Posyandu", "Topik", "Durasi (menit)"], data.mentoring)
    sheet("Coaching", ["Tanggal", "Posyandu", "Kader", "Alasan"], data.coaching)
    sheet("Sesudah pendampingan", ["Sesi", "Kader", "Posyandu", "Keterampilan", "Hasil"],
          [(o.session, o.kader, o.posyandu, o.skill, o.outcome) for o in data.support],
          notes=[f"{what}: {n}" for what, n in data.support_summary])
    sheet("Tindak lanjut", ["Dibuka", "Batas waktu", "Lewat batas pada akhir periode", "Posyandu", "Kader", "Uraian",
                            "Penanggung jawab"],
          [(f.opened, f.due, "ya" if f.overdue else "tidak", f.posyandu, f.kader, f.description, f.owner)
           for f in data.follow_ups], notes=[f"{what}: {n}" for what, n in data.follow_up_counts])
    sheet("Tim dan SK", ["Desa/Kelurahan", "Nomor SK", "Berlaku s.d.", "Status pada akhir periode"], data.sk,
          notes=[*data.team_lines, TRAINED_RULE])
    sheet("Tren keterampilan", ["Keterampilan", *data.trend_periods],
          [(t.title, *t.shares) for t in data.skill_trends], percent=range(1, 1 + len(data.trend_periods)))
    sheet("Tren posyandu", ["Posyandu", *data.trend_periods],
          [(t.title, *t.shares) for t in data.posyandu_trends], percent=range(1, 1 + len(data.trend_periods)))
    sheet("Status kompetensi", ["Kader", "Posyandu", "Klasifikasi (tercatat)", "Keterampilan diobservasi",
                                "Belum sesuai", "Status"],
          [(c.kader, c.posyandu, c.classification, c.observed, c.below, c.status) for c in data.competency],
          notes=data.competency_rule)
    return save(book, out_path)
