"""Tim Supervisor: the technical team and its load, the SK register of managerial teams, the live checks and the
priority list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.models.errors import UserError
from desktop.models.people import Staff
from desktop.models.settings import current_puskesmas
from desktop.models.teams import SkDecree
from desktop.services import printing, teams
from desktop.services.priorities import priorities

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.views import style
from desktop.views.dialogs.teams.assign_dialog import AssignDialog
from desktop.views.dialogs.teams.sk_dialog import SkDialog
from desktop.views.dialogs.teams.staff_dialog import StaffDialog
from desktop.views.tables import fill_table, make_table, selected_key

STAFF_HEADERS = ("Nama", "Peran", "Desa", "Posyandu binaan", "Kader binaan", "Keterangan")
SK_HEADERS = ("Desa/Kelurahan", "Nomor SK", "Tanggal", "Berlaku s.d.", "Anggota", "Status", "Berkas")
PRIORITY_HEADERS = ("No", "Posyandu", "Desa", "Alasan")
ISSUE_ICONS = {"ratio": "mdi6.account-multiple-plus-outline", "unassigned": "mdi6.home-alert-outline",
               "over": "mdi6.scale-unbalanced", "bidan_over": "mdi6.scale-unbalanced",
               "sk_missing": "mdi6.file-document-alert-outline", "sk_expired": "mdi6.file-document-alert-outline",
               "sk_ending": "mdi6.clock-alert-outline"}
ISSUE_HINTS = {
    "ratio": "Tambah petugas (nakes) dengan «Tambah petugas…», lalu pilih dia dan klik «Atur posyandu binaan…».",
    "unassigned": "Pilih seorang supervisor di tabel ini, klik «Atur posyandu binaan…», lalu centang posyandu ini.",
    "over": "Membuka posyandu binaannya: hilangkan centang sebagian dan berikan ke supervisor lain.",
    "bidan_over": "Membuka posyandu binaannya: hilangkan centang sebagian dan berikan ke supervisor lain.",
    "sk_missing": "Membuka «Catat SK baru» untuk desa ini.",
    "sk_expired": "Membuka «Catat SK baru» untuk desa ini (SK perpanjangan).",
    "sk_ending": "Membuka «Catat SK baru» untuk desa ini (SK perpanjangan).",
}
WARN_COLOURS = {"kedaluwarsa": "#b71c1c", "tidak_ada": "#b71c1c", "segera_berakhir": "#e65100"}


def _buttons(*labels: str) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    buttons = [QPushButton(label) for label in labels]
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row, buttons


class TimPage(QWidget):
    """Everything about supervisor teams of the current puskesmas; the main window refreshes it on each visit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Tim Supervisor</h2>"))
        top.addStretch(1)
        self.print_button = QPushButton("Cetak susunan tim (PDF)…")
        self.print_button.clicked.connect(self.print_roster)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.ratio = QLabel()
        self.ratio.setWordWrap(True)
        layout.addWidget(self.ratio)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        technical = QWidget()
        tech_layout = QVBoxLayout(technical)
        tech_layout.addWidget(QLabel("Supervisor teknis: nakes puskesmas; PJ Promkes sebagai koordinator. "
                                     "Pedoman: satu supervisor membina sekitar 25–30 kader."))
        self.staff_table = make_table(STAFF_HEADERS)
        self.staff_table.doubleClicked.connect(self.assign)
        self.hint = QLabel()
        self.hint.setObjectName("notice")
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        tech_layout.addWidget(self.hint)
        tech_layout.addWidget(self.staff_table, 1)
        row, (self.add_staff_button, self.edit_staff_button, self.assign_button) = _buttons(
            "Tambah petugas…", "Ubah petugas…", "Atur posyandu binaan…")
        self.add_staff_button.clicked.connect(lambda: self._staff_dialog(None))
        self.edit_staff_button.clicked.connect(self.edit_staff)
        self.assign_button.clicked.connect(self.assign)
        tech_layout.addLayout(row)
        self.tabs.addTab(technical, "Tim Teknis")

        managerial = QWidget()
        sk_layout = QVBoxLayout(managerial)
        sk_layout.addWidget(QLabel("Supervisor manajerial: pemerintah desa/kelurahan dan TP Posyandu, ditetapkan "
                                   "dengan SK Kepala Desa/Lurah. SK yang berakhir dalam 30 hari ditandai."))
        self.sk_table = make_table(SK_HEADERS)
        self.sk_table.doubleClicked.connect(self.edit_sk)
        sk_layout.addWidget(self.sk_table, 1)
        row, (self.add_sk_button, self.edit_sk_button, self.open_sk_button) = _buttons(
            "Catat SK baru…", "Ubah SK…", "Buka berkas SK")
        self.add_sk_button.clicked.connect(self.add_sk)
        self.edit_sk_button.clicked.connect(self.edit_sk)
        self.open_sk_button.clicked.connect(self.open_sk_file)
        sk_layout.addLayout(row)
        self.tabs.addTab(managerial, "Tim Manajerial && SK")

        checks = QWidget()
        check_layout = QVBoxLayout(checks)
        check_layout.addWidget(QLabel("Klik dua kali satu baris untuk membuka tempat memperbaikinya."))
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setAlternatingRowColors(True)
        self.problems.itemActivated.connect(lambda item: self.open_issue(self.problems.row(item)))
        check_layout.addWidget(self.problems, 1)
        row, (self.fix_button,) = _buttons("Buka untuk memperbaiki…")
        self.fix_button.clicked.connect(lambda: self.open_issue(self.problems.currentRow()))
        check_layout.addLayout(row)
        self.tabs.addTab(checks, "Pemeriksaan")

        self.priority_table = make_table(PRIORITY_HEADERS)
        self.priority_table.setWordWrap(True)
        self.tabs.addTab(self.priority_table, "Prioritas")
        self.refresh()

    def refresh(self) -> None:
        """Reload every tab from the database."""
        puskesmas = current_puskesmas()
        enabled = puskesmas is not None
        for w in (self.tabs, self.print_button):
            w.setEnabled(enabled)
        if not enabled:
            self.ratio.setText(style.NEEDS_PUSKESMAS)
            return
        today = dt.date.today()
        check = teams.team_check(puskesmas, today)
        short = check.ratio.shortfall or not check.ratio.supervisors
        self.ratio.setText(f"<span style='color:{'#b71c1c' if short else '#1b5e20'}'>{check.ratio.message()}</span>")

        rows = teams.technical_rows(puskesmas, today)
        names = teams.posyandu_names(puskesmas)
        fill_table(self.staff_table, [
            (r.staff.name, r.staff.role_label, r.staff.desa.name if r.staff.desa_id else "",
             ", ".join(sorted(names[p] for p in r.posyandu_ids)) or "—", f"{r.load:.0f}",
             "Melebihi 30 kader" if r.over_capacity else "Lebih dari 7 posyandu" if r.bidan_over
             else "" if r.posyandu_ids else "Belum ditugaskan")
            for r in rows], [r.staff.id for r in rows])

        fill_table(self.sk_table, [
            (t.desa.name, t.decree.number if t.decree else "—",
             f"{t.decree.signed_on:%d/%m/%Y}" if t.decree else "",
             (f"{t.decree.valid_until:%d/%m/%Y}" if t.decree.valid_until else "tanpa batas") if t.decree else "",
             t.members, t.status_label, "Ada" if t.decree and t.decree.file_name else "")
            for t in check.desa], [(t.desa.id, t.decree.id if t.decree else None) for t in check.desa])
        for row, team in enumerate(check.desa):
            if team.status in WARN_COLOURS:
                self.sk_table.item(row, 5).setForeground(QColor(WARN_COLOURS[team.status]))

        self.issues = check.issues()
        self.problems.clear()
        for issue in self.issues:
            item = QListWidgetItem(style.icon(ISSUE_ICONS[issue.kind], style.ERROR_COLOUR), issue.message)
            item.setToolTip(ISSUE_HINTS[issue.kind])
            self.problems.addItem(item)
        if not self.issues:
            self.problems.addItem("Tidak ada masalah: setiap posyandu punya supervisor teknis, beban sesuai pedoman, "
                                  "dan setiap desa punya SK yang berlaku.")
        self.fix_button.setEnabled(bool(self.issues))
        self.tabs.setTabText(2, f"Pemeriksaan ({len(self.issues)})")

        found = priorities(puskesmas, today)
        fill_table(self.priority_table, [(n, p.posyandu.name, p.posyandu.desa.name, "\n".join(p.reasons))
                                         for n, p in enumerate(found, start=1)], [p.posyandu.id for p in found])
        self.priority_table.resizeRowsToContents()

    # --- checks: each opens the place to fix it ---

    def open_issue(self, index: int):
        """The dialog (or tab) where the issue at `index` of the Pemeriksaan list is fixed."""
        if not 0 <= index < len(getattr(self, "issues", [])):
            return None
        issue = self.issues[index]
        if issue.kind in ("over", "bidan_over"):
            dialog = AssignDialog(Staff.get_by_id(issue.key), self)
            dialog.saved.connect(lambda _: self.refresh())
            dialog.open()
            return dialog
        if issue.kind in ("sk_missing", "sk_expired", "sk_ending"):
            dialog = SkDialog(desa_id=issue.key, parent=self)
            dialog.saved.connect(lambda _: self.refresh())
            dialog.open()
            return dialog
        self.tabs.setCurrentIndex(0)  # ratio, unassigned posyandu: choose a supervisor in the technical team
        self.hint.setText(f"{issue.message} {ISSUE_HINTS[issue.kind]}")
        self.hint.setVisible(True)
        return None

    def go_to(self, anchor: str) -> None:
        """Beranda's links: 'pemeriksaan' or 'masalah-N' (open issue N)."""
        self.tabs.setCurrentIndex(2)
        if anchor.startswith("masalah-"):
            self.problems.setCurrentRow(int(anchor.split("-")[1]))
            self.open_issue(int(anchor.split("-")[1]))

    # --- technical team ---

    def _selected_staff(self) -> Staff | None:
        key = selected_key(self.staff_table)
        if key is None:
            QMessageBox.information(self, "Tim Supervisor", "Pilih dahulu satu petugas di tabel.")
            return None
        return Staff.get_by_id(key)

    def _staff_dialog(self, staff: Staff | None) -> StaffDialog:
        dialog = StaffDialog(staff, self)
        dialog.saved.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def edit_staff(self) -> StaffDialog | None:
        staff = self._selected_staff()
        return self._staff_dialog(staff) if staff else None

    def assign(self) -> AssignDialog | None:
        staff = self._selected_staff()
        if staff is None:
            return None
        dialog = AssignDialog(staff, self)
        dialog.saved.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    # --- SK register ---

    def _selected_desa(self) -> tuple[int, int | None] | None:
        return selected_key(self.sk_table)  # type: ignore[return-value]

    def add_sk(self) -> SkDialog:
        key = self._selected_desa()
        dialog = SkDialog(desa_id=key[0] if key else None, parent=self)
        dialog.saved.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def edit_sk(self) -> SkDialog | None:
        key = self._selected_desa()
        if key is None or key[1] is None:
            return self.add_sk()
        dialog = SkDialog(SkDecree.get_by_id(key[1]), parent=self)
        dialog.saved.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def open_sk_file(self) -> None:
        key = self._selected_desa()
        if key is None or key[1] is None:
            QMessageBox.information(self, "Berkas SK", "Pilih desa yang sudah punya SK.")
            return
        try:
            path = teams.sk_file(SkDecree.get_by_id(key[1]))
        except UserError as exc:
            QMessageBox.information(self, "Berkas SK", str(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def print_roster(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Simpan susunan tim", "susunan-tim-supervisor.pdf", "PDF (*.pdf)")
        if not path:
            return
        try:
            printing.print_teams(Path(path))
        except UserError as exc:
            QMessageBox.warning(self, "Cetak susunan tim", str(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
