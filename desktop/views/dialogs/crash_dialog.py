"""What the user sees when something unexpected breaks: what happened, that typed data is kept, and where the
report for the app's maintainer is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.views.style import ERROR_COLOUR, fit_form


class CrashDialog(QDialog):
    """Non-blocking: the window behind stays usable; a repeat of the error while it is open only counts up."""

    def __init__(self, kind: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Terjadi kesalahan")
        self.log_file = log_file
        self.times = 1
        self.kind = kind
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        where = (f"<b>{log_file}</b>" if log_file else "log aplikasi")
        self.text = QLabel(
            "<p>Langkah terakhir tidak selesai, tetapi aplikasi tetap dapat dipakai: tutup pesan ini dan lanjutkan.</p>"
            "<p><b>Data Anda aman.</b> Data yang sudah disimpan tidak berubah, dan isian formulir instrumen yang "
            "sedang diketik tetap tersimpan sebagai <b>draf</b> (Instrumen › Lanjutkan draf).</p>"
            f"<p>Laporan kesalahan ditulis ke {where}. Berkas itu tidak berisi NIK, nomor HP, atau kata sandi; "
            "kirimkan kepada pengelola aplikasi bersama cerita langkah terakhir Anda.</p>")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox()
        self.folder_button = QPushButton("Buka folder laporan")
        self.folder_button.setEnabled(log_file is not None)
        self.folder_button.clicked.connect(self.open_folder)
        self.copy_button = QPushButton("Salin lokasi berkas")
        self.copy_button.setEnabled(log_file is not None)
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(self.log_file)))
        close = buttons.addButton("Tutup", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close.clicked.connect(self.accept)
        close.setDefault(True)
        layout.addWidget(buttons)
        self._update_title()
        fit_form(self, 0.4)

    def _update_title(self) -> None:
        again = f" ({self.times}×)" if self.times > 1 else ""
        self.title.setText(f"Terjadi kesalahan yang tidak terduga ({self.kind}){again}.")

    def again(self, kind: str) -> None:
        """The same or another error while this dialog is open."""
        self.times += 1
        self.kind = kind
        self._update_title()

    def open_folder(self) -> None:
        if self.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))
