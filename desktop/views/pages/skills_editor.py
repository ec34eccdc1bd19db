"""Pengaturan › Keterampilan Kader: rename, reorder, add and retire skills of the catalogue."""

from __future__ import annotations

from desktop.models import skills
from desktop.models.errors import UserError
from desktop.models.records import Skill
from desktop.services import skills_catalogue

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.form_parts import error_label, save_cancel
from desktop.views.style import fit_form
from desktop.views.tables import fit_columns, prepare


class SkillDialog(QDialog):
    """Add or edit one skill."""

    def __init__(self, skill: Skill | None, areas: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.skill = skill
        self.setWindowTitle("Ubah keterampilan" if skill else "Tambah keterampilan")
        form = QFormLayout(self)
        self.code = QLineEdit(skill.code if skill else "")
        self.code.setReadOnly(skill is not None)  # codes are permanent: instrument items refer to them
        self.code.setMaxLength(8)
        self.area = QComboBox()
        self.area.setEditable(True)
        self.area.addItems(areas)
        self.area.setCurrentText(skill.area if skill else "")
        self.label = QPlainTextEdit(skill.label if skill else "")
        self.label.setTabChangesFocus(True)
        self.label.setFixedHeight(70)
        self.error = error_label()
        form.addRow("Kode *", self.code)
        form.addRow("Area *", self.area)
        form.addRow("Uraian *", self.label)
        form.addRow(self.error)
        buttons, _ = save_cancel(self, self.save)
        form.addRow(buttons)
        fit_form(self, 0.4)

    def save(self) -> None:
        try:
            skills_catalogue.save_skill(self.code.text(), self.area.currentText(), self.label.toPlainText(), self.skill)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class SkillsEditor(QWidget):
    """The catalogue as a table with edit buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Daftar keterampilan dasar kader yang dinilai oleh instrumen. Ubah uraian sesuai kurikulum resmi bila "
            "sudah tersedia. Keterampilan tidak dapat dihapus, hanya dipensiunkan, agar catatan lama tetap utuh."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Kode", "Area", "Uraian keterampilan", "Status"])
        prepare(self.table, wrap=[2])  # one look for every table; short labels stay on one line, rows even
        self.table.doubleClicked.connect(self.edit)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.version = QLabel("")
        row.addWidget(self.version, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("add", "Tambah…", self.add),
            ("edit", "Ubah…", self.edit),
            ("up", "Naik", lambda: self.move(-1)),
            ("down", "Turun", lambda: self.move(1)),
            ("retire", "Pensiunkan / Aktifkan", self.toggle_retired),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.refresh()

    def refresh(self, select_code: str | None = None) -> None:
        """Reload the catalogue."""
        self._skills = skills.skills(include_retired=True)
        self.table.setRowCount(len(self._skills))
        for r, s in enumerate(self._skills):
            for c, text in enumerate((s.code, s.area, s.label, "Dipensiunkan" if s.retired else "Aktif")):
                item = QTableWidgetItem(text)
                if s.retired:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
            if s.code == select_code:
                self.table.selectRow(r)
        fit_columns(self.table)
        self.version.setText(f"{len(self._skills)} keterampilan · versi katalog {skills.catalogue_version()}")

    def selected(self) -> Skill | None:
        rows = self.table.selectionModel().selectedRows()
        return self._skills[rows[0].row()] if rows else None

    def _areas(self) -> list[str]:
        return list(dict.fromkeys(s.area for s in self._skills))

    def add(self) -> SkillDialog:
        dialog = SkillDialog(None, self._areas(), self)
        dialog.accepted.connect(lambda: self.refresh(dialog.code.text().strip().upper()))
        dialog.open()
        return dialog

    def edit(self) -> SkillDialog | None:
        skill = self.selected()
        if skill is None:
            return None
        dialog = SkillDialog(skill, self._areas(), self)
        dialog.accepted.connect(lambda: self.refresh(skill.code))
        dialog.open()
        return dialog

    def move(self, offset: int) -> None:
        skill = self.selected()
        if skill is not None:
            try:
                skills_catalogue.move_skill(skill, offset)
            except UserError as exc:
                QMessageBox.warning(self, "Keterampilan Kader", str(exc))
                return
            self.refresh(skill.code)

    def toggle_retired(self) -> None:
        skill = self.selected()
        if skill is not None:
            try:
                skills_catalogue.set_retired(skill, not skill.retired)
            except UserError as exc:
                QMessageBox.warning(self, "Keterampilan Kader", str(exc))
                return
            self.refresh(skill.code)
