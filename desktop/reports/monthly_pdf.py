"""Laporan Bulanan (Triwulanan, Tahunan) Supervisi Suportif Kader Posyandu as PDF: kop, period and scope,
activities, coverage against the guideline's targets, findings and skills, mentoring/coaching and what changed
after them, follow-ups, teams and SK, trends, competency status, closing with signatures, and an annex with the
rules. An unfinished period says "sementara (per TANGGAL)" on every page and above the signatures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table

from desktop.reports.charts import activities_chart, skills_table, small_multiples
from desktop.reports.fonts import register_fonts
from desktop.reports.kop import MARGIN, PAGE_SIZES, Identity, Kop, numbered_canvas
from desktop.reports.pdf_cells import GRID, PAD, STYLES, cell, closing, para
from desktop.reports.report_model import KINDS, TRAINED_RULE, ReportData, decimal, percent

FRAME_PAD = 6
LIST_MAX = 25  # longer lists: the first rows here, all of them in the .xlsx


def widths(head: Sequence[str], weights: Sequence[float], width: float) -> list[float]:
    """Column widths by weight, each at least as wide as the longest word of its heading (never split mid-word)."""
    font = STYLES["head"]
    least = [max(stringWidth(w, font.fontName, font.fontSize) for w in h.split()) + 2 * PAD + 2 for h in head]
    out = [w * width / sum(weights) for w in weights]
    for _ in head:
        fixed = {i for i, w in enumerate(out) if w <= least[i] + 0.01}
        if not any(out[i] < least[i] - 0.01 for i in fixed):
            break
        rest = sum(weights[i] for i in range(len(head)) if i not in fixed) or 1
        room = width - sum(least[i] for i in fixed)
        out = [least[i] if i in fixed else weights[i] * room / rest for i in range(len(head))]
    return out


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], weights: Sequence[float], width: float,
           numeric: Sequence[int] = ()) -> Table:
    columns = widths(head, weights, width)
    body: list[list] = [[para(h, "head") for h in head]]
    for row in rows:
        body.append([cell("" if v is None else v, "centre" if c in numeric else "cell", columns[c])
                     for c, v in enumerate(row)])
    table = Table(body, colWidths=columns, repeatRows=1)
    table.setStyle(GRID)
    return table


def _say(text: str):
    return para(text, "intro")


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _more(shown: int, total: int) -> list:
    return [_say(f"… dan {total - shown} lainnya (lihat berkas Excel laporan ini).")] if total > shown else []


def title_of(data: ReportData) -> str:
    return f"{KINDS[data.heading.kind]} SUPERVISI SUPORTIF KADER POSYANDU"


def render_report_pdf(data: ReportData, out_path: Path, identity: Identity, *, place_date: str,
                      paper: str = "A4") -> Path:
    """Write the report; every section is present, saying so when it has nothing to show."""
    register_fonts()
    size = PAGE_SIZES[paper.upper()]
    title = title_of(data)
    h = data.heading
    doc = SimpleDocTemplate(str(out_path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=16 * mm, title=title.title(), author=identity.name)
    width = doc.width - 2 * FRAME_PAD
    s: list = [Kop(identity, width), Spacer(1, 2 * mm), para(title, "title"),
               para(f"Periode: {h.period_text} — {h.scope_label}", "subtitle")]
    if h.provisional:
        s.append(_say(f"Laporan ini SEMENTARA: periode {h.period_label} belum berakhir pada "
                      f"{h.generated:%d/%m/%Y}; angka dapat berubah sampai {h.last:%d/%m/%Y}."))
    s.append(_say(f"Semua angka dihitung per {h.as_of_text} ({_date(h.as_of)}) menurut tanggal "
                  "kegiatan (tanggal observasi, tanggal sesi mentoring, tanggal coaching); data yang dimasukkan "
                  "kemudian tentang hari di dalam periode ikut dihitung, kejadian sesudah periode tidak."))

    s += _activities(data, width) + _coverage(data, width) + _skills(data, width) + _support(data, width)
    s += _follow_ups(data, width) + _teams(data, width) + _trends(data, width) + _competency(data, width)

    s += closing(width, place_date, data.signers or [
        ("Mengetahui,\nKepala Puskesmas", identity.kepala_name, identity.kepala_nip),
        ("Penanggung Jawab Promosi Kesehatan", identity.pj_promkes_name, identity.pj_promkes_nip),
    ], h.provisional_note("Laporan"))
    s += _annex(data)
    doc.build(s, canvasmaker=numbered_canvas(h.footer(title)))
    return out_path


def _activities(data: ReportData, width: float) -> list:
    s = [para("1. Kegiatan supervisi", "section")]
    idle = not any(a.planned or a.done for a in data.activities)
    if idle:
        s.append(_say("Tidak ada kegiatan supervisi yang direncanakan atau tercatat pada periode ini."))
    s.append(_table(["Kegiatan", "Direncanakan", "Terlaksana (instrumen tercatat)", "di antaranya tanpa rencana",
                     "Ditunda", "Dibatalkan", "Rencana belum terlaksana"],
                    [(a.label, a.planned, a.done, a.unplanned, a.postponed, a.cancelled, a.open)
                     for a in data.activities], [3.2, 1.2, 1.3, 1.2, 0.9, 1, 1.2], width, numeric=range(1, 7)))
    s.append(_say("Instrumen yang tercatat dihitung terlaksana, direncanakan atau tidak; “tanpa rencana” adalah "
                  "yang tidak berasal dari jadwal."))
    chart = activities_chart(width, [a.label for a in data.activities], [a.planned for a in data.activities],
                             [a.done for a in data.activities])
    return s + ([Spacer(1, 2 * mm), chart] if chart is not None else [])


def _coverage(data: ReportData, width: float) -> list:
    return [para("2. Cakupan terhadap sasaran pedoman", "section"),
            _table(["Uraian", "Tercapai", "Sasaran", "%", "Sasaran menurut pedoman"],
                   [(c.what, c.reached, c.target, percent(c.reached, c.target), c.rule) for c in data.coverage],
                   [3.6, 0.9, 0.9, 0.7, 2.6], width, numeric=(1, 2, 3))]


def _skills(data: ReportData, width: float) -> list:
    s = [para("3. Temuan utama dan keterampilan", "section")]
    if data.findings:
        s.append(_table(["Instrumen", "Butir (temuan: belum sesuai / tidak dilakukan)", "Kali"],
                        data.findings, [2.6, 4.6, 0.7], width, numeric=(2,)))
    else:
        s.append(_say("Tidak ada temuan observasi pada periode ini."))
    if not data.skill_rounds:
        s.append(_say("Tidak ada penilaian mandiri kader pada periode ini."))
    for r in data.skill_rounds:
        s.append(para(f"Penilaian mandiri {r.round_label} pada periode ini: {r.n} kader (n per keterampilan di "
                      "kolom n).", "subsection"))
        table = skills_table(width, [(f"{code} {label}", low, mid, high) for code, label, low, mid, high in r.rows])
        if table is not None:
            s.append(table)
    weakest = data.weakest[:5]
    if weakest:
        s += [para("Keterampilan dengan bagian terbesar menjawab “Belum Bisa” atau “Sedang Belajar”", "subsection"),
              _table(["Kode", "Keterampilan", "Tahap", "n", "Belum/sedang belajar"],
                     [(code, label, round_, n, f"{round(100 * share)}%") for code, label, share, n, round_ in weakest],
                     [0.7, 5, 1.2, 0.6, 1.4], width, numeric=(0, 3, 4))]
    s.append(para(f"Penilaian mandiri Awal dibanding Akhir (kader yang mengisi keduanya sampai "
                  f"{data.heading.as_of_text}: n = {data.awal_akhir_n})", "subsection"))
    if data.awal_akhir_n:
        s.append(_table(["Kode", "Keterampilan", "Awal “Sudah Bisa”", "Akhir “Sudah Bisa”", "Perubahan"],
                        [(code, label, f"{round(100 * a)}%", f"{round(100 * b)}%",
                          f"{round(100 * (b - a)):+d} poin") for code, label, a, b in data.awal_akhir],
                        [0.7, 5, 1.2, 1.2, 1.1], width, numeric=(0, 2, 3, 4)))
    else:
        s.append(_say("Belum ada kader yang mengisi penilaian mandiri Tahap Awal dan Tahap Akhir."))
    return s


def _support(data: ReportData, width: float) -> list:
    s = [para("4. Mentoring dan coaching", "section")]
    if data.mentoring:
        s.append(_table(["Tanggal sesi", "Posyandu", "Topik mentoring", "Menit"],
                        [(_date(d), p, t, m if m is not None else "—") for d, p, t, m in data.mentoring],
                        [1.2, 1.6, 5, 0.8], width, numeric=(3,)))
    else:
        s.append(_say("Tidak ada mentoring tercatat pada periode ini."))
    s.append(Spacer(1, 2 * mm))
    if data.coaching:
        s.append(_table(["Tanggal", "Posyandu", "Kader", "Alasan coaching"],
                        [(_date(d), p, k, r) for d, p, k, r in data.coaching], [1.2, 1.6, 2.4, 3.4], width))
    else:
        s.append(_say("Tidak ada coaching tercatat pada periode ini."))
    s.append(para(f"Sesudah pendampingan (sesi dalam {len(data.trend_periods)} periode terakhir): keterampilan yang "
                  "belum sesuai standar sebelum sesi, menurut observasi pertama sesudahnya", "subsection"))
    if data.support:
        s.append(_table(["Membaik", "Belum membaik", "Belum diobservasi ulang"],
                        [[n for _, n in data.support_summary]], [1, 1, 1], width * 0.6, numeric=(0, 1, 2)))
        order = {"belum membaik": 0, "membaik": 1, "belum diobservasi ulang": 2}
        worst = sorted(data.support, key=lambda o: (order[o.outcome], o.posyandu, o.kader))
        shown = worst[:LIST_MAX]
        s += [Spacer(1, 1.5 * mm),
              _table(["Sesi", "Kader", "Posyandu", "Keterampilan", "Hasil"],
                     [(o.session, o.kader, o.posyandu, o.skill, o.outcome) for o in shown],
                     [1.8, 1.5, 1.2, 3.1, 1.6], width), *_more(len(shown), len(worst))]
    else:
        s.append(_say("Tidak ada kader dengan keterampilan belum sesuai standar yang mendapat mentoring atau coaching "
                      "pada periode-periode ini."))
    return s


def _follow_ups(data: ReportData, width: float) -> list:
    s = [para("5. Tindak lanjut", "section"),
         _table(["Tindak lanjut", "Jumlah"], data.follow_up_counts, [6, 1], width * 0.7, numeric=(1,))]
    if data.follow_ups:
        shown = data.follow_ups[:LIST_MAX]
        s += [para(f"Tindak lanjut yang masih terbuka pada {data.heading.as_of_text} (yang lewat batas waktu "
                   "ditandai “lewat”)", "subsection"),
              _table(["Dibuka", "Batas", "Posyandu", "Kader", "Uraian", "Penanggung jawab"],
                     [(_date(f.opened), _date(f.due) + ("\nlewat" if f.overdue else ""), f.posyandu, f.kader,
                       f.description, f.owner) for f in shown], [1.1, 1.2, 1.3, 1.3, 3.6, 1.5], width),
              *_more(len(shown), len(data.follow_ups))]
    return s


def _teams(data: ReportData, width: float) -> list:
    s = [para("6. Tim supervisor dan SK", "section")]
    s += [para(f"• {line}") for line in data.team_lines]
    if data.sk:
        s += [Spacer(1, 2 * mm), _table(["Desa/Kelurahan", "Nomor SK", "Berlaku s.d.", "Status pada akhir periode"],
                                        [(d, n, _date(u), st) for d, n, u, st in data.sk], [2, 2.6, 1.3, 1.7], width)]
    return s


def _trends(data: ReportData, width: float) -> list:
    periods = ", ".join(data.trend_periods)
    s = [para(f"7. Tren {len(data.trend_periods)} periode terakhir ({periods})", "section")]
    skills = small_multiples(width, [(t.title, t.shares) for t in data.skill_trends], data.trend_periods)
    s.append(para("Per keterampilan: persentase observasi keterampilan individu yang sesuai standar", "subsection"))
    s.append(skills if skills is not None else _say("Belum ada observasi keterampilan individu pada periode-periode "
                                                    "ini."))
    places = small_multiples(width, [(t.title, t.shares) for t in data.posyandu_trends], data.trend_periods, 5)
    s.append(para("Per posyandu: persentase jawaban baik pada observasi layanan posyandu", "subsection"))
    s.append(places if places is not None else _say("Belum ada observasi layanan posyandu pada periode-periode ini."))
    if skills is not None or places is not None:
        s.append(_say("Batang: persentase (0–100); tanda – : tidak ada observasi pada periode itu."))
    return s


def _competency(data: ReportData, width: float) -> list:
    s = [para("8. Status kompetensi kader (dari observasi periode ini; aturan di Lampiran)", "section")]
    if not data.competency:
        return s + [_say("Tidak ada observasi keterampilan individu pada periode ini.")]
    counts: dict[str, int] = {}
    for c in data.competency:
        counts[c.status] = counts.get(c.status, 0) + 1
    s.append(_say("; ".join(f"{k}: {v} kader" for k, v in sorted(counts.items())) + "."))
    shown = data.competency[:LIST_MAX * 2]
    s += [_table(["Kader", "Posyandu", "Klasifikasi (tercatat)", "Keterampilan diobservasi", "Belum sesuai",
                  "Status"], [(c.kader, c.posyandu, c.classification, c.observed, c.below, c.status) for c in shown],
                 [2, 1.6, 1.3, 1.2, 1, 1.7], width, numeric=(2, 3, 4)), *_more(len(shown), len(data.competency))]
    return s


def _annex(data: ReportData) -> list:
    s = [PageBreak(), para("Lampiran: aturan yang dipakai laporan ini", "section")]
    s += [para(line) for line in data.competency_rule]
    s += [Spacer(1, 2 * mm), para("Cakupan", "subsection"),
          para("Observasi layanan: setiap posyandu sekali sebulan (posyandu × bulan). Observasi keterampilan "
               "individu: sasaran terjangkau paling banyak 3 kader per posyandu per bulan (posyandu dengan kader lebih "
               "sedikit: sebanyak kadernya). Mentoring: idealnya sebulan sekali, sedikitnya 3 kali setahun per "
               "posyandu. Kader dan posyandu dihitung yang aktif pada akhir periode. " + TRAINED_RULE),
          Spacer(1, 2 * mm), para("Tindak lanjut", "subsection"),
          para("Tanggal dibuka adalah tanggal kegiatan yang menemukan temuan atau menyepakati RTL; tindak lanjut "
               f"terbuka pada akhir periode bila belum diselesaikan sampai tanggal itu. Angka desimal ditulis dengan "
               f"koma (mis. {decimal(12.5)}).")]
    return s
