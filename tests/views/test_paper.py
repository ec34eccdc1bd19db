"""Printing through the OS dialog uses our paper: F4 as a custom 215 × 330 mm page (Qt's Folio is 210 mm wide)."""

import pytest

from PySide6.QtGui import QPageSize

from desktop.views.paper import page_size, set_paper


@pytest.mark.gui
def test_f4_is_a_custom_215_by_330_mm_page(qtbot):
    from PySide6.QtPrintSupport import QPrinter

    size = page_size("F4").size(QPageSize.Unit.Millimeter)
    assert (round(size.width()), round(size.height())) == (215, 330)
    folio = QPageSize(QPageSize.PageSizeId.Folio).size(QPageSize.Unit.Millimeter)
    assert round(folio.width()) == 210  # why Qt's own id is not used
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    set_paper(printer, "F4")
    chosen = printer.pageLayout().pageSize().size(QPageSize.Unit.Millimeter)
    assert (round(chosen.width()), round(chosen.height())) == (215, 330)
    set_paper(printer, "a4")
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
