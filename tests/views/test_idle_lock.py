"""Issue 16 row 9: the idle lock hides every window of the app (a kader detail showing a full NIK included), not
only the main window, and brings them back unchanged after the password."""

import pytest
import shiboken6

from desktop.services import auth

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.views.dialogs.login_dialog import LoginDialog

pytestmark = pytest.mark.gui
PASSWORD = "rahasia-kuat"


def test_idle_lock_hides_every_window(qtbot, open_section, demo_db, tmp_path):
    auth.create_user("Maryam", "maryam", PASSWORD, "admin")
    window, page = open_section(demo_db, "Posyandu & Kader")
    qtbot.keyClicks(page.search, "Rina Marlina")
    page.kader_table.selectRow(0)
    detail = page.open_detail()
    detail.show_personal.setChecked(True)
    full_nik = detail.nik.text()
    assert detail.isVisible() and full_nik.isdigit()
    seen = {}

    def while_locked() -> None:
        lock = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
        seen["visible"] = [w for w in QApplication.topLevelWidgets()
                           if shiboken6.isValid(w) and w.isVisible() and w is not lock]
        lock.grab().save(str(tmp_path / "kunci.png"))
        qtbot.keyClicks(lock.password, PASSWORD)
        qtbot.mouseClick(lock.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, while_locked)
    window.lock()
    assert seen["visible"] == []  # nothing of the app stayed on screen behind the lock
    assert window.isVisible() and detail.isVisible() and detail.nik.text() == full_nik  # back as it was
    assert window.idle.isActive()
