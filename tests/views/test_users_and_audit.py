import pytest

from desktop.models.users import User
from desktop.services import auth

from PySide6.QtCore import Qt

from desktop.views.dialogs.login_dialog import LoginDialog

pytestmark = pytest.mark.gui


def test_pj_promkes_adds_a_supervisor_and_reads_the_audit_trail(qtbot, open_section, demo_db, tmp_path):
    import openpyxl

    auth.create_user("Maryam", "maryam", "rahasia-kuat", "admin")
    window, page = open_section(demo_db, "Pengaturan")
    page.tabs.setCurrentWidget(page.users)
    users = page.users
    assert users.table.rowCount() == 1 and users.add_button.isEnabled()
    dialog = users.add()
    qtbot.keyClicks(dialog.name, "Bidan Neneng")
    qtbot.keyClicks(dialog.username, "neneng")
    qtbot.keyClicks(dialog.password, "pendek")
    dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
    dialog.staff.setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "minimal 8" in dialog.error.text()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "rahasia-bidan")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert users.table.rowCount() == 2 and User.get(User.username == "neneng").role == "supervisor"
    users.idle.setValue(30)
    from desktop.models.settings import get_setting

    assert get_setting("idle_minutes") == "30"
    page.grab().save(str(tmp_path / "pengguna.png"))

    page.tabs.setCurrentWidget(page.audit)
    page.audit.refresh()
    shown = [page.audit.table.item(r, 3).text() for r in range(page.audit.table.rowCount())]
    assert "user" in shown
    page.audit.user.setCurrentIndex(page.audit.user.findData("maryam"))
    page.audit.show_entries()
    assert all(page.audit.table.item(r, 1).text() == "maryam" for r in range(page.audit.table.rowCount()))
    page.grab().save(str(tmp_path / "audit.png"))
    out = page.audit.export(str(tmp_path / "audit.xlsx"))
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "Waktu" and sheet.max_row >= page.audit.table.rowCount() + 1


def test_login_and_idle_unlock(qtbot, demo_db):
    auth.create_user("Maryam", "maryam", "rahasia-kuat", "admin")
    auth.log_out()
    login = LoginDialog()
    qtbot.addWidget(login)
    qtbot.keyClicks(login.username, "maryam")
    qtbot.keyClicks(login.password, "keliru")
    qtbot.mouseClick(login.ok_button, Qt.MouseButton.LeftButton)
    assert "salah" in login.error.text() and auth.current() is None
    qtbot.keyClicks(login.password, "rahasia-kuat")
    qtbot.mouseClick(login.ok_button, Qt.MouseButton.LeftButton)
    assert auth.current().username == "maryam"
    unlock = LoginDialog(locked_user="maryam")
    qtbot.addWidget(unlock)
    assert unlock.username.isReadOnly()
    assert any("dikunci" in label.text() for label in unlock.findChildren(type(unlock.error)))


def test_a_print_clerk_cannot_edit_and_sees_no_full_nik(qtbot, open_section, demo_db, monkeypatch):
    from desktop.models.people import Kader

    auth.create_user("Maryam", "maryam", "rahasia-kuat", "admin")
    auth.create_user("Staf", "staf", "rahasia-kuat", "cetak")
    auth.log_in("staf", "rahasia-kuat")
    window, page = open_section(demo_db, "Posyandu & Kader")
    qtbot.keyClicks(page.search, "Rina Marlina")
    page.kader_table.selectRow(0)
    detail = page.open_detail()
    rina = Kader.get(Kader.name == "Rina Marlina")
    assert not detail.show_personal.isEnabled() and not detail.add_level_button.isEnabled()
    assert rina.nik is None or rina.nik != detail.nik.text()
