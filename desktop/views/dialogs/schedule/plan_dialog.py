"""Susun jadwal bulan ini: the rules' proposal as an editable table (untick, change dates), with live conflicts."""

from __future__ import annotations

import datetime as dt

from desktop.models.errors import UserError
from desktop.models.schedule_rules import month_bounds
from desktop.models.settings import current_puskesmas
from desktop.services import schedule
from desktop.services.printing import MONTHS

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.views.dialogs.form_parts import error_label
from desktop.views.instrument_form.fields import DateField
from desktop.views.style import ERROR_COLOUR, fit
from desktop.views.tables import fit_columns, prepare

HEADERS = ("Ikut", "Tanggal", "Jam", "Kegiatan", "Posyandu", "Supervisor", "Kader", "Alasan usulan", "Bentrok")
CONFLICT = QColor("#ffe0e0")
SAVED = QColor("#eeeeee")
CONFLICT_COLUMN = 8


class PlanDialog(QDialog):
    """The proposal for one month, sorted by date, with what is already planned that month shown in grey on the same
    list; saving stores the ticked proposals (all or none). Each conflict is written on the rows it concerns."""

    saved = Signal(int)

    def __init__(self, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        month_name = f"{MONTHS[month - 1]} {year}"
        self.setWindowTitle(f"Susun jadwal {month_name}")
        self.year, self.month = year, month
        self.puskesmas = current_puskesmas()
        who = schedule.names(self.puskesmas)
        self.rows = sorted(schedule.propose_month(self.puskesmas, year, month),
                           key=lambda r: (r.date, r.start, who["posyandu"].get(r.posyandu_id, "")))
        first, last = month_bounds(year, month)
        self.existing = [v for v in schedule.month_view(self.puskesmas, first, last) if v.activity.status != "batal"]
        layout = QVBoxLayout(self)
        planned = (f" {len(self.existing)} kegiatan sudah direncanakan bulan ini (abu-abu, tidak diubah di sini)."
                   if self.existing else "")
        if self.rows:
            text = (f"<b>{len(self.rows)} kegiatan diusulkan untuk {month_name}</b> menurut pedoman (observasi layanan "
                    "sekali sebulan pada hari buka posyandu, observasi individu paling banyak 3 kader di posyandu "
                    "prioritas, mentoring bila 3 bulan belum ada, penilaian mandiri Awal/Akhir), urut tanggal."
                    f"{planned} Hilangkan centang atau ubah tanggal sebelum menyimpan; bentrok ditulis merah pada "
                    "barisnya.")
        else:
            text = (f"<b>Semua kegiatan wajib {month_name} sudah direncanakan.</b>{planned} Ubah satu kegiatan "
                    "lewat Jadwal › Ubah…, atau tambahkan kegiatan lain dengan Tambah kegiatan….")
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        # table rows: proposals and saved activities together, by date
        entries: list[tuple[dt.date, str, int, object]] = [(r.date, r.start, i, r) for i, r in enumerate(self.rows)]
        entries += [(v.activity.date, v.activity.start, -1, v) for v in self.existing]
        entries.sort(key=lambda e: (e[0], e[1], e[2] < 0))
        self.table = QTableWidget(len(entries), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        prepare(self.table, wrap=[3, 5, 6, 7, CONFLICT_COLUMN])
        self.dates: list[DateField] = [DateField() for _ in self.rows]
        self.table_row: dict[int, int] = {}  # plan row index -> table row
        self.saved_row: dict[int, int] = {}  # activity id -> table row
        for r, (_day, _start, index, entry) in enumerate(entries):
            if index >= 0:
                row = entry
                self.table_row[index] = r
                tick = QTableWidgetItem()
                tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                tick.setCheckState(Qt.CheckState.Checked)
                self.table.setItem(r, 0, tick)
                date = self.dates[index]
                date.set_value(row.date)
                date.textChanged.connect(lambda *_: self.update_conflicts())
                self.table.setCellWidget(r, 1, date)
                staff = ", ".join(who["staff"][s] for s in row.staff_ids) or "— belum ada —"
                kader = ", ".join(who["kader"][k] for k in row.kader_ids) if len(row.kader_ids) <= 3 \
                    else f"{len(row.kader_ids)} kader"
                texts = (f"{row.start}–{row.end}", schedule.KIND_LABELS[row.kind], who["posyandu"][row.posyandu_id],
                         staff, kader, row.reason)
            else:
                view = entry
                self.saved_row[view.activity.id] = r
                for c, text in ((0, "sudah"), (1, f"{view.activity.date:%d/%m/%Y}")):
                    item = QTableWidgetItem(text)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    item.setToolTip(f"Sudah direncanakan ({view.activity.status_label})")
                    self.table.setItem(r, c, item)
                kader = ", ".join(view.kader) if len(view.kader) <= 3 else f"{len(view.kader)} kader"
                texts = (f"{view.activity.start}–{view.activity.end}", view.activity.kind_label,
                         view.activity.posyandu.name, ", ".join(view.supervisors) or "—", kader,
                         "Sudah di jadwal" + (f" ({view.activity.status_label})"
                                              if view.activity.status != "rencana" else ""))
            for c, text in enumerate((*texts, ""), start=2):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(r, c, item)
            if index < 0:
                for c in range(len(HEADERS)):
                    self.table.item(r, c).setBackground(SAVED)
        self.table.itemChanged.connect(lambda *_: self.update_conflicts())
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Tutup" if not self.rows else "Batal")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.update_conflicts()
        fit(self, 0.96, 0.94)

    def row_of(self, index: int) -> int:
        """The table row of proposal `index`."""
        return self.table_row[index]

    def chosen(self) -> list[tuple[int, schedule.PlanRow]]:
        """(table row, plan row with the edited date) of every ticked row with a valid date."""
        out = []
        for r, row in enumerate(self.rows):
            if self.table.item(self.table_row[r], 0).checkState() != Qt.CheckState.Checked:
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

    def conflicts(self) -> list[str]:
        """Every conflict of the ticked proposals, as written on their rows."""
        return [c.message for c in self.found]

    def update_conflicts(self) -> None:
        chosen = self.chosen()
        self.found = schedule.plan_conflicts(self.puskesmas, [row for _, row in chosen]) if chosen else []
        messages: dict[int, list[str]] = {}
        for c in self.found:
            for k in c.keys:
                if isinstance(k, int) and k < len(chosen):
                    messages.setdefault(self.table_row[chosen[k][0]], []).append(c.message)
                elif isinstance(k, tuple) and k[0] == "activity" and k[1] in self.saved_row:
                    messages.setdefault(self.saved_row[k[1]], []).append(c.message)
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            saved = r in self.saved_row.values()
            lines = messages.get(r, [])
            note = self.table.item(r, CONFLICT_COLUMN)
            note.setText("\n".join(f"⚠ {m}" for m in dict.fromkeys(lines)))
            note.setForeground(QColor(ERROR_COLOUR))
            colour = CONFLICT if lines else SAVED if saved else QColor(Qt.GlobalColor.white)
            for c in range(2, self.table.columnCount()):
                self.table.item(r, c).setBackground(colour)
        self.table.blockSignals(False)
        fit_columns(self.table)
        rows = len(messages)
        self.summary.setText(f"<span style='color:{ERROR_COLOUR}'>⚠ {len(self.found)} bentrok pada {rows} baris — "
                             "lihat kolom Bentrok.</span>" if self.found else "Tidak ada bentrok.")
        self.save_button.setText(f"Simpan {len(chosen)} kegiatan")
        self.save_button.setEnabled(bool(chosen))
        self.save_button.setVisible(bool(self.rows))

    def save(self) -> bool:
        chosen = [row for _, row in self.chosen()]
        bad = [self.table_row[r] + 1 for r in range(len(self.rows))
               if self.table.item(self.table_row[r], 0).checkState() == Qt.CheckState.Checked
               and r not in {i for i, _ in self.chosen()}]
        if bad:
            self.error.setText(f"Tanggal pada baris {', '.join(map(str, sorted(bad)))} tidak sah.")
            return False
        try:
            saved = schedule.accept_plan(self.puskesmas, chosen)
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.saved.emit(len(saved))
        self.accept()
        return True
