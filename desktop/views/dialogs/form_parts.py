"""The pieces every small form dialog has: a red, wrapping message line and Simpan/Batal buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QPushButton

from desktop.views.style import ERROR_STYLE


def error_label() -> QLabel:
    """Where the service's Indonesian message about wrong fields goes."""
    label = QLabel("")
    label.setObjectName("error")  # the one error style (desktop/views/style.py)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


def save_cancel(dialog: QDialog, save: Callable[[], object]) -> tuple[QDialogButtonBox, QPushButton]:
    """Simpan calls `save` (which closes the dialog when it succeeds); Batal rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
    save_button.setText("Simpan")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons, save_button


def choice_combo(choices) -> QComboBox:
    """A drop-down of (code, label) choices; currentData() is the code."""
    combo = QComboBox()
    for code, label in choices:
        combo.addItem(label, code)
    return combo
