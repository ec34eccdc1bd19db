"""Susun jadwal bulan ini: the rules' proposal as an editable table (untick, change dates), with live conflicts."""

from __future__ import annotations

import datetime as dt

from desktop.models.errors import UserError
from desktop.models.settings import current_puskesmas
from desktop.services import schedule

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.form_parts import error_label
from desktop.views.instrument_form.fields import DateField

HEADERS = ("Ikut", "Tanggal", "Jam", "Kegiatan", "Posyandu", "Supervisor", "Kader", "Alasan usulan")
CONFLICT = QColor("#ffe0e0")


class PlanDialog(QDialog):
    """The proposal for one month; saving stores the ticked rows (all or none)."""

    saved = Signal(int)

    def __init__(self, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Susun jadwal {month:02d}/{year}")
        self.year, self.month = year, month
        self.puskesmas = current_puskesmas()
        self.rows = schedule.propose_month(self.puskesmas, year, month)
        who = schedule.names(self.puskesmas)
        layout = QVBoxLayout(self)
        intro = QLabel(f"<b>{len(self.rows)} kegiatan diusulkan</b> menurut pedoman (observasi layanan sekali sebulan "
                       "pada hari buka posyandu, observasi individu paling banyak 3 kader di posyandu prioritas, "
                       "mentoring bila 3 bulan belum ada, penilaian mandiri Awal/Akhir). Hilangkan centang atau ubah "
                       "tanggal sebelum menyimpan; bentrok ditandai merah.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(len(self.rows), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.dates: list[DateField] = []
        for r, row in enumerate(self.rows):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(r, 0, tick)
            date = DateField()
            date.set_value(row.date)
            date.textChanged.connect(lambda *_: self.update_conflicts())
            self.dates.append(date)
            self.table.setCellWidget(r, 1, date)
            staff = ", ".join(who["staff"][s] for s in row.staff_ids) or "— belum ada —"
            kader = ", ".join(who["kader"][k] for k in row.kader_ids) if len(row.kader_ids) <= 3 \
                else f"{len(row.kader_ids)} kader"
            for c, text in enumerate((f"{row.start}–{row.end}", schedule.KIND_LABELS[row.kind],
                                      who["posyandu"][row.posyandu_id], staff, kader, row.reason), start=2):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        for column in (5, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, 200)
        self.table.itemChanged.connect(lambda *_: self.update_conflicts())
        splitter.addWidget(self.table)
        self.conflicts = QListWidget()
        self.conflicts.setWordWrap(True)
        splitter.addWidget(self.conflicts)
        splitter.setSizes([460, 140])
        layout.addWidget(splitter, 1)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.update_conflicts()
        self.resize(1300, 680)

    def chosen(self) -> list[tuple[int, schedule.PlanRow]]:
        """(table row, plan row with the edited date) of every ticked row with a valid date."""
        out = []
        for r, row in enumerate(self.rows):
            if self.table.item(r, 0).checkState() != Qt.CheckState.Checked:
                continue
            value = self.dates[r].value()
            try:
                day = dt.date.fromisoformat(value) if value else None
            except ValueError:
                day = None
            if day is not None:
                row.date = day
                out.append((r, row))
        return out

    def update_conflicts(self) -> None:
        chosen = self.chosen()
        found = schedule.plan_conflicts(self.puskesmas, [row for _, row in chosen])
        marked = {chosen[k][0] for c in found for k in c.keys if isinstance(k, int) and k < len(chosen)}
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            for c in range(2, self.table.columnCount()):
                self.table.item(r, c).setBackground(CONFLICT if r in marked else QColor(Qt.GlobalColor.white))
        self.table.blockSignals(False)
        self.conflicts.clear()
        self.conflicts.addItems([f"⚠ {c.message}" for c in found] or ["Tidak ada bentrok."])
        self.save_button.setText(f"Simpan {len(chosen)} kegiatan")
        self.save_button.setEnabled(bool(chosen))

    def save(self) -> bool:
        chosen = [row for _, row in self.chosen()]
        bad = [r + 1 for r in range(len(self.rows)) if self.table.item(r, 0).checkState() == Qt.CheckState.Checked
               and r not in {i for i, _ in self.chosen()}]
        if bad:
            self.error.setText(f"Tanggal pada baris {', '.join(map(str, bad))} tidak sah.")
            return False
        try:
            saved = schedule.accept_plan(self.puskesmas, chosen)
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.saved.emit(len(saved))
        self.accept()
        return True
