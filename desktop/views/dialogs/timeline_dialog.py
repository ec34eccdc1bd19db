"""The whole supervision timeline of one kader or one posyandu: assessments, instrument records with their
findings, follow-ups (open ones marked, overdue in red)."""

from __future__ import annotations

from desktop.models.people import Kader, Posyandu
from desktop.services import follow_up

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.views.style import fit
from desktop.views.tables import fill_table, make_table, wrap_column

HEADERS = ("Tanggal", "Jenis", "Keterangan")


class TimelineDialog(QDialog):
    """Newest first; read-only."""

    def __init__(self, *, kader: Kader | None = None, posyandu: Posyandu | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        who = f"Kader {kader.name} — Posyandu {kader.posyandu.name}" if kader else f"Posyandu {posyandu.name}"
        self.setWindowTitle(f"Riwayat supervisi: {who}")
        layout = QVBoxLayout(self)
        self.events = follow_up.timeline(kader=kader, posyandu=posyandu)
        opened = sum(e.open for e in self.events)
        late = sum(e.overdue for e in self.events)
        layout.addWidget(QLabel(f"<b>{who}</b><br>{len(self.events)} peristiwa; {opened} tindak lanjut terbuka, "
                                f"{late} lewat batas waktu."))
        self.table = make_table(HEADERS)
        fill_table(self.table, [(f"{e.day:%d/%m/%Y}", e.kind, e.text) for e in self.events])
        for row, event in enumerate(self.events):
            if event.overdue or event.open:
                for column in range(len(HEADERS)):
                    self.table.item(row, column).setForeground(QColor("#b71c1c" if event.overdue else "#e65100"))
        wrap_column(self.table, 1)  # instrument titles are long too
        wrap_column(self.table, 2)
        self.table.doubleClicked.connect(lambda index: self.open_event(index.row()))
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("Klik dua kali satu baris untuk membuka catatan instrumennya."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit(self, 0.72, 0.8)

    def open_event(self, row: int):
        """The instrument record of a row (a finding: the record it was found in)."""
        from desktop.views.dialogs.kader.detail_dialog import open_event

        return open_event(self.events[row], self) if 0 <= row < len(self.events) else None
