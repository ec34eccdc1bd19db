"""Pengaturan › Pengguna: accounts and roles (PJ Promkes), and changing one's own password."""

from __future__ import annotations

from desktop.models.errors import UserError
from desktop.models.settings import get_setting, set_setting
from desktop.models.users import User
from desktop.services import auth, pickers

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.views.check_list import CheckList
from desktop.views.dialogs.form_parts import error_label, save_cancel
from desktop.views.instrument_form.fields import PickerField
from desktop.views.style import fit_form
from desktop.views.tables import fill_table, make_table, selected_key

HEADERS = ("Nama", "Nama pengguna", "Peran", "Desa", "Status")


class UserDialog(QDialog):
    """A new account: role, and the desa (village admin) or staff record (supervisor) it is tied to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tambah pengguna")
        form = QFormLayout(self)
        self.name, self.username, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for code, label in auth.grantable_roles():  # only the roles this manager may give
            self.role.addItem(label, code)
        self.staff = PickerField(pickers.supervisor_choices())
        self.staff.setToolTip("Supervisor hanya dapat mengubah catatan posyandu binaannya.")
        self.desa = CheckList(pickers.desa_choices())
        self.desa.setMaximumHeight(110)
        for label, widget in (("Nama lengkap *", self.name), ("Nama pengguna *", self.username),
                              ("Kata sandi awal *", self.password), ("Peran *", self.role),
                              ("Petugas (untuk supervisor)", self.staff), ("Desa (untuk admin desa)", self.desa)):
            form.addRow(label, widget)
        self.error = error_label()
        form.addRow(self.error)
        buttons, self.save_button = save_cancel(self, self.save)
        form.addRow(buttons)
        self.form = form
        self.role.currentIndexChanged.connect(lambda _: self._role_fields())
        self._role_fields()
        fit_form(self)

    def _role_fields(self) -> None:
        """Only the fields the chosen role uses: the staff record of a supervisor, the desa of a village admin."""
        role = self.role.currentData()
        self.form.setRowVisible(self.staff, role == "supervisor")
        self.form.setRowVisible(self.desa, role == "desa")

    def save(self) -> bool:
        role = self.role.currentData()
        try:
            auth.create_user(self.name.text(), self.username.text(), self.password.text(), role,
                             self.desa.value() if role == "desa" else None,
                             self.staff.value() if role == "supervisor" else None)
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.accept()
        return True


class UsersEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = make_table(HEADERS)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("Tambah pengguna…")
        self.reset_button = QPushButton("Atur ulang kata sandi…")
        self.toggle_button = QPushButton("Nonaktifkan / aktifkan")
        self.own_button = QPushButton("Ubah kata sandi saya…")
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setSuffix(" menit")
        self.idle.setToolTip("Aplikasi terkunci setelah tidak dipakai selama ini; isian yang terbuka tetap ada. "
                             "Berlaku mulai aplikasi dibuka lagi.")
        self.idle.valueChanged.connect(self._save_idle)
        for b in (self.add_button, self.reset_button, self.toggle_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(QLabel("Kunci otomatis setelah"))
        row.addWidget(self.idle)
        row.addWidget(self.own_button)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add)
        self.reset_button.clicked.connect(self.reset)
        self.toggle_button.clicked.connect(self.toggle)
        self.own_button.clicked.connect(self.change_own)
        self.refresh()

    def _save_idle(self, minutes: int) -> None:
        if auth.allowed("manage_users"):
            set_setting("idle_minutes", str(minutes))

    def refresh(self) -> None:
        admin = auth.allowed("manage_users")
        self.idle.blockSignals(True)
        self.idle.setValue(int(get_setting("idle_minutes", "15") or 15))
        self.idle.blockSignals(False)
        self.idle.setEnabled(admin)
        for b in (self.add_button, self.reset_button, self.toggle_button):
            b.setEnabled(admin and auth.users_exist())
        self.own_button.setEnabled(auth.current() is not None)
        if not auth.users_exist():
            self.note.setText("Belum ada akun: siapa pun yang membuka aplikasi dapat mengubah semua data. Buat akun "
                              "PJ Promkes lewat Berkas › Panduan awal.")
            fill_table(self.table, [])
            return
        if not admin:
            self.note.setText("Hanya PJ Promkes yang mengelola akun. Anda dapat mengubah kata sandi sendiri.")
            fill_table(self.table, [])
            return
        self.note.setText("PJ Promkes: semua data dan akun. Supervisor: catatan posyandu binaannya. Admin Desa: SK "
                          "dan tim manajerial desanya. Petugas cetak: mencetak saja, tanpa data pribadi. Admin "
                          "Kabupaten (basis data bersama): membaca semua puskesmas dan rekap kabupaten, tanpa "
                          "mengubah.")
        rows = auth.user_rows()
        fill_table(self.table, [(u.name, u.username, u.role_label, ", ".join(desa), "Aktif" if u.active else
                                 "Nonaktif") for u, desa in rows], [u.id for u, _ in rows])

    def _selected(self) -> User | None:
        key = selected_key(self.table)
        return User.get_by_id(key) if key else None

    def add(self) -> UserDialog:
        dialog = UserDialog(self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def reset(self) -> None:
        user = self._selected()
        if user is None:
            return
        password, ok = QInputDialog.getText(self, "Atur ulang kata sandi", f"Kata sandi baru untuk {user.name}:",
                                            QLineEdit.EchoMode.Password)
        if ok:
            try:
                auth.reset_password(user, password)
            except UserError as exc:
                QMessageBox.warning(self, "Pengguna", str(exc))

    def toggle(self) -> None:
        user = self._selected()
        if user is None:
            return
        try:
            auth.set_active(user, not user.active)
        except UserError as exc:
            QMessageBox.warning(self, "Pengguna", str(exc))
        self.refresh()

    def change_own(self) -> None:
        old, ok = QInputDialog.getText(self, "Ubah kata sandi", "Kata sandi lama:", QLineEdit.EchoMode.Password)
        if not ok:
            return
        new, ok = QInputDialog.getText(self, "Ubah kata sandi", "Kata sandi baru:", QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            auth.change_password(old, new)
        except UserError as exc:
            QMessageBox.warning(self, "Ubah kata sandi", str(exc))
            return
        QMessageBox.information(self, "Ubah kata sandi", "Kata sandi diubah.")
