"""Wilayah kerja: add and correct the kecamatan and desa/kelurahan the puskesmas serves."""

from __future__ import annotations

from desktop.models.errors import UserError
from desktop.models.settings import current_puskesmas
from desktop.models.wilayah import Desa
from desktop.services import wilayah_service

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.form_parts import error_label
from desktop.views.tables import fill_table, make_table, selected_key

HEADERS = ("Kecamatan", "Desa/Kelurahan", "Jenis", "Posyandu")


class _NameField(QLineEdit):
    """Enter adds the desa and stops there (inside a dialog or wizard it must not also press the default button)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class WilayahEditor(QWidget):
    """The desa list with an add row; `changed` fires after every change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = QLabel("Kecamatan dan desa/kelurahan di wilayah kerja puskesmas. Posyandu dan tim manajerial "
                       "dicatat per desa/kelurahan.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = make_table(HEADERS)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.kecamatan = QComboBox()
        self.kecamatan.setEditable(True)
        self.kecamatan.setMinimumWidth(180)
        self.kecamatan.lineEdit().setPlaceholderText("Kecamatan")
        self.name = _NameField(placeholderText="Nama desa/kelurahan")
        self.name.setMinimumWidth(220)
        self.kelurahan = QCheckBox("Kelurahan")
        self.add_button = QPushButton("Tambah")
        self.rename_button = QPushButton("Ubah nama…")
        for w in (QLabel("Kecamatan"), self.kecamatan, QLabel("Desa/kelurahan"), self.name, self.kelurahan,
                  self.add_button, self.rename_button):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = error_label()
        layout.addWidget(self.error)
        self.add_button.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.refresh()

    def refresh(self) -> None:
        puskesmas = current_puskesmas()
        self.setEnabled(puskesmas is not None)
        if puskesmas is None:
            self.error.setText("Simpan identitas puskesmas dahulu.")
            return
        self.error.setText("")
        rows = wilayah_service.rows(puskesmas)
        fill_table(self.table, [(r.kecamatan, r.name, "Kelurahan" if r.is_kelurahan else "Desa", r.posyandu)
                                for r in rows], [r.id for r in rows])
        typed = self.kecamatan.currentText()
        self.kecamatan.clear()
        self.kecamatan.addItems(wilayah_service.kecamatan_names(puskesmas))
        self.kecamatan.setEditText(typed)

    def add(self) -> bool:
        try:
            wilayah_service.add_desa(current_puskesmas(), self.kecamatan.currentText(), self.name.text(),
                                     self.kelurahan.isChecked())
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.name.clear()
        self.refresh()
        self.changed.emit()
        return True

    def rename(self) -> None:
        key = selected_key(self.table)
        if key is None:
            self.error.setText("Pilih dahulu satu desa/kelurahan di tabel.")
            return
        desa = Desa.get_by_id(key)
        name, ok = QInputDialog.getText(self, "Ubah nama", "Nama desa/kelurahan:", text=desa.name)
        if not ok:
            return
        try:
            wilayah_service.rename_desa(desa, name, desa.is_kelurahan)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.refresh()
        self.changed.emit()
