"""One kader: identity (personal data masked unless asked), classification and training history with entry,
and the supervision timeline."""

from __future__ import annotations

import datetime as dt

from desktop.models.errors import UserError
from desktop.models.kader_history import ClassificationAssessment, TrainingRecord
from desktop.models.nik import mask_nik, mask_phone
from desktop.models.people import CLASSIFICATION_CHOICES, TRAINING_CHOICES, Kader
from desktop.services import auth, follow_up
from desktop.services.kader_service import add_classification, save_training

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.form_parts import error_label, save_cancel
from desktop.views.instrument_form.fields import DateField, NumberField, TextField
from desktop.views.style import fit, fit_form
from desktop.views.tables import fill_table, make_table, wrap_column


def open_event(event, parent: QWidget, otherwise=None):
    """The instrument record behind a timeline event, opened for reading or correcting (None when it has none)."""
    from desktop.instruments.loader import load_instrument
    from desktop.models.records import InstrumentRecord

    from desktop.views.dialogs.instruments.record_dialog import RecordDialog

    if event.record_id is None:
        if otherwise is not None:
            otherwise()
        return None
    record = InstrumentRecord.get_by_id(event.record_id)
    dialog = RecordDialog(load_instrument(record.instrument), record=record, parent=parent)
    dialog.open()
    return dialog


def _date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


class _EntryDialog(QDialog):
    """A small form with Simpan/Batal whose save() calls `store` and shows its UserError."""

    def __init__(self, title: str, rows: list[tuple[str, QWidget]], store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.store = store
        form = QFormLayout(self)
        for label, widget in rows:
            form.addRow(label, widget)
        self.error = error_label()
        form.addRow(self.error)
        buttons, self.save_button = save_cancel(self, self.save)
        form.addRow(buttons)
        fit_form(self)

    def save(self) -> bool:
        try:
            self.store()
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.accept()
        return True


class KaderDetailDialog(QDialog):
    """Tabs: Data kader, Klasifikasi, Pelatihan, Riwayat supervisi. `changed` fires after any entry."""

    changed = Signal()

    def __init__(self, kader: Kader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kader = kader
        self.setWindowTitle(f"Kader {kader.name}")
        layout = QVBoxLayout(self)
        self.header = QLabel()
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        data = QWidget()
        data_form = QFormLayout(data)
        self.nik = QLabel()
        self.phone = QLabel()
        self.show_personal = QCheckBox("Tampilkan NIK dan nomor HP lengkap")
        self.show_personal.toggled.connect(self._show_personal)
        self.facts: dict[str, QLabel] = {key: QLabel() for key in ("posyandu", "birth", "start", "training", "level")}
        for label, widget in (("Posyandu", self.facts["posyandu"]), ("NIK", self.nik), ("No. HP/WA", self.phone),
                              ("", self.show_personal), ("Tanggal lahir", self.facts["birth"]),
                              ("Mulai menjadi kader", self.facts["start"]),
                              ("Status pelatihan", self.facts["training"]), ("Klasifikasi", self.facts["level"])):
            data_form.addRow(label, widget)
        self.tabs.addTab(data, "Data kader")

        self.levels = make_table(("Tanggal", "Tingkat", "Penilai", "Sumber"))
        self.add_level_button = QPushButton("Tambah hasil penilaian…")
        self.add_level_button.clicked.connect(self.add_level)
        self.tabs.addTab(self._with_buttons(self.levels, [self.add_level_button],
                                            "Klasifikasi dicatat dari hasil penilaian (uji kompetensi), terbaru di "
                                            "atas; yang terbaru menjadi klasifikasi kader."), "Klasifikasi")
        self.trainings = make_table(("Angkatan pelatihan", "Progres daring", "Praktik", "Sertifikat", "Catatan"))
        self.add_training_button = QPushButton("Tambah pelatihan…")
        self.add_training_button.clicked.connect(lambda: self.edit_training(None))
        self.edit_training_button = QPushButton("Ubah…")
        self.edit_training_button.clicked.connect(self._edit_selected_training)
        self.tabs.addTab(self._with_buttons(self.trainings, [self.add_training_button, self.edit_training_button],
                                            "Pelatihan 25 keterampilan dasar: progres belajar daring, praktik "
                                            "lapangan, dan sertifikat (progres 100%)."), "Pelatihan")
        self.timeline = make_table(("Tanggal", "Jenis", "Keterangan"))
        wrap_column(self.timeline, 1)  # instrument titles are long too
        wrap_column(self.timeline, 2)
        self.timeline.doubleClicked.connect(lambda index: self.open_event(index.row()))
        self.timeline.setToolTip("Klik dua kali untuk membuka catatan instrumennya")
        self.tabs.addTab(self.timeline, "Riwayat supervisi")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_personal.setEnabled(auth.allowed("view_personal"))
        for button in (self.add_level_button, self.add_training_button, self.edit_training_button):
            button.setEnabled(auth.allowed("edit_master"))
        self.refresh()
        fit(self, 0.56, 0.8)

    @staticmethod
    def _with_buttons(table, buttons: list[QPushButton], note: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        text = QLabel(note)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(table, 1)
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def refresh(self) -> None:
        k = self.kader = Kader.get_by_id(self.kader.id)
        levels = dict(CLASSIFICATION_CHOICES)
        self.header.setText(f"<h3>{k.name}</h3>{'Aktif' if k.active else 'Nonaktif'} · Posyandu {k.posyandu.name}, "
                            f"Desa {k.posyandu.desa.name}")
        self._show_personal(self.show_personal.isChecked())
        age = f" ({(dt.date.today() - k.birth_date).days // 365} tahun)" if k.birth_date else ""
        for key, text in (("posyandu", f"{k.posyandu.name} — Desa {k.posyandu.desa.name}"),
                          ("birth", _date(k.birth_date) + age or "—"), ("start", str(k.start_year or "—")),
                          ("training", dict(TRAINING_CHOICES).get(k.training_status, "")),
                          ("level", f"{levels[k.classification]} sejak {_date(k.classification_date)}"
                           if k.classification else "Belum dinilai")):
            self.facts[key].setText(text)
        fill_table(self.levels, [(_date(a.assessed_on), levels.get(a.level, a.level), a.assessor, a.source)
                                 for a in k.classifications.order_by(ClassificationAssessment.assessed_on.desc())])
        self.training_rows = list(k.trainings.order_by(TrainingRecord.id))
        fill_table(self.trainings, [(t.batch, f"{t.online_progress}%", _date(t.practice_done_on),
                                     _date(t.certificate_date), t.notes) for t in self.training_rows])
        events = self.events = follow_up.timeline(kader=k)
        fill_table(self.timeline, [(_date(e.day), e.kind, e.text) for e in events])
        for row, event in enumerate(events):
            if event.overdue:
                for column in range(3):
                    self.timeline.item(row, column).setForeground(QColor("#b71c1c"))
        self.tabs.setTabText(3, f"Riwayat supervisi ({len(events)})")

    def open_event(self, row: int):
        """A timeline row opens its instrument record (a finding: the record it was found in); a classification
        row shows the Klasifikasi tab."""
        if not 0 <= row < len(self.events):
            return None
        return open_event(self.events[row], self, lambda: self.tabs.setCurrentIndex(1))

    def _show_personal(self, full: bool) -> None:
        self.nik.setText((self.kader.nik if full else mask_nik(self.kader.nik)) or "—")
        self.phone.setText((self.kader.phone if full else mask_phone(self.kader.phone)) or "—")

    def _after(self, dialog: _EntryDialog) -> _EntryDialog:
        dialog.accepted.connect(lambda: (self.refresh(), self.changed.emit()))
        dialog.open()
        return dialog

    def add_level(self) -> _EntryDialog:
        level = QComboBox()
        for code, label in CLASSIFICATION_CHOICES:
            level.addItem(label, code)
        day, assessor, source = DateField(), TextField(), TextField()
        source.setPlaceholderText("mis. Uji kompetensi Bapelkes 2026")
        dialog = _EntryDialog(
            "Hasil penilaian klasifikasi", [("Tingkat *", level), ("Tanggal penilaian *", day), ("Penilai", assessor),
                                            ("Sumber", source)],
            lambda: add_classification(self.kader, level.currentData(), day.value(), assessor.value(), source.value()),
            self)
        dialog.fields = (level, day, assessor, source)
        return self._after(dialog)

    def _edit_selected_training(self) -> _EntryDialog | None:
        row = self.trainings.currentRow()
        return self.edit_training(self.training_rows[row]) if row >= 0 else None

    def edit_training(self, record: TrainingRecord | None) -> _EntryDialog:
        batch, progress, practice, certificate, notes = TextField(), NumberField(0, 100), DateField(), DateField(), \
            TextField()
        batch.setPlaceholderText("mis. Batch 3 - Angkatan 7")
        if record is not None:
            batch.set_value(record.batch)
            progress.set_value(record.online_progress)
            practice.set_value(record.practice_done_on)
            certificate.set_value(record.certificate_date)
            notes.set_value(record.notes)
        dialog = _EntryDialog(
            "Pelatihan kader", [("Angkatan pelatihan *", batch), ("Progres belajar daring (%) *", progress),
                                ("Tanggal praktik lapangan", practice), ("Tanggal sertifikat", certificate),
                                ("Catatan", notes)],
            lambda: save_training(self.kader, batch.value(), progress.value(), practice.value(), certificate.value(),
                                  notes.value(), record),
            self)
        dialog.fields = (batch, progress, practice, certificate, notes)
        return self._after(dialog)
