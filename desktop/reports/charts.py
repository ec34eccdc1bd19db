"""Report charts as reportlab drawings and tables (the PDF embeds them; the Laporan screen shows the same data).
A chart is only drawn when it has something to show; labels wrap at word boundaries, never cut."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from desktop.reports.fonts import FONT, FONT_BOLD
from desktop.reports.pdf_cells import para

PLANNED, DONE = colors.HexColor("#90caf9"), colors.HexColor("#2e7d32")
LEVEL_COLOURS = (colors.HexColor("#c62828"), colors.HexColor("#f9a825"), colors.HexColor("#2e7d32"))
LEVEL_NAMES = ("Belum Bisa", "Sedang Belajar", "Sudah Bisa")
TREND = colors.HexColor("#1565c0")


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


def _stacked_bar(width: float, values: Sequence[int]) -> Drawing:
    drawing = Drawing(width, 9)
    total = sum(values)
    x = 0.0
    for value, colour in zip(values, LEVEL_COLOURS, strict=True):
        part = width * value / total if total else 0
        if part:
            drawing.add(Rect(x, 1, part, 7, fillColor=colour, strokeColor=None))
            if part > 14:
                drawing.add(String(x + part / 2, 2.6, f"{round(100 * value / total)}%", fontName=FONT, fontSize=5.5,
                                   fillColor=colors.white, textAnchor="middle"))
        x += part
    return drawing


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
                     _stacked_bar(bar_w - 6, (low, mid, high))])
    table = Table(body, colWidths=[label_w, n_w, bar_w], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                               ("LINEBELOW", (0, 1), (-1, -1), 0.2, colors.HexColor("#cccccc")),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _multiple(width: float, shares: Sequence[float | None], labels: Sequence[str]) -> Drawing:
    """A tiny bar chart 0–100 % over the periods; a dash where nothing was observed."""
    height = 46
    drawing = Drawing(width, height)
    left, bottom, top = 16, 10, height - 6
    plot = width - left - 2
    drawing.add(Line(left, bottom, left + plot, bottom, strokeWidth=0.4))
    for pct in (0, 50, 100):
        y = bottom + (top - bottom) * pct / 100
        drawing.add(String(left - 2, y - 2, f"{pct}", fontName=FONT, fontSize=5, textAnchor="end"))
        if pct:
            drawing.add(Line(left, y, left + plot, y, strokeWidth=0.2, strokeColor=colors.HexColor("#bbbbbb")))
    slot = plot / max(len(shares), 1)
    for i, (share, label) in enumerate(zip(shares, labels, strict=True)):
        x = left + i * slot
        if i in (0, len(shares) - 1):  # first and last period named; the section title lists them all
            drawing.add(String(x + slot / 2, 2, label, fontName=FONT, fontSize=5, textAnchor="middle"))
        if share is None:
            drawing.add(String(x + slot / 2, bottom + 2, "–", fontName=FONT, fontSize=6, textAnchor="middle",
                               fillColor=colors.grey))
            continue
        h = (top - bottom) * share
        drawing.add(Rect(x + slot * 0.18, bottom, slot * 0.64, h, fillColor=TREND, strokeColor=None))
    return drawing


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
        row.append([para(title, "small"), _multiple(cell - 8, shares, labels)])
        if len(row) == columns:
            rows.append(row)
            row = []
    if row:
        rows.append(row + [""] * (columns - len(row)))
    table = Table(rows, colWidths=[cell] * columns)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return table
