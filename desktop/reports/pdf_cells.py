"""Styles and cell helpers for printed forms: wrapped Paragraph cells, write-on lines, tick boxes, column widths."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.instruments.definition import Field
from desktop.reports.fonts import FONT, FONT_BOLD

BOX, TICKED = "☐", "☑"
PAD = 3  # left/right cell padding (pt)
OPTION_MAX = 30 * mm
HEAD_FILL = colors.HexColor("#e8efe6")
GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
    ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
])
STYLES = {
    "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=12.5, leading=16, alignment=1, spaceAfter=2 * mm),
    "intro": ParagraphStyle("intro", fontName=FONT, fontSize=8, leading=10.5, textColor=colors.HexColor("#333333")),
    "section": ParagraphStyle("section", fontName=FONT_BOLD, fontSize=9.5, leading=12, spaceBefore=3 * mm,
                              spaceAfter=1.5 * mm, keepWithNext=1),
    "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=10, leading=13, alignment=1, spaceAfter=3 * mm),
    "subsection": ParagraphStyle("subsection", fontName=FONT_BOLD, fontSize=8.5, leading=11, spaceBefore=2.5 * mm,
                                 spaceAfter=0.5 * mm, keepWithNext=1),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10),
    "write": ParagraphStyle("write", fontName=FONT, fontSize=8, leading=16),  # blank lines to write on by hand
    "small": ParagraphStyle("small", fontName=FONT, fontSize=7, leading=8.5),
    "head": ParagraphStyle("head", fontName=FONT_BOLD, fontSize=7.5, leading=9, alignment=1),
    "headsmall": ParagraphStyle("headsmall", fontName=FONT_BOLD, fontSize=6.6, leading=8, alignment=1),
    "centre": ParagraphStyle("centre", fontName=FONT, fontSize=8, leading=10, alignment=1),
    "signer": ParagraphStyle("signer", fontName=FONT_BOLD, fontSize=8.5, leading=11, alignment=1),
}


def _escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def para(text: object, style: str = "cell") -> Paragraph:
    """A wrapping cell; plain text is escaped and newlines become line breaks."""
    return Paragraph(_escape(text), STYLES[style])


class OneLine(Flowable):
    """A cell text that fits one line, drawn as a Paragraph of the same style would draw it (same baseline,
    alignment and height), without parsing markup and breaking lines: report tables hold hundreds of such cells."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        y = self.height - style.fontSize  # a one-line Paragraph's baseline
        if style.alignment == 1:
            canvas.drawCentredString(self.width / 2, y, self.text)
        elif style.alignment == 2:
            canvas.drawRightString(self.width, y, self.text)
        else:
            canvas.drawString(0, y, self.text)


def cell(text: object, style: str, width: float) -> Flowable:
    """A table cell `width` points wide (padding included): one plain line when the text fits it, else a wrapping
    Paragraph (words never cut). Whitespace is collapsed as a Paragraph does."""
    plain = " ".join(str(text).split())
    font = STYLES[style]
    if "\n" not in str(text) and stringWidth(plain, font.fontName, font.fontSize) <= width - 2 * PAD - 1:
        return OneLine(plain, font)
    return para(text, style)


def dots(width: float, style: str = "cell") -> str:
    """A dotted write-on line filling `width` points of a padded cell."""
    font = STYLES[style]
    return "." * max(3, int((width - 2 * PAD - 2) / stringWidth(".", font.fontName, font.fontSize)))


def options_text(f: Field, value: object, sep: str = "   ") -> str:
    """Tick boxes for every option, the chosen ones ticked."""
    chosen = set(value) if isinstance(value, list) else {value}
    return sep.join(f"{TICKED if code in chosen else BOX} {label}" for code, label in f.scale.options)  # type: ignore[union-attr]


def date_text(value: object) -> str:
    """An ISO date as dd/mm/yyyy."""
    y, m, d = str(value)[:10].split("-")
    return f"{d}/{m}/{y}"


def blank_text(f: Field, width: float, style: str = "write") -> str:
    """What a blank answer of this type looks like on paper."""
    if f.type in ("scale", "choice", "multichoice"):
        return options_text(f, None)
    if f.type == "date":
        return "........ / ........ / ................"
    if f.type == "time":
        return "........ : ........"
    line = dots(width, style)
    if f.type == "longtext":
        return "\n".join([line] * 3)
    if f.type == "kaders":
        return "\n".join(f"{n}. {dots(width - 12, style)}" for n in range(1, (f.max or 3) + 1))
    return line


def value_text(f: Field, value: object) -> str:
    """A filled answer as printed text (choices as tick boxes)."""
    if f.type in ("scale", "choice", "multichoice"):
        return options_text(f, value)
    if value in (None, "", []):
        return ""
    if f.type == "date":
        return date_text(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(w, font, size) for w in text.split()), default=0.0)


def table_widths(columns: Sequence[Field], total: float, texts: Sequence[Sequence[str]] = ()) -> list[float]:
    """Column widths by answer type, widened so no heading, option or cell word (`texts`: rows) breaks mid-word."""
    weights = [1.7 if c.type == "longtext" else 0.9 if c.type in ("date", "number", "signature", "time") else 1.2
               for c in columns]
    head, small = STYLES["headsmall"], STYLES["small"]
    least: list[float] = []
    for c in columns:
        need = max(_longest_word(c.label, head.fontName, head.fontSize), stringWidth("00/00/0000", FONT, 7))
        if c.scale is not None:  # one option per line, unbroken up to OPTION_MAX wide
            need = max(need, *(min(OPTION_MAX, stringWidth(f"{BOX} {label}", small.fontName, small.fontSize))
                               for _, label in c.scale.options))
        for row in texts:
            need = max(need, min(OPTION_MAX, _longest_word(row[len(least)], small.fontName, small.fontSize)))
        least.append(need + 2 * PAD + 2)
    widths = [w * total / sum(weights) for w in weights]
    for _ in range(len(columns)):
        short = [i for i, w in enumerate(widths) if w < least[i] - 0.01]
        if not short:
            break
        fixed = {i for i, w in enumerate(widths) if w <= least[i] + 0.01} | set(short)
        room = total - sum(least[i] for i in fixed)
        rest = sum(weights[i] for i in range(len(columns)) if i not in fixed) or 1
        widths = [least[i] if i in fixed else weights[i] * room / rest for i in range(len(columns))]
    return widths


def row_heights(rows: list[list], widths: Sequence[float], minimum: float) -> list[float | None]:
    """Each row as tall as its tallest wrapped cell (plus padding), but at least `minimum`."""
    heights: list[float | None] = []
    for row in rows:
        tallest = max((cell.wrap(w - 2 * PAD, 10_000)[1] for cell, w in zip(row, widths, strict=True)
                       if isinstance(cell, Flowable)), default=0.0)
        heights.append(max(tallest + 5, minimum))
    return heights


class TableSpec:
    """A grid table not yet built, so its last rows can be kept with what follows (a signature block)."""

    def __init__(self, rows: list[list], widths: Sequence[float], heights: Sequence[float | None], head_rows: int,
                 cmds: Sequence[tuple] = (), head_cmds: Sequence[tuple] = ()) -> None:
        self.rows, self.widths, self.heights, self.head_rows = rows, list(widths), list(heights), head_rows
        self.cmds, self.head_cmds = list(cmds), list(head_cmds)

    def lead_height(self, body_rows: int = 1) -> float:
        """Height of the header rows and the first `body_rows` rows: what must fit under a heading."""
        rows = self.rows[:self.head_rows + body_rows]
        natural = row_heights(rows, self.widths, 0)
        pairs = zip(self.heights[:len(rows)], natural, strict=True)
        return sum((h if h is not None else n) or 0.0 for h, n in pairs) + 1

    def table(self, closing: Sequence[Flowable] = (), keep: int = 2) -> Table:
        """The table, header rows repeated on every page. `closing` flowables (a signature block) become a last,
        borderless row that never splits from the `keep` rows above it, so they never stand alone on a page."""
        rows, heights = list(self.rows), list(self.heights)
        last = len(rows) - 1
        if closing:
            rows.append([list(closing)] + [""] * (len(self.widths) - 1))
            heights.append(None)
        style = TableStyle([("GRID", (0, 0), (-1, last), 0.5, colors.black),
                            *[c for c in GRID.getCommands() if c[0] not in ("GRID", "BACKGROUND")],
                            ("BACKGROUND", (0, 0), (-1, self.head_rows - 1), HEAD_FILL), *self.head_cmds,
                            *self.cmds])
        if closing:
            style.add("SPAN", (0, last + 1), (-1, last + 1))
            style.add("LEFTPADDING", (0, last + 1), (-1, last + 1), 0)
            style.add("RIGHTPADDING", (0, last + 1), (-1, last + 1), 0)
            style.add("TOPPADDING", (0, last + 1), (-1, last + 1), 0)
            style.add("NOSPLIT", (0, max(self.head_rows, last + 1 - keep)), (-1, last + 1))
        table = Table(rows, colWidths=self.widths, rowHeights=heights, repeatRows=self.head_rows)
        table.setStyle(style)
        return table


MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def long_date_text(value: object) -> str:
    """An ISO date (or date) as written in Indonesian letters: 24 November 2026."""
    y, m, d = (int(x) for x in str(value)[:10].split("-"))
    return f"{d} {MONTHS[m - 1]} {y}"


def signature_block(width: float, place: str, date: str, signers: Sequence[tuple[str, str, str | None]]) -> Table:
    """One column per (role, name, NIP or None when the signer has none): place and long date above each signer,
    room to sign, the name (or a line to write it) and a NIP line. A blank `date` leaves a line to write it."""
    n = len(signers)
    when = date or "." * 28
    cells = [[para(f"{place or '.' * 20}, {when}", "centre") for _ in signers],
             [para(role, "centre") for role, _, _ in signers], ["" for _ in signers],
             [Paragraph(f"<u>{_escape(name)}</u>" if name else "( " + "." * 40 + " )", STYLES["signer"])
              for _, name, _ in signers],
             [para(("NIP. " + (nip or "." * 36)) if nip is not None else "", "centre") for _, _, nip in signers]]
    table = Table(cells, colWidths=[width / n] * n, rowHeights=[None, None, 18 * mm, None, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def closing(width: float, place_date: str, signers: Sequence[tuple[str, str, str]], provisional: str = "") -> list:
    """The end of a report: the "sementara" line when there is one, kept on the page of the signatures."""
    lines: list[Flowable] = [Spacer(1, 8 * mm)]
    if provisional:
        lines.append(Paragraph(provisional, ParagraphStyle("provisional", parent=STYLES["signer"], keepWithNext=1)))
    return [*lines, signature_table(width, place_date, signers)]


def signature_table(width: float, place_date: str, signers: Sequence[tuple[str, str, str]]) -> KeepTogether:
    """Place and date above each signer, then one column per (title, name, NIP) with room to sign."""
    place, _, date = place_date.partition(", ")
    return KeepTogether([signature_block(width, place, date, [(t, name, nip) for t, name, nip in signers])])
