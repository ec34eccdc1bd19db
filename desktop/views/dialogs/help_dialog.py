"""Short Indonesian help for one section (resources/help/*.md), opened with F1 or from the Bantuan menu."""

from __future__ import annotations

from desktop.paths import RESOURCES

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

HELP = RESOURCES / "help"
TOPICS = {  # section (or topic) -> help file
    "Beranda": "beranda", "Posyandu & Kader": "posyandu-kader", "Tim Supervisor": "tim-supervisor",
    "Jadwal": "jadwal", "Instrumen": "instrumen", "Laporan": "laporan", "Pengaturan": "pengaturan",
    "Pintasan": "pintasan",
}


def help_text(topic: str) -> str:
    """The Markdown help of a section or topic."""
    return (HELP / f"{TOPICS[topic]}.md").read_text(encoding="utf-8")


class HelpDialog(QDialog):
    """The help text, rendered from Markdown."""

    def __init__(self, topic: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Bantuan — {topic}")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setMarkdown(help_text(topic))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 560)
