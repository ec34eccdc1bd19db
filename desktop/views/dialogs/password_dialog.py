"""The password of a shared database server, asked when the keyring has none or the server refused it."""

from __future__ import annotations

from desktop.models.db import display_location

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from desktop.views.style import fit_form


class PasswordDialog(QDialog):
    def __init__(self, url: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kata sandi basis data bersama")
        form = QFormLayout(self)
        intro = QLabel(f"{reason}\n\nServer: {display_location(url)}")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Kata sandi", self.password)
        self.remember = QCheckBox("Ingat di penyimpanan kata sandi Windows (keyring) komputer ini")
        form.addRow(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sambungkan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fit_form(self)


def ask_password(url: str, reason: str) -> tuple[str, bool] | None:
    """(password, remember in keyring), or None when the user cancels."""
    dialog = PasswordDialog(url, reason)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password.text(), dialog.remember.isChecked()
