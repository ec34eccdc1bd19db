"""Instrumen: the list of records with filters; enter new ones, open, trash and restore, print."""

from __future__ import annotations

import re

from desktop.instruments.definition import SERVICE_OBSERVATION
from desktop.instruments.loader import by_step, load_all, load_instrument
from desktop.models.records import InstrumentRecord
from desktop.models.settings import current_puskesmas
from desktop.services import pickers, records
from desktop.services.records import RecordFilter

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.instruments.record_dialog import RecordDialog
from desktop.views.tables import fit_columns, prepare

ROUND_SUFFIX = re.compile(r"\s*\([^)]*\)$")  # "(Awal dan Akhir)" at the end of a title
LIMIT = 500
HEADERS = ("Tanggal", "Instrumen", "Posyandu", "Kader", "Supervisor", "Asal")


class InstrumenPage(QWidget):
    """Records of the five instruments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instruments = {i.id: i for i in load_all()}
        self.rows: list[InstrumentRecord] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Instrumen Supervisi</h2>"))
        self.drafts = QPushButton("")
        self.drafts.setStyleSheet("text-align: left; background: #fff8c4; padding: 6px;")
        self.drafts.clicked.connect(self.open_drafts)
        layout.addWidget(self.drafts)

        filters = QHBoxLayout()
        self.instrument = QComboBox()
        self.instrument.addItem("Semua instrumen", None)
        for inst in self.instruments.values():
            self.instrument.addItem(inst.title, inst.id)
        self.posyandu = QComboBox()
        self.desa = QComboBox()
        self.supervisor = QComboBox()
        self.kader = QComboBox()
        self.month_on = QCheckBox("Bulan")
        self.month = QDateEdit(QDate.currentDate())
        self.month.setDisplayFormat("MM/yyyy")
        self.trash = QCheckBox("Tempat sampah")
        for label, widget in (("Instrumen", self.instrument), ("Desa", self.desa), ("Posyandu", self.posyandu)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 1)
        layout.addLayout(filters)
        filters2 = QHBoxLayout()
        for label, widget in (("Kader", self.kader), ("Supervisor", self.supervisor)):
            filters2.addWidget(QLabel(label))
            filters2.addWidget(widget, 1)
        for widget in (self.month_on, self.month, self.trash):
            filters2.addWidget(widget)
        layout.addLayout(filters2)
        for signal in (self.instrument.currentIndexChanged, self.desa.currentIndexChanged,
                       self.supervisor.currentIndexChanged, self.kader.currentIndexChanged, self.month_on.toggled,
                       self.month.dateChanged, self.trash.toggled):
            signal.connect(self.reload)
        self.posyandu.currentIndexChanged.connect(self._posyandu_changed)

        self.count = QLabel("")
        layout.addWidget(self.count)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        prepare(self.table)  # the common table look: name columns fit their contents, no sideways scrolling
        self.table.doubleClicked.connect(self.open_selected)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.new_button = QPushButton("Isi baru…")
        menu = QMenu(self.new_button)
        for inst in self.instruments.values():
            menu.addAction(inst.title, lambda i=inst.id: self.new_record(i))
        self.new_button.setMenu(menu)
        self.open_button = QPushButton("Buka / ubah")
        self.delete_button = QPushButton("Hapus")
        self.restore_button = QPushButton("Pulihkan")
        self.print_blank_button = QPushButton("Cetak formulir kosong…")
        self.print_filled_button = QPushButton("Cetak terisi…")
        for button, slot in ((self.open_button, self.open_selected), (self.delete_button, self.delete_selected),
                             (self.restore_button, self.restore_selected), (self.print_blank_button, self.print_blank),
                             (self.print_filled_button, self.print_filled)):
            button.clicked.connect(slot)
        for button in (self.new_button, self.open_button, self.delete_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_blank_button)
        buttons.addWidget(self.print_filled_button)
        layout.addLayout(buttons)
        self.refresh()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, choices: list[tuple[int, str]]) -> None:
        """Reload a filter's choices, keeping the current one when it still exists."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for key, label in choices:
            combo.addItem(label, key)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        combo.blockSignals(False)

    def _posyandu_changed(self) -> None:
        self._fill(self.kader, "Semua kader", pickers.kader_choices(self.posyandu.currentData()))
        self.reload()

    def refresh(self) -> None:
        """Reload filter choices, drafts and the list."""
        self._fill(self.posyandu, "Semua posyandu", pickers.posyandu_choices())
        self._fill(self.desa, "Semua desa", pickers.desa_choices())
        self._fill(self.supervisor, "Semua supervisor", pickers.supervisor_choices())
        self._fill(self.kader, "Semua kader", pickers.kader_choices(self.posyandu.currentData()))
        drafts = records.open_drafts()
        self.drafts.setVisible(bool(drafts))
        self.drafts.setText(f"Ada {len(drafts)} isian yang belum selesai (tersimpan otomatis) — klik untuk melanjutkan "
                            "yang terbaru.")
        self.reload()

    def current_filter(self) -> RecordFilter:
        pkm = current_puskesmas()
        month = self.month.date().toString("yyyy-MM") if self.month_on.isChecked() else None
        return RecordFilter(puskesmas_id=pkm.id if pkm else None, instrument=self.instrument.currentData(),
                            posyandu_id=self.posyandu.currentData(), desa_id=self.desa.currentData(),
                            kader_id=self.kader.currentData(), supervisor_id=self.supervisor.currentData(),
                            month=month, trash=self.trash.isChecked())

    def reload(self) -> None:
        query = records.query_records(self.current_filter())
        total = query.count()
        self.rows = list(query.limit(LIMIT))
        self.table.setRowCount(len(self.rows))
        for r, rec in enumerate(self.rows):
            title = self.instruments[rec.instrument].title if rec.instrument in self.instruments else rec.instrument
            if rec.round:  # "Formulir … (Awal dan Akhir)" of one round reads "Formulir … — Tahap Akhir"
                title = f"{ROUND_SUFFIX.sub('', title)} — Tahap {rec.round.title()}"
            cells = (rec.activity_date.strftime("%d/%m/%Y"), title,
                     rec.posyandu.name if rec.posyandu_id else "", rec.kader.name if rec.kader_id else "",
                     rec.supervisor.name if rec.supervisor_id else "",
                     "Kertas" if rec.origin == "kertas" else "Langsung")
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        fit_columns(self.table)
        shown = f" (menampilkan {LIMIT} terbaru)" if total > LIMIT else ""
        if total:
            self.count.setText(f"{total} catatan{shown}" + (" di tempat sampah; dihapus permanen setelah 30 hari."
                                                          if self.trash.isChecked() else ""))
        else:
            self.count.setText("Belum ada catatan untuk pilihan ini — klik «Isi baru…» untuk memasukkan formulir "
                               "yang sudah diisi di kertas.")
        self.restore_button.setEnabled(self.trash.isChecked())
        self.delete_button.setEnabled(not self.trash.isChecked())

    def selected(self) -> InstrumentRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _dialog(self, **kwargs) -> RecordDialog:
        dialog = RecordDialog(parent=self, **kwargs)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.rejected.connect(self.refresh)
        dialog.open()
        return dialog

    def new_record(self, instrument_id: str) -> RecordDialog:
        prefill = {"posyandu": self.posyandu.currentData()} if self.posyandu.currentData() else {}
        return self._dialog(inst=load_instrument(instrument_id), prefill=prefill)

    def open_selected(self) -> RecordDialog | None:
        record = self.selected()
        if record is None:
            return None
        return self._dialog(inst=load_instrument(record.instrument), record=record)

    def go_to(self, place: str) -> None:
        """Beranda's link 'draf' continues the newest draft."""
        if place == "draf":
            self.open_drafts()

    def open_drafts(self) -> RecordDialog | None:
        drafts = records.open_drafts()
        if not drafts:
            return None
        draft = drafts[0]
        return self._dialog(inst=load_instrument(draft.instrument), record=draft.record, draft=draft)

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        answer = QMessageBox.question(self, "Hapus catatan", "Pindahkan catatan ini ke tempat sampah? Catatan dapat "
                                      "dipulihkan selama 30 hari.")
        if answer == QMessageBox.StandardButton.Yes:
            records.trash_record(record)
            self.reload()

    def restore_selected(self) -> None:
        record = self.selected()
        if record is not None:
            records.restore_record(record)
            self.reload()

    def _save_pdf(self, name: str, make) -> None:
        from desktop.models.errors import UserError

        path, _ = QFileDialog.getSaveFileName(self, "Simpan PDF", name, "PDF (*.pdf)")
        if not path:
            return
        try:
            from pathlib import Path

            make(Path(path))
        except UserError as exc:
            QMessageBox.warning(self, "Cetak", str(exc))

    def print_blank(self) -> None:
        from desktop.services import printing

        instrument_id = self.instrument.currentData() or by_step(SERVICE_OBSERVATION).id
        posyandu = self.posyandu.currentText() if self.posyandu.currentData() else None
        name = posyandu.split(" — ")[0] if posyandu else None
        self._save_pdf(f"{instrument_id}-kosong.pdf",
                       lambda path: printing.print_blank(instrument_id, path, "A4", name))

    def print_filled(self) -> None:
        from desktop.services import printing

        record = self.selected()
        if record is not None:
            self._save_pdf(f"{record.instrument}-{record.activity_date}.pdf",
                           lambda path: printing.print_filled(record.id, path))
