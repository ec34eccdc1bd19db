"""Impor daftar kader: choose a file, see a preview and the detected column mapping, adjust it, check, import."""

from __future__ import annotations

from pathlib import Path

from desktop.models.errors import UserError
from desktop.models.settings import current_puskesmas
from desktop.services import roster_import

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.views.style import fit

PREVIEW_ROWS = 15


def shown(value: object) -> str:
    """A cell as the office wrote it: 1.0 read from Excel is 1, a date is dd/mm/yyyy."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


class RosterDialog(QDialog):
    """Nothing is written until Impor is pressed, and only when every row is valid."""

    imported = Signal(str)  # the summary

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Impor daftar kader dari Excel")
        self.roster: roster_import.RosterFile | None = None
        self.plan: roster_import.Plan | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.choose = QPushButton("Pilih berkas…")
        self.choose.clicked.connect(self._choose)
        self.file_label = QLabel("Belum ada berkas. Excel (.xlsx, .xls), .ods, atau .csv.")
        top.addWidget(self.choose)
        top.addWidget(self.file_label, 1)
        layout.addLayout(top)
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 2)
        mapping_box = QGroupBox("Pemetaan kolom (periksa, ubah bila salah)")
        mapping_form = QFormLayout(mapping_box)
        self.combos: dict[str, QComboBox] = {}
        row = QHBoxLayout()
        left, right = QFormLayout(), QFormLayout()
        half = (len(roster_import.LABELS) + 1) // 2
        for n, (key, label) in enumerate(roster_import.LABELS.items()):
            combo = QComboBox()
            combo.currentIndexChanged.connect(lambda _: self._forget_check())
            self.combos[key] = combo
            (left if n < half else right).addRow(f"{label}{' *' if key in roster_import.REQUIRED else ''}", combo)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        mapping_form.addRow(row)
        layout.addWidget(mapping_box)
        self.create_missing = QCheckBox("Buat posyandu/desa yang belum tercatat")
        self.create_missing.toggled.connect(lambda _: self._forget_check())
        self.allow_moves = QCheckBox("Izinkan kader pindah posyandu (tindak lanjut terbukanya ikut pindah)")
        self.allow_moves.toggled.connect(lambda _: self._forget_check())
        options = QHBoxLayout()
        options.addWidget(self.create_missing)
        options.addWidget(self.allow_moves)
        options.addStretch(1)
        layout.addLayout(options)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(130)
        layout.addWidget(self.problems)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.check_button = QPushButton("Periksa")
        self.import_button = QPushButton("Impor")
        self.close_button = QPushButton("Tutup")
        for b in (self.check_button, self.import_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.do_import)
        self.close_button.clicked.connect(self.reject)
        self.check_button.setEnabled(False)
        self.import_button.setEnabled(False)
        fit(self, 0.85, 0.94)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Pilih daftar kader", "",
                                              "Lembar kerja (*.xlsx *.xls *.ods *.csv)")
        if path:
            self.load(path)

    def load(self, path: str) -> bool:
        """Read the file and show its preview and detected mapping."""
        self.problems.clear()
        try:
            self.roster = roster_import.read_roster(Path(path))
        except UserError as exc:
            self.roster = None
            self.summary.setText(f"<span style='color:#b71c1c'>{exc}</span>")
            self.check_button.setEnabled(False)
            self.import_button.setEnabled(False)
            return False
        roster = self.roster
        self.file_label.setText(f"{Path(path).name}: judul kolom di baris {roster.header_row}, "
                                f"{len(roster.rows)} baris data.")
        self.preview.clear()
        self.preview.setColumnCount(len(roster.headers) + 1)
        self.preview.setHorizontalHeaderLabels(["Hasil periksa"] + [h or f"(kolom {i + 1})"
                                                                     for i, h in enumerate(roster.headers)])
        self.preview.setRowCount(min(PREVIEW_ROWS, len(roster.rows)))
        self.preview.setVerticalHeaderLabels([str(n) for n, _ in roster.rows[:PREVIEW_ROWS]])
        for r, (_, cells) in enumerate(roster.rows[:PREVIEW_ROWS]):
            self.preview.setItem(r, 0, QTableWidgetItem(""))
            for c, value in enumerate(cells, start=1):
                self.preview.setItem(r, c, QTableWidgetItem(shown(value)))
        self.preview.resizeColumnsToContents()
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("— tidak ada —", None)
            for index, title in enumerate(roster.headers):
                combo.addItem(title or f"(kolom {index + 1})", index)
            combo.setCurrentIndex(max(0, combo.findData(roster.mapping.get(key))))
            combo.blockSignals(False)
        self.check_button.setEnabled(True)
        self._forget_check()
        self.summary.setText("Periksa pemetaan kolom, lalu klik <b>Periksa</b>.")
        return True

    def mapping(self) -> dict[str, int]:
        return {key: combo.currentData() for key, combo in self.combos.items() if combo.currentData() is not None}

    def _forget_check(self) -> None:
        self.plan = None
        self.import_button.setEnabled(False)

    def check(self) -> roster_import.Plan | None:
        """Check every row; Impor becomes available only when nothing is wrong."""
        if self.roster is None:
            return None
        self.plan = roster_import.check(self.roster, current_puskesmas(), self.mapping(),
                                        self.create_missing.isChecked(), allow_moves=self.allow_moves.isChecked())
        self.problems.clear()
        self.problems.addItems(self.plan.problems + self.plan.details())
        self._show_actions(self.plan)
        if self.plan.problems:
            self.summary.setText(f"<span style='color:#b71c1c'><b>{len(self.plan.problems)} masalah</b> — perbaiki "
                                 "berkasnya atau pemetaannya; belum ada yang disimpan.</span>")
        else:
            self.summary.setText(f"<span style='color:#1b5e20'>Siap diimpor: {self.plan.summary()}.</span>")
        self.import_button.setEnabled(not self.plan.problems)
        return self.plan

    def _show_actions(self, plan: roster_import.Plan) -> None:
        """What each previewed row would do: baru, diperbarui, tidak berubah, pindah, or the first problem."""
        actions = {r.row: r.action for r in plan.rows}
        wrong = {}
        for problem in plan.problems:
            head = problem.split(":", 1)[0].split(",", 1)[0]
            if head.startswith("Baris ") and head[6:].isdigit():
                wrong.setdefault(int(head[6:]), "salah")
        for r, (number, _) in enumerate(self.roster.rows[:PREVIEW_ROWS] if self.roster else []):
            item = self.preview.item(r, 0)
            action = actions.get(number, "")
            text = action if action == "pindah" else wrong.get(number) or action  # a move waits for its tick
            item.setText(text)
            item.setForeground(QColor("#b71c1c" if text == "salah" else "#e65100" if text == "pindah" else
                                      "#1b5e20"))
        self.preview.resizeColumnToContents(0)

    def do_import(self) -> bool:
        if self.plan is None or self.plan.problems:
            return False
        try:
            roster_import.apply(self.plan)
        except UserError as exc:
            self.summary.setText(f"<span style='color:#b71c1c'>{exc}</span>")
            return False
        text = f"Daftar kader diimpor: {self.plan.summary()}."
        self.summary.setText(f"<span style='color:#1b5e20'>{text}</span>")
        self.import_button.setEnabled(False)
        self.imported.emit(text)
        return True
