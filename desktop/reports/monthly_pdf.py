"""Laporan Bulanan (Triwulanan, Tahunan) Supervisi Suportif Kader Posyandu as PDF: kop, period and scope,
activities, coverage, findings and weakest skills, mentoring/coaching, follow-ups, teams and SK, charts,
closing with place, date and signatures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table

from desktop.reports.charts import activities_chart, skills_chart
from desktop.reports.fonts import register_fonts
from desktop.reports.kop import MARGIN, PAGE_SIZES, Identity, Kop, numbered_canvas
from desktop.reports.pdf_cells import GRID, para, signature_table

if TYPE_CHECKING:
    from desktop.services.report_data import ReportData

FRAME_PAD = 6
TITLES = {"bulanan": "LAPORAN BULANAN", "triwulanan": "LAPORAN TRIWULAN", "tahunan": "LAPORAN TAHUNAN"}


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], weights: Sequence[float], width: float,
           numeric: Sequence[int] = ()) -> Table:
    unit = width / sum(weights)
    body = [[para(h, "head") for h in head]]
    for row in rows:
        body.append([para(v, "centre" if c in numeric else "cell") for c, v in enumerate(row)])
    table = Table(body, colWidths=[w * unit for w in weights], repeatRows=1)
    table.setStyle(GRID)
    return table


def _empty(text: str):
    return para(text, "intro")


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def render_report_pdf(data: ReportData, out_path: Path, identity: Identity, *, place_date: str,
                      paper: str = "A4") -> Path:
    """Write the report; every section is present, saying so when it has nothing to show."""
    register_fonts()
    size = PAGE_SIZES[paper.upper()]
    title = f"{TITLES[data.period.kind]} SUPERVISI SUPORTIF KADER POSYANDU"
    doc = SimpleDocTemplate(str(out_path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=16 * mm, title=title.title(), author=identity.name)
    width = doc.width - 2 * FRAME_PAD
    s: list = [Kop(identity, width), Spacer(1, 2 * mm), para(title, "title"),
               para(f"Periode: {data.period.label} — {data.scope.label}", "subtitle")]

    s.append(para("1. Kegiatan supervisi", "section"))
    idle = not any(a.planned or a.cancelled or a.recorded for a in data.activities)
    if idle:
        s.append(_empty("Tidak ada kegiatan supervisi yang direncanakan atau tercatat pada periode ini."))
    s.append(_table(["Kegiatan", "Direncanakan", "Selesai", "Ditunda", "Dibatalkan", "Tercatat (instrumen)"],
                    [(a.kind, a.planned, a.done, a.postponed, a.cancelled, a.recorded) for a in data.activities],
                    [3.6, 1.2, 1, 1, 1.1, 1.3], width, numeric=(1, 2, 3, 4, 5)))
    if not idle:
        short = [a.kind.split(" /")[0].replace("Observasi ", "Obs. ") for a in data.activities]
        s += [Spacer(1, 2 * mm), activities_chart(width, short, [a.planned for a in data.activities],
                                                  [a.done for a in data.activities])]

    s.append(para("2. Cakupan", "section"))
    s.append(_table(["Uraian", "Tercapai", "Sasaran", "%"],
                    [(what, n, total, f"{100 * n / total:.0f}%" if total else "—") for what, n, total in data.coverage],
                    [5, 1, 1, 0.8], width, numeric=(1, 2, 3)))

    s.append(para("3. Temuan utama dan keterampilan terlemah", "section"))
    if data.findings:
        s.append(_table(["Instrumen", "Butir (temuan: belum sesuai / tidak dilakukan)", "Kali"],
                        data.findings, [2.6, 4.6, 0.7], width, numeric=(2,)))
    else:
        s.append(_empty("Tidak ada temuan observasi pada periode ini."))
    weakest = data.weakest[:5]
    if weakest:
        s += [Spacer(1, 2 * mm), para("Keterampilan dengan kader terbanyak menjawab “Belum Bisa” atau “Sedang "
                                      "Belajar” (penilaian mandiri terakhir):", "cell")]
        s.append(_table(["Kode", "Keterampilan", "Belum/sedang belajar"],
                        [(code, label, f"{share:.0%}") for code, label, share in weakest], [0.7, 6, 1.5], width,
                        numeric=(0, 2)))
    if any(low + mid + high for _, _, low, mid, high in data.skills):
        s += [Spacer(1, 3 * mm), skills_chart(width, [(f"{code} {label}", low, mid, high)
                                                      for code, label, low, mid, high in data.skills])]
    else:
        s.append(_empty("Belum ada penilaian mandiri kader sampai akhir periode ini."))

    s.append(para("4. Mentoring dan coaching", "section"))
    if data.mentoring:
        s.append(_table(["Tanggal", "Posyandu", "Topik mentoring", "Menit"],
                        [(_date(d), p, t, m or "—") for d, p, t, m in data.mentoring], [1.2, 1.6, 5, 0.8], width,
                        numeric=(3,)))
    else:
        s.append(_empty("Tidak ada mentoring tercatat pada periode ini."))
    s.append(Spacer(1, 2 * mm))
    if data.coaching:
        s.append(_table(["Tanggal", "Posyandu", "Kader", "Alasan coaching"],
                        [(_date(d), p, k, r) for d, p, k, r in data.coaching], [1.2, 1.6, 2.4, 3.4], width))
    else:
        s.append(_empty("Tidak ada coaching tercatat pada periode ini."))

    s.append(para("5. Tindak lanjut", "section"))
    s.append(para(f"Tindak lanjut yang masih terbuka saat laporan dibuat: {data.follow_ups_open}; lewat batas waktu "
                  f"pada akhir periode: {len(data.overdue)}."))
    if data.overdue:
        shown = data.overdue[:15]
        s.append(_table(["Batas", "Posyandu", "Uraian", "Penanggung jawab"],
                        [(_date(d), p, t, o) for d, p, t, o in shown], [1.1, 1.5, 5, 1.8], width))
        if len(data.overdue) > len(shown):
            s.append(_empty(f"… dan {len(data.overdue) - len(shown)} lainnya (lihat lampiran Excel)."))

    s.append(para("6. Tim supervisor dan SK", "section"))
    for line in data.team_lines:
        s.append(para(f"• {line}"))
    if data.sk:
        s += [Spacer(1, 2 * mm), _table(["Desa/Kelurahan", "Nomor SK", "Berlaku s.d.", "Status"], data.sk,
                                        [2, 2.6, 1.3, 1.5], width)]

    s += [Spacer(1, 8 * mm), signature_table(width, place_date, [
        ("Mengetahui,\nKepala Puskesmas", identity.kepala_name, identity.kepala_nip),
        ("Penanggung Jawab Promosi Kesehatan", identity.pj_promkes_name, identity.pj_promkes_nip),
    ])]
    doc.build(s, canvasmaker=numbered_canvas(f"{title.title()} — {data.period.label}"))
    return out_path
