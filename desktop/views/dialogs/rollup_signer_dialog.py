"""Who signs the Rekap Kabupaten (position, name, NIP) and the Dinas Kesehatan's address for its kop."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget


class RollupSignerDialog(QDialog):
    def __init__(self, current: tuple[str, str, str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Penanda tangan Rekap Kabupaten")
        form = QFormLayout(self)
        self.position, self.name, self.nip, self.address = (QLineEdit(v) for v in current)
        self.nip.setPlaceholderText("18 angka")
        for label, widget in (("Jabatan", self.position), ("Nama", self.name), ("NIP", self.nip),
                              ("Alamat Dinas Kesehatan (kop)", self.address)):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, str, str]:
        return self.position.text(), self.name.text(), self.nip.text(), self.address.text()
