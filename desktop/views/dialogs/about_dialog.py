"""Tentang Bina Kader."""

from __future__ import annotations

from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.models.db import display_location
from desktop.models.migrations import SCHEMA_VERSION

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.views.style import fit_form


class AboutDialog(QDialog):
    """Version, database in use and what the application is for."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Tentang {APP_NAME}")
        layout = QVBoxLayout(self)
        text = QLabel(
            f"<h2>{APP_NAME}</h2>"
            f"<p>Versi {__version__} (skema basis data v{SCHEMA_VERSION})</p>"
            "<p>Aplikasi supervisi suportif kader Posyandu untuk Puskesmas: merencanakan, mencatat, "
            "mencetak, dan melaporkan supervisi sesuai Pedoman Supervisi Suportif.</p>"
            f"<p>Basis data: <code>{display_location(db_path)}</code></p>"
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_form(self)
