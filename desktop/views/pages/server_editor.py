"""Pengaturan › Basis Data Bersama: use a PostgreSQL server instead of this PC's file, copy the office's data into
it (or work from the file again). The password goes to the OS keyring, never into a settings file."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from desktop.models.db import choose_server, chosen_server, current_location, default_db_path, display_location
from desktop.models.errors import UserError
from desktop.services import auth, server

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
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


class _Signals(QObject):
    progress = Signal(str)
    not_empty = Signal()
    failed = Signal(str)
    done = Signal(object)


class _CopyJob(QRunnable):
    """Copy (or merge) the office's database on its own connections, off the GUI thread."""

    def __init__(self, source, url: str, password: str | None, merge: bool) -> None:
        super().__init__()
        self.source, self.url, self.password, self.merge = source, url, password, merge
        self.signals = _Signals()

    def run(self) -> None:
        from desktop.services.db_copy import TargetNotEmpty, copy_database, merge_database

        work = merge_database if self.merge else copy_database
        try:
            counts = work(self.source, self.url, target_password=self.password,
                          progress=lambda table, rows: self.signals.progress.emit(f"Menyalin {table}: {rows} baris…"))
        except TargetNotEmpty:
            self.signals.not_empty.emit()
        except UserError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user instead of a silent dead thread
            self.signals.failed.emit(f"Penyalinan gagal: {exc}")
        else:
            self.signals.done.emit(counts)


class ServerEditor(QWidget):
    """`use_location` asks the main window to work on another database (a server URL or the office file)."""

    use_location = Signal(object)
    puskesmas_added = Signal()  # a kabupaten admin added one and now looks at it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = QLabel("Beberapa komputer (atau semua puskesmas satu kabupaten) dapat memakai satu basis data "
                       "PostgreSQL bersama. Isi alamat server dari pengelola jaringan, uji sambungan, lalu salin "
                       "data kantor ke server atau pakai server yang sudah berisi data.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.now = QLabel()
        self.now.setWordWrap(True)
        layout.addWidget(self.now)
        fields = QWidget()
        fields.setMaximumWidth(760)  # an address, not an essay: short fields read better
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.host, self.database, self.user, self.password = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.host.setPlaceholderText("mis. 192.168.1.10")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database.setText("binakader")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Ingat kata sandi di keyring komputer ini (tidak pernah di berkas pengaturan)")
        self.remember.setChecked(True)
        for label, widget in (("Alamat server *", self.host), ("Port", self.port),
                              ("Nama basis data *", self.database), ("Nama pengguna *", self.user),
                              ("Kata sandi", self.password), ("", self.remember)):
            form.addRow(label, widget)
        layout.addWidget(fields)
        buttons = QHBoxLayout()
        self.check_button = QPushButton("Uji sambungan")
        self.copy_button = QPushButton("Salin data kantor ke server ini…")
        self.use_button = QPushButton("Pakai server ini")
        self.file_button = QPushButton("Kembali ke berkas kantor")
        for button in (self.check_button, self.copy_button, self.use_button, self.file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button = QPushButton("Tambah puskesmas ke basis data ini…")
        self.add_button.setToolTip("Admin Kabupaten: puskesmas baru, lalu buat akun PJ Promkes-nya di Pengguna.")
        self.add_button.clicked.connect(lambda: self.add_puskesmas())
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.check_button.clicked.connect(self.check)
        self.copy_button.clicked.connect(self.copy_office_data)
        self.use_button.clicked.connect(self.use_server)
        self.file_button.clicked.connect(self.use_file)
        self.refresh()

    def refresh(self) -> None:
        here = current_location()
        shared = isinstance(here, str)
        self.now.setText(f"<b>Sekarang memakai:</b> {display_location(here) if here else '—'}"
                         f"{' (basis data bersama)' if shared else ' (berkas di komputer ini)'}")
        url = here if shared else chosen_server()
        if url and not self.host.text():
            parts = urlsplit(url)
            self.host.setText(parts.hostname or "")
            self.port.setValue(parts.port or 5432)
            self.database.setText(unquote(parts.path.lstrip("/")))
            self.user.setText(unquote(parts.username or ""))
        self.copy_button.setEnabled(not shared and auth.allowed("manage_users"))
        self.file_button.setEnabled(shared)
        # a kabupaten admin's tool; on an office file without accounts it would only confuse
        self.add_button.setVisible(auth.allowed("add_puskesmas") and (shared or auth.current() is not None))

    def add_puskesmas(self, name: str | None = None) -> bool:
        from desktop.services.identity import add_puskesmas

        if name is None:
            name, ok = QInputDialog.getText(self, "Tambah puskesmas", "Nama puskesmas:")
            if not ok:
                return False
        try:
            added = add_puskesmas(name)
        except UserError as exc:
            self.message.setText(str(exc))
            return False
        auth.choose_puskesmas(added.id)
        if added.server_login:  # shown once: the office types it in Basis Data Bersama and keeps it in its keyring
            login, password = added.server_login
            text = (f"{added.name} ditambahkan dengan login basis data sendiri:<br>nama pengguna <code>{login}</code>"
                    f", kata sandi <code>{password}</code><br>Berikan kepada kantor puskesmas itu sekarang; kata sandi "
                    "ini tidak ditampilkan lagi. Di sana PJ Promkes memakai login ini di Basis Data Bersama, membuat "
                    "akun pertamanya, lalu mengisi identitas, wilayah dan kader.")
            self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:
            text = (f"{added.name} ditambahkan dan sekarang ditampilkan. Buat akun PJ Promkes-nya di Pengaturan › "
                    "Pengguna; ia lalu mengisi identitas, wilayah dan kader.")
        self.message.setText(text)
        self.puskesmas_added.emit()
        return True

    def url(self) -> str:
        missing = [name for name, field in (("alamat server", self.host), ("nama basis data", self.database),
                                            ("nama pengguna", self.user)) if not field.text().strip()]
        if missing:
            raise UserError(f"Isi dahulu: {', '.join(missing)}.")
        return server.build_url(self.host.text(), self.port.value(), self.database.text(), self.user.text())

    def _password(self, url: str) -> str | None:
        return self.password.text() or server.session_password(url)

    def _keep_password(self, url: str) -> None:
        if self.password.text():
            server.SESSION_PASSWORDS[server.keyring_key(url)] = self.password.text()
            if self.remember.isChecked() and not server.remember_password(url, self.password.text()):
                self.message.setText(self.message.text() + " (Keyring tidak tersedia di komputer ini: kata sandi "
                                     "akan ditanyakan setiap kali membuka.)")

    def check(self) -> bool:
        try:
            url = self.url()
            self.message.setText(server.check_connection(url, self._password(url)))
        except UserError as exc:
            self.message.setText(str(exc))
            return False
        self._keep_password(url)
        return True

    def copy_office_data(self) -> _CopyJob | None:
        """Copy this PC's file into the server database in the background, then use the server. A server that
        already holds other puskesmas gets this one added (merged) after the user agrees."""
        try:
            url = self.url()
        except UserError as exc:
            self.message.setText(str(exc))
            return None
        return self._start_copy(url, merge=False)

    def _start_copy(self, url: str, merge: bool) -> _CopyJob:
        job = _CopyJob(current_location(), url, self._password(url), merge)
        job.signals.progress.connect(lambda text: self.message.setText(text))
        job.signals.not_empty.connect(lambda: self._ask_merge(url))
        job.signals.failed.connect(self._copy_failed)
        job.signals.done.connect(lambda counts: self._copied(url, counts))
        self.copy_button.setEnabled(False)
        self.message.setText("Menyalin data kantor ke server…")
        QThreadPool.globalInstance().start(job)
        self.job = job
        return job

    def _ask_merge(self, url: str) -> None:
        if QMessageBox.question(self, "Basis data bersama", "Server ini sudah berisi data puskesmas lain. Gabungkan "
                                "data kantor ini ke dalamnya? Puskesmas, nama pengguna atau NIK yang sudah ada di "
                                "server membatalkan penggabungan tanpa mengubah apa pun.") \
                != QMessageBox.StandardButton.Yes:
            self._copy_failed("Tidak disalin: server sudah berisi data.")
            return
        self._start_copy(url, merge=True)

    def _copy_failed(self, text: str) -> None:
        self.copy_button.setEnabled(True)
        self.message.setText(text)

    def _copied(self, url: str, counts: dict) -> None:
        self.copy_button.setEnabled(True)
        self._keep_password(url)
        self.message.setText(f"{sum(counts.values())} baris disalin; jumlah setiap tabel sudah diperiksa di server.")
        choose_server(url)
        self.use_location.emit(url)

    def use_server(self) -> bool:
        if not self.check():
            return False
        url = self.url()
        choose_server(url)
        self.use_location.emit(url)
        return True

    def use_file(self) -> None:
        if QMessageBox.question(self, "Basis data", "Kembali memakai berkas di komputer ini? Data di server tetap "
                                "ada; perubahan di berkas tidak masuk ke server.") != QMessageBox.StandardButton.Yes:
            return
        choose_server(None)
        self.use_location.emit(default_db_path())
