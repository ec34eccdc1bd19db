"""Jadwal Supervisi bulanan: landscape table by date, with kop and the PJ Promkes' signature."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table

from desktop.reports.fonts import register_fonts
from desktop.reports.kop import MARGIN, PAGE_SIZES, Identity, Kop, numbered_canvas
from desktop.reports.pdf_cells import GRID, para, signature_table

FRAME_PAD = 6
HEADERS = ("No", "Tanggal", "Jam", "Kegiatan", "Posyandu (Desa)", "Supervisor", "Kader", "Status")
WEIGHTS = (0.45, 1.85, 1.3, 2.3, 2.2, 2.6, 2.6, 1.3)


@dataclass(frozen=True)
class ScheduleLine:
    day: str  # "Rabu, 02/12/2026"
    time: str
    activity: str
    posyandu: str
    supervisors: str
    kader: str
    status: str


def render_schedule_pdf(out_path: Path, identity: Identity, *, period: str, lines: Sequence[ScheduleLine],
                        place_date: str, paper: str = "A4") -> Path:
    """Write the month's schedule; an empty month says so instead of printing an empty table."""
    register_fonts()
    size = landscape(PAGE_SIZES[paper.upper()])
    title = f"JADWAL SUPERVISI SUPORTIF KADER POSYANDU — {period.upper()}"
    doc = SimpleDocTemplate(str(out_path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=14 * mm, title=title.title(), author=identity.name)
    width = doc.width - 2 * FRAME_PAD
    story: list = [Kop(identity, width), Spacer(1, 2 * mm), para(title, "title")]
    if lines:
        unit = width / sum(WEIGHTS)
        body = [[para(h, "head") for h in HEADERS]]
        for n, line in enumerate(lines, start=1):
            body.append([para(n, "centre"), para(line.day), para(line.time, "centre"), para(line.activity),
                         para(line.posyandu), para(line.supervisors, "small"), para(line.kader, "small"),
                         para(line.status, "centre")])
        table = Table(body, colWidths=[w * unit for w in WEIGHTS], repeatRows=1)
        table.setStyle(GRID)
        story.append(table)
    else:
        story.append(para("Belum ada kegiatan supervisi yang direncanakan pada bulan ini."))
    story += [Spacer(1, 6 * mm), signature_table(width, place_date, [
        ("Mengetahui,\nKepala Puskesmas", identity.kepala_name, identity.kepala_nip),
        ("Penanggung Jawab Promosi Kesehatan", identity.pj_promkes_name, identity.pj_promkes_nip),
    ])]
    doc.build(story, canvasmaker=numbered_canvas(f"Jadwal Supervisi — {period}"))
    return out_path
