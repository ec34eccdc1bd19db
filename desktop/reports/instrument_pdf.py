"""Print an instrument blank or filled, from its definition alone (no per-instrument code)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.instruments.answers import SkillEntry, skill_items
from desktop.instruments.definition import Field, Instrument, Section
from desktop.reports.fonts import register_fonts
from desktop.reports.kop import MARGIN, PAGE_SIZES, Identity, Kop, numbered_canvas
from desktop.reports.pdf_cells import (
    BOX,
    GRID,
    HEAD_FILL,
    TICKED,
    blank_text,
    date_text,
    dots,
    para,
    row_heights,
    table_widths,
    value_text,
)

FRAME_PAD = 6  # SimpleDocTemplate's frame padding (pt); tables are drawn exactly as wide as the frame inside it
LABEL_W, NO_W, URAIAN_W = 45 * mm, 10 * mm, 68 * mm
DEFAULT_BLANK_ROWS = 3


class _Builder:
    """Turns one sheet of a definition (plus optional answers) into flowables."""

    def __init__(self, inst: Instrument, width: float, answers: dict | None, skills: Sequence[SkillEntry]) -> None:
        self.inst, self.width, self.answers, self.skills = inst, width, answers or {}, skills
        self.filled = answers is not None

    def _answer(self, f: Field, value: object, width: float) -> str:
        """Filled text, or a write-on blank where a blank sheet has no pre-filled value."""
        if self.filled or f.type in ("scale", "choice", "multichoice") or value not in (None, "", []):
            return value_text(f, value)
        return blank_text(f, width)

    def header(self) -> Table:
        value_w = self.width - LABEL_W - 3 * mm
        style = "cell" if self.filled else "write"  # blank: 16 pt line pitch to write on
        rows = [[para(f.label, style), para(":", style), para(self._answer(f, self.answers.get(f.key), value_w), style)]
                for f in self.inst.header]
        table = Table(rows, colWidths=[LABEL_W, 3 * mm, value_w], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1 if self.filled else -3),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return table

    def repeating(self, f: Field, rows: list[dict]) -> Table:
        """A repeating table: one row per entry; a blank print adds empty rows to write in."""
        choices = ("choice", "scale", "multichoice")
        texts = [["" if c.type in choices else value_text(c, row.get(c.key)) for c in f.columns] for row in rows]
        widths = table_widths(f.columns, self.width, texts)
        head = [para(f"({c.number})\n{c.label}" if c.number else c.label, "headsmall") for c in f.columns]

        def cell(c: Field, value: object) -> object:
            if c.type == "signature":
                return ""
            if c.type in ("choice", "scale", "multichoice"):
                return para(value_text(c, value).replace("   ", "\n"), "small")
            return para(value_text(c, value), "small")

        wanted = len(rows) if self.filled else max(f.blank_rows or DEFAULT_BLANK_ROWS, len(rows) + 2 * bool(rows))
        body = [[cell(c, row.get(c.key)) for c in f.columns] for row in rows]
        body += [[cell(c, None) for c in f.columns] for _ in range(max(wanted - len(rows), 0 if rows else 1))]
        tall = any(c.type == "longtext" for c in f.columns)
        signed = any(c.type == "signature" for c in f.columns)  # room to sign, also on a filled print
        minimum = (9 if signed else 0) * mm if self.filled else (16 if tall else 8) * mm
        table = Table([head, *body], colWidths=widths, repeatRows=1,
                      rowHeights=[None, *row_heights(body, widths, minimum)])
        table.setStyle(GRID)
        return table

    def fields(self, section: Section) -> list:
        answer_w = self.width - NO_W - URAIAN_W
        rows, out = [[para("No", "head"), para("Uraian", "head"), para("Jawaban", "head")]], []
        style = TableStyle(GRID.getCommands())
        for f in section.items:
            value = self.answers.get(f.key)
            if f.type == "table":
                out.append(para(f"{f.number + '. ' if f.number else ''}{f.label}", "section"))
                out.append(self.repeating(f, value or []))
                continue
            text = self._answer(f, value, answer_w)
            blank = not self.filled and f.type not in ("scale", "choice", "multichoice")
            if blank:  # room above the first write-on line
                style.add("TOPPADDING", (2, len(rows)), (2, len(rows)), 9)
            rows.append([para(f.number, "centre"), para(f.label), para(text, "write" if blank else "cell")])
        if len(rows) > 1:
            table = Table(rows, colWidths=[NO_W, URAIAN_W, answer_w], repeatRows=1)
            table.setStyle(style)
            out.insert(0, table)
        return out

    def grid(self, items: Iterable[Field], columns: Sequence[tuple[str, str, Field]],
             values: dict[str, dict]) -> Table:
        """Items as rows; a scale column becomes one tick column per option."""
        top, sub, spans, widths = [para("No", "head"), para("Butir", "head")], ["", ""], [], [NO_W, 0.0]
        for _, label, c in columns:
            if c.scale:
                spans.append((len(top), len(top) + len(c.scale.options) - 1))
                top += [para(label, "head")] + [""] * (len(c.scale.options) - 1)
                sub += [para(option, "headsmall") for _, option in c.scale.options]
                widths += [15.5 * mm] * len(c.scale.options)
            else:
                top.append(para(label, "head"))
                sub.append("")
                spans.append((len(top) - 1, len(top) - 1))
                widths.append(40 * mm)
        widths[1] = self.width - sum(widths)
        body = []
        for item in items:
            row = [para(item.number, "centre"), para(item.label)]
            cells = values.get(item.key, {})
            for key, _, c in columns:
                value = cells.get(key) if isinstance(cells, dict) else None
                if c.scale:
                    row += [para(TICKED if value == code else BOX, "centre") for code, _ in c.scale.options]
                else:
                    row.append(para(value or "", "small"))
            body.append(row)
        writes = not self.filled and any(not c.scale for _, _, c in columns)
        table = Table([top, sub, *body], colWidths=widths, repeatRows=2,
                      rowHeights=[None, None, *row_heights(body, widths, 8 * mm if writes else 0)])
        style = TableStyle(GRID.getCommands() + [("BACKGROUND", (0, 1), (-1, 1), HEAD_FILL),
                                                 ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))])
        for start, end in spans:
            style.add("SPAN", (start, 0), (end, 0 if end > start else 1))
        table.setStyle(style)
        return table

    def section(self, section: Section) -> list:
        out: list = [para(section.title, "section")]
        if section.kind == "fields":
            return out + self.fields(section)
        if section.kind == "grid":
            return out + [self.grid(section.items, [(c.key, c.label, c) for c in section.columns], self.answers)]
        # skills: one statement per catalogue skill, answered in the Awal or Akhir column of the paper
        rounds = [("awal", "Awal"), ("akhir", "Akhir")]
        chosen = self.answers.get("putaran")
        scale_field = Field("nilai", "", "scale", scale=section.scale)
        columns = [(key, label, scale_field) for key, label in rounds]
        for area, items in skill_items(section, self.skills):
            values = {i.key: {chosen: self.answers.get(i.key)} for i in items} if chosen else {}
            out += [para(area, "section"), self.grid(items, columns, values)]
        return out

    def signatures(self, names: dict[str, str]) -> Table:
        roles = self.inst.signatures
        cells = [[para(role, "centre") for role in roles], ["" for _ in roles],
                 [para(f"( {names.get(role) or '.' * 40} )", "centre") for role in roles]]
        table = Table(cells, colWidths=[self.width / len(roles)] * len(roles), rowHeights=[None, 16 * mm, None])
        return table

    def sheet(self, identity: Identity, names: dict[str, str]) -> list:
        out = [Kop(identity, self.width), Spacer(1, 3 * mm), para(self.inst.title, "title")]
        if self.inst.intro and not self.filled:
            out += [para(self.inst.intro, "intro"), Spacer(1, 2 * mm)]
        out.append(self.header())
        for section in self.inst.sections:
            out += self.section(section)
        place = identity.kabupaten.split(" ", 1)[-1] if identity.kabupaten else ""
        when = date_text(self.answers["tanggal"]) if self.filled and self.answers.get("tanggal") else ""
        out += [Spacer(1, 5 * mm), KeepTogether([para(f"{place}, {when or dots(45 * mm)}"), Spacer(1, 2 * mm),
                                                 self.signatures(names)])]
        return out


def render_instrument_pdf(inst: Instrument, out_path: Path, identity: Identity, *, paper: str = "A4",
                          answers: dict | None = None, skills: Sequence[SkillEntry] = (),
                          sheets: Sequence[dict] | None = None, signers: dict[str, str] | None = None) -> Path:
    """Write the instrument as PDF.

    `answers`: a filled record with picker values already turned into names (filled print).
    `sheets`: for blank prints, one header pre-fill per sheet (e.g. one per kader); default one empty sheet.
    `signers`: names printed under the signature roles.
    """
    register_fonts()
    size = PAGE_SIZES[paper.upper()]
    doc = SimpleDocTemplate(str(out_path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=16 * mm, title=inst.title, author=identity.name)
    width = doc.width - 2 * FRAME_PAD
    story: list = []
    pages: list[dict | None] = [answers] if answers is not None else [*sheets] if sheets else [None]
    for n, prefill in enumerate(pages):
        if n:
            story.append(PageBreak())
        builder = _Builder(inst, width, prefill, skills)
        builder.filled = answers is not None
        story += builder.sheet(identity, signers or {})
    doc.build(story, canvasmaker=numbered_canvas(f"{inst.title} — versi {inst.version}"))
    return out_path
