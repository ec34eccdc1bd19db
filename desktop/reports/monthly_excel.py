"""The supervision report as .xlsx: one sheet per section, real numbers, frozen headers, sized columns."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.report_data import ReportData


def _sheet(book, title: str, head: Sequence[str], rows: Sequence[Sequence[object]], percent: Sequence[int] = ()):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append(list(head))
    for row in rows:
        sheet.append(list(row))
    fill = PatternFill("solid", fgColor="E8EFE6")
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    for c, name in enumerate(head, start=1):
        values = [str(name)] + [str(r[c - 1]) for r in rows if c - 1 < len(r) and r[c - 1] is not None]
        sheet.column_dimensions[get_column_letter(c)].width = min(60, max(10, *(len(v) + 2 for v in values)))
        if c - 1 in percent:
            for cell in sheet[get_column_letter(c)][1:]:
                cell.number_format = "0%"
        for cell in sheet[get_column_letter(c)][1:]:
            if hasattr(cell.value, "year"):
                cell.number_format = "DD/MM/YYYY"
    return sheet


def render_report_xlsx(data: ReportData, out_path: Path, puskesmas: str) -> Path:
    """Write the report workbook (the first sheet says what it is)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _sheet(book, "Ringkasan", ["Uraian", "Nilai"], [
        ("Puskesmas", puskesmas), ("Periode", data.period.label), ("Cakupan wilayah", data.scope.label),
        ("Dari tanggal", data.period.first), ("Sampai tanggal", data.period.last),
        ("Tindak lanjut terbuka", data.follow_ups_open), ("Tindak lanjut lewat batas", len(data.overdue)),
    ])
    _sheet(book, "Kegiatan", ["Kegiatan", "Direncanakan", "Selesai", "Ditunda", "Dibatalkan", "Tercatat (instrumen)"],
           [(a.kind, a.planned, a.done, a.postponed, a.cancelled, a.recorded) for a in data.activities])
    _sheet(book, "Cakupan", ["Uraian", "Tercapai", "Sasaran", "Persen"],
           [(what, n, total, n / total if total else None) for what, n, total in data.coverage], percent=(3,))
    _sheet(book, "Temuan", ["Instrumen", "Butir", "Jumlah temuan"], data.findings)
    _sheet(book, "Keterampilan", ["Kode", "Keterampilan", "Belum Bisa", "Sedang Belajar", "Sudah Bisa",
                                  "Belum/sedang (persen)"],
           [(code, label, low, mid, high, (low + mid) / (low + mid + high) if low + mid + high else None)
            for code, label, low, mid, high in data.skills], percent=(5,))
    _sheet(book, "Mentoring", ["Tanggal", "Posyandu", "Topik", "Durasi (menit)"], data.mentoring)
    _sheet(book, "Coaching", ["Tanggal", "Posyandu", "Kader", "Alasan"], data.coaching)
    _sheet(book, "Tindak lanjut", ["Batas waktu", "Posyandu", "Uraian", "Penanggung jawab"], data.overdue)
    _sheet(book, "Tim dan SK", ["Desa/Kelurahan", "Nomor SK", "Berlaku s.d.", "Status"], data.sk)
    notes = book["Tim dan SK"]
    notes.append([])
    for line in data.team_lines:
        notes.append([line])
    book.save(out_path)
    return out_path
