"""Report charts as reportlab drawings (the PDF embeds them; the Laporan screen shows the same data)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from desktop.reports.fonts import FONT, FONT_BOLD

PLANNED, DONE = colors.HexColor("#90caf9"), colors.HexColor("#2e7d32")
LEVEL_COLOURS = (colors.HexColor("#c62828"), colors.HexColor("#f9a825"), colors.HexColor("#2e7d32"))


def _legend(x: float, y: float, pairs: Sequence[tuple[colors.Color, str]]) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 95
    legend.colorNamePairs = list(pairs)
    return legend


def activities_chart(width: float, labels: Sequence[str], planned: Sequence[int], done: Sequence[int]) -> Drawing:
    """Planned vs done per activity kind."""
    drawing = Drawing(width, 150)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 35, 40, width - 50, 90
    chart.data = [list(planned), list(done)]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 6.5
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor, chart.bars[1].fillColor = PLANNED, DONE
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 6.5
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 5
    drawing.add(chart)
    drawing.add(_legend(35, 12, [(PLANNED, "Direncanakan"), (DONE, "Selesai")]))
    drawing.add(String(0, 140, "Kegiatan supervisi: direncanakan dan selesai", fontName=FONT_BOLD, fontSize=8))
    return drawing


def skills_chart(width: float, rows: Sequence[tuple[str, int, int, int]]) -> Drawing:
    """Share of kader per self-assessment answer for every skill (the guideline's recap chart), stacked to 100 %."""
    bar = 9
    height = len(rows) * bar + 60
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    label_room = min(230, width * 0.45)
    chart.x, chart.y, chart.width, chart.height = label_room, 30, width - label_room - 10, len(rows) * bar
    totals = [max(low + mid + high, 1) for _, low, mid, high in rows]
    counts = [(low, mid, high) for _, low, mid, high in reversed(rows)]
    chart.data = [[100 * c[i] / t for c, t in zip(counts, reversed(totals), strict=True)] for i in range(3)]
    chart.categoryAxis.categoryNames = [label if len(label) <= 48 else label[:46] + "…" for label, *_ in reversed(rows)]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 6.3
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 6.5
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.barWidth = bar * 0.8
    for i, colour in enumerate(LEVEL_COLOURS):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    drawing.add(_legend(label_room, 8, list(zip(LEVEL_COLOURS, ("Belum Bisa", "Sedang Belajar", "Sudah Bisa"),
                                                strict=True))))
    drawing.add(String(0, height - 10, "Penilaian mandiri terakhir tiap kader: sebaran jawaban per keterampilan",
                       fontName=FONT_BOLD, fontSize=8))
    return drawing
