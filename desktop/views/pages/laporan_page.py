"""Laporan: the supervision report previewed in the app (built off the GUI thread), printed, saved as PDF or
exported to Excel; and the analysis screens (per-skill recap chart, kader × skill grid, classification)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from html import escape
from pathlib import Path

from desktop.models.errors import UserError
from desktop.models.settings import current_puskesmas
from desktop.services import analysis, auth, pickers, printing, report_data

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalPercentBarSeries, QValueAxis
from PySide6.QtCore import QObject, QPoint, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFont, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.views.tables import fill_table, make_table

LEVEL_COLOURS = {1: "#ef9a9a", 2: "#ffe082", 3: "#a5d6a7"}
SELF_COLOURS = ("#c62828", "#f9a825", "#2e7d32")  # as in reports/charts.py
CLASS_HEADERS = ("Posyandu", "Desa", "Kader aktif", "Purwa", "Madya", "Utama", "Belum dinilai", "Sudah dilatih")


def _two_lines(label: str, width: int = 44) -> str:
    """A long skill label on at most two lines, broken between words (never cut mid-word)."""
    words, lines = label.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width and len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return "<br>".join(escape(line) for line in lines)


class _Signals(QObject):
    done = Signal(str)
    failed = Signal(str)


class _ReportJob(QRunnable):
    """Gather and render the report in a worker thread (its own SQLite connection), then hand over the file."""

    def __init__(self, out: Path, period: report_data.Period, scope: report_data.Scope | None, paper: str,
                 today: dt.date | None = None, owner: QObject | None = None) -> None:
        super().__init__()
        self.out, self.period, self.scope, self.paper, self.today = out, period, scope, paper, today
        self.signals = _Signals(owner)  # dies with the page: a late result then reaches nobody

    def run(self) -> None:
        try:
            _write(self.out, self.period, self.scope, self.paper, self.today)
        except UserError as exc:
            self._tell(self.signals.failed, str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user instead of a silent dead thread
            self._tell(self.signals.failed, f"Laporan gagal dibuat: {exc}")
        else:
            self._tell(self.signals.done, str(self.out))

    @staticmethod
    def _tell(signal, text: str) -> None:
        try:
            signal.emit(text)
        except RuntimeError:  # the page (and the app) closed while the report was being built: nobody to tell
            pass


def _write(out: Path, period: report_data.Period, scope: report_data.Scope | None, paper: str = "A4",
           today: dt.date | None = None) -> Path:
    """The report of a scope, or the kabupaten roll-up when the scope is None."""
    if scope is None:
        return printing.rollup(out, period, paper, today)
    return printing.report(out, period, scope, paper, today)


class LaporanPage(QWidget):
    """Choose period and scope, then preview, print, save or export."""

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today  # None: the real day at each build
        today = today or dt.date.today()
        self.default_period = report_data.last_finished_month(today)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Laporan</h2>"))
        self.unavailable = QLabel("")
        self.unavailable.setWordWrap(True)
        self.unavailable.hide()
        layout.addWidget(self.unavailable)
        controls = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItems(["Bulanan", "Triwulan", "Tahunan"])
        self.part = QComboBox()
        self.year = QSpinBox()
        self.year.setRange(2020, 2100)
        self.year.setValue(self.default_period.first.year)
        self.scope = QComboBox()
        self.paper = QComboBox()
        self.paper.addItems(["A4", "F4"])
        self.round = QComboBox()
        for label, key in (("semua tahap", None), ("Tahap Awal", "awal"), ("Tahap Akhir", "akhir")):
            self.round.addItem(label, key)
        self.round.setToolTip("Penilaian mandiri yang dipakai grafik Rekap keterampilan")
        for label, widget in (("Periode", self.kind), ("", self.part), ("Tahun", self.year),
                              ("Cakupan", self.scope), ("Kertas", self.paper), ("Penilaian", self.round)):
            if label:
                controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addStretch(1)
        layout.addLayout(controls)
        buttons = QHBoxLayout()
        self.show_button = QPushButton("Tampilkan laporan")
        self.print_button = QPushButton("Cetak…")
        self.save_button = QPushButton("Simpan PDF…")
        self.excel_button = QPushButton("Ekspor Excel…")
        self.signer_button = QPushButton("Penanda tangan rekap…")
        self.signer_button.setToolTip("Nama, jabatan dan NIP penanda tangan Rekap Kabupaten, serta alamat Dinas "
                                      "Kesehatan di kop")
        self.signer_button.clicked.connect(self.edit_signer)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.status = QLabel("")
        for w in (self.show_button, self.print_button, self.save_button, self.excel_button, self.signer_button,
                  self.progress, self.status):
            buttons.addWidget(w)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.tabs = QTabWidget()
        self.document = QPdfDocument(self)
        self.preview = QPdfView()
        self.preview.setDocument(self.document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.tabs.addTab(self.preview, "Pratinjau laporan")
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_rows: list = []
        chart_scroll = QScrollArea()  # two-line labels need room: the chart grows with the skills and scrolls
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(self.chart)
        self.tabs.addTab(chart_scroll, "Rekap keterampilan")
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.setSortingEnabled(False)
        self.grid.setToolTip("Klik dua kali nama kader untuk melihat riwayat supervisinya.")
        self.grid.cellDoubleClicked.connect(lambda row, _: self.open_timeline(row))
        self.tabs.addTab(self.grid, "Kader × keterampilan")
        self.classification = make_table(CLASS_HEADERS)
        self.tabs.addTab(self.classification, "Klasifikasi && pelatihan")
        compare = QWidget()
        compare_layout = QVBoxLayout(compare)
        compare_layout.addWidget(QLabel("<b>Penilaian mandiri Awal dibanding Akhir</b> (kader yang sudah mengisi "
                                        "keduanya): persentase menjawab “Sudah Bisa”."))
        self.awal_akhir = make_table(("Kode", "Keterampilan", "Awal", "Akhir", "Perubahan", "Kader"))
        compare_layout.addWidget(self.awal_akhir, 1)
        compare_layout.addWidget(QLabel("<b>Perkembangan per kader</b> (jumlah keterampilan naik/tetap/turun "
                                        "dari Awal ke Akhir; yang paling sedikit berkembang di atas)."))
        self.progress_table = make_table(("Kader", "Posyandu", "Naik", "Tetap", "Turun"))
        compare_layout.addWidget(self.progress_table, 1)
        compare_layout.addWidget(QLabel("<b>Penilaian mandiri berbeda dengan observasi supervisor</b> "
                                        "(hasil terakhir masing-masing)."))
        self.disagree = make_table(("Kader", "Posyandu", "Keterampilan", "Menurut kader", "Hasil observasi"))
        compare_layout.addWidget(self.disagree, 1)
        self.tabs.addTab(compare, "Awal–Akhir && observasi")
        self.trend = make_table(("Bulan", "Observasi", *(label for _, label in analysis.TREND_ITEMS)))
        self.trend.setToolTip("Persentase observasi layanan posyandu yang menjawab “Ya”: langkah 1–5 sesuai "
                              "standar, nakes hadir, pembagian peran jelas, sesi edukasi dilaksanakan.")
        self.tabs.addTab(self.trend, "Layanan posyandu per bulan")
        layout.addWidget(self.tabs, 1)

        self.kind.currentIndexChanged.connect(lambda _: self._parts(self.default_period.first))
        self.scope.currentIndexChanged.connect(lambda _: self.show_analysis() if self.scope.count() else None)
        for signal in (self.part.currentIndexChanged, self.year.valueChanged, self.round.currentIndexChanged):
            signal.connect(lambda _: self.show_chart() if self.scope.count() else None)
        self.show_button.clicked.connect(self.build)
        self.print_button.clicked.connect(self.print_report)
        self.save_button.clicked.connect(self.save_pdf)
        self.excel_button.clicked.connect(self.export_excel)
        self._parts(self.default_period.first)
        self.pool = QThreadPool(self)  # the page's own: closing the page waits for a build still running
        self.folder = Path(tempfile.mkdtemp(prefix="bina-kader-laporan-"))
        self.pdf: Path | None = None
        self.pending: Path | None = None
        self.quiet = False
        self.built_once = False
        for signal in (self.kind.currentIndexChanged, self.part.currentIndexChanged, self.year.valueChanged,
                       self.scope.currentIndexChanged, self.paper.currentIndexChanged):
            signal.connect(lambda _: self._stale())
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        """The first time the page is shown, build the preview of the default period (last finished month)."""
        super().showEvent(event)
        if not self.built_once and self.isEnabled() and self.scope.count():
            self.built_once = True
            self.build(quiet=True)

    def _stale(self) -> None:
        """The preview no longer matches the choice: say so until it is rebuilt."""
        if self.pdf is not None:
            self.status.setText("Pilihan berubah — klik “Tampilkan laporan” untuk memperbarui pratinjau.")
        self.signer_button.setVisible(self._scope_key()[0] == "kabupaten")

    def _parts(self, today: dt.date) -> None:
        self.part.blockSignals(True)
        self.part.clear()
        if self.kind.currentIndex() == 0:
            self.part.addItems(printing.MONTHS)
            self.part.setCurrentIndex(today.month - 1)
        elif self.kind.currentIndex() == 1:
            self.part.addItems([f"Triwulan {q}" for q in ("I", "II", "III", "IV")])
            self.part.setCurrentIndex((today.month - 1) // 3)
        self.part.setVisible(self.kind.currentIndex() < 2)
        self.part.blockSignals(False)
        if self.scope.count():
            self.show_chart()

    def refresh(self) -> None:
        """Reload scopes and the analysis tabs."""
        puskesmas = current_puskesmas()
        for child in self.findChildren(QWidget):
            if child is not self.unavailable:
                child.setEnabled(puskesmas is not None)
        self.unavailable.setVisible(puskesmas is None)
        if puskesmas is None:
            self.unavailable.setText("Laporan belum dapat dibuat: belum ada puskesmas di basis data ini. Isi "
                                     "Identitas Puskesmas di Pengaturan atau buat data contoh dahulu.")
            return
        keep = self.scope.currentData()
        self.scope.clear()
        if auth.allowed("view_all_puskesmas") and auth.current() is not None:
            self.scope.addItem(f"Rekap {puskesmas.kabupaten.label} (semua puskesmas)", "kabupaten")
        if auth.desa_scope() is None:  # a village admin reports on their own desa only
            self.scope.addItem(f"Seluruh {puskesmas.name}", None)
        for desa_id, label in pickers.desa_choices():
            self.scope.addItem(label, f"desa:{desa_id}")
        for posyandu_id, label in pickers.posyandu_choices():
            self.scope.addItem(f"Posyandu {label}", f"posyandu:{posyandu_id}")
        self.scope.setCurrentIndex(max(0, self.scope.findData(keep)))
        self.signer_button.setVisible(self._scope_key()[0] == "kabupaten")
        self.show_analysis()

    # --- the report ---

    def _scope_key(self) -> tuple[str | None, int | None]:
        """("desa"|"posyandu", id) of the chosen scope, or (None, None) for the whole puskesmas."""
        data = self.scope.currentData()
        if not data:
            return None, None
        if data == "kabupaten":
            return "kabupaten", None
        kind, key = data.split(":")
        return kind, int(key)

    def period(self) -> report_data.Period:
        year = self.year.value()
        if self.kind.currentIndex() == 0:
            return report_data.parse_period(month=f"{year}-{self.part.currentIndex() + 1:02d}")
        if self.kind.currentIndex() == 1:
            return report_data.parse_period(quarter=f"{year}-Q{self.part.currentIndex() + 1}")
        return report_data.parse_period(year=str(year))

    def chosen_scope(self) -> report_data.Scope | None:
        """The chosen scope; None for the kabupaten roll-up."""
        from desktop.models.people import Posyandu
        from desktop.models.wilayah import Desa

        puskesmas = current_puskesmas()
        kind, key = self._scope_key()
        if kind == "kabupaten":
            return None
        if kind is None:
            return report_data.Scope(puskesmas)
        if kind == "desa":
            return report_data.Scope(puskesmas, Desa.get_by_id(key))
        posyandu = Posyandu.get_by_id(key)
        return report_data.Scope(puskesmas, posyandu.desa, posyandu)

    def build(self, quiet: bool = False) -> _ReportJob:
        """Start building the PDF in the background; the preview shows it when ready (`quiet`: the automatic
        build on opening the page tells a failure in the status line, not in a dialog)."""
        self.quiet = quiet
        period, scope = self.period(), self.chosen_scope()
        out = self.folder / f"laporan-{period.first:%Y%m%d}-{dt.datetime.now():%H%M%S%f}.pdf"
        self.pending = out  # a build started earlier and finishing later is ignored
        job = _ReportJob(out, period, scope, self.paper.currentText(), self.today, self)
        job.signals.done.connect(self._built)
        job.signals.failed.connect(self._failed)
        self.progress.show()
        self.status.setText(f"Menyusun laporan {period.label}…")
        for b in (self.show_button, self.print_button, self.save_button, self.excel_button):
            b.setEnabled(False)
        self.pool.start(job)
        return job

    def _built(self, path: str) -> None:
        if Path(path) != self.pending:
            return
        self.pdf = Path(path)
        self.document.load(path)
        self.progress.hide()
        self.status.setText(f"{self.document.pageCount()} halaman")
        self.tabs.setCurrentIndex(0)
        for b in (self.show_button, self.print_button, self.save_button, self.excel_button):
            b.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setText(message if self.quiet else "")
        for b in (self.show_button, self.print_button, self.save_button, self.excel_button):
            b.setEnabled(True)
        if not self.quiet:
            QMessageBox.warning(self, "Laporan", message)

    def save_pdf(self, target: str | None = None) -> Path | None:
        if self.pdf is None:
            QMessageBox.information(self, "Laporan", "Klik “Tampilkan laporan” dahulu.")
            return None
        target = target or QFileDialog.getSaveFileName(self, "Simpan laporan", f"laporan-{self.period().label}.pdf",
                                                       "PDF (*.pdf)")[0]
        if not target:
            return None
        shutil.copyfile(self.pdf, target)
        return Path(target)

    def export_excel(self, target: str | None = None) -> Path | None:
        target = target or QFileDialog.getSaveFileName(self, "Ekspor Excel", f"laporan-{self.period().label}.xlsx",
                                                       "Excel (*.xlsx)")[0]
        if not target:
            return None
        try:
            out = _write(Path(target), self.period(), self.chosen_scope(), today=self.today)
        except UserError as exc:
            QMessageBox.warning(self, "Ekspor Excel", str(exc))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        return out

    def print_report(self) -> None:
        """Print through the operating system's printer dialog, page by page from the PDF."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from desktop.views.paper import set_paper

        if self.pdf is None:
            QMessageBox.information(self, "Laporan", "Klik “Tampilkan laporan” dahulu.")
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        set_paper(printer, self.paper.currentText())  # F4: a custom 215 x 330 mm page, not Qt's 210 mm Folio
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer) -> int:
        """Render every page onto the printer; returns the number of pages sent."""
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "Cetak", "Pencetak tidak dapat dipakai.")
            return 0
        pages = self.document.pageCount()
        for n in range(pages):
            if n:
                printer.newPage()
            rect = painter.viewport()
            image = self.document.render(n, rect.size())
            painter.drawImage(QPoint(0, 0), image)
        painter.end()
        return pages

    # --- analysis ---

    def show_analysis(self) -> None:
        puskesmas = current_puskesmas()
        kind, key = self._scope_key()
        desa_id = key if kind == "desa" else None
        posyandu_id = key if kind == "posyandu" else None
        grid = analysis.skill_grid(puskesmas, posyandu_id, desa_id)
        self.show_chart()
        self.grid.clear()
        self.grid.setRowCount(len(grid.kader))
        self.grid.setColumnCount(len(grid.skills) + 2)
        self.grid.setHorizontalHeaderLabels(["Kader", "Posyandu", *(code for code, _ in grid.skills)])
        for c, (code, label) in enumerate(grid.skills, start=2):
            self.grid.horizontalHeaderItem(c).setToolTip(f"{code} {label}")
        for r, (kader_id, name, posyandu) in enumerate(grid.kader):
            first = QTableWidgetItem(name)
            first.setData(Qt.ItemDataRole.UserRole, kader_id)
            self.grid.setItem(r, 0, first)
            self.grid.setItem(r, 1, QTableWidgetItem(posyandu))
            for c, (code, label) in enumerate(grid.skills, start=2):
                level = grid.cells.get((kader_id, code))
                item = QTableWidgetItem("" if level is None else str(level))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(f"{name} — {code} {label}: "
                                f"{analysis.LEVEL_LABELS.get(level, 'belum ada data')}")
                if level is not None:
                    item.setBackground(QColor(LEVEL_COLOURS[level]))
                self.grid.setItem(r, c, item)
        self.grid.resizeColumnsToContents()
        ids = self.chosen_scope().posyandu_ids() if kind in ("desa", "posyandu") else None
        fill_table(self.awal_akhir, [(code, label, f"{a:.0%}", f"{b:.0%}", f"{(b - a) * 100:+.0f} poin", n)
                                     for code, label, a, b, n in analysis.awal_akhir(puskesmas, ids)])
        fill_table(self.disagree, analysis.disagreements(puskesmas, ids))
        fill_table(self.progress_table, analysis.kader_progress(puskesmas, ids))
        end = self.period().last
        months = [((end.year * 12 + end.month - 1 - k) // 12, (end.year * 12 + end.month - 1 - k) % 12 + 1)
                  for k in range(5, -1, -1)]
        fill_table(self.trend, [(label, n, *("—" if v is None else f"{v:.0%}" for v in shares))
                                for label, n, shares in analysis.service_trend(puskesmas, months, ids)])
        rows = analysis.classification_overview(puskesmas)
        fill_table(self.classification, [(x.posyandu, x.desa, x.kader, x.purwa, x.madya, x.utama, x.not_assessed,
                                          x.trained) for x in rows])

    def edit_signer(self) -> None:
        """Who signs the Rekap Kabupaten and the Dinas Kesehatan's address (kabupaten admins)."""
        from desktop.services import rollup

        from desktop.views.dialogs.rollup_signer_dialog import RollupSignerDialog

        dialog = RollupSignerDialog(rollup.signer(), self)
        if dialog.exec():
            try:
                rollup.set_signer(*dialog.values())
            except UserError as exc:
                QMessageBox.warning(self, "Penanda tangan rekap", str(exc))

    def open_timeline(self, row: int):
        """The kader's whole timeline (assessments, records, findings, follow-ups)."""
        from desktop.models.people import Kader

        from desktop.views.dialogs.timeline_dialog import TimelineDialog

        kader_id = self.grid.item(row, 0).data(Qt.ItemDataRole.UserRole)
        dialog = TimelineDialog(kader=Kader.get_by_id(kader_id), parent=self)
        dialog.open()
        return dialog

    def show_chart(self) -> None:
        """The report's per-skill self-assessment chart for the chosen scope and period, drawn by QtCharts."""
        scope = self.chosen_scope() or report_data.Scope(current_puskesmas())  # roll-up: the puskesmas on screen
        period = self.period()
        rows = report_data.self_assessment(scope, period, self.round.currentData())
        chart = QChart()
        n = sum(low + mid + high for *_, low, mid, high in rows[:1])
        chart.setTitle(f"Penilaian mandiri {period.label} ({self.round.currentText()}, n = {n} kader): sebaran "
                       "jawaban per keterampilan")
        series = QHorizontalPercentBarSeries()
        for index, label in enumerate(("Belum Bisa", "Sedang Belajar", "Sudah Bisa")):
            bar = QBarSet(label)
            bar.setColor(QColor(SELF_COLOURS[index]))
            for row in reversed(rows):
                bar.append(row[2 + index])
            series.append(bar)
        chart.addSeries(series)
        axis = QBarCategoryAxis()
        axis.append([f"{escape(code)} {_two_lines(label)}"  # labels are rich text
                     for code, label, *_ in reversed(rows)])
        font = QFont()
        font.setPointSizeF(7)
        axis.setLabelsFont(font)
        axis.setTruncateLabels(False)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis)
        values = QValueAxis()
        values.setLabelFormat("%d%%")
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setChart(chart)
        self.chart.setMinimumHeight(max(420, 30 * len(rows) + 140))
        self.chart_rows = rows
