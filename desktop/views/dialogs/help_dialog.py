"""Short Indonesian help for one section (resources/help/*.md), opened with F1 or from the Bantuan menu."""

from __future__ import annotations

from desktop.paths import RESOURCES

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.views.style import fit

HELP = RESOURCES / "help"
GUIDE = RESOURCES.parent / "docs" / "panduan.md"
TOPICS = {  # section (or topic) -> help file
    "Beranda": "beranda", "Posyandu & Kader": "posyandu-kader", "Tim Supervisor": "tim-supervisor",
    "Jadwal": "jadwal", "Instrumen": "instrumen", "Laporan": "laporan", "Pengaturan": "pengaturan",
    "Pintasan": "pintasan",
}
GUIDE_TOPIC = "Panduan pengguna"


def help_file(topic: str):
    """The Markdown file of a section, a topic, or the user guide."""
    return GUIDE if topic == GUIDE_TOPIC else HELP / f"{TOPICS[topic]}.md"


class HelpDialog(QDialog):
    """The help text, rendered from Markdown."""

    def __init__(self, topic: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Bantuan — {topic}")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        path = help_file(topic)
        self.text.setSearchPaths([str(path.parent)])  # the guide's screenshots
        self.text.setMarkdown(path.read_text(encoding="utf-8"))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit(self, 0.66, 0.9) if topic == GUIDE_TOPIC else fit(self, 0.52, 0.75)
