"""GUI start-up: open (or recover) the database, make the daily backup, show the main window."""

from __future__ import annotations

import sys

from desktop import APP_NAME
from desktop.models.db import Location, close_db, open_elsewhere
from desktop.models.errors import DatabaseCorrupt, DatabaseMissing, ServerUnavailable, UserError, explain

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.views.main_window import MainWindow
from desktop.views.opening import open_or_recover


def open_at_start(path: Location) -> Location:
    """Open the database the app starts on; when its server cannot be reached, offer this PC's file for the
    meantime. Returns what was opened."""
    try:
        open_or_recover(path, _ask_restore)
        return path
    except ServerUnavailable as exc:  # the office network is down
        if QMessageBox.question(None, APP_NAME, f"{exc}\n\nBuka basis data di komputer ini saja untuk sementara? "
                                "Perubahannya tidak masuk ke server.") != QMessageBox.StandardButton.Yes:
            raise
    from desktop.models.db import default_db_path

    open_or_recover(default_db_path(), _ask_restore)
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

    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)
    crash_log.log_message(level, text)


def install_crash_handling(folder) -> None:
    """Route sys.excepthook and Qt's message handler to the crash log in `folder` and the error dialog."""
    from desktop.services import crash_log

    from PySide6.QtCore import qInstallMessageHandler

    crash_log.install(folder)
    sys.excepthook = show_error
    qInstallMessageHandler(_qt_message)


def run_gui(path: Location, demo: bool = False, quit_after_start: bool = False) -> int:
    """Start the application window on the database at `path` (building the demo database on first use).

    `quit_after_start` closes the window as soon as it is shown: proves an installation starts (bundle test)."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    from desktop.paths import RESOURCES

    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "bina-kader.png")))
    from desktop.models.db import data_dir

    from desktop.views import style

    install_crash_handling(data_dir())
    style.install(app)
    other = open_elsewhere(path)
    if other:
        QMessageBox.critical(None, APP_NAME, f"Basis data {path} sedang dibuka oleh jendela Bina Kader lain "
                             f"(proses {other}). Gunakan jendela itu; dua jendela pada satu berkas dapat saling "
                             "menimpa pekerjaan.")
        return 1
    try:
        if demo and not path.exists():
            from desktop.services.demo import build_demo

            build_demo(path)
        path = open_at_start(path)
        from desktop.services.maintenance import start_chores

        start_chores(path)  # today's checked backup of a file; records trashed more than 30 days ago go for good
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    from desktop.services import auth

    if auth.users_exist():
        from desktop.views.dialogs.login_dialog import LoginDialog

        if LoginDialog().exec() != LoginDialog.DialogCode.Accepted:
            close_db()
            return 0
    window = MainWindow(path, demo=demo)
    window.show()
    from desktop.models.settings import current_puskesmas

    if quit_after_start:
        QTimer.singleShot(0, app.quit)
    elif current_puskesmas() is None:  # a new, empty database: guide the first steps
        QTimer.singleShot(0, window.show_wizard)
    code = app.exec()
    close_db()  # a clean shutdown: the next start skips the full integrity check
    return code
