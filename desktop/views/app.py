"""GUI start-up: show the main window, then (after its first paint) open or recover the database, sign in, fill
the window, check the file page by page and make the daily backup. Nothing before the first paint imports the
data layer (peewee) or any service."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from desktop import APP_NAME
from desktop.models.errors import DatabaseCorrupt, DatabaseMissing, ServerUnavailable, UserError, explain
from desktop.models.location import Location

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.views.main_window import MainWindow
from desktop.views.opening import open_or_recover


def close_db() -> None:
    from desktop.models.db import close_db as close

    close()


def open_at_start(path: Location, thorough: bool = True) -> Location:
    """Open the database the app starts on; when its server cannot be reached, offer this PC's file for the
    meantime. Returns what was opened. `thorough=False`: the page-by-page file check is left for after the first
    paint (`_FileCheck`)."""
    try:
        open_or_recover(path, _ask_restore, thorough)
        return path
    except ServerUnavailable as exc:  # the office network is down
        if QMessageBox.question(None, APP_NAME, f"{exc}\n\nBuka basis data di komputer ini saja untuk sementara? "
                                "Perubahannya tidak masuk ke server.") != QMessageBox.StandardButton.Yes:
            raise
    from desktop.models.location import default_db_path

    open_or_recover(default_db_path(), _ask_restore, thorough)
    return default_db_path()


def _ask_restore(exc: DatabaseCorrupt) -> bool:
    kept = "" if isinstance(exc, DatabaseMissing) else " Berkas yang rusak tetap disimpan di folder backups/."
    answer = QMessageBox.question(
        None, APP_NAME,
        f"{exc}\n\nCadangan baik terbaru: {exc.good_backup.name}\n\n"
        f"Pulihkan basis data dari cadangan tersebut?{kept}",
    )
    return answer == QMessageBox.StandardButton.Yes


_OPEN: list = []  # the crash dialog on screen (one at a time) and message boxes opened without blocking


def show_error(kind, exc, tb) -> None:
    """sys.excepthook: no traceback reaches the user. Environment failures and UserError are explained; anything
    else is written to the crash log (without personal data) and reported in a dialog that does not block."""
    message = str(exc) if isinstance(exc, UserError) else explain(exc)
    parent = QApplication.activeWindow()
    if message is not None:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, QMessageBox.StandardButton.Ok, parent)
        box.open()
        _OPEN.append(box)
        box.finished.connect(lambda _: _OPEN.remove(box) if box in _OPEN else None)
        return
    from desktop.services import crash_log

    _ensure_log()
    crash_log.log_exception(kind, exc, tb, where=parent.windowTitle() if parent is not None else "")
    showing = [d for d in _OPEN if getattr(d, "times", None) is not None and d.isVisible()]
    if showing:
        showing[0].again(kind.__name__)
        return
    from desktop.views.dialogs.crash_dialog import CrashDialog

    dialog = CrashDialog(kind.__name__, crash_log.current_file(), parent)
    dialog.open()
    _OPEN.append(dialog)
    dialog.finished.connect(lambda _: _OPEN.remove(dialog) if dialog in _OPEN else None)


def _qt_message(mode, context, text: str) -> None:
    """Qt's own warnings go to the crash log instead of a console a Windows user never sees."""
    import logging

    from desktop.services import crash_log

    from PySide6.QtCore import QtMsgType

    _ensure_log()
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)
    crash_log.log_message(level, text)


_LOG_FOLDER: list = []  # where the crash log goes (its file is opened at the first need or after the first paint)


def install_crash_handling(folder, log_now: bool = True) -> None:
    """Route sys.excepthook and Qt's message handler to the crash log in `folder` and the error dialog.
    `log_now=False` (the start-up, before its first paint): the log file is opened at the first entry or by
    `_ensure_log()` after the first paint (the logging package costs ≈25 ms)."""
    from PySide6.QtCore import qInstallMessageHandler

    _LOG_FOLDER[:] = [folder]
    if log_now:
        _ensure_log()
    sys.excepthook = show_error
    qInstallMessageHandler(_qt_message)


def _ensure_log() -> None:
    from desktop.services import crash_log

    if _LOG_FOLDER and crash_log.current_file() != crash_log.log_path(_LOG_FOLDER[0]):
        crash_log.install(_LOG_FOLDER[0])


def run_gui(path: Location, demo: bool = False, quit_after_start: bool = False) -> int:
    """Start the application window on the database at `path` (building the demo database on first use).

    `quit_after_start` closes the window once it is shown and its start-up work is done: proves an installation
    starts (bundle test)."""
    app = QApplication.instance() or QApplication(sys.argv)
    window = start_window(app, path, demo, quit_after_start)
    code = app.exec()
    close_db()  # a clean shutdown
    return window.exit_code or code


def start_window(app: QApplication, path: Location, demo: bool = False, quit_after_start: bool = False) -> MainWindow:
    """Show the main window at once; its first paint waits for nothing else. Right after it the database is opened
    (`_open_after_paint`): demo built on first use, header and version checked, sign in, the window filled; then the
    file's page-by-page check in a worker thread (`_FileCheck`, while the window fills) and the daily backup, then
    `window.ready`.
    A failure closes the window with `window.exit_code` 1."""
    app.setApplicationName(APP_NAME)
    from desktop.paths import RESOURCES

    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "bina-kader.png")))
    from desktop.models.location import data_dir

    from desktop.views import style

    install_crash_handling(data_dir(), log_now=False)  # the log file is opened after the first paint
    style.install(app, button_icons=False)  # added after the first paint
    window = MainWindow(path, demo=demo, defer_load=True)
    window.painted.connect(lambda: _open_after_paint(window, path, demo, quit_after_start))
    if quit_after_start:
        window.ready.connect(lambda: _smoke_checked(window, app))
    window.show()
    return window


def _smoke_checked(window: MainWindow, app: QApplication) -> None:
    """End of `--smoke`: the installation also carries the icon font (a missing one only empties the buttons'
    icons, which nobody would report)."""
    from desktop.views import style

    if style.icon("mdi6.check").isNull():
        print("Ikon aplikasi tidak dapat dimuat: berkas huruf ikon tidak ada di pemasangan.", file=sys.stderr)
        window.exit_code = 1
    app.quit()


def _open_after_paint(window: MainWindow, path: Location, demo: bool, quit_after_start: bool) -> None:
    from desktop.models.db import open_elsewhere

    from desktop.views import style

    _ensure_log()
    style.install_button_icons(QApplication.instance())

    def fail() -> None:
        window.exit_code = 1
        window.close()

    other = open_elsewhere(path)
    if other:
        QMessageBox.critical(window, APP_NAME, f"Basis data {path} sedang dibuka oleh jendela Bina Kader lain "
                             f"(proses {other}). Gunakan jendela itu; dua jendela pada satu berkas dapat saling "
                             "menimpa pekerjaan.")
        return fail()
    try:
        if demo and isinstance(path, Path) and not path.exists():
            from desktop.services.demo import build_demo

            build_demo(path)
        path = open_at_start(path, thorough=False)
    except UserError as exc:
        QMessageBox.critical(window, APP_NAME, str(exc))
        return fail()
    from desktop.services import auth

    if auth.users_exist() and not window.ask_login():
        close_db()
        window.close()
        return None
    window.db_path = path
    from desktop.models.db import is_server

    if is_server(path):
        window.load()
    else:
        _FileCheck(window)  # runs while the window fills
        import sqlite3

        import peewee

        try:
            window.load()
        except (peewee.DatabaseError, sqlite3.DatabaseError):
            return None  # a damaged page: the check running now finds it and offers the newest good backup
    from desktop.models.settings import current_puskesmas

    if current_puskesmas() is None and not quit_after_start:  # a new, empty database: guide the first steps
        QTimer.singleShot(0, window.show_wizard)
    if is_server(path):
        _chores(window)
    return None


class _FileCheck(QObject):
    """PRAGMA quick_check of the open file in a worker thread; `done` delivers the result to the GUI thread."""

    done = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window, self.path = window, window.db_path
        self.done.connect(self._finish)
        threading.Thread(target=self._run, name="quick-check", daemon=True).start()

    def _run(self) -> None:
        from desktop.services.maintenance import check_open_file

        result = check_open_file(Path(self.path))
        try:
            self.done.emit(result)
        except RuntimeError:  # the window is gone already
            pass

    def _finish(self, damage) -> None:
        if self.window.db_path != self.path:  # the user opened another database meanwhile
            return
        if damage is not None and not _recover_open(self.window, damage):
            return
        if self.window.loaded_at is None:
            self.window.load()  # it failed while the file was sound: raises again, for the error dialog
        _chores(self.window)


LAST_START: dict[str, float] = {}  # time.monotonic() of the last start's first paint, data filled, work done (bench)


def _chores(window: MainWindow) -> None:
    import time

    from desktop.services.maintenance import start_chores

    try:
        start_chores(window.db_path)  # today's checked backup of a file; records trashed > 30 days ago go for good
    except UserError as exc:
        QMessageBox.warning(window, APP_NAME, str(exc))
    LAST_START.update(painted=window.first_paint_at or 0.0, loaded=window.loaded_at or 0.0, ready=time.monotonic())
    window.ready.emit()


def _recover_open(window: MainWindow, damage: DatabaseCorrupt) -> bool:
    """Damage found after the window opened: offer the newest good backup; without one (or declined) the app
    closes, as it would have refused to open the file."""
    from desktop.services import auth, maintenance

    if maintenance.recover(Path(window.db_path), damage, _ask_restore):
        auth.log_out()  # the accounts are the backup's now
        if auth.users_exist() and not window.ask_login():
            window.close()
            return False
        window.reload_pages()
        window.load()
        return True
    QMessageBox.critical(window, APP_NAME, str(damage))
    close_db()
    window.exit_code = 1
    window.close()
    return False
