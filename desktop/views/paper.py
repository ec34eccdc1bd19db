"""Paper sizes for printing through the operating system's dialog: A4, and F4 as sold in Indonesia (215 × 330 mm;
Qt's own Folio is 210 × 330 mm, which would shrink or clip our F4 PDFs)."""

from __future__ import annotations

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageSize

F4_MM = (215.0, 330.0)


def page_size(paper: str) -> QPageSize:
    """The QPageSize of a paper name used by our PDFs ("A4" or "F4")."""
    if paper.upper() == "F4":
        return QPageSize(QSizeF(*F4_MM), QPageSize.Unit.Millimeter, "F4 (215 × 330 mm)",
                         QPageSize.SizeMatchPolicy.ExactMatch)
    return QPageSize(QPageSize.PageSizeId.A4)


def set_paper(printer, paper: str) -> None:
    """Give a QPrinter our paper (custom 215 × 330 mm for F4) before the print dialog opens."""
    printer.setPageSize(page_size(paper))
