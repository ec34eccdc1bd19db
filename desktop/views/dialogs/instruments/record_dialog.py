"""Enter or edit one instrument record; the unfinished form is autosaved as a draft."""

from __future__ import annotations

import datetime as dt

from desktop.instruments.definition import Instrument
from desktop.models.records import InstrumentDraft, InstrumentRecord
from desktop.services import records
from desktop.services.printing import current_skills
from desktop.services.records import Unusual

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
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
                 prefill: dict | None = None, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today or dt.date.today()  # the day of entry: a sheet dated later is refused
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
        self.save_button = QPushButton("Simpan (Ctrl+S)")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(True)  # Enter on Simpan saves; in a field Enter moves on
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
        self.typed = False  # anything typed since the form opened (Esc asks before closing then)
        self.form.changed.connect(self._typed)
        tanggal = self.form.widgets.get("tanggal")
        if tanggal is not None:  # the sheet is usually dated the day of the activity
            tanggal.changed.connect(self._follow_activity_date)
            self._paper_follows = not self.paper_date.value() or self.paper_date.value() == tanggal.value()
            self.paper_date.textEdited.connect(self._paper_typed)
            self._follow_activity_date()
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.resize(1100, 680)
        QTimer.singleShot(0, self.form, self.form.focus_first_empty)

    def _typed(self) -> None:
        self.typed = True

    def _paper_typed(self) -> None:
        self._paper_follows = False

    def _follow_activity_date(self) -> None:
        """Tanggal lembar is the activity date until the user types another."""
        if self._paper_follows:
            value = self.form.widgets["tanggal"].value()
            self.paper_date.set_value(value if value and len(value) == 10 and value[4] == "-" else None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.typed and not self.confirm_close():
            return
        super().keyPressEvent(event)

    def confirm_close(self) -> bool:
        """Ask before closing a form with typed answers (they stay as a draft)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Tutup formulir?",
                          "Tutup formulir ini? Isian yang sudah diketik disimpan sebagai draf dan dapat dibuka lagi "
                          "dari bagian Instrumen.", parent=self)
        close = box.addButton("Tutup", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Lanjut mengisi", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(close)
        box.exec()
        return box.clickedButton() is close

    def autosave(self) -> None:
        """Keep what was typed so far, so a crash or a closed window loses nothing."""
        self.draft = records.save_draft(self.inst.id, self.form.values(), self.draft, self.record)
        self.draft_label.setText(f"Draf tersimpan otomatis {dt.datetime.now():%H:%M:%S}")

    def save(self, confirmed: bool = False) -> bool:
        """Validate and store; list every problem instead when the form is incomplete, and ask about unusual
        values (the same messages the Excel import lists)."""
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
        try:
            paper_day = dt.date.fromisoformat(paper) if paper else None
        except ValueError:
            self.messages.setText(f"Tanggal lembar '{paper}' tidak sah.")
            return False
        unusual: list[Unusual] = []
        # the calendar rules judge a sheet being entered (or re-dated), not the date an old record already had
        entered_on = None if self.record is not None and values.get("tanggal") == self.record.answers.get(
            "tanggal") else self.today

        def store() -> InstrumentRecord:
            try:
                return records.save_answers(self.inst, values, origin=origin, paper_date=paper_day,
                                            record=self.record, draft=self.draft, entered_on=entered_on,
                                            confirmed=confirmed)
            except Unusual as exc:
                unusual.append(exc)
                raise

        record = save_form(self, self.messages, store, self.record, self._reload)
        if record is None:
            if unusual and self.confirm_unusual(unusual[0].warnings):
                return self.save(confirmed=True)
            return False
        self.draft = None
        self.saved.emit(record.id)
        self.accept()
        return True

    def confirm_unusual(self, warnings: list[str]) -> bool:
        """Show the unusual values; True when the user says the sheet really says so."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Periksa lagi",
                          "Nilai berikut tidak biasa. Apakah lembar kertasnya memang demikian?\n\n"
                          + "\n".join(f"• {w}" for w in warnings), parent=self)
        keep = box.addButton("Ya, simpan", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("Perbaiki dulu", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        self.unusual_box = box  # tests answer it with the keyboard
        box.exec()
        return box.clickedButton() is keep

    def _reload(self, current: InstrumentRecord) -> None:
        """Show the record as someone else saved it (after a conflict)."""
        self.record = current
        self.form.set_values(current.answers)

    def reject(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.autosave()
        super().reject()
