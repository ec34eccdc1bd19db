"""Posyandu & Kader: searchable, filterable lists (personal data masked), details, roster files."""

from __future__ import annotations

from pathlib import Path

from desktop.models.errors import UserError
from desktop.models.nik import mask_nik, mask_phone
from desktop.models.people import CLASSIFICATION_CHOICES, TRAINING_CHOICES, Kader, Posyandu
from desktop.models.settings import current_puskesmas
from desktop.services import pickers, roster_import
from desktop.services.kader_service import (
    NOT_ASSESSED,
    KaderFilter,
    posyandu_rows,
    query_kader,
    set_active,
    set_posyandu_active,
)

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.kader.detail_dialog import KaderDetailDialog
from desktop.views.dialogs.kader.kader_dialog import KaderDialog
from desktop.views.dialogs.kader.posyandu_form import PosyanduDialog
from desktop.views.dialogs.kader.roster_dialog import RosterDialog
from desktop.views.tables import fill_table, make_table

LIMIT = 500
KADER_HEADERS = ("Nama", "NIK", "No. HP", "L/P", "Posyandu", "Desa", "Mulai", "Pelatihan", "Klasifikasi", "Status")
POSYANDU_HEADERS = ("Posyandu", "Desa", "RT/RW", "Hari buka", "Berdiri", "Kader aktif", "Sudah dilatih",
                    "Belum dinilai", "Status")


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
        self.kader_table = make_table(KADER_HEADERS)
        self.kader_table.doubleClicked.connect(self.open_detail)
        kader_layout.addWidget(self.kader_table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Tambah kader…")
        self.edit_button = QPushButton("Ubah…")
        self.detail_button = QPushButton("Detail && riwayat…")
        self.detail_button.setToolTip("Klasifikasi, pelatihan, dan seluruh riwayat supervisi kader")
        self.toggle_button = QPushButton("Nonaktifkan / aktifkan kembali")
        self.import_button = QPushButton("Impor Excel…")
        self.export_button = QPushButton("Ekspor Excel…")
        self.template_button = QPushButton("Templat Excel…")
        self.add_button.clicked.connect(self.add_kader)
        self.edit_button.clicked.connect(self.edit_kader)
        self.detail_button.clicked.connect(self.open_detail)
        self.toggle_button.clicked.connect(self.toggle_kader)
        self.import_button.clicked.connect(self.open_import)
        self.export_button.clicked.connect(lambda: self.export_roster())
        self.template_button.clicked.connect(lambda: self.roster_template())
        for button in (self.add_button, self.edit_button, self.detail_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.import_button, self.export_button, self.template_button):
            buttons.addWidget(button)
        kader_layout.addLayout(buttons)
        self.tabs.addTab(kader_tab, "Kader")

        posyandu_tab = QWidget()
        posyandu_layout = QVBoxLayout(posyandu_tab)
        self.posyandu_count = QLabel("")
        posyandu_layout.addWidget(self.posyandu_count)
        self.posyandu_table = make_table(POSYANDU_HEADERS)
        self.posyandu_table.doubleClicked.connect(lambda _: self.edit_posyandu())
        posyandu_layout.addWidget(self.posyandu_table, 1)
        posyandu_buttons = QHBoxLayout()
        self.add_posyandu_button = QPushButton("Tambah posyandu…")
        self.edit_posyandu_button = QPushButton("Ubah…")
        self.posyandu_timeline_button = QPushButton("Riwayat supervisi…")
        self.toggle_posyandu_button = QPushButton("Nonaktifkan / aktifkan kembali")
        self.add_posyandu_button.clicked.connect(lambda: self.open_posyandu(None))
        self.edit_posyandu_button.clicked.connect(self.edit_posyandu)
        self.posyandu_timeline_button.clicked.connect(self.posyandu_timeline)
        self.toggle_posyandu_button.clicked.connect(self.toggle_posyandu)
        for button in (self.add_posyandu_button, self.edit_posyandu_button, self.posyandu_timeline_button,
                       self.toggle_posyandu_button):
            posyandu_buttons.addWidget(button)
        posyandu_buttons.addStretch(1)
        posyandu_layout.addLayout(posyandu_buttons)
        self.tabs.addTab(posyandu_tab, "Posyandu")

        notice = QLabel("NIK dan nomor HP disamarkan di daftar; NIK lengkap hanya tampil saat mengubah data kader "
                        "atau bila diminta di halaman detail.")
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
        fill_table(self.kader_table, [
            (k.name, mask_nik(k.nik), mask_phone(k.phone), k.sex, k.posyandu.name, k.posyandu.desa.name,
             k.start_year or "", training.get(k.training_status, ""), levels.get(k.classification, "Belum dinilai"),
             "Aktif" if k.active else "Nonaktif")
            for k in self.kader_rows
        ])
        more = f" (menampilkan {LIMIT} pertama; persempit pencarian)" if total > LIMIT else ""
        if total:
            self.kader_count.setText(f"{total} kader{more}")
        elif Kader.select(Kader.id).join(Posyandu).where(Posyandu.id.in_(
                [p for p, _ in pickers.posyandu_choices()] or [0])).exists():
            self.kader_count.setText("Tidak ada kader yang cocok — kosongkan kotak pencarian atau pilih «Semua …» "
                                     "pada pilihan di atas.")
        else:
            self.kader_count.setText("Belum ada kader. Klik «Tambah kader…» untuk satu per satu, atau «Impor Excel…» "
                                     "untuk daftar kader dari kantor (lihat «Templat Excel…»).")
        rows = self.posyandu_list = list(posyandu_rows(current_puskesmas(), self.desa.currentData(),
                                                       self.inactive.isChecked()))
        fill_table(self.posyandu_table, [
            (p.name, p.desa.name, p.rt_rw, f"tanggal {p.service_day}" if p.service_day else "",
             p.established.strftime("%d/%m/%Y") if p.established else "", p.kader_count, p.trained, p.not_assessed,
             "Aktif" if p.active else "Nonaktif")
            for p in rows
        ])
        assessed = sum(p.kader_count - p.not_assessed for p in rows)
        trained = sum(p.trained for p in rows)
        kader = sum(p.kader_count for p in rows)
        self.posyandu_count.setText(f"{len(rows)} posyandu · {kader} kader aktif: {trained} sudah dilatih, "
                                    f"{kader - trained} belum; {assessed} sudah dinilai klasifikasinya, "
                                    f"{kader - assessed} belum dinilai")

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

    def open_detail(self) -> KaderDetailDialog | None:
        kader = self.selected_kader()
        if kader is None:
            return None
        dialog = KaderDetailDialog(kader, self)
        dialog.changed.connect(self.reload)
        dialog.open()
        return dialog

    # --- posyandu ---

    def selected_posyandu(self) -> Posyandu | None:
        rows = self.posyandu_table.selectionModel().selectedRows()
        return Posyandu.get_by_id(self.posyandu_list[rows[0].row()].id) if rows else None

    def open_posyandu(self, posyandu: Posyandu | None) -> PosyanduDialog:
        dialog = PosyanduDialog(posyandu, self.desa.currentData(), self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()
        return dialog

    def edit_posyandu(self) -> PosyanduDialog | None:
        posyandu = self.selected_posyandu()
        return self.open_posyandu(posyandu) if posyandu else None

    def toggle_posyandu(self) -> None:
        posyandu = self.selected_posyandu()
        if posyandu is None:
            return
        if posyandu.active:
            answer = QMessageBox.question(self, "Nonaktifkan posyandu", f"Nonaktifkan Posyandu {posyandu.name}? "
                                          "Kader dan riwayatnya tetap tersimpan.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        set_posyandu_active(posyandu, not posyandu.active)
        self.refresh()

    def posyandu_timeline(self):
        from desktop.views.dialogs.timeline_dialog import TimelineDialog

        posyandu = self.selected_posyandu()
        if posyandu is None:
            return None
        dialog = TimelineDialog(posyandu=posyandu, parent=self)
        dialog.open()
        return dialog

    # --- roster files ---

    def open_import(self) -> RosterDialog:
        dialog = RosterDialog(self)
        dialog.imported.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def export_roster(self, path: str | None = None) -> Path | None:
        path = path or QFileDialog.getSaveFileName(self, "Ekspor daftar kader", "daftar-kader.xlsx",
                                                   "Excel (*.xlsx)")[0]
        if not path:
            return None
        answer = QMessageBox.question(self, "Ekspor daftar kader", "Berkas ekspor memuat NIK dan nomor HP lengkap "
                                      "(data pribadi). Simpan hanya di komputer kantor dan jangan dibagikan. "
                                      "Lanjutkan?")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            count = roster_import.export_roster(Path(path), current_puskesmas())
        except UserError as exc:
            QMessageBox.warning(self, "Ekspor daftar kader", str(exc))
            return None
        self.kader_count.setText(f"{count} kader diekspor ke {Path(path).name}.")
        return Path(path)

    def roster_template(self, path: str | None = None) -> Path | None:
        path = path or QFileDialog.getSaveFileName(self, "Templat daftar kader", "templat-daftar-kader.xlsx",
                                                   "Excel (*.xlsx)")[0]
        if not path:
            return None
        out = roster_import.template(Path(path), current_puskesmas())
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        return out
