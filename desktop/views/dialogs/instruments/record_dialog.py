"""Enter or edit one instrument record; the unfinished form is autosaved as a draft."""

from __future__ import annotations

import datetime as dt

from desktop.instruments.definition import Instrument
from desktop.models.records import InstrumentDraft, InstrumentRecord
from desktop.services import records
from desktop.services.printing import current_skills

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.conflict_dialog import save_form
from desktop.views.instrument_form.fields import DateField
from desktop.views.instrument_form.form import InstrumentForm

AUTOSAVE_MS = 1500


class RecordDialog(QDialog):
    """The form in a scroll area, with where the data came from, messages and Simpan."""

    saved = Signal(int)

    def __init__(self, inst: Instrument, record: InstrumentRecord | None = None, draft: InstrumentDraft | None = None,
                 prefill: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inst, self.record, self.draft = inst, record, draft
        self.setWindowTitle(f"{'Ubah' if record else 'Isi'} — {inst.title}")
        skills = current_skills()
        if record is not None and record.skills:
            skills = [(code, area, label) for code, (area, label) in record.skills.items()]
        self.form = InstrumentForm(inst, skills)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)

        origin = QHBoxLayout()
        origin.addWidget(QLabel("Asal data:"))
        self.from_paper = QRadioButton("Disalin dari formulir kertas, tanggal lembar")
        self.direct = QRadioButton("Diisi langsung")
        group = QButtonGroup(self)
        group.addButton(self.from_paper)
        group.addButton(self.direct)
        self.paper_date = DateField()
        origin.addWidget(self.from_paper)
        origin.addWidget(self.paper_date)
        origin.addWidget(self.direct)
        origin.addStretch(1)
        layout.addLayout(origin)

        self.messages = QLabel("")
        self.messages.setWordWrap(True)
        self.messages.setStyleSheet("color: #b71c1c")
        layout.addWidget(self.messages)
        buttons = QHBoxLayout()
        self.draft_label = QLabel("")
        self.draft_label.setStyleSheet("color: #555")
        self.save_button = QPushButton("Simpan")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)  # Enter moves between fields; it must not save
        self.close_button = QPushButton("Tutup")
        self.close_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.draft_label, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        source = draft.answers if draft else record.answers if record else prefill or {}
        self.form.set_values(source)
        (self.direct if record is not None and record.origin == "langsung" else self.from_paper).setChecked(True)
        if record is not None and record.paper_date:
            self.paper_date.set_value(record.paper_date)
        self.timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.form.changed.connect(self.timer.start)
        self.resize(1100, 680)

    def autosave(self) -> None:
        """Keep what was typed so far, so a crash or a closed window loses nothing."""
        self.draft = records.save_draft(self.inst.id, self.form.values(), self.draft, self.record)
        self.draft_label.setText(f"Draf tersimpan otomatis {dt.datetime.now():%H:%M:%S}")

    def save(self) -> bool:
        """Validate and store; list every problem instead when the form is incomplete."""
        self.timer.stop()
        self.messages.setText("")
        paper = self.paper_date.value() if self.from_paper.isChecked() else None
        values, origin = self.form.values(), "kertas" if self.from_paper.isChecked() else "langsung"
        warnings = records.cycle_warnings(self.inst, values, self.record)
        if warnings and values != getattr(self, "warned_for", None):  # departures from the guideline: confirm once
            self.warned_for = values
            self.messages.setText("Perhatian (klik Simpan sekali lagi untuk tetap menyimpan):\n"
                                  + "\n".join(f"• {w}" for w in warnings))
            return False
        record = save_form(self, self.messages, lambda: records.save_answers(
            self.inst, values, origin=origin, paper_date=dt.date.fromisoformat(paper) if paper else None,
            record=self.record, draft=self.draft), self.record, self._reload)
        if record is None:
            return False
        self.draft = None
        self.saved.emit(record.id)
        self.accept()
        return True

    def _reload(self, current: InstrumentRecord) -> None:
        """Show the record as someone else saved it (after a conflict)."""
        self.record = current
        self.form.set_values(current.answers)

    def reject(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.autosave()
        super().reject()
