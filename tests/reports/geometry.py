"""Reading a printed form's geometry back with pdfplumber: tick boxes, handwriting lines, table rows, page text.

Coordinates are pdfplumber's (points, `top` measured from the top of the page).
"""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber

from desktop.reports.pdf_cells import HEAD_FILL

MM = 72 / 25.4
TOL = 0.3  # points


def _grey(color) -> bool:
    return isinstance(color, tuple | list) and len(color) in (1, 3) and all(0.4 < c < 0.7 for c in color)


def _black(color) -> bool:
    return color is None or (isinstance(color, tuple | list) and all(c < 0.05 for c in color)) or color == 0


def _head_fill(color) -> bool:
    return isinstance(color, tuple | list) and len(color) == 3 and all(
        abs(a - b) < 0.02 for a, b in zip(color, HEAD_FILL.rgb(), strict=True))


@dataclass
class Page:
    number: int
    height: float
    width: float
    boxes: list[dict]  # square rects narrower than 8 mm: tick boxes
    write_lines: list[dict]  # grey dashed handwriting lines
    rules: list[dict]  # black lines (table grid)
    fills: list[dict]  # header fills
    words: list[dict]
    text: str

    @property
    def ticked(self) -> list[dict]:
        return [b for b in self.boxes if b.get("fill") and _black(b.get("non_stroking_color"))]

    def body_words(self) -> list[dict]:
        """Words between the running head and the footer."""
        return [w for w in self.words if 13 * MM < w["top"] < self.height - 13 * MM]

    def lines_of_text(self) -> list[str]:
        rows: dict[int, list[dict]] = {}
        for w in self.body_words():
            rows.setdefault(round(w["top"] / 2), []).append(w)
        return [" ".join(w["text"] for w in sorted(r, key=lambda w: w["x0"])) for _, r in sorted(rows.items())]


def read(path) -> list[Page]:
    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for n, p in enumerate(pdf.pages, start=1):
            rects = p.rects
            boxes = [r for r in rects if abs(r["width"] - r["height"]) < 0.6 and r["width"] < 8 * MM]
            lines = [ln for ln in p.lines if abs(ln["top"] - ln["bottom"]) < 0.1]
            pages.append(Page(
                n, float(p.height), float(p.width), boxes,
                [ln for ln in lines if _grey(ln.get("stroking_color"))],
                [ln for ln in p.lines if _black(ln.get("stroking_color"))],
                [r for r in rects if r.get("fill") and _head_fill(r.get("non_stroking_color"))],
                p.extract_words(), p.extract_text() or ""))
    return pages


def line_groups(page: Page) -> list[list[dict]]:
    """Handwriting lines grouped into areas: same left edge, no table rule between a line and the one above."""
    rules = [r["top"] for r in page.rules if abs(r["top"] - r["bottom"]) < 0.1]
    groups: list[list[dict]] = []
    for ln in sorted(page.write_lines, key=lambda ln: (round(ln["x0"]), ln["top"])):
        last = groups[-1][-1] if groups else None
        if last and abs(last["x0"] - ln["x0"]) < 1 and not any(last["top"] < r < ln["top"] for r in rules):
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return groups


def table_rows(page: Page) -> list[tuple[float, float, bool]]:
    """(top, height, is_header) of every table row: bands between horizontal rules crossed by a vertical rule."""
    horizontal = sorted({round(ln["top"], 1) for ln in page.rules if abs(ln["top"] - ln["bottom"]) < 0.1})
    vertical = [ln for ln in page.rules if abs(ln["x0"] - ln["x1"]) < 0.1]
    rows = []
    for top, bottom in zip(horizontal, horizontal[1:], strict=False):
        if bottom - top < 0.5:
            continue
        middle = (top + bottom) / 2
        if not any(v["top"] - TOL <= middle <= v["bottom"] + TOL for v in vertical):
            continue
        header = any(f["top"] - TOL <= middle <= f["bottom"] + TOL for f in page.fills)
        rows.append((top, bottom - top, header))
    return rows
