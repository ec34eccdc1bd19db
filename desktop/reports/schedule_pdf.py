"""Jadwal Supervisi bulanan: landscape table by date, with kop and signatures; rows that need attention (conflict,
no supervisor, a holiday) are flagged on the row itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate, Spacer

from desktop.reports.fonts import register_fonts
from desktop.reports.kop import MARGIN, PAGE_SIZES, Identity, Kop, numbered_canvas
from desktop.reports.page_style import PRIORITY_FILL
from desktop.reports.pdf_cells import PAD, STYLES, TableSpec, para, row_heights, signature_block

FRAME_PAD = 6
HEADERS = ("No", "Tanggal", "Jam", "Kegiatan", "Posyandu (Desa)", "Supervisor", "Kader", "Status", "Perhatian")
CAPS = (12, 30, 24, 42, 46, 48, 60, 30, 70)  # widest a column grows before its text wraps (mm)


@dataclass(frozen=True)
class ScheduleLine:
    day: str  # "Rabu, 02/12/2026"
    time: str
    activity: str
    posyandu: str
    supervisors: str
    kader: str
    status: str
    flags: Sequence[str] = ()  # what needs attention on this row: conflicts, no supervisor, holiday


def column_widths(rows: Sequence[Sequence[str]], total: float, styles: Sequence[str]) -> list[float]:
    """Widths sized to the content: each column at least its longest word, then room shared by how much text
    each column holds, none wider than its cap."""
    least, want = [], []
    for c, cap in enumerate(CAPS):
        style = STYLES[styles[c]]
        words = [w for r in rows for w in str(r[c]).split()] or [""]
        least.append(max(stringWidth(w, style.fontName, style.fontSize) for w in words) + 2 * PAD + 1)
        longest = max(stringWidth(str(r[c]), style.fontName, style.fontSize) for r in rows) + 2 * PAD + 1
        want.append(max(least[-1], min(longest, cap * mm)))
    if sum(want) <= total:
        extra = total - sum(want)
        grow = [w - m for w, m in zip(want, least, strict=True)]
        return [w + extra * g / (sum(grow) or 1) if sum(grow) else w + extra / len(want)
                for w, g in zip(want, grow, strict=True)]
    room = total - sum(least)
    grow = [w - m for w, m in zip(want, least, strict=True)]
    return [m + max(room, 0) * g / (sum(grow) or 1) for m, g in zip(least, grow, strict=True)]


def render_schedule_pdf(out_path: Path, identity: Identity, *, period: str, lines: Sequence[ScheduleLine],
                        place_date: str, paper: str = "A4") -> Path:
    """Write the month's schedule; an empty month prints a plain sheet saying so, with nothing to sign."""
    register_fonts()
    size = landscape(PAGE_SIZES[paper.upper()])
    title = f"JADWAL SUPERVISI SUPORTIF KADER POSYANDU — {period.upper()}"
    doc = SimpleDocTemplate(str(out_path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=14 * mm, title=title.title(), author=identity.name)
    width = doc.width - 2 * FRAME_PAD
    story: list = [Kop(identity, width), Spacer(1, 2 * mm), para(title, "title")]
    if not lines:
        story += [Spacer(1, 10 * mm), para(f"Tidak ada kegiatan supervisi yang direncanakan pada bulan {period}.",
                                           "subtitle")]
        doc.build(story, canvasmaker=numbered_canvas(f"Jadwal Supervisi — {period}"))
        return out_path
    styles = ("centre", "cell", "centre", "cell", "cell", "small", "small", "centre", "small")
    texts = [[str(n), ln.day, ln.time, ln.activity, ln.posyandu, ln.supervisors, ln.kader, ln.status,
              "; ".join(ln.flags)] for n, ln in enumerate(lines, start=1)]
    widths = column_widths([list(HEADERS), *texts], width, styles)
    body = [[para(t, s) for t, s in zip(row, styles, strict=True)] for row in texts]
    cmds = [("BACKGROUND", (0, n), (-1, n), PRIORITY_FILL) for n, ln in enumerate(lines, start=1) if ln.flags]
    flagged = sum(bool(ln.flags) for ln in lines)
    spec = TableSpec([[para(h, "head") for h in HEADERS], *body], widths, [None, *row_heights(body, widths, 0)],
                     head_rows=1, cmds=cmds)
    note = (f"{flagged} kegiatan perlu perhatian (baris berlatar jingga, kolom Perhatian)." if flagged
            else "Tidak ada bentrok jadwal, kegiatan tanpa supervisor, atau kegiatan pada hari libur.")
    place, _, date = place_date.partition(", ")
    signature = signature_block(width, place, date, [
        ("Mengetahui,\nKepala Puskesmas", identity.kepala_name, identity.kepala_nip),
        ("Penanggung Jawab Promosi Kesehatan", identity.pj_promkes_name, identity.pj_promkes_nip),
    ])
    story.append(spec.table([Spacer(1, 2 * mm), para(note, "small"), Spacer(1, 5 * mm), signature]))
    doc.build(story, canvasmaker=numbered_canvas(f"Jadwal Supervisi — {period}"))
    return out_path
