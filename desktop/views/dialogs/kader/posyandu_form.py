"""Add or edit a posyandu."""

from __future__ import annotations

from desktop.models.people import Posyandu
from desktop.services import pickers
from desktop.services.kader_service import PosyanduForm, save_posyandu

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QWidget

from desktop.views.dialogs.conflict_dialog import save_form
from desktop.views.dialogs.form_parts import error_label, save_cancel
from desktop.views.instrument_form.fields import DateField, NumberField, PickerField, TextField
from desktop.views.style import fit_form


class PosyanduDialog(QDialog):
    """Desa, name, address, RT/RW, founding date, service day."""

    saved = Signal(int)

    def __init__(self, posyandu: Posyandu | None = None, desa_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.posyandu = posyandu
        self.setWindowTitle("Ubah data posyandu" if posyandu else "Tambah posyandu")
        form = QFormLayout(self)
        self.desa = PickerField(pickers.desa_choices())
        self.name = TextField()
        self.address = TextField()
        self.rt_rw = TextField()
        self.rt_rw.setPlaceholderText("mis. 003/005")
        self.established = DateField()
        self.service_day = NumberField(0, 31)
        self.service_day.setToolTip("Tanggal buka posyandu setiap bulan (1–28); jadwal observasi memakai hari ini.")
        for label, widget in (("Desa/kelurahan *", self.desa), ("Nama posyandu *", self.name),
                              ("Alamat", self.address), ("RT/RW", self.rt_rw), ("Tanggal berdiri", self.established),
                              ("Hari buka (tanggal)", self.service_day)):
            form.addRow(label, widget)
        self.error = error_label()
        form.addRow(self.error)
        buttons, self.save_button = save_cancel(self, self.save)
        form.addRow(buttons)
        if posyandu is not None:
            self._fill(posyandu)
        else:
            self.desa.set_value(desa_id)
        fit_form(self)

    def _fill(self, posyandu: Posyandu) -> None:
        self.posyandu = posyandu
        self.desa.set_value(posyandu.desa_id)
        self.name.set_value(posyandu.name)
        self.address.set_value(posyandu.address)
        self.rt_rw.set_value(posyandu.rt_rw)
        self.established.set_value(posyandu.established)
        self.service_day.set_value(posyandu.service_day)

    def save(self) -> bool:
        values = PosyanduForm(desa_id=self.desa.value(), name=self.name.value(), address=self.address.value(),
                              rt_rw=self.rt_rw.value(), established=self.established.value(),
                              service_day=self.service_day.value() or None)
        posyandu = save_form(self, self.error, lambda: save_posyandu(values, self.posyandu), self.posyandu, self._fill)
        if posyandu is None:
            return False
        self.saved.emit(posyandu.id)
        self.accept()
        return True
