"""Add or edit a puskesmas staff member (a technical supervisor candidate)."""

from __future__ import annotations

from desktop.models.people import STAFF_ROLE_CHOICES, TECHNICAL_ROLES, Staff
from desktop.models.settings import current_puskesmas
from desktop.services import pickers
from desktop.services.teams import StaffForm, save_staff

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QWidget

from desktop.views.dialogs.conflict_dialog import save_form
from desktop.views.dialogs.form_parts import error_label, save_cancel
from desktop.views.instrument_form.fields import PickerField, TextField
from desktop.views.style import fit_form


class StaffDialog(QDialog):
    """Name, NIP, role (nakes roles) and, for a bidan desa, her desa."""

    saved = Signal(int)

    def __init__(self, staff: Staff | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.setWindowTitle("Ubah data petugas" if staff else "Tambah petugas puskesmas")
        form = QFormLayout(self)
        self.name = TextField()
        self.nip = TextField()
        self.nip.setPlaceholderText("18 angka (boleh dikosongkan)")
        self.role = QComboBox()
        for code, label in STAFF_ROLE_CHOICES:
            if code in TECHNICAL_ROLES:
                self.role.addItem(label, code)
        self.desa = PickerField(pickers.desa_choices())
        self.desa.setToolTip("Wajib untuk bidan desa: desa tempat ia bertugas.")
        self.phone = TextField()
        for label, widget in (("Nama dan gelar *", self.name), ("NIP", self.nip), ("Peran *", self.role),
                              ("Desa/kelurahan", self.desa), ("No. HP/WA", self.phone)):
            form.addRow(label, widget)
        self.error = error_label()
        form.addRow(self.error)
        buttons, self.save_button = save_cancel(self, self.save)
        form.addRow(buttons)
        if staff is not None:
            self._fill(staff)
        else:
            self.role.setCurrentIndex(self.role.findData("bidan_desa"))  # the most common new supervisor
        fit_form(self)

    def _fill(self, staff: Staff) -> None:
        self.staff = staff
        self.name.set_value(staff.name)
        self.nip.set_value(staff.nip)
        self.role.setCurrentIndex(max(self.role.findData(staff.role), 0))
        self.desa.set_value(staff.desa_id)
        self.phone.set_value(staff.phone)

    def save(self) -> bool:
        """Store the staff member, or show what is wrong."""
        values = StaffForm(name=self.name.value(), nip=self.nip.value(), role=self.role.currentData(),
                           desa_id=self.desa.value(), phone=self.phone.value())
        staff = save_form(self, self.error, lambda: save_staff(values, current_puskesmas(), self.staff), self.staff,
                          self._fill)
        if staff is None:
            return False
        self.saved.emit(staff.id)
        self.accept()
        return True
