"""Pengaturan › Jejak audit: who changed what and when (read-only; PJ Promkes), filtered, exportable to Excel."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from desktop.models.audit import AuditLog, field_label
from desktop.models.errors import UserError
from desktop.services import auth

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.views.instrument_form.fields import DateField
from desktop.views.tables import fill_table, make_table

HEADERS = ("Waktu", "Pengguna", "Tindakan", "Data", "No.", "Perubahan")
SHOWN = 500  # newest entries on screen; the export holds up to 1,000 per filter


def _changes(text: str) -> str:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return text
    return "; ".join(f"{field_label(field)}: {new!s:.40}" if old is None
                     else f"{field_label(field)}: {old!s:.40} → {new!s:.40}"
                     for field, (old, new) in data.items() if field != "version")  # bookkeeping, not content


class AuditViewer(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.user = QComboBox()
        self.entity = QComboBox()
        self.since, self.until = DateField(), DateField()
        self.show_button = QPushButton("Tampilkan")
        self.export_button = QPushButton("Ekspor Excel…")
        for label, widget in (("Pengguna", self.user), ("Data", self.entity), ("Dari", self.since),
                              ("Sampai", self.until)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.show_button)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)
        self.note = QLabel("")
        layout.addWidget(self.note)
        self.table = make_table(HEADERS)  # one line per entry; the full change list is in the tooltip
        layout.addWidget(self.table, 1)
        self.show_button.clicked.connect(self.show_entries)
        self.export_button.clicked.connect(lambda: self.export())
        self.refresh()

    def refresh(self) -> None:
        allowed = auth.users_exist() and auth.allowed("view_audit")
        self.setEnabled(allowed)
        if not allowed:
            self.note.setText("Jejak audit hanya dapat dilihat PJ Promkes (setelah akun dibuat).")
            return
        for combo, field in ((self.user, AuditLog.username), (self.entity, AuditLog.entity)):
            combo.clear()
            combo.addItem("Semua", None)
            for (value,) in AuditLog.select(field).distinct().order_by(field).tuples():
                if value:
                    combo.addItem(value, value)
        self.show_entries()

    def _day(self, field: DateField) -> dt.date | None:
        value = field.value()
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError:
            return None

    def entries(self):
        return auth.audit_entries(self.user.currentData(), self.entity.currentData(), self._day(self.since),
                                  self._day(self.until))

    def show_entries(self) -> None:
        rows = list(self.entries().limit(SHOWN))
        fill_table(self.table, [(f"{e.at:%d/%m/%Y %H:%M}", e.username or "(tanpa akun)", e.action, e.entity,
                                 e.entity_id, _changes(e.changes) or e.detail) for e in rows])
        for row in range(len(rows)):
            item = self.table.item(row, 5)
            item.setToolTip(item.text())
        self.note.setText(f"{len(rows)} entri terbaru ditampilkan (jejak tidak dapat diubah atau dihapus).")

    def export(self, path: str | None = None) -> Path | None:
        path = path or QFileDialog.getSaveFileName(self, "Ekspor jejak audit", "jejak-audit.xlsx", "Excel (*.xlsx)")[0]
        if not path:
            return None
        try:
            auth.export_audit(Path(path), self.entries())
        except UserError as exc:
            self.note.setText(str(exc))
            return None
        return Path(path)
