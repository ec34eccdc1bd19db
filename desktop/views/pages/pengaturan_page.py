"""Pengaturan: puskesmas identity (kop surat, signatories), wilayah (kecamatan/desa), skill catalogue."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.views.pages.audit_viewer import AuditViewer
from desktop.views.pages.identity_editor import IdentityEditor
from desktop.views.pages.server_editor import ServerEditor
from desktop.views.pages.skills_editor import SkillsEditor
from desktop.views.pages.users_editor import UsersEditor
from desktop.views.pages.wilayah_editor import WilayahEditor


class PengaturanPage(QWidget):
    """Tabs for each kind of setting; `saved` fires when the identity changes."""

    saved = Signal()
    wizard_requested = Signal()
    use_location = Signal(object)  # work on another database (Basis Data Bersama)
    puskesmas_added = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Pengaturan</h2>"))
        top.addStretch(1)
        self.wizard_button = QPushButton("Jalankan panduan awal…")
        self.wizard_button.setToolTip("Langkah demi langkah: identitas, wilayah, daftar kader. Data yang sudah ada "
                                      "tidak ditimpa tanpa bertanya.")
        self.wizard_button.clicked.connect(self.wizard_requested)
        top.addWidget(self.wizard_button)
        outer.addLayout(top)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs)
        self.identity = IdentityEditor()
        self.identity.saved.connect(self.saved)
        self.wilayah = WilayahEditor()
        self.skills = SkillsEditor()
        self.tabs.addTab(self.identity, "Identitas Puskesmas")
        self.tabs.addTab(self.wilayah, "Wilayah Kerja")
        self.tabs.addTab(self.skills, "Keterampilan Kader")
        self.users = UsersEditor()
        self.audit = AuditViewer()
        self.tabs.addTab(self.users, "Pengguna")
        self.tabs.addTab(self.audit, "Jejak audit")
        self.server = ServerEditor()
        self.server.use_location.connect(self.use_location)
        self.server.puskesmas_added.connect(self.puskesmas_added)
        self.tabs.addTab(self.server, "Basis Data Bersama")

    def refresh(self) -> None:
        for tab in (self.identity, self.wilayah, self.skills, self.users, self.audit, self.server):
            tab.refresh()

    def go_to(self, place: str) -> None:
        """Beranda's link 'panduan-awal' starts the first-run wizard."""
        if place == "panduan-awal":
            self.wizard_requested.emit()
