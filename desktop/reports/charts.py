"""Report charts as reportlab drawings and tables (the PDF embeds them; the Laporan screen shows the same data).
A chart is only drawn when it has something to show; labels wrap at word boundaries, never cut."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from desktop.reports.fonts import FONT, FONT_BOLD
from desktop.reports.pdf_cells import para

PLANNED, DONE = colors.HexColor("#90caf9"), colors.HexColor("#2e7d32")
LEVEL_COLOURS = (colors.HexColor("#c62828"), colors.HexColor("#f9a825"), colors.HexColor("#2e7d32"))
LEVEL_NAMES = ("Belum Bisa", "Sedang Belajar", "Sudah Bisa")
TREND = colors.HexColor("#1565c0")
GRIDLINE = colors.HexColor("#bbbbbb")


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of whole words no wider than `width` (a single longer word stays whole on its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _legend(x: float, y: float, pairs: Sequence[tuple[colors.Color, str]]) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 95
    legend.colorNamePairs = list(pairs)
    return legend


def activities_chart(width: float, labels: Sequence[str], planned: Sequence[int],
                     done: Sequence[int]) -> Drawing | None:
    """Planned vs done per instrument; None when both are all zero."""
    if not any(planned) and not any(done):
        return None
    slot = (width - 50) / max(len(labels), 1)
    wrapped = ["\n".join(wrap_words(label, FONT, 6.5, slot - 6)) for label in labels]
    lines = max(label.count("\n") + 1 for label in wrapped)
    bottom = 22 + 8 * lines
    drawing = Drawing(width, bottom + 110)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 35, bottom, width - 50, 90
    chart.data = [list(planned), list(done)]
    chart.categoryAxis.categoryNames = wrapped
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 6.5
    chart.categoryAxis.labels.leading = 7.5
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    top = max(*planned, *done)
    chart.valueAxis.valueMax = top + max(1, round(top * 0.15))
    chart.valueAxis.valueStep = max(1, -(-top // 5))
    chart.valueAxis.labelTextFormat = "%d"
    chart.bars[0].fillColor, chart.bars[1].fillColor = PLANNED, DONE
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 6.5
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 5
    drawing.add(chart)
    drawing.add(_legend(35, 6, [(PLANNED, "Direncanakan"), (DONE, "Terlaksana (instrumen tercatat)")]))
    drawing.add(String(0, bottom + 100, "Kegiatan supervisi: direncanakan dan terlaksana", fontName=FONT_BOLD,
                       fontSize=8))
    return drawing


class _StackedBar(Flowable):
    """Belum Bisa / Sedang Belajar / Sudah Bisa shares as one bar, drawn straight on the canvas (a Drawing's shape
    tree costs several times more, and a report holds one bar per skill and round)."""

    def __init__(self, width: float, values: Sequence[int]) -> None:
        super().__init__()
        self.width, self.height, self.values = width, 9, tuple(values)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, total, x = self.canv, sum(self.values), 0.0
        canvas.setFont(FONT, 5.5)
        for value, colour in zip(self.values, LEVEL_COLOURS, strict=True):
            part = self.width * value / total if total else 0
            if part:
                canvas.setFillColor(colour)
                canvas.rect(x, 1, part, 7, stroke=0, fill=1)
                if part > 14:
                    canvas.setFillColor(colors.white)
                    canvas.drawCentredString(x + part / 2, 2.6, f"{round(100 * value / total)}%")
            x += part


def skills_table(width: float, rows: Sequence[tuple[str, int, int, int]]) -> Table | None:
    """One row per skill: its label (wrapped), n, and a bar of Belum Bisa / Sedang Belajar / Sudah Bisa shares;
    None when no kader answered."""
    if not any(low + mid + high for _, low, mid, high in rows):
        return None
    label_w, n_w = width * 0.48, 9 * 2.83
    bar_w = width - label_w - n_w
    legend = "   ".join(f'<font color="{c.hexval().replace("0x", "#")}">■</font> {name}'
                       for c, name in zip(LEVEL_COLOURS, LEVEL_NAMES, strict=True))
    from reportlab.platypus import Paragraph

    from desktop.reports.pdf_cells import STYLES

    body = [[para("Keterampilan", "head"), para("n", "head"), Paragraph(legend, STYLES["small"])]]
    for label, low, mid, high in rows:
        body.append([para(label, "small"), para(low + mid + high, "small"),
                     _StackedBar(bar_w - 6, (low, mid, high))])
    table = Table(body, colWidths=[label_w, n_w, bar_w], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                               ("LINEBELOW", (0, 1), (-1, -1), 0.2, colors.HexColor("#cccccc")),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


class _Multiple(Flowable):
    """A tiny bar chart 0–100 % over the periods, a dash where nothing was observed; drawn straight on the canvas
    (a report holds dozens of them)."""

    def __init__(self, width: float, shares: Sequence[float | None], labels: Sequence[str]) -> None:
        super().__init__()
        self.width, self.height, self.shares, self.labels = width, 46, list(shares), list(labels)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left, bottom, top = 16, 10, self.height - 6
        plot = self.width - left - 2
        canvas.setLineWidth(0.4)
        canvas.line(left, bottom, left + plot, bottom)
        canvas.setFont(FONT, 5)
        for pct in (0, 50, 100):
            y = bottom + (top - bottom) * pct / 100
            canvas.setFillColor(colors.black)
            canvas.drawRightString(left - 2, y - 2, f"{pct}")
            if pct:
                canvas.setLineWidth(0.2)
                canvas.setStrokeColor(GRIDLINE)
                canvas.line(left, y, left + plot, y)
        slot = plot / max(len(self.shares), 1)
        for i, (share, label) in enumerate(zip(self.shares, self.labels, strict=True)):
            x = left + i * slot
            if i in (0, len(self.shares) - 1):  # first and last period named; the section title lists them all
                canvas.setFont(FONT, 5)
                canvas.setFillColor(colors.black)
                canvas.drawCentredString(x + slot / 2, 2, label)
            if share is None:
                canvas.setFont(FONT, 6)
                canvas.setFillColor(colors.grey)
                canvas.drawCentredString(x + slot / 2, bottom + 2, "–")
                continue
            canvas.setFillColor(TREND)
            canvas.rect(x + slot * 0.18, bottom, slot * 0.64, (top - bottom) * share, stroke=0, fill=1)


def small_multiples(width: float, trends: Sequence[tuple[str, Sequence[float | None]]], labels: Sequence[str],
                    columns: int = 4) -> Table | None:
    """A grid of tiny charts, one per (title, shares); None when there is nothing to draw."""
    trends = [t for t in trends if any(v is not None for v in t[1])]
    if not trends:
        return None
    cell = width / columns
    rows: list[list[object]] = []
    row: list[object] = []
    for title, shares in trends:
        row.append([para(title, "small"), _Multiple(cell - 8, shares, labels)])
        if len(row) == columns:
            rows.append(row)
            row = []
    if row:
        rows.append(row + [""] * (columns - len(row)))
    table = Table(rows, colWidths=[cell] * columns)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return table
