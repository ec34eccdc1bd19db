"""The main window: left navigation, one page per section, status bar."""

from __future__ import annotations

import importlib
import time
from pathlib import Path

from desktop import APP_NAME

from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from desktop.views import style
from desktop.views.pages.beranda_page import BerandaPage

SECTIONS = (
    "Beranda", "Posyandu & Kader", "Tim Supervisor", "Jadwal", "Instrumen", "Laporan", "Pengaturan",
)
PAGES = {  # section -> (module under desktop.views.pages, class), imported on the first visit
    "Posyandu & Kader": ("kader_page", "KaderPage"),
    "Tim Supervisor": ("tim_page", "TimPage"),
    "Jadwal": ("jadwal_page", "JadwalPage"),
    "Instrumen": ("instrumen_page", "InstrumenPage"),
    "Laporan": ("laporan_page", "LaporanPage"),
    "Pengaturan": ("pengaturan_page", "PengaturanPage"),
}


IDLE_MINUTES = 15  # default idle lock (setting "idle_minutes")
INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class _IdleWatch(QObject):
    """Restarts the idle timer on any keyboard or mouse input anywhere in the application."""

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen section on the right.

    `defer_load` (the start-up, `views.app.start_window`): the window is built and painted before the database is
    open; Beranda shows "memuat…". `painted` follows the first paint; the app then opens the database and calls
    `load()`, which fills the window; `ready` when the start-up's work (file check, daily backup) is done."""

    painted = Signal()  # deferred start-up: the first paint happened
    ready = Signal()  # the start-up's work after the first paint is done

    def __init__(self, db_path: Path, demo: bool = False, parent: QWidget | None = None,
                 defer_load: bool = False) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.demo = demo
        self.defer_load = defer_load
        self.first_paint_at: float | None = None  # time.monotonic() of the first paint (the start-up benchmark)
        self.loaded_at: float | None = None  # and of the window filled with the database's data
        self.exit_code = 0  # the start-up failed: 1
        self.setWindowTitle(f"{APP_NAME}{' — DEMO' if demo else ''}")
        self.nav = QListWidget()
        for name in SECTIONS:
            self.nav.addItem(QListWidgetItem(name))
        if defer_load:  # the icons' room from the start (a blank pixmap costs nothing): the width does not jump
            blank = QPixmap(22, 22)
            blank.fill(QColor(0, 0, 0, 0))
            for row in range(self.nav.count()):
                self.nav.item(row).setIcon(QIcon(blank))
        else:  # at start-up after the first paint: the icon set (qtawesome, via qtpy) costs ≈250 ms
            self._nav_icons()
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setObjectName("nav")
        self.nav.setStyleSheet("QListWidget#nav { font-size: 11pt; background: #f4f6f4; border: none; outline: 0; "
                               "border-right: 1px solid #d0d7d0; }"
                               "QListWidget#nav::item { padding: 8px 6px; }"
                               f"QListWidget#nav::item:selected {{ background: #dcedc8; color: {style.ACCENT}; "
                               "font-weight: bold; }")
        self.nav.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 12)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}  # built on first visit: keeps start-up fast
        for _ in SECTIONS:
            self.stack.addWidget(QWidget())
        self.nav.currentRowChanged.connect(self.show_section_index)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        help_menu = self.menuBar().addMenu("&Bantuan")
        section_help = QAction("Bantuan untuk bagian ini", self)
        section_help.triggered.connect(lambda: self.show_help())
        guide = QAction("Panduan pengguna", self)
        guide.triggered.connect(lambda: self.show_help("Panduan pengguna"))
        keys = QAction("Pintasan papan ketik", self)
        keys.triggered.connect(lambda: self.show_help("Pintasan"))
        about = QAction(f"Tentang {APP_NAME}", self)
        about.triggered.connect(self.show_about)
        for action in (section_help, guide, keys, about):
            help_menu.addAction(action)
        file_menu = self.menuBar().addMenu("&Berkas")
        wizard_action = QAction("Panduan awal…", self)
        wizard_action.triggered.connect(lambda: self.show_wizard())
        file_menu.addAction(wizard_action)
        backup_action = QAction("Cadangkan ke berkas…", self)
        backup_action.triggered.connect(lambda: self.backup_to_file())
        restore_action = QAction("Pulihkan dari cadangan…", self)
        restore_action.triggered.connect(lambda: self.restore_from_file())
        file_menu.addAction(backup_action)
        file_menu.addAction(restore_action)
        file_menu.addSeparator()
        quit_action = QAction("Keluar", self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.menuBar().insertMenu(help_menu.menuAction(), file_menu)

        self.db_label = QLabel()
        self.user_label = QLabel()  # who is signed in, with the role (what they may do)
        self.user_label.setObjectName("user")
        self.puskesmas_label = QLabel()
        self.puskesmas_switch = QComboBox()  # a kabupaten admin moves between the puskesmas of a shared database
        self.puskesmas_switch.setToolTip("Puskesmas yang sedang dilihat")
        self.puskesmas_switch.activated.connect(self._switch_puskesmas)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.puskesmas_label)
        self.statusBar().addPermanentWidget(self.puskesmas_switch)
        if defer_load:
            self.db_label.setText("Membuka basis data…")
            self.puskesmas_switch.hide()  # until the status bar knows who may switch
        else:
            self.update_status()
        self.nav.setCurrentRow(0)
        self.idle = QTimer(self, singleShot=True)
        self.idle.setInterval(IDLE_MINUTES * 60_000)
        self.idle.timeout.connect(self.lock)
        self.idle_watch = _IdleWatch(self.idle)  # installed with the settings: an application-wide Python event
        # filter loads the type of every object passing through it, too slow for the first paint
        self._keyed: tuple = (section_help, quit_action)
        if not defer_load:
            self._shortcuts()
            self._idle_from_settings()
        self.setMinimumSize(960, 600)
        style.fit(self, 1.0, 1.0)  # the whole available screen less the frame: never under the taskbar

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.first_paint_at is None:
            self.first_paint_at = time.monotonic()
            if self.defer_load:
                QTimer.singleShot(0, self.painted.emit)

    def _shortcuts(self) -> None:
        """F1, Ctrl+Q and Ctrl+1…7 (set after the first paint at start-up: the first shortcut loads Qt's key enums,
        ≈50 ms)."""
        if not self._keyed:
            return
        section_help, quit_action = self._keyed
        self._keyed = ()
        section_help.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        for n, name in enumerate(SECTIONS, start=1):
            go = QAction(name, self)
            go.setShortcut(QKeySequence(f"Ctrl+{n}"))
            go.triggered.connect(lambda _=False, section=name: self.show_section(section))
            self.addAction(go)

    def _nav_icons(self) -> None:
        for row, name in enumerate(SECTIONS):
            self.nav.item(row).setIcon(style.icon(style.NAV_ICONS[name]))

    def _idle_from_settings(self) -> None:
        from desktop.models.settings import get_setting

        QApplication.instance().installEventFilter(self.idle_watch)
        self.idle.setInterval(int(get_setting("idle_minutes", str(IDLE_MINUTES)) or IDLE_MINUTES) * 60_000)
        self.idle.start()

    def load(self) -> None:
        """Fill a window built with `defer_load` once its database is open: status bar, idle lock, Beranda."""
        self.defer_load = False
        self._nav_icons()
        self._shortcuts()
        self._idle_from_settings()
        self.update_status()
        beranda = self.pages.get("Beranda")
        if beranda is not None and not getattr(beranda, "loaded", True):
            beranda.refresh()
        self.loaded_at = time.monotonic()

    def page(self, name: str) -> QWidget:
        """The page of a section, built the first time it is needed."""
        if name not in self.pages:
            if name == "Beranda":
                page: QWidget = BerandaPage(db_path=self.db_path, load=not self.defer_load)
                page.open_section.connect(self.open_link)
            else:
                module, cls = PAGES[name]
                page = getattr(importlib.import_module(f"desktop.views.pages.{module}"), cls)()
                if name == "Pengaturan":
                    page.saved.connect(self._identity_saved)
                    page.wizard_requested.connect(self.show_wizard)
                    page.use_location.connect(self.switch_database)
                    page.puskesmas_added.connect(self._puskesmas_added)
            index = SECTIONS.index(name)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[name] = page
        return self.pages[name]

    def open_link(self, target: str) -> None:
        """A link of the form 'Section' or 'Section#place': show the section, then the place inside it (a tab, a
        filtered list, the dialog that fixes a problem)."""
        section, _, place = target.partition("#")
        self.show_section(section)
        if place and hasattr(self.page(section), "go_to"):
            self.page(section).go_to(place)

    def show_section(self, name: str) -> None:
        """Switch to a section by its navigation label."""
        self.nav.setCurrentRow(SECTIONS.index(name))

    def show_section_index(self, row: int) -> None:
        name = SECTIONS[row]
        fresh = name not in self.pages
        page = self.page(name)
        if not fresh:  # a page just built has loaded its data already
            page.refresh()
        self.stack.setCurrentIndex(row)

    def update_status(self) -> None:
        """Show the open database and the puskesmas in the status bar (a switcher when this session may look at
        every puskesmas of the database)."""
        from desktop.models.db import display_location, is_server
        from desktop.services import auth, pickers

        user = auth.current()
        self.user_label.setText(f"Masuk: {user.name} ({user.role_label})" if user else "Belum masuk (tanpa akun)")
        self.user_label.setToolTip("Akun yang sedang masuk dan perannya" if user else
                                   "Basis data ini belum memakai akun; buat akun di Pengaturan › Pengguna.")
        shared = "  (bersama)" if is_server(self.db_path) else ""
        self.db_label.setText(f"Basis data: {display_location(self.db_path)}{shared}{'  (DEMO)' if self.demo else ''}")
        from desktop.models.settings import current_puskesmas

        pkm = current_puskesmas()
        choices = pickers.puskesmas_choices() if auth.can_switch_puskesmas() else []
        switch = len(choices) > 1
        self.puskesmas_switch.setVisible(switch)
        self.puskesmas_label.setVisible(not switch)
        self.puskesmas_label.setText(pkm.name if pkm else "Puskesmas belum diisi")
        if switch:
            self.puskesmas_switch.clear()
            for key, label in choices:
                self.puskesmas_switch.addItem(label, key)
            self.puskesmas_switch.setCurrentIndex(max(self.puskesmas_switch.findData(pkm.id if pkm else None), 0))

    def _puskesmas_added(self) -> None:
        self.reload_pages()
        self.statusBar().showMessage("Puskesmas baru ditambahkan dan ditampilkan. Buat akun PJ Promkes-nya di "
                                     "Pengaturan › Pengguna.", 15000)

    def _switch_puskesmas(self, index: int) -> None:
        from desktop.services import auth

        auth.choose_puskesmas(self.puskesmas_switch.itemData(index))
        self.reload_pages()

    def _identity_saved(self) -> None:
        self.update_status()
        self.page("Beranda").refresh()

    def show_wizard(self) -> QWidget:
        """The first-run wizard; afterwards every page shows the new data (or the demo database)."""
        from desktop.views.dialogs.first_run_wizard import FirstRunWizard

        wizard = FirstRunWizard(self)
        wizard.finished.connect(lambda _: self._wizard_done(wizard))
        wizard.open()
        return wizard

    def _wizard_done(self, wizard) -> None:
        if wizard.demo_chosen:
            from desktop.models.db import demo_db_path

            self.switch_database(demo_db_path(), demo=True)
        else:
            self.reload_pages()

    def switch_database(self, path, demo: bool = False) -> None:
        """Close this database and work on another: a file or a shared server (building the demo database on first
        use). When the other one cannot be opened, the user stays on the one before."""
        from desktop.models.db import close_db
        from desktop.models.errors import UserError
        from desktop.services import auth

        from PySide6.QtWidgets import QMessageBox

        from desktop.views.opening import open_or_recover

        auth.log_out()  # accounts belong to a database
        close_db()
        if demo and not path.exists():
            from desktop.services.demo import build_demo

            build_demo(path)
        try:
            open_or_recover(path, lambda exc: False)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, f"{exc}\n\nBasis data sebelumnya dibuka kembali.")
            path, demo = self.db_path, self.demo
            open_or_recover(path, lambda exc: False)
        self.db_path, self.demo = path, demo
        if auth.users_exist() and not self.ask_login():
            self.close()
            return
        self.setWindowTitle(f"{APP_NAME}{' — DEMO' if demo else ''}")
        self.reload_pages()

    def lock(self) -> None:
        """After the idle time a signed-in user must type the password again: every window of the app (detail
        dialogs showing a NIK included) is hidden behind the lock; open forms stay untouched."""
        from desktop.services import auth

        user = auth.current()
        if user is None:
            self.idle.start()
            return
        import shiboken6

        hidden = [w for w in QApplication.topLevelWidgets() if shiboken6.isValid(w) and w.isVisible()]
        for widget in hidden:
            widget.hide()
        from desktop.views.dialogs.login_dialog import LoginDialog

        unlocked = LoginDialog(None, user.username).exec() == LoginDialog.DialogCode.Accepted
        hidden = [w for w in hidden if shiboken6.isValid(w)]  # a window deleted meanwhile is not brought back
        if unlocked:
            for widget in hidden:
                widget.show()
            self.idle.start()
        else:
            for widget in hidden:
                if widget is not self:
                    widget.close()
            self.close()

    def ask_login(self, locked_user: str | None = None) -> bool:
        """The login (or unlock) dialog; False when the user gives up."""
        from desktop.views.dialogs.login_dialog import LoginDialog

        return LoginDialog(self, locked_user).exec() == LoginDialog.DialogCode.Accepted

    def reload_pages(self) -> None:
        """Rebuild every page from the database (after the wizard or a database switch)."""
        for name, page in list(self.pages.items()):
            index = SECTIONS.index(name)
            self.stack.insertWidget(index, QWidget())
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.update_status()
        self.show_section_index(self.nav.currentRow())

    def backup_to_file(self, target: str | None = None) -> Path | None:
        """Copy the open database to a file the user chooses (a flash disk, another folder)."""
        import datetime as dt

        from desktop.models.errors import UserError
        from desktop.services import auth, maintenance

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        if not auth.allowed("backup"):
            QMessageBox.warning(self, "Cadangan", "Hanya PJ Promkes yang dapat membuat salinan seluruh basis data.")
            return None
        target = target or QFileDialog.getSaveFileName(self, "Cadangkan basis data",
                                                       f"bina-kader-{dt.date.today():%Y%m%d}.db",
                                                       "Basis data Bina Kader (*.db)")[0]
        if not target:
            return None
        from desktop.models.db import is_server

        if is_server(self.db_path):  # the whole shared database into a file (also for working offline)
            return self._copy_server_to(Path(target))
        try:
            out = maintenance.make_backup(self.db_path, Path(target))
        except UserError as exc:
            QMessageBox.warning(self, "Cadangan", str(exc))
            return None
        self.statusBar().showMessage(f"Cadangan tersimpan: {out}", 8000)
        return out

    def _copy_server_to(self, target: Path) -> Path | None:
        from desktop.models.errors import UserError
        from desktop.services.db_copy import copy_database
        from desktop.services.server import session_password

        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            counts = copy_database(self.db_path, target, session_password(self.db_path))
        except UserError as exc:
            QMessageBox.warning(self, "Cadangan", str(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(f"Basis data bersama disalin ke {target} ({sum(counts.values())} baris)", 8000)
        return target

    def restore_from_file(self, source: str | None = None, confirm: bool = True) -> bool:
        """Replace the open database by a checked backup (services.maintenance.restore); the current one is kept in
        backups/ first."""
        from desktop.models.db import is_server
        from desktop.models.errors import UserError
        from desktop.services import auth, maintenance

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        if is_server(self.db_path):
            QMessageBox.information(self, "Pulihkan", "Basis data bersama dipulihkan oleh pengelola server, bukan dari "
                                    "komputer ini. Berkas cadangan dapat dibuka sendiri lewat Pengaturan › Basis Data "
                                    "Bersama › Kembali ke berkas kantor.")
            return False
        if not auth.allowed("restore"):
            QMessageBox.warning(self, "Pulihkan", "Hanya PJ Promkes yang dapat memulihkan basis data dari cadangan.")
            return False
        source = source or QFileDialog.getOpenFileName(self, "Pulihkan dari cadangan", "",
                                                       "Basis data Bina Kader (*.db)")[0]
        if not source:
            return False
        try:
            maintenance.validate_backup(Path(source))
        except UserError as exc:
            QMessageBox.warning(self, "Pulihkan", str(exc))
            return False
        if confirm and QMessageBox.question(
                self, "Pulihkan", f"Ganti data yang sedang dipakai dengan isi {Path(source).name}? Basis data "
                "sekarang disimpan dahulu di folder backups/.") != QMessageBox.StandardButton.Yes:
            return False
        try:
            maintenance.restore(self.db_path, Path(source))
        except UserError as exc:
            QMessageBox.warning(self, "Pulihkan", str(exc))
            self.reload_pages()
            return False
        if auth.users_exist() and auth.current() is None and not self.ask_login():
            self.close()
            return True
        self.reload_pages()
        self.statusBar().showMessage(f"Dipulihkan dari {Path(source).name}", 8000)
        return True

    def show_help(self, topic: str | None = None) -> QWidget:
        """Help for a topic, or for the section on screen."""
        from desktop.views.dialogs.help_dialog import HelpDialog

        dialog = HelpDialog(topic or SECTIONS[self.nav.currentRow()], self)
        dialog.open()
        return dialog

    def show_about(self) -> QWidget:
        from desktop.views.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self.db_path, self)
        dialog.open()
        return dialog
