"""A plain page for sections that are not built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    """Says plainly that a section is not available yet and what it will hold."""

    def __init__(self, title: str, plan: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        notice = QLabel(
            "<p><b>Bagian ini belum tersedia pada versi ini.</b></p>"
            f"<p>Nantinya di sini Anda dapat: {plan}</p>"
        )
        notice.setWordWrap(True)
        notice.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        layout.addWidget(notice)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Nothing to reload."""
