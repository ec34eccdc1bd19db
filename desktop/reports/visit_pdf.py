"""Bekal kunjungan (visit pack): a cover with each kader's open items and last results, then the pre-filled blank
forms of the visit, in one PDF. Takes plain data; desktop.services.visit_pack gathers it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer

from desktop.instruments.answers import SkillEntry
from desktop.instruments.definition import Instrument
from desktop.reports.fonts import register_fonts
from desktop.reports.instrument_pdf import A4_BODY, FRAME_PAD, Sheet, headings_kept, instrument_story
from desktop.reports.kop import MARGIN, PAGE_SIZES, Identity, Kop, numbered_canvas
from desktop.reports.page_style import SheetStart
from desktop.reports.pdf_cells import TableSpec, para, row_heights

TITLE = "BEKAL KUNJUNGAN SUPERVISI"


@dataclass(frozen=True)
class OpenItem:
    since: str  # date the item was found or agreed, dd/mm/yyyy
    source: str  # e.g. "Observasi individu"
    text: str
    due: str  # "" when no deadline


@dataclass(frozen=True)
class SkillResult:
    skill: str
    result: str
    when: str  # dd/mm/yyyy and source, e.g. "12/10/2026, Observasi individu"
    priority: bool


@dataclass(frozen=True)
class KaderCover:
    name: str
    items: Sequence[OpenItem] = ()
    results: Sequence[SkillResult] = ()


@dataclass(frozen=True)
class VisitCover:
    activity: str  # kind of activity
    posyandu: str  # "Melati 2 (Desa Sukamaju)"
    when: str  # "Rabu, 2 Desember 2026, 08:00–11:00"
    supervisors: str
    kader: Sequence[KaderCover]
    posyandu_items: Sequence[OpenItem] = ()
    forms: Sequence[tuple[Instrument, Sequence[Sheet]]] = field(default_factory=tuple)


def _items_table(items: Sequence[OpenItem], width: float) -> TableSpec:
    widths = [22 * mm, 30 * mm, width - 74 * mm, 22 * mm]
    head = [para(h, "head") for h in ("Sejak", "Sumber", "Temuan / RTL yang masih terbuka", "Batas")]
    body = [[para(i.since, "small"), para(i.source, "small"), para(i.text, "small"), para(i.due or "—", "small")]
            for i in items]
    return TableSpec([head, *body], widths, [None, *row_heights(body, widths, 0)], head_rows=1)


def _results_table(results: Sequence[SkillResult], width: float) -> TableSpec:
    widths = [width - 88 * mm, 36 * mm, 52 * mm]
    head = [para(h, "head") for h in ("Keterampilan", "Hasil terakhir", "Tanggal, instrumen")]
    body = [[para(r.skill, "small"), para(f"{r.result}{' !' if r.priority else ''}", "small"), para(r.when, "small")]
            for r in results]
    cmds = [("BACKGROUND", (1, n), (1, n), "#fde2c8") for n, r in enumerate(results, start=1) if r.priority]
    return TableSpec([head, *body], widths, [None, *row_heights(body, widths, 0)], head_rows=1, cmds=cmds)


def cover_story(cover: VisitCover, identity: Identity, width: float) -> list:
    """The cover: what the visit is, then per kader her open items and last results per skill."""
    story: list = [SheetStart(f"Bekal kunjungan — {cover.posyandu}, {cover.when}"), Kop(identity, width),
                   Spacer(1, 3 * mm), para(TITLE, "title"),
                   para(f"{cover.activity} — Posyandu {cover.posyandu}", "subtitle")]
    facts = [("Waktu", cover.when), ("Supervisor", cover.supervisors or "—"),
             ("Kader", ", ".join(k.name for k in cover.kader) or "—")]
    story += [para(f"{label}: {value}") for label, value in facts]
    if cover.posyandu_items:
        story += [para("Tindak lanjut posyandu yang masih terbuka", "section"),
                  _items_table(cover.posyandu_items, width)]
    for kader in cover.kader:
        story.append(para(kader.name, "section"))
        if kader.items:
            story += [para("Temuan dan RTL yang masih terbuka", "subsection"), _items_table(kader.items, width)]
        else:
            story.append(para("Tidak ada temuan atau RTL yang masih terbuka.", "small"))
        if kader.results:
            story += [para("Hasil terakhir per keterampilan (! = perlu penguatan)", "subsection"),
                      _results_table(kader.results, width)]
        else:
            story.append(para("Belum ada hasil penilaian atau observasi.", "small"))
    # a heading keeps room for its table's first rows; the table then splits across pages, its header repeated
    return [x.table() if isinstance(x, TableSpec) else x for x in headings_kept(story, width)]


def render_visit_pdf(out_path: Path, identity: Identity, cover: VisitCover, *, skills: Sequence[SkillEntry] = (),
                     paper: str = "A4") -> Path:
    """Write the visit pack: the cover, then every pre-filled blank form, each sheet numbered on its own."""
    register_fonts()
    size = PAGE_SIZES[paper.upper()]
    doc = SimpleDocTemplate(str(out_path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=16 * mm, title=TITLE.title(), author=identity.name)
    width = doc.width - 2 * FRAME_PAD
    story = cover_story(cover, identity, width)
    for inst, sheets in cover.forms:
        story.append(PageBreak())
        story += instrument_story(inst, identity, width, sheets, skills, filled=False, stretch=doc.height / A4_BODY)
    doc.build(story, canvasmaker=numbered_canvas(f"{TITLE.title()} — {cover.posyandu}, {cover.when}"))
    return out_path
