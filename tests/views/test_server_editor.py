"""Pengaturan › Basis Data Bersama on a real PostgreSQL server: check, copy the office file into it, work on it,
go back to the file."""

from urllib.parse import urlsplit

import pytest

from desktop.models.db import current_location, is_server
from desktop.models.people import Kader, Posyandu

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

pytestmark = pytest.mark.gui


def test_copy_the_office_file_to_a_server_and_work_on_it(qtbot, open_section, demo_db, pg_url, tmp_path,
                                                         monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    kader = Kader.select().count()
    window, page = open_section(demo_db, "Pengaturan")
    page.tabs.setCurrentWidget(page.server)
    editor = page.server
    parts = urlsplit(pg_url)
    assert "berkas di komputer ini" in editor.now.text()

    qtbot.mouseClick(editor.check_button, Qt.MouseButton.LeftButton)
    assert "Isi dahulu: alamat server" in editor.message.text()
    qtbot.keyClicks(editor.host, parts.hostname)
    editor.port.setValue(parts.port)
    editor.database.clear()
    qtbot.keyClicks(editor.database, parts.path.lstrip("/"))
    qtbot.keyClicks(editor.user, parts.username)
    qtbot.mouseClick(editor.check_button, Qt.MouseButton.LeftButton)
    assert "kata sandi salah atau belum diisi" in editor.message.text()  # the server asks for one
    qtbot.keyClicks(editor.password, parts.password)
    qtbot.mouseClick(editor.check_button, Qt.MouseButton.LeftButton)
    assert "masih kosong" in editor.message.text()
    window.grab().save(str(tmp_path / "basis-data-bersama.png"))

    qtbot.mouseClick(editor.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: is_server(current_location()), timeout=60000)  # copied in the background
    assert "(bersama)" in window.db_label.text() and "bina@" in window.db_label.text()
    assert Kader.select().count() == kader  # the same data, now on the server
    page = window.page("Pengaturan")
    assert "basis data bersama" in page.server.now.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.server.file_button, Qt.MouseButton.LeftButton)
    assert not is_server(current_location())
    assert "(bersama)" not in window.db_label.text()


def test_every_section_works_on_a_shared_database(qtbot, demo_server, tmp_path):
    from desktop.views.main_window import SECTIONS, MainWindow

    window = MainWindow(demo_server)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    assert "(bersama)" in window.db_label.text() and "postgresql://bina@" in window.db_label.text()
    expected = Kader.select().join(Posyandu).where(Kader.active, Posyandu.active).count()
    assert window.page("Beranda").cards["kader"].value.text() == str(expected)
    for name in SECTIONS:
        window.show_section(name)
        assert window.stack.currentWidget() is window.page(name)
        assert window.grab().save(str(tmp_path / f"{SECTIONS.index(name)}.png"))
    dialog = window.show_about()
    assert any("postgresql://bina@" in label.text() for label in dialog.findChildren(type(window.db_label)))
    dialog.close()


def test_start_with_the_server_down_offers_this_pcs_file(qtbot, tmp_path, monkeypatch):
    from desktop.models.db import close_db, default_db_path
    from desktop.models.errors import ServerUnavailable

    from desktop.views.app import open_at_start

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    down = "postgresql://promkes@127.0.0.1:1/binakader"
    answers, asked = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes], []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answers.pop(0))
    with pytest.raises(ServerUnavailable):
        open_at_start(down)  # "no": the app says why and stops
    assert open_at_start(down) == default_db_path()  # "yes": this PC's file meanwhile
    assert all("server tidak menjawab" in text for text in asked)
    assert current_location() == default_db_path() and default_db_path().is_file()
    close_db()


def test_a_second_office_is_merged_into_a_server_that_holds_the_first(qtbot, open_section, demo_template, pg_url,
                                                                      tmp_path, monkeypatch):
    from desktop.models.db import close_db
    from desktop.models.schema import open_database
    from desktop.models.wilayah import Puskesmas
    from desktop.services.db_copy import copy_database
    from tests.models.test_shared import _second_office

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    copy_database(demo_template, pg_url)  # Cibarusah already works on the server
    office = tmp_path / "serang-baru.db"
    _second_office(office)
    open_database(office)
    from desktop.services import auth

    auth.log_in("rudi", "rahasia-123")  # only the PJ Promkes copies the office's data
    from desktop.views.main_window import MainWindow

    # on the server the same account signs in again (the login dialog, answered here)
    monkeypatch.setattr(MainWindow, "ask_login",
                        lambda self, locked_user=None: bool(auth.log_in("rudi", "rahasia-123")))
    window, page = open_section(office, "Pengaturan")
    editor = page.server
    parts = urlsplit(pg_url)
    qtbot.keyClicks(editor.host, parts.hostname)
    editor.port.setValue(parts.port)
    editor.database.clear()
    qtbot.keyClicks(editor.database, parts.path.lstrip("/"))
    qtbot.keyClicks(editor.user, parts.username)
    qtbot.keyClicks(editor.password, parts.password)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(editor.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: is_server(current_location()) or "gagal" in editor.message.text().lower(), timeout=60000)
    assert "sudah berisi data puskesmas lain" in asked[0], editor.message.text()
    assert is_server(current_location()), editor.message.text()
    assert sorted(p.name for p in Puskesmas.select()) == ["Puskesmas Cibarusah", "Puskesmas Serang Baru"]
    assert "berkas di komputer ini" not in window.page("Pengaturan").server.now.text()
    close_db()
