import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.services import report_data

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from desktop.views.pages.laporan_page import LaporanPage

pytestmark = pytest.mark.gui


def test_build_preview_save_export_and_print(qtbot, demo_db, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtPrintSupport import QPrinter

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    page = LaporanPage(today=dt.date(2026, 12, 1))
    qtbot.addWidget(page)
    page.resize(1176, 700)
    assert page.part.currentText() == "November" and page.scope.count() > 2  # the last finished month
    page.show()  # opening the page builds its preview
    assert page.progress.isVisible() and not page.show_button.isEnabled()
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    assert page.document.pageCount() >= 2 and page.show_button.isEnabled()
    qtbot.wait(200)
    page.grab().save(str(tmp_path / "laporan.png"))

    saved = page.save_pdf(str(tmp_path / "laporan-november.pdf"))
    text = PdfReader(saved).pages[0].extract_text()
    assert "LAPORAN BULANAN SUPERVISI SUPORTIF KADER POSYANDU" in text and "November 2026" in text

    page.scope.setCurrentIndex(page.scope.findText("Posyandu Melati 2", Qt.MatchFlag.MatchStartsWith))
    page.kind.setCurrentIndex(1)
    excel = page.export_excel(str(tmp_path / "triwulan.xlsx"))
    book = openpyxl.load_workbook(excel)
    summary = {row[0]: row[1] for row in book["Kegiatan"].iter_rows(max_row=4, values_only=True)}
    assert summary["Periode"] == "Triwulan IV 2026, sementara (per 1 Desember 2026)"  # the page's today
    assert summary["Cakupan wilayah"].startswith("Posyandu Melati 2")

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert page.print_to(printer) == page.document.pageCount()
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == page.document.pageCount()


def test_analysis_tabs_match_the_report_data(qtbot, demo_db, tmp_path):
    page = LaporanPage(today=dt.date(2026, 11, 24))
    qtbot.addWidget(page)
    page.resize(1176, 700)
    page.show()
    page.tabs.setCurrentIndex(1)
    expected = report_data.self_assessment(page.chosen_scope(), page.period())
    assert page.chart_rows == expected and any(low + mid + high for _, _, low, mid, high in expected)
    page.grab().save(str(tmp_path / "rekap.png"))
    page.tabs.setCurrentIndex(2)
    assert page.grid.rowCount() > 0 and page.grid.horizontalHeaderItem(0).text() == "Kader"
    weakest_first = [sum(1 for c in range(2, page.grid.columnCount()) if page.grid.item(r, c).text() in ("1", "2"))
                     for r in range(page.grid.rowCount())]
    assert weakest_first == sorted(weakest_first, reverse=True)
    page.grab().save(str(tmp_path / "grid.png"))
    timeline = page.open_timeline(0)
    assert page.grid.item(0, 0).text() in timeline.windowTitle() and timeline.table.rowCount() > 0
    timeline.grab().save(str(tmp_path / "timeline.png"))
    timeline.close()
    page.round.setCurrentIndex(1)
    assert page.chart_rows == report_data.self_assessment(page.chosen_scope(), page.period(), "awal")
    page.tabs.setCurrentIndex(3)
    assert page.classification.rowCount() == 30  # every active posyandu of the demo office
    page.tabs.setCurrentIndex(4)
    assert page.awal_akhir.rowCount() == 25 and page.awal_akhir.item(0, 4).text().endswith("poin")
    assert page.disagree.rowCount() > 0 and page.progress_table.rowCount() > 0
    page.grab().save(str(tmp_path / "awal-akhir.png"))
    page.tabs.setCurrentIndex(5)
    assert [page.trend.item(r, 0).text() for r in range(page.trend.rowCount())][-1] == "10/2026"  # last finished
    assert sum(int(page.trend.item(r, 1).text()) for r in range(6)) > 0


def test_without_a_puskesmas_the_page_says_why_it_is_disabled(qtbot, db):
    page = LaporanPage(today=dt.date(2026, 12, 1))
    qtbot.addWidget(page)
    page.show()
    assert not page.show_button.isEnabled() and page.unavailable.isVisible()
    assert "belum ada puskesmas" in page.unavailable.text()
    assert page.pdf is None  # nothing was built
