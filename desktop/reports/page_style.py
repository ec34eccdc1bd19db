"""Print standards for forms filled by hand, in one place, with the flowables that meet them.

Every printed form follows these sizes; tests read the PDF geometry back (pdfplumber) and check them:
tick boxes drawn as boxes of at least 4 mm, handwriting rows at least 8 mm apart, free-text areas of at least
five handwriting lines, signature room, and the letter size a box holds for a given text.
"""

from __future__ import annotations

import math

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop.reports.fonts import FONT, FONT_BOLD

TICK_BOX = 4.2 * mm  # a tick box is drawn as a square at least 4 mm wide
WRITE_ROW = 8 * mm  # pitch of handwriting lines (and least height of a row written by hand)
FREE_TEXT_LINES = 5  # a free-text answer (longtext) gets at least five handwriting lines
SIGN_ROOM = 18 * mm  # height left free to sign in
HAND_LETTER = 3.5 * mm  # least letter height a box must hold for a handwritten text
HAND_ADVANCE = 0.7  # a handwritten letter's average advance as a share of its height (incl. spacing)
LINE_GREY = colors.Color(0.55, 0.55, 0.55)
PRIORITY_FILL = colors.HexColor("#fde2c8")  # shading of a row whose answer is a priority (temuan)
PRIORITY_MARK = "!"  # printed beside a priority answer


def write_lines(text: str | None, kind: str) -> int:
    """Handwriting lines an answer of this type gets on a blank sheet (declared `lines` overrides)."""
    return FREE_TEXT_LINES if kind == "longtext" else 1


def letter_size(text: str, width: float, lines: int, pitch: float = WRITE_ROW) -> float:
    """The largest handwriting letter height (points) at which `text` fits `lines` lines of `width` points.

    Letters advance HAND_ADVANCE × their height; words wrap whole; a letter is never taller than half the pitch.
    """
    words = text.split()
    best, low, high = 0.0, 0.5 * mm, pitch / 2
    for _ in range(30):
        size = (low + high) / 2
        per_line = max(1, math.floor(width / (size * HAND_ADVANCE)))
        used, room = 1, per_line
        for word in words:
            need = len(word) + (0 if room == per_line else 1)
            if need <= room:
                room -= need
            else:
                used += math.ceil(len(word) / per_line) if len(word) > per_line else 1
                room = per_line - (len(word) % per_line or per_line)
        if used <= lines:
            best, low = size, size
        else:
            high = size
    return best


class TickBox(Flowable):
    """One option: a drawn square (filled black with a white tick when chosen) and its label."""

    def __init__(self, label: str, ticked: bool = False, priority: bool = False, size: float = 8) -> None:
        super().__init__()
        self.label, self.ticked, self.priority, self.size = label, ticked, priority, size

    def natural_width(self) -> float:
        extra = stringWidth(f" {PRIORITY_MARK}", FONT_BOLD, self.size + 1) if self.priority and self.ticked else 0
        return TICK_BOX + 1.5 * mm + stringWidth(self.label, FONT_BOLD if self.ticked else FONT, self.size) + extra

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = min(self.natural_width(), avail_w), TICK_BOX
        return self.width, self.height

    def draw(self) -> None:
        draw_box(self.canv, 0, 0, self.ticked)
        c = self.canv
        c.setFillColor(colors.black)
        c.setFont(FONT_BOLD if self.ticked else FONT, self.size)
        x = TICK_BOX + 1.5 * mm
        c.drawString(x, TICK_BOX / 2 - self.size * 0.35, self.label)
        if self.priority and self.ticked:
            c.setFont(FONT_BOLD, self.size + 1)
            c.setFillColor(colors.HexColor("#b34700"))
            c.drawString(x + stringWidth(self.label + " ", FONT_BOLD, self.size), TICK_BOX / 2 - self.size * 0.38,
                         PRIORITY_MARK)


def draw_box(c, x: float, y: float, ticked: bool, size: float = TICK_BOX) -> None:
    """A tick box with its lower-left corner at (x, y); a chosen one is filled black with a white tick."""
    c.saveState()
    c.setLineWidth(0.9)
    c.setStrokeColor(colors.black)
    c.setFillColor(colors.black)
    c.rect(x, y, size, size, stroke=1, fill=1 if ticked else 0)
    if ticked:
        c.setStrokeColor(colors.white)
        c.setLineWidth(1.4)
        c.setLineCap(1)
        path = c.beginPath()
        path.moveTo(x + 0.22 * size, y + 0.52 * size)
        path.lineTo(x + 0.42 * size, y + 0.27 * size)
        path.lineTo(x + 0.8 * size, y + 0.76 * size)
        c.drawPath(path, stroke=1, fill=0)
    c.restoreState()


class Options(Flowable):
    """Tick boxes for every option of a choice, laid out left to right and wrapped to the width."""

    GAP = 4 * mm
    ROW = TICK_BOX + 2 * mm

    def __init__(self, options: list[tuple[str, bool, bool]], size: float = 8, stacked: bool = False) -> None:
        super().__init__()
        self.boxes = [TickBox(label, ticked, priority, size) for label, ticked, priority in options]
        self.stacked = stacked

    def _layout(self, avail_w: float) -> list[tuple[float, int]]:
        places: list[tuple[float, int]] = []
        x, row = 0.0, 0
        for box in self.boxes:
            w = min(box.natural_width(), avail_w)
            if self.stacked and places or (x and x + w > avail_w):
                x, row = 0.0, row + 1
            places.append((x, row))
            x += w + self.GAP
        return places

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.avail_w = avail_w
        self.places = self._layout(avail_w)
        rows = (self.places[-1][1] + 1) if self.places else 1
        self.width, self.height = avail_w, rows * self.ROW - 2 * mm
        return self.width, self.height

    def draw(self) -> None:
        for box, (x, row) in zip(self.boxes, self.places, strict=True):
            box.wrap(self.avail_w, TICK_BOX)
            box.drawOn(self.canv, x, self.height - TICK_BOX - row * self.ROW)


class WriteLines(Flowable):
    """`count` handwriting lines `pitch` apart across the width, an optional unit printed at the end of the last."""

    def __init__(self, count: int, pitch: float = WRITE_ROW, unit: str = "", prefix: str = "") -> None:
        super().__init__()
        self.count, self.pitch, self.unit, self.prefix = max(1, count), pitch, unit, prefix

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, self.count * self.pitch
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFont(FONT, 8)
        unit_w = stringWidth(f" {self.unit}", FONT, 8) + 1 if self.unit else 0
        prefix_w = stringWidth(self.prefix, FONT, 8) + 2 if self.prefix else 0
        for n in range(self.count):
            y = self.height - (n + 1) * self.pitch + 1.2
            end = self.width - (unit_w if n == self.count - 1 else 0)
            c.setStrokeColor(LINE_GREY)
            c.setLineWidth(0.5)
            c.setDash(1, 1.5)
            c.line(prefix_w, y, end, y)
            if self.prefix:
                c.setFillColor(colors.black)
                c.drawString(0, y + 1, self.prefix)
            if self.unit and n == self.count - 1:
                c.setFillColor(colors.black)
                c.drawString(end + 1, y + 1, self.unit)
        c.restoreState()


class SheetStart(Flowable):
    """A zero-size marker opening a sheet: page numbers restart and continuation pages repeat `running`."""

    def __init__(self, running: str) -> None:
        super().__init__()
        self.running = running
        self.width = self.height = 0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        c = self.canv
        c._sheet_no = getattr(c, "_sheet_no", 0) + 1
        c._sheet_running = self.running
        c._sheet_first_page = c.getPageNumber()
