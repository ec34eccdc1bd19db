"""An unexpected error inside a page action: the user gets an Indonesian dialog, the crash log gets the traceback
without personal data, and the window keeps working."""

import logging
import sys

import pytest

from desktop.services import crash_log, schedule

from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from desktop.views import app as gui
from desktop.views.dialogs.crash_dialog import CrashDialog
from desktop.views.main_window import MainWindow

pytestmark = pytest.mark.gui
NIK, PHONE, SECRET = "3201234567890123", "081234567890", "rahasia123"


@pytest.fixture
def crash_handling(tmp_path):
    before_hook = sys.excepthook
    gui.install_crash_handling(tmp_path / "data")
    previous = qInstallMessageHandler(gui._qt_message)
    yield tmp_path / "data" / crash_log.LOG_NAME
    sys.excepthook = before_hook
    qInstallMessageHandler(previous)
    logger = logging.getLogger(crash_log.LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def _crash_dialogs() -> list[CrashDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]


@pytest.mark.qt_no_exception_capture
def test_unexpected_error_in_a_page_action(qtbot, demo_db, crash_handling, monkeypatch):
    log = crash_handling
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    window.show_section("Jadwal")
    jadwal = window.page("Jadwal")

    def broken(*args, **kwargs):
        raise RuntimeError(f"kader NIK {NIK} HP {PHONE} password={SECRET} postgresql://promkes:{SECRET}@10.0.0.1/bk")

    monkeypatch.setattr(schedule, "propose_month", broken)
    qtbot.mouseClick(jadwal.plan_button, Qt.MouseButton.LeftButton)  # the slot raises inside Qt's event loop
    qtbot.waitUntil(lambda: bool(_crash_dialogs()))
    dialog = _crash_dialogs()[0]
    text = dialog.title.text() + dialog.text.text()
    assert "kesalahan yang tidak terduga (RuntimeError)" in text
    assert "draf" in text and "tetap dapat dipakai" in text and str(log) in text
    assert "NIK" in text and "kata sandi" in text  # says what the file does not hold

    written = log.read_text(encoding="utf-8")
    assert "RuntimeError" in written and "broken" in written
    assert "Traceback" in written and "test_crash_handling.py" in written
    for secret in (NIK, PHONE, SECRET):
        assert secret not in written
    assert "[NIK]" in written and "[NO-HP]" in written and "password=***" in written

    qtbot.mouseClick(jadwal.plan_button, Qt.MouseButton.LeftButton)  # the same again: one dialog, counted
    qtbot.waitUntil(lambda: "(2×)" in dialog.title.text())
    assert len(_crash_dialogs()) == 1
    dialog.accept()

    monkeypatch.undo()  # the window still works: other sections and the same action
    window.show_section("Tim Supervisor")
    assert window.stack.currentWidget() is window.page("Tim Supervisor")
    window.show_section("Jadwal")
    plan = jadwal.open_plan()
    assert plan.isVisible() and plan.table.rowCount() >= 0
    plan.close()


def test_qt_warnings_go_to_the_crash_log(crash_handling):
    gui._qt_message(QtMsgType.QtWarningMsg, None, f"QPainter gagal; pengguna {PHONE}")
    written = crash_handling.read_text(encoding="utf-8")
    assert "Qt: QPainter gagal" in written and PHONE not in written


def test_scrub_leaves_ordinary_numbers():
    text = crash_log.scrub(f"baris 1234 di {NIK}; HP +62 812-3456-7890; 0812 3456 7890; tahun 2026; id 42")
    assert NIK not in text and "812-3456-7890" not in text and "0812 3456 7890" not in text
    assert "baris 1234" in text and "tahun 2026" in text and "id 42" in text
