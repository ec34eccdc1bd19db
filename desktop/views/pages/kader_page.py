"""Posyandu & Kader: searchable, filterable lists (personal data masked)."""

from __future__ import annotations

from desktop.models.nik import mask_nik, mask_phone
from desktop.models.people import CLASSIFICATION_CHOICES, TRAINING_CHOICES, Kader
from desktop.models.settings import current_puskesmas
from desktop.services import pickers
from desktop.services.kader_service import NOT_ASSESSED, KaderFilter, posyandu_rows, query_kader, set_active

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.kader.kader_dialog import KaderDialog

LIMIT = 500
KADER_HEADERS = ("Nama", "NIK", "No. HP", "L/P", "Posyandu", "Desa", "Mulai", "Pelatihan", "Klasifikasi", "Status")
POSYANDU_HEADERS = ("Posyandu", "Desa", "RT/RW", "Hari buka", "Berdiri", "Kader aktif", "Sudah dilatih",
                    "Belum dinilai", "Status")


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(text)))


def _combo(everything: str, choices: list[tuple[object, str]]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(everything, None)
    for key, label in choices:
        combo.addItem(label, key)
    return combo


class KaderPage(QWidget):
    """Kader and posyandu of the current puskesmas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Posyandu &amp; Kader</h2>"))
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        kader_tab = QWidget()
        kader_layout = QVBoxLayout(kader_tab)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.search = QLineEdit(placeholderText="Cari nama kader atau awal NIK…")
        self.desa = _combo("Semua desa", [])
        self.posyandu = _combo("Semua posyandu", [])
        self.classification = _combo("Semua klasifikasi", [*CLASSIFICATION_CHOICES, (NOT_ASSESSED, "Belum dinilai")])
        self.training = _combo("Semua status pelatihan", list(TRAINING_CHOICES))
        self.new_only = QCheckBox("Kader baru (< 1 tahun)")
        self.inactive = QCheckBox("Tampilkan nonaktif")
        row1.addWidget(self.search, 2)
        row1.addWidget(self.desa, 1)
        row1.addWidget(self.posyandu, 1)
        for widget in (self.classification, self.training):
            row2.addWidget(widget, 1)
        row2.addWidget(self.new_only)
        row2.addWidget(self.inactive)
        kader_layout.addLayout(row1)
        kader_layout.addLayout(row2)
        self.kader_count = QLabel("")
        kader_layout.addWidget(self.kader_count)
        self.kader_table = _table(KADER_HEADERS)
        self.kader_table.doubleClicked.connect(self.edit_kader)
        kader_layout.addWidget(self.kader_table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Tambah kader…")
        self.edit_button = QPushButton("Ubah…")
        self.toggle_button = QPushButton("Nonaktifkan / aktifkan kembali")
        self.add_button.clicked.connect(self.add_kader)
        self.edit_button.clicked.connect(self.edit_kader)
        self.toggle_button.clicked.connect(self.toggle_kader)
        for button in (self.add_button, self.edit_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        kader_layout.addLayout(buttons)
        self.tabs.addTab(kader_tab, "Kader")

        posyandu_tab = QWidget()
        posyandu_layout = QVBoxLayout(posyandu_tab)
        self.posyandu_count = QLabel("")
        posyandu_layout.addWidget(self.posyandu_count)
        self.posyandu_table = _table(POSYANDU_HEADERS)
        posyandu_layout.addWidget(self.posyandu_table, 1)
        self.tabs.addTab(posyandu_tab, "Posyandu")

        notice = QLabel("NIK dan nomor HP disamarkan di daftar; NIK lengkap hanya tampil saat mengubah data kader. "
                        "Mengubah data posyandu, riwayat pelatihan dan klasifikasi, serta impor daftar kader dari "
                        "Excel belum tersedia pada versi ini.")
        notice.setWordWrap(True)
        notice.setStyleSheet("color: #555")
        layout.addWidget(notice)

        self.search.textChanged.connect(self.reload)
        self.desa.currentIndexChanged.connect(self._desa_changed)
        for signal in (self.posyandu.currentIndexChanged, self.classification.currentIndexChanged,
                       self.training.currentIndexChanged, self.new_only.toggled, self.inactive.toggled):
            signal.connect(self.reload)
        self.refresh()

    def _desa_changed(self) -> None:
        self._reload_posyandu_choices()
        self.reload()

    def _reload_posyandu_choices(self) -> None:
        desa = self.desa.currentData()
        self.posyandu.blockSignals(True)
        self.posyandu.clear()
        self.posyandu.addItem("Semua posyandu", None)
        for row in posyandu_rows(current_puskesmas(), desa):
            self.posyandu.addItem(row.name, row.id)
        self.posyandu.blockSignals(False)

    def refresh(self) -> None:
        """Reload the desa choices and both lists."""
        self.desa.blockSignals(True)
        self.desa.clear()
        self.desa.addItem("Semua desa", None)
        for key, label in pickers.desa_choices():
            self.desa.addItem(label, key)
        self.desa.blockSignals(False)
        self._reload_posyandu_choices()
        self.reload()

    def kader_filter(self) -> KaderFilter:
        pkm = current_puskesmas()
        return KaderFilter(
            puskesmas_id=pkm.id if pkm else None, text=self.search.text(), desa_id=self.desa.currentData(),
            posyandu_id=self.posyandu.currentData(), classification=self.classification.currentData(),
            training=self.training.currentData(), new_only=self.new_only.isChecked(),
            include_inactive=self.inactive.isChecked(),
        )

    def reload(self) -> None:
        query = query_kader(self.kader_filter())
        total = query.count()
        training, levels = dict(TRAINING_CHOICES), dict(CLASSIFICATION_CHOICES)
        self.kader_rows = list(query.limit(LIMIT))
        _fill(self.kader_table, [
            (k.name, mask_nik(k.nik), mask_phone(k.phone), k.sex, k.posyandu.name, k.posyandu.desa.name,
             k.start_year or "", training.get(k.training_status, ""), levels.get(k.classification, "Belum dinilai"),
             "Aktif" if k.active else "Nonaktif")
            for k in self.kader_rows
        ])
        more = f" (menampilkan {LIMIT} pertama; persempit pencarian)" if total > LIMIT else ""
        self.kader_count.setText(f"{total} kader{more}" if total else
                                 "Tidak ada kader yang cocok dengan pilihan ini.")
        rows = list(posyandu_rows(current_puskesmas(), self.desa.currentData(), self.inactive.isChecked()))
        _fill(self.posyandu_table, [
            (p.name, p.desa.name, p.rt_rw, f"tanggal {p.service_day}" if p.service_day else "",
             p.established.strftime("%d/%m/%Y") if p.established else "", p.kader_count, p.trained, p.not_assessed,
             "Aktif" if p.active else "Nonaktif")
            for p in rows
        ])
        self.posyandu_count.setText(f"{len(rows)} posyandu")

    def selected_kader(self) -> Kader | None:
        rows = self.kader_table.selectionModel().selectedRows()
        return self.kader_rows[rows[0].row()] if rows else None

    def _dialog(self, kader: Kader | None) -> KaderDialog:
        dialog = KaderDialog(kader, self.posyandu.currentData(), self)
        dialog.saved.connect(lambda _id: self.reload())
        dialog.open()
        return dialog

    def add_kader(self) -> KaderDialog:
        return self._dialog(None)

    def edit_kader(self) -> KaderDialog | None:
        kader = self.selected_kader()
        return self._dialog(kader) if kader else None

    def toggle_kader(self) -> None:
        kader = self.selected_kader()
        if kader is None:
            return
        if kader.active:
            answer = QMessageBox.question(self, "Nonaktifkan kader", f"Nonaktifkan {kader.name}? Riwayatnya tetap "
                                          "tersimpan dan kader dapat diaktifkan kembali.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        set_active(kader, not kader.active)
        self.reload()
