"""Add or edit one supervision activity; conflicts are shown before saving and need a second, conscious click."""

from __future__ import annotations

import datetime as dt

from desktop.models.errors import UserError
from desktop.models.schedule import ACTIVITY_KINDS, STATUS_CHOICES, Activity
from desktop.models.settings import current_puskesmas
from desktop.services import pickers, schedule

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from desktop.views.check_list import CheckList
from desktop.views.dialogs.conflict_dialog import NOT_SAVED, save_guarded
from desktop.views.dialogs.form_parts import choice_combo, save_cancel
from desktop.views.instrument_form.fields import DateField, PickerField, TextField, TimeField
from desktop.views.style import fit_form


class ActivityDialog(QDialog):
    """Kind, date and hours, posyandu, supervisors, kader, status."""

    saved = Signal(int)

    def __init__(self, activity: Activity | None = None, day: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.activity = activity
        self.setWindowTitle("Ubah kegiatan supervisi" if activity else "Tambah kegiatan supervisi")
        form = QFormLayout(self)
        self.kind = choice_combo(ACTIVITY_KINDS)
        self.date = DateField()
        self.start, self.end = TimeField(), TimeField()
        hours = QHBoxLayout()
        for label, widget in (("mulai", self.start), ("selesai", self.end)):
            hours.addWidget(QLabel(label))
            hours.addWidget(widget)
        hours.addStretch(1)
        self.posyandu = PickerField(pickers.posyandu_choices())
        self.supervisors = CheckList(pickers.supervisor_choices())
        self.supervisors.setMaximumHeight(120)
        self.kader = CheckList()
        self.kader.setMaximumHeight(120)
        self.kader.setToolTip("Observasi individu: paling banyak 3 kader per posyandu per bulan; coaching: 1–3 kader.")
        self.round = choice_combo([])
        self.status = choice_combo(STATUS_CHOICES)
        self.reason = TextField()
        self.reason.setPlaceholderText("Wajib bila ditunda atau dibatalkan")
        for label, widget in (("Kegiatan *", self.kind), ("Tanggal *", self.date), ("Jam", hours),
                              ("Posyandu *", self.posyandu), ("Supervisor", self.supervisors),
                              ("Kader", self.kader), ("Tahap penilaian", self.round), ("Status", self.status),
                              ("Alasan", self.reason)):
            form.addRow(label, widget)
        self.messages = QLabel("")
        self.messages.setWordWrap(True)
        self.messages.setStyleSheet("color: #b71c1c")
        form.addRow(self.messages)
        buttons, self.save_button = save_cancel(self, self.save)
        form.addRow(buttons)
        self.confirmed = False  # set after the user has seen the conflicts once
        self.posyandu.currentIndexChanged.connect(lambda _: self._posyandu_changed())
        self.kind.currentIndexChanged.connect(lambda _: self._kind_changed())
        for signal in (self.kind.currentIndexChanged, self.posyandu.currentIndexChanged, self.date.textChanged,
                       self.start.timeChanged, self.end.timeChanged, self.supervisors.changed, self.kader.changed):
            signal.connect(lambda *_: self._edited())
        if activity is not None:
            self._load(activity)
        else:
            self.date.set_value(day)
            self._kind_changed()
        fit_form(self, 0.45)

    def _load(self, activity: Activity) -> None:
        """Show a stored activity (on opening, and after "Muat ulang" in a conflict)."""
        self.activity = activity
        row = schedule.row_of(activity)
        self.kind.setCurrentIndex(self.kind.findData(row.kind))
        self.posyandu.set_value(row.posyandu_id)
        self.supervisors.set_value(row.staff_ids)
        self.kader.set_value(row.kader_ids)
        self.round.setCurrentIndex(max(0, self.round.findData(row.round)))
        self.status.setCurrentIndex(self.status.findData(row.status))
        self.reason.set_value(activity.reason)
        self.start.set_value(row.start)
        self.end.set_value(row.end)
        self.date.set_value(row.date)
        self._kind_changed(keep_times=True)

    def _posyandu_changed(self) -> None:
        self.kader.set_choices(pickers.kader_choices(self.posyandu.value()))

    def _kind_changed(self, keep_times: bool = False) -> None:
        kind = self.kind.currentData()
        self.kader.setEnabled(kind in schedule.kader_kinds())
        rounds = schedule.round_choices(kind) if kind else []
        chosen = self.round.currentData()
        self.round.clear()
        for code, label in rounds:
            self.round.addItem(label, code)
        self.round.setCurrentIndex(max(0, self.round.findData(chosen)))
        self.round.setEnabled(bool(rounds))
        if not keep_times:
            start, end = schedule.TIMES[kind]
            self.start.set_value(start)
            self.end.set_value(end)

    def _edited(self) -> None:
        self.confirmed = False
        self.save_button.setText("Simpan")

    def row(self) -> schedule.PlanRow:
        day = self.date.value()
        try:
            date = dt.date.fromisoformat(day) if day else None
        except ValueError:
            date = None
        kind = self.kind.currentData()
        return schedule.PlanRow(kind, date, self.posyandu.value(), self.supervisors.value(),  # type: ignore[arg-type]
                                self.kader.value() if kind in schedule.kader_kinds() else [], self.start.value(),
                                self.end.value(), self.round.currentData() if self.round.isEnabled() else None,
                                status=self.status.currentData())

    def save(self) -> bool:
        """Save; the first click on a conflicting activity shows the conflicts, a second one saves anyway."""
        row = self.row()
        if row.date is None:
            self.messages.setText(f"Tanggal '{self.date.text()}' tidak sah." if self.date.value() else
                                  "Tanggal wajib diisi.")
            return False
        try:
            activity = save_guarded(self, lambda: schedule.save_activity(
                current_puskesmas(), row, self.activity, self.reason.value(), allow_conflicts=self.confirmed),
                self.activity, self._load)
        except schedule.ConflictError as exc:
            self.messages.setText(f"{exc}\nUbah jadwalnya, atau klik “Simpan walau bentrok”.")
            self.confirmed = True
            self.save_button.setText("Simpan walau bentrok")
            return False
        except UserError as exc:
            self.messages.setText(str(exc))
            return False
        if activity is None:  # someone else changed it meanwhile: reloaded or cancelled
            self.messages.setText(NOT_SAVED)
            return False
        self.saved.emit(activity.id)
        self.accept()
        return True
