"""Print an instrument blank or filled, from its definition alone (no per-instrument code)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.instruments.answers import SkillEntry, skill_items
from desktop.instruments.definition import Field, Instrument, Section
from desktop.reports.kop import FONT, FONT_BOLD, MARGIN, PAGE_SIZES, Identity, Kop, numbered_canvas, register_fonts

BOX, TICKED = "☐", "☑"
GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8efe6")),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
])
STYLES = {
    "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=12.5, leading=16, alignment=1, spaceAfter=2 * mm),
    "intro": ParagraphStyle("intro", fontName=FONT, fontSize=8, leading=10.5, textColor=colors.HexColor("#333333")),
    "section": ParagraphStyle("section", fontName=FONT_BOLD, fontSize=9.5, leading=12, spaceBefore=3 * mm,
                              spaceAfter=1.5 * mm),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10),
    "small": ParagraphStyle("small", fontName=FONT, fontSize=7, leading=8.5),
    "head": ParagraphStyle("head", fontName=FONT_BOLD, fontSize=7.5, leading=9, alignment=1),
    "headsmall": ParagraphStyle("headsmall", fontName=FONT_BOLD, fontSize=6.6, leading=8, alignment=1),
    "centre": ParagraphStyle("centre", fontName=FONT, fontSize=8, leading=10, alignment=1),
}
BLANK_LINE = "." * 60


def _p(text: object, style: str = "cell") -> Paragraph:
    safe = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    return Paragraph(safe, STYLES[style])


def _options_text(f: Field, value: object) -> str:
    """Tick boxes for every option, the chosen ones ticked."""
    chosen = set(value) if isinstance(value, list) else {value}
    return "   ".join(f"{TICKED if code in chosen else BOX} {label}" for code, label in f.scale.options)  # type: ignore[union-attr]


def _value_text(f: Field, value: object, filled: bool) -> str:
    if f.type in ("scale", "choice", "multichoice"):
        return _options_text(f, value)
    if value in (None, "", []):
        return "" if filled else BLANK_LINE
    if f.type == "date":
        y, m, d = str(value).split("-")
        return f"{d}/{m}/{y}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class _Builder:
    """Turns one sheet of a definition (plus optional answers) into flowables."""

    def __init__(self, inst: Instrument, width: float, answers: dict | None, skills: Sequence[SkillEntry]) -> None:
        self.inst, self.width, self.answers, self.skills = inst, width, answers or {}, skills
        self.filled = answers is not None

    def header(self) -> Table:
        rows = [[_p(f"{f.label} :"), _p(_value_text(f, self.answers.get(f.key), self.filled))]
                for f in self.inst.header]
        table = Table(rows, colWidths=[48 * mm, self.width - 48 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return table

    def repeating(self, f: Field, rows: list[dict]) -> Table:
        head = [_p(f"({c.number})\n{c.label}" if c.number else c.label, "headsmall") for c in f.columns]
        body = [[_p(_value_text(c, row.get(c.key), True), "small") if c.type != "signature" else "" for c in f.columns]
                for row in rows]
        body += [["" for _ in f.columns] for _ in range(max(0, (0 if self.filled else 3) - len(rows)))]
        weights = [1.6 if c.type == "longtext" else 1.0 if c.type in ("date", "number", "signature") else 1.2
                   for c in f.columns]
        unit = self.width / sum(weights)
        table = Table([head, *body], colWidths=[w * unit for w in weights], repeatRows=1,
                      rowHeights=[None] + [None if self.filled else 14 * mm] * len(body))
        table.setStyle(GRID)
        return table

    def fields(self, section: Section) -> list:
        rows, out = [[_p("No", "head"), _p("Uraian", "head"), _p("Jawaban", "head")]], []
        for f in section.items:
            value = self.answers.get(f.key)
            if f.type == "table":
                out.append(KeepTogether([_p(f"{f.number + '. ' if f.number else ''}{f.label}", "section"),
                                         self.repeating(f, value or [])]))
                continue
            text = _value_text(f, value, self.filled)
            if f.type == "longtext" and not self.filled:
                text = f"{BLANK_LINE}\n{BLANK_LINE}"
            rows.append([_p(f.number, "centre"), _p(f.label), _p(text)])
        if len(rows) > 1:
            table = Table(rows, colWidths=[10 * mm, 70 * mm, self.width - 80 * mm], repeatRows=1)
            table.setStyle(GRID)
            out.insert(0, table)
        return out

    def grid(self, items: Iterable[Field], columns: Sequence[tuple[str, str, Field]],
             values: dict[str, dict]) -> Table:
        """Items as rows; a scale column becomes one tick column per option."""
        top, sub, spans, widths = [_p("No", "head"), _p("Butir", "head")], ["", ""], [], [10 * mm, 0.0]
        for _, label, c in columns:
            if c.scale:
                spans.append((len(top), len(top) + len(c.scale.options) - 1))
                top += [_p(label, "head")] + [""] * (len(c.scale.options) - 1)
                sub += [_p(option, "headsmall") for _, option in c.scale.options]
                widths += [15.5 * mm] * len(c.scale.options)
            else:
                top.append(_p(label, "head"))
                sub.append("")
                spans.append((len(top) - 1, len(top) - 1))
                widths.append(38 * mm)
        widths[1] = self.width - sum(widths)
        rows = [top, sub]
        for item in items:
            row = [_p(item.number, "centre"), _p(item.label)]
            cells = values.get(item.key, {})
            for key, _, c in columns:
                value = cells.get(key) if isinstance(cells, dict) else None
                if c.scale:
                    row += [_p(TICKED if value == code else BOX, "centre") for code, _ in c.scale.options]
                else:
                    row.append(_p(value or "", "small"))
            rows.append(row)
        table = Table(rows, colWidths=widths, repeatRows=2)
        style = TableStyle(GRID.getCommands() + [("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#e8efe6")),
                                                 ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))])
        for start, end in spans:
            style.add("SPAN", (start, 0), (end, 0 if end > start else 1))
        table.setStyle(style)
        return table

    def section(self, section: Section) -> list:
        out: list = [_p(section.title, "section")]
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
            out += [_p(area, "section"), self.grid(items, columns, values)]
        return out

    def signatures(self, names: dict[str, str]) -> Table:
        roles = self.inst.signatures
        cells = [[_p(role, "centre") for role in roles], ["" for _ in roles],
                 [_p(f"( {names.get(role) or '.' * 40} )", "centre") for role in roles]]
        table = Table(cells, colWidths=[self.width / len(roles)] * len(roles), rowHeights=[None, 16 * mm, None])
        return table

    def sheet(self, identity: Identity, names: dict[str, str]) -> list:
        out = [Kop(identity, self.width), Spacer(1, 3 * mm), _p(self.inst.title, "title")]
        if self.inst.intro and not self.filled:
            out += [_p(self.inst.intro, "intro"), Spacer(1, 2 * mm)]
        out.append(self.header())
        for section in self.inst.sections:
            out += self.section(section)
        place = identity.kabupaten.split(" ", 1)[-1] if identity.kabupaten else ""
        when = _value_text(Field("tanggal", "", "date"), self.answers.get("tanggal"), True) if self.filled else ""
        out += [Spacer(1, 5 * mm), KeepTogether([_p(f"{place}, {when or '.' * 40}", "cell"), Spacer(1, 2 * mm),
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
    width = size[0] - 2 * MARGIN
    story: list = []
    pages = [answers] if answers is not None else list(sheets or [None])
    for n, prefill in enumerate(pages):
        if n:
            story.append(PageBreak())
        builder = _Builder(inst, width, prefill, skills)
        builder.filled = answers is not None
        story += builder.sheet(identity, signers or {})
    doc.build(story, canvasmaker=numbered_canvas(f"{inst.title} — versi {inst.version}"))
    return out_path
