"""Print an instrument blank or filled, from its definition alone (no per-instrument code).

Sizes follow desktop.reports.page_style: drawn tick boxes, handwriting lines 8 mm apart, five lines for free text,
signature blocks kept with the section before them, page numbers restarting on every sheet of a batch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from desktop.instruments.answers import SkillEntry, skill_items
from desktop.instruments.definition import Field, Instrument, Section
from desktop.reports.fonts import register_fonts
from desktop.reports.kop import MARGIN, PAGE_SIZES, Identity, Kop, numbered_canvas
from desktop.reports.page_style import (
    FREE_TEXT_LINES,
    PRIORITY_FILL,
    PRIORITY_MARK,
    TICK_BOX,
    WRITE_ROW,
    Options,
    SheetStart,
    TickBox,
    WriteLines,
)
from desktop.reports.pdf_cells import (
    PAD,
    TableSpec,
    blank_text,
    para,
    row_heights,
    signature_block,
    table_widths,
    value_text,
)

FRAME_PAD = 6  # SimpleDocTemplate's frame padding (pt); tables are drawn exactly as wide as the frame inside it
LABEL_W, NO_W, URAIAN_W, BLOCK_LABEL_W = 45 * mm, 10 * mm, 68 * mm, 52 * mm
TICK_W = 15.5 * mm
DEFAULT_BLANK_ROWS = 3
A4_BODY = PAGE_SIZES["A4"][1] - MARGIN - 16 * mm  # writable height of A4; longer paper stretches free text
CHOICES = ("scale", "choice", "multichoice")
VALUE_PAD = 2  # top/bottom cell padding (pt)


@dataclass
class Sheet:
    """What one printed sheet shows: its answers (a pre-fill or a filled record) and the names around it."""

    answers: dict = field(default_factory=dict)
    signers: dict[str, tuple[str, str]] = field(default_factory=dict)  # role -> (name, NIP)
    signed_on: str = ""  # long date under the place, filled prints
    earlier: dict[str, dict] = field(default_factory=dict)  # round code -> answers of the kader's earlier round
    note: str = ""  # printed under the skills grid (e.g. from which date the Awal column comes)


def lines_of(f: Field, stretch: float = 1.0) -> int:
    """Handwriting lines a blank answer of this field gets (declared `lines`, else by type); free-text areas grow
    with a longer paper (`stretch`: its writable height over A4's), so F4 uses its extra length."""
    if f.type == "kaders":
        return f.max or 3
    base = f.lines or (FREE_TEXT_LINES if f.type == "longtext" else 1)
    return math.ceil(base * stretch - 0.05) if base >= FREE_TEXT_LINES else base


class _Builder:
    """Turns one sheet of a definition (plus optional answers) into flowables."""

    def __init__(self, inst: Instrument, width: float, sheet: Sheet, skills: Sequence[SkillEntry],
                 filled: bool, stretch: float = 1.0) -> None:
        self.inst, self.width, self.sheet, self.skills, self.filled = inst, width, sheet, skills, filled
        self.stretch = stretch
        self.answers = sheet.answers
        self.rounds = next((s.rounds for s in inst.sections if s.rounds), "")
        self.last: TableSpec | None = None

    # --- single answers ------------------------------------------------------------------------------------------
    def options(self, f: Field, value: object, stacked: bool = False, size: float = 8) -> Options:
        chosen = set(value) if isinstance(value, list) else {value}
        priority = f.scale.priority if f.scale else frozenset()
        return Options([(label, code in chosen, code in priority) for code, label in f.scale.options],  # type: ignore[union-attr]
                       size=size, stacked=stacked)

    def answer(self, f: Field, value: object, style: str = "cell") -> object:
        """A filled answer as text or ticked boxes; on a blank sheet, boxes or handwriting lines."""
        if f.type in CHOICES:
            return self.options(f, value if self.filled else None)
        if self.filled or value not in (None, "", []):
            text = value_text(f, value)
            return para(f"{text} {f.unit}" if f.unit and text else text, style)
        if f.type == "date":
            return WriteLines(1, prefix="Tanggal:") if False else para(blank_text(f, 0), "cell")
        if f.type == "kaders":
            return WriteLines(lines_of(f), prefix="")
        return WriteLines(lines_of(f, self.stretch), unit=f.unit)

    # --- header --------------------------------------------------------------------------------------------------
    def header_fields(self) -> list[tuple[str, object]]:
        rows: list[tuple[str, object]] = []
        value_w = self.width - LABEL_W - 3 * mm
        for f in self.inst.header:
            if self.rounds and f.key in (self.rounds, "tanggal"):
                if f.key == self.rounds:
                    rows += self.round_dates(f)
                continue
            rows.append((f.label, self.answer(f, self.answers.get(f.key))))
        del value_w
        return rows

    def round_dates(self, f: Field) -> list[tuple[str, object]]:
        """One date line per round (Tanggal Awal, Tanggal Akhir); a filled print dates its own and earlier rounds."""
        date_field = next(h for h in self.inst.header if h.key == "tanggal")
        chosen = self.answers.get(f.key) if self.filled else None
        out = []
        for code, label in f.scale.options:  # type: ignore[union-attr]
            if code == chosen:
                value = self.answers.get("tanggal")
            else:
                value = self.sheet.earlier.get(code, {}).get("tanggal")
            shown = self.answer(date_field, value) if (value or not self.filled) else para("—")
            out.append((f"Tanggal {label}", shown))
        return out

    def header(self) -> Table:
        value_w = self.width - LABEL_W - 3 * mm
        rows = [[para(label), para(":"), value] for label, value in self.header_fields()]
        heights = [None if self.filled else max(WRITE_ROW, h or 0) for h in row_heights(rows, [LABEL_W, 3 * mm,
                                                                                              value_w], 0)]
        table = Table(rows, colWidths=[LABEL_W, 3 * mm, value_w], hAlign="LEFT", rowHeights=heights)
        table.setStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM" if not self.filled else "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        return table

    # --- sections ------------------------------------------------------------------------------------------------
    def repeating(self, f: Field, rows: list[dict]) -> TableSpec:
        """A repeating table: one row per entry; a blank print adds empty rows to write in."""
        texts = [["" if c.type in CHOICES else value_text(c, row.get(c.key)) for c in f.columns] for row in rows]
        widths = table_widths(f.columns, self.width, texts)
        head = [para(f"({c.number})\n{c.label}" if c.number else c.label, "headsmall") for c in f.columns]

        def cell(c: Field, value: object) -> object:
            if c.type == "signature":
                return ""
            if c.type in CHOICES:
                return self.options(c, value if self.filled or value else None, stacked=True, size=7)
            text = value_text(c, value)
            return para(f"{text} {c.unit}" if c.unit and text else text, "small")

        least = round((f.blank_rows or DEFAULT_BLANK_ROWS) * self.stretch)
        wanted = len(rows) if self.filled else max(least, len(rows) + 2 * bool(rows))
        body = [[cell(c, row.get(c.key)) for c in f.columns] for row in rows]
        body += [[cell(c, None) for c in f.columns] for _ in range(max(wanted - len(rows), 0 if rows else 1))]
        tall = any(c.type == "longtext" for c in f.columns)
        signed = any(c.type == "signature" for c in f.columns)  # room to sign, also on a filled print
        minimum = (9 * mm if signed else 0) if self.filled else (2 * WRITE_ROW if tall else WRITE_ROW)
        return TableSpec([head, *body], widths, [None, *row_heights(body, widths, minimum)], head_rows=1)

    def blocks(self, f: Field, rows: list[dict]) -> list:
        """A table printed as one labelled block per entry (portrait paper keeps room to write)."""
        out: list = []
        count = len(rows) if self.filled else max(f.blank_rows or 1, len(rows))
        answer_w = self.width - BLOCK_LABEL_W
        for n in range(count):
            row = rows[n] if n < len(rows) else {}
            body = []
            for c in f.columns:
                label = f"({c.number}) {c.label}" if c.number else c.label
                body.append([para(label), self.answer(c, row.get(c.key))])
            heights = row_heights(body, [BLOCK_LABEL_W, answer_w], 0 if self.filled else WRITE_ROW)
            caption = [para(f"{f.label} {n + 1}" if count > 1 else f.label, "headsmall"), ""]
            spec = TableSpec([caption, *body], [BLOCK_LABEL_W, answer_w], [None, *heights], head_rows=1,
                             cmds=[("SPAN", (0, 0), (-1, 0)), ("VALIGN", (0, 1), (0, -1), "TOP")])
            out += [spec, Spacer(1, 2 * mm)]
        return out[:-1]

    def fields(self, section: Section) -> list:
        answer_w = self.width - NO_W - URAIAN_W
        rows: list[list] = [[para("No", "head"), para("Uraian", "head"), para("Jawaban", "head")]]
        out: list = []
        heights: list[float | None] = [None]
        for f in section.items:
            value = self.answers.get(f.key)
            if f.type == "table":
                if f.layout == "blocks":  # each block's caption row names the table
                    out += self.blocks(f, value or [])
                    continue
                out.append(para(f"{f.number + '. ' if f.number else ''}{f.label}", "section"))
                out.append(self.repeating(f, value or []))
                continue
            row = [para(f.number, "centre"), para(f.label), self.answer(f, value)]
            rows.append(row)
            writes = not self.filled and f.type not in CHOICES
            least = lines_of(f, self.stretch) * WRITE_ROW + 2 * VALUE_PAD if writes else 0 if self.filled else WRITE_ROW
            heights.append(max(row_heights([row], [NO_W, URAIAN_W, answer_w], 0)[0] or 0, least))
        if len(rows) > 1:
            out.insert(0, TableSpec(rows, [NO_W, URAIAN_W, answer_w], heights, head_rows=1,
                                    cmds=[("VALIGN", (2, 1), (2, -1), "BOTTOM" if not self.filled else "MIDDLE")]))
        return out

    def grid(self, items: Iterable[Field], columns: Sequence[tuple[str, str, Field]],
             values: dict[str, dict]) -> TableSpec:
        """Items as rows; a scale column becomes one tick column per option (boxes drawn, priority marked)."""
        top, sub, spans, widths = [para("No", "head"), para("Butir", "head")], ["", ""], [], [NO_W, 0.0]
        ticks: list[int] = []
        for _, label, c in columns:
            if c.scale:
                spans.append((len(top), len(top) + len(c.scale.options) - 1))
                ticks += range(len(top), len(top) + len(c.scale.options))
                top += [para(label, "head")] + [""] * (len(c.scale.options) - 1)
                sub += [para(option, "headsmall") for _, option in c.scale.options]
                widths += [TICK_W] * len(c.scale.options)
            else:
                top.append(para(label, "head"))
                sub.append("")
                spans.append((len(top) - 1, len(top) - 1))
                widths.append(40 * mm)
        widths[1] = self.width - sum(widths)
        body, cmds = [], []
        for r, item in enumerate(items, start=2):
            row = [para(item.number, "centre"), para(item.label)]
            cells = values.get(item.key, {})
            for key, _, c in columns:
                value = cells.get(key) if isinstance(cells, dict) else None
                if c.scale:
                    for code, _ in c.scale.options:
                        priority = value == code and code in c.scale.priority
                        row.append(TickBox("", value == code, priority))
                        if priority:
                            cmds.append(("BACKGROUND", (len(row) - 1, r), (len(row) - 1, r), PRIORITY_FILL))
                else:
                    row.append(para(value or "", "small"))
            body.append(row)
        least = 0 if self.filled else WRITE_ROW
        head_cmds = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))]
        for start, end in spans:
            head_cmds.append(("SPAN", (start, 0), (end, 0 if end > start else 1)))
        cmds += [("ALIGN", (c, 2), (c, -1), "CENTER") for c in ticks]
        return TableSpec([top, sub, *body], widths,
                         [None, None, *row_heights(body, widths, max(least, TICK_BOX + 2 * VALUE_PAD + 2))],
                         head_rows=2, cmds=cmds, head_cmds=head_cmds)

    def skills_section(self, section: Section) -> list:
        """One statement per catalogue skill; with declared rounds, one answer column per round of the paper."""
        out: list = []
        scale_field = Field("nilai", "", "scale", scale=section.scale)
        rounds_field = next((f for f in self.inst.header if f.key == section.rounds), None)
        rounds = list(rounds_field.scale.options) if rounds_field and rounds_field.scale else [("", "Jawaban")]
        columns = [(code, label, scale_field) for code, label in rounds]
        chosen = self.answers.get(section.rounds) if section.rounds else ""
        for area, items in skill_items(section, self.skills):
            values: dict[str, dict] = {}
            if self.filled:
                for i in items:
                    values[i.key] = {chosen: self.answers.get(i.key)}
                    for code, earlier in self.sheet.earlier.items():
                        values[i.key][code] = earlier.get(i.key)
            out += [para(area, "section"), self.grid(items, columns, values)]
        if self.sheet.note:
            out.append(para(self.sheet.note, "small"))
        return out

    def section(self, section: Section) -> list:
        out: list = [para(section.title, "section")]
        if section.kind == "fields":
            return out + self.fields(section)
        if section.kind == "grid":
            return out + [self.grid(section.items, [(c.key, c.label, c) for c in section.columns], self.answers)]
        return out + self.skills_section(section)

    # --- signatures and the whole sheet ---------------------------------------------------------------------------
    def signature(self, identity: Identity):
        signers = []
        for role in self.inst.signatures:
            name, nip = self.sheet.signers.get(role, ("", ""))
            prefilled = self.answers.get(self.inst.signer_fields.get(role, ""))
            if not name and isinstance(prefilled, str):  # a pre-filled blank names its kader or supervisor
                name = prefilled
            signers.append((role, name, None if role in self.inst.without_nip else nip))
        return signature_block(self.width, identity.place, self.sheet.signed_on if self.filled else "", signers)

    def running(self) -> str:
        """The line repeated at the top of every continuation page: title, kader and posyandu."""
        parts = [self.inst.title]
        for f in self.inst.header:
            if f.type in ("kader", "posyandu"):
                value = self.answers.get(f.key)
                parts.append(f"{f.label}: {value if value else '.' * 30}")
        return " — ".join(parts)

    def sheet_flowables(self, identity: Identity) -> list:
        out: list = [SheetStart(self.running()), Kop(identity, self.width), Spacer(1, 3 * mm),
                     para(self.inst.title, "title")]
        if self.inst.intro and not self.filled:
            out += [para(self.inst.intro, "intro"), Spacer(1, 2 * mm)]
        if self.filled and any(s.scale and s.scale.priority for s in self.inst.sections) or self.filled and any(
                f.scale and f.scale.priority for f in self.inst.all_fields()):
            out.append(para(f"Kotak hitam = jawaban yang dipilih; {PRIORITY_MARK} dan latar jingga = jawaban "
                            "prioritas (temuan).", "intro"))
        out.append(self.header())
        for section in self.inst.sections:
            out += self.section(section)
        return finish(out, self.width, [Spacer(1, 5 * mm), self.signature(identity)])


def headings_kept(story: list, width: float) -> list:
    """Headings directly above a table need room for the table's first rows, else they move with them to the
    next page; the table itself may then split (its header repeated) instead of jumping whole to a new page."""
    out: list = []
    run: list = []
    for x in story:
        if isinstance(x, Paragraph) and x.style.name in ("section", "subsection"):
            run.append(x)
            continue
        if run and isinstance(x, TableSpec):
            need = sum(p.wrap(width, 10_000)[1] + p.style.spaceBefore + p.style.spaceAfter for p in run)
            out.append(CondPageBreak(need + x.lead_height(1)))
            out += [_free(p) for p in run]
        else:
            out += run
        run = []
        out.append(x)
    return out + run


def _free(p: Paragraph) -> Paragraph:
    """The same heading without keep-with-next (a CondPageBreak above it keeps it with what follows)."""
    style = copy(p.style)
    style.keepWithNext = 0
    return Paragraph(p.text, style)


def finish(story: list, width: float, closing: list) -> list:
    """Turn table specs into tables; the last table carries what follows it and the signature block as a final
    row that stays with its last rows, so a signature never stands alone on a page."""
    story = headings_kept(story, width)
    last = max((i for i, x in enumerate(story) if isinstance(x, TableSpec)), default=None)
    out: list = []
    for i, x in enumerate(story):
        if isinstance(x, TableSpec):
            if i == last:
                return out + [x.table([*story[i + 1:], *closing])]
            out.append(x.table())
        else:
            out.append(x)
    return out + [KeepTogether(closing)]


def instrument_story(inst: Instrument, identity: Identity, width: float, sheets: Sequence[Sheet],
                     skills: Sequence[SkillEntry], *, filled: bool, stretch: float = 1.0) -> list:
    """The flowables of every sheet, each starting a new page and numbered on its own."""
    story: list = []
    for n, sheet in enumerate(sheets or [Sheet()]):
        if n:
            story.append(PageBreak())
        story += _Builder(inst, width, sheet, skills, filled, stretch).sheet_flowables(identity)
    return story


def render_instrument_pdf(inst: Instrument, out_path: Path, identity: Identity, *, paper: str = "A4",
                          sheets: Sequence[Sheet] = (), skills: Sequence[SkillEntry] = (),
                          filled: bool = False) -> Path:
    """Write the instrument as PDF: one sheet per entry of `sheets` (default one empty sheet).

    A filled print (`filled`) shows the answers with ticked boxes; a blank one keeps pre-filled values (posyandu,
    kader) and leaves boxes and handwriting lines for the rest. Page numbers restart on every sheet.
    """
    register_fonts()
    size = PAGE_SIZES[paper.upper()]
    doc = SimpleDocTemplate(str(out_path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=16 * mm, title=inst.title, author=identity.name)
    story = instrument_story(inst, identity, doc.width - 2 * FRAME_PAD, sheets, skills, filled=filled,
                             stretch=doc.height / A4_BODY)
    doc.build(story, canvasmaker=numbered_canvas(f"{inst.title} — versi {inst.version}"))
    return out_path


__all__ = ["PAD", "Sheet", "instrument_story", "render_instrument_pdf"]
