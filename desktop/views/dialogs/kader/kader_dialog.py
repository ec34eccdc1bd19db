"""Add or edit one kader (the full NIK is shown only here)."""

from __future__ import annotations

from desktop.models.people import SEX_CHOICES, TRAINING_CHOICES, Kader
from desktop.services import pickers
from desktop.services.kader_service import KaderForm, save_kader

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QWidget

from desktop.views.dialogs.conflict_dialog import save_form
from desktop.views.dialogs.form_parts import choice_combo, error_label, save_cancel
from desktop.views.instrument_form.fields import DateField, NumberField, PickerField, TextField
from desktop.views.style import fit_form


class KaderDialog(QDialog):
    """Kader fields with Indonesian validation messages from the service."""

    saved = Signal(int)

    def __init__(self, kader: Kader | None = None, posyandu_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kader = kader
        self.setWindowTitle("Ubah data kader" if kader else "Tambah kader")
        form = QFormLayout(self)
        self.posyandu = PickerField(pickers.posyandu_choices())
        self.name = TextField()
        self.nik = TextField()
        self.nik.setMaxLength(20)
        self.nik.setPlaceholderText("16 angka (boleh dikosongkan)")
        self.phone = TextField()
        self.sex = choice_combo(SEX_CHOICES)
        self.birth_date = DateField()
        self.start_year = NumberField(1970, 2100)
        self.training = choice_combo(TRAINING_CHOICES)
        for label, widget in (("Posyandu *", self.posyandu), ("Nama *", self.name), ("NIK", self.nik),
                              ("No. HP/WA", self.phone), ("Jenis kelamin", self.sex),
                              ("Tanggal lahir", self.birth_date), ("Tahun mulai menjadi kader", self.start_year),
                              ("Status pelatihan", self.training)):
            form.addRow(label, widget)
        self.error = error_label()
        form.addRow(self.error)
        buttons, self.save_button = save_cancel(self, self.save)
        form.addRow(buttons)
        if kader is not None:
            self._fill(kader)
        elif posyandu_id:
            self.posyandu.set_value(posyandu_id)
        fit_form(self)

    def _fill(self, kader: Kader) -> None:
        """Show a kader's stored values (on opening, and after "Muat ulang" in a conflict)."""
        self.kader = kader
        self.posyandu.set_value(kader.posyandu_id)
        self.name.set_value(kader.name)
        self.nik.set_value(kader.nik)
        self.phone.set_value(kader.phone)
        self.sex.setCurrentIndex(self.sex.findData(kader.sex))
        self.birth_date.set_value(kader.birth_date)
        self.start_year.set_value(kader.start_year)
        self.training.setCurrentIndex(self.training.findData(kader.training_status))

    def save(self) -> bool:
        """Store the kader, or show what is wrong."""
        values = KaderForm(
            posyandu_id=self.posyandu.value(), name=self.name.value(), nik=self.nik.value(),
            phone=self.phone.value(), sex=self.sex.currentData(), birth_date=self.birth_date.value(),
            start_year=self.start_year.value(), training_status=self.training.currentData(),
        )
        kader = save_form(self, self.error, lambda: save_kader(values, self.kader), self.kader, self._fill)
        if kader is None:
            return False
        self.saved.emit(kader.id)
        self.accept()
        return True
