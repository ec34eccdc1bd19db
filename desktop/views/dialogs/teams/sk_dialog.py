"""Record or edit an SK Kepala Desa/Lurah: number, dates, signer, members in SK order, and the scanned file."""

from __future__ import annotations

from pathlib import Path

from desktop.models.teams import SkDecree, SkMember
from desktop.services import pickers
from desktop.services.teams import MemberForm, SkForm, save_sk

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.conflict_dialog import save_form
from desktop.views.dialogs.form_parts import error_label, save_cancel
from desktop.views.instrument_form.fields import DateField, PickerField, TextField
from desktop.views.style import fit

MEMBER_COLUMNS = ("Nama", "Jabatan dalam tim", "Unsur", "No. HP/WA")


class SkDialog(QDialog):
    """One SK; saving replaces its member list with the rows of the table."""

    saved = Signal(int)

    def __init__(self, decree: SkDecree | None = None, desa_id: int | None = None, parent: QWidget | None = None,
                 desa_ids: list[int] | None = None) -> None:
        super().__init__(parent)
        self.decree = decree
        self.setWindowTitle("Ubah SK tim supervisor manajerial" if decree else "Catat SK tim supervisor manajerial")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        choices = pickers.desa_choices()
        if desa_ids is not None:  # a village admin sees only their own desa
            choices = [c for c in choices if c[0] in desa_ids]
        self.desa = PickerField(choices)
        self.number = TextField()
        self.number.setPlaceholderText("mis. 141/Kep.12/Ds/2026")
        self.signed_on = DateField()
        self.signer_title = QComboBox()
        self.signer_title.addItems(["Kepala Desa", "Lurah"])
        self.signer = TextField()
        self.desa.currentIndexChanged.connect(self._desa_changed)
        self.valid_from = DateField()
        self.valid_from.setToolTip("Kosongkan bila sama dengan tanggal SK.")
        self.valid_until = DateField()
        self.valid_until.setToolTip("Kosongkan bila SK tidak menyebut batas waktu.")
        dates = QHBoxLayout()
        for label, widget in (("Berlaku mulai", self.valid_from), ("sampai", self.valid_until)):
            dates.addWidget(QLabel(label))
            dates.addWidget(widget)
        dates.addStretch(1)
        for label, widget in (("Desa/kelurahan *", self.desa), ("Nomor SK *", self.number),
                              ("Tanggal SK *", self.signed_on), ("Ditandatangani oleh", self.signer_title),
                              ("Nama penandatangan *", self.signer)):
            form.addRow(label, widget)
        form.addRow("Masa berlaku", dates)

        layout.addWidget(QLabel("<b>Susunan tim sesuai SK</b> (urut seperti dalam SK)"))
        self.members = QTableWidget(0, len(MEMBER_COLUMNS))
        self.members.setHorizontalHeaderLabels(MEMBER_COLUMNS)
        self.members.horizontalHeaderItem(2).setToolTip("Mis. Pemerintah Desa, TP Posyandu, PKK")
        self.members.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.members.verticalHeader().setDefaultSectionSize(26)
        layout.addWidget(self.members, 1)
        member_buttons = QHBoxLayout()
        self.add_member = QPushButton("Tambah baris anggota")
        self.add_member.clicked.connect(lambda: self.add_member_row())
        self.remove_member = QPushButton("Hapus baris terpilih")
        self.remove_member.clicked.connect(self._remove_member)
        member_buttons.addWidget(self.add_member)
        member_buttons.addWidget(self.remove_member)
        member_buttons.addStretch(1)
        layout.addLayout(member_buttons)

        file_row = QHBoxLayout()
        self.file_path = ""
        self.file_label = QLabel("Belum ada berkas pindaian SK.")
        attach = QPushButton("Lampirkan pindaian SK (PDF/JPG/PNG)…")
        attach.clicked.connect(self._choose_file)
        file_row.addWidget(attach)
        file_row.addWidget(self.file_label, 1)
        layout.addLayout(file_row)

        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.save_button = save_cancel(self, self.save)
        layout.addWidget(buttons)

        if decree is not None:
            self._load(decree)
        else:
            self.desa.set_value(desa_id)
            for role in ("Ketua", "Sekretaris", "Anggota"):
                self.add_member_row(MemberForm(role=role))
        fit(self, 0.62, 0.88)

    def _desa_changed(self) -> None:
        """A kelurahan's SK is signed by the Lurah, a desa's by the Kepala Desa."""
        self.signer_title.setCurrentText("Lurah" if self.desa.currentText().startswith("Kelurahan") else "Kepala Desa")

    def _load(self, decree: SkDecree) -> None:
        """Show a stored SK (on opening, and after "Muat ulang" in a conflict)."""
        self.decree = decree
        self.members.setRowCount(0)
        self.desa.set_value(decree.desa_id)
        self.number.set_value(decree.number)
        self.signed_on.set_value(decree.signed_on)
        self.signer_title.setCurrentText(decree.signer_title)
        self.signer.set_value(decree.signer)
        self.valid_from.set_value(decree.valid_from)
        self.valid_until.set_value(decree.valid_until)
        for m in decree.members.order_by(SkMember.position):
            self.add_member_row(MemberForm(m.name, m.role, m.origin, m.phone))
        if decree.file_name:
            self.file_label.setText(f"Berkas tersimpan: {decree.file_name}")

    def add_member_row(self, member: MemberForm | None = None) -> None:
        member = member or MemberForm()
        row = self.members.rowCount()
        self.members.insertRow(row)
        for column, text in enumerate((member.name, member.role, member.origin, member.phone)):
            self.members.setItem(row, column, QTableWidgetItem(text))

    def _remove_member(self) -> None:
        if self.members.currentRow() >= 0:
            self.members.removeRow(self.members.currentRow())

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Pilih pindaian SK", "",
                                              "PDF atau gambar (*.pdf *.jpg *.jpeg *.png)")
        if path:
            self.attach_file(path)

    def attach_file(self, path: str) -> None:
        self.file_path = path
        self.file_label.setText(f"Akan dilampirkan: {Path(path).name}")

    def _cell(self, row: int, column: int) -> str:
        item = self.members.item(row, column)
        return item.text().strip() if item else ""

    def form(self) -> SkForm:
        members = [MemberForm(*(self._cell(r, c) for c in range(len(MEMBER_COLUMNS))))
                   for r in range(self.members.rowCount())]
        return SkForm(desa_id=self.desa.value(), number=self.number.value(), signed_on=self.signed_on.value() or "",
                      signer=self.signer.value(), signer_title=self.signer_title.currentText(),
                      valid_from=self.valid_from.value() or "", valid_until=self.valid_until.value() or "",
                      members=members, file_path=self.file_path)

    def save(self) -> bool:
        """Store the SK, or show what is wrong (nothing is written then)."""
        form = self.form()
        decree = save_form(self, self.error, lambda: save_sk(form, self.decree), self.decree, self._load)
        if decree is None:
            return False
        self.saved.emit(decree.id)
        self.accept()
        return True
