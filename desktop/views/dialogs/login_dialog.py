"""Masuk: at every start when accounts exist, and to unlock after the idle time (open forms stay as they were)."""

from __future__ import annotations

from desktop import APP_NAME
from desktop.models.errors import UserError
from desktop.services import auth

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from desktop.views.dialogs.form_parts import error_label
from desktop.views.style import fit_form


class LoginDialog(QDialog):
    """`locked_user`: the idle lock, where only that user (or closing the application) continues."""

    def __init__(self, parent: QWidget | None = None, locked_user: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Masuk — {APP_NAME}" if not locked_user else f"Terkunci — {APP_NAME}")
        form = QFormLayout(self)
        title = QLabel(f"<h2>{APP_NAME}</h2>Supervisi suportif kader Posyandu")
        logo = QLabel()
        logo.setPixmap(QApplication.windowIcon().pixmap(48, 48))
        form.addRow(logo, title)
        if locked_user:
            form.addRow(QLabel("Aplikasi dikunci karena lama tidak dipakai. Isian yang belum disimpan tetap ada; "
                               "masukkan kata sandi untuk melanjutkan."))
        self.username = QLineEdit(locked_user or "")
        self.username.setReadOnly(bool(locked_user))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Nama pengguna", self.username)
        form.addRow("Kata sandi", self.password)
        self.error = error_label()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Masuk")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Keluar aplikasi" if locked_user else "Batal")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        (self.password if locked_user else self.username).setFocus()
        fit_form(self, 0.3)

    def try_login(self) -> bool:
        try:
            auth.log_in(self.username.text(), self.password.text())
        except UserError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            return False
        self.accept()
        return True
