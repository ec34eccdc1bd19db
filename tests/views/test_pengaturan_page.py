import pytest

from desktop.models.db import close_db
from desktop.models.schema import open_database
from desktop.services.identity import load_identity

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from desktop.views.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_user_fills_identity_on_new_database_saves_and_sees_it_after_reopening(
    qtbot, open_section, db, db_path, tmp_path
):
    window, page = open_section(db_path, "Pengaturan")
    qtbot.keyClicks(page.identity.fields["name"], "Puskesmas Sukamaju")
    qtbot.mouseClick(page.identity.save_button, Qt.MouseButton.LeftButton)
    assert "Kabupaten/Kota wajib diisi" in page.identity.status.text()
    qtbot.keyClicks(page.identity.fields["kabupaten"], "Bogor")
    qtbot.keyClicks(page.identity.fields["kepala_name"], "dr. Hana Pertiwi")
    qtbot.keyClicks(page.identity.fields["kepala_nip"], "198001012005012001")
    qtbot.keyClicks(page.identity.fields["pj_promkes_nip"], "12345")
    qtbot.mouseClick(page.identity.save_button, Qt.MouseButton.LeftButton)
    assert "NIP PJ Promkes harus 18 angka" in page.identity.status.text()
    page.identity.fields["pj_promkes_nip"].clear()
    logo = tmp_path / "logo.png"
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    image.save(str(logo))
    assert page.identity.load_logo_file(str(logo))
    qtbot.mouseClick(page.identity.save_button, Qt.MouseButton.LeftButton)
    assert "Tersimpan" in page.identity.status.text()
    assert window.puskesmas_label.text() == "Puskesmas Sukamaju"
    page.grab().save(str(tmp_path / "pengaturan.png"))

    close_db()
    open_database(db_path)
    stored = load_identity()
    assert stored.name == "Puskesmas Sukamaju" and stored.kepala_nip == "198001012005012001"
    reloaded = QImage.fromData(stored.logo)
    assert max(reloaded.width(), reloaded.height()) == 400
    again = MainWindow(db_path)
    qtbot.addWidget(again)
    assert again.page("Pengaturan").identity.fields["kepala_name"].text() == "dr. Hana Pertiwi"
    assert again.page("Beranda").title.text().startswith("<h2>Puskesmas Sukamaju")


def test_unreadable_logo_is_rejected(qtbot, db, db_path, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    page = window.page("Pengaturan")
    bad = tmp_path / "bukan-gambar.png"
    bad.write_text("teks")
    assert not page.identity.load_logo_file(str(bad))
    assert "bukan gambar" in shown[0]


def test_user_edits_the_skill_catalogue(qtbot, open_section, db, db_path, tmp_path):
    from desktop.models import skills as catalogue

    window, page = open_section(db_path, "Pengaturan")
    page.tabs.setCurrentWidget(page.skills)
    editor = page.skills
    assert editor.table.rowCount() == 25
    editor.table.selectRow(5)  # B1
    dialog = editor.edit()
    dialog.label.setPlainText("Menimbang bayi dan balita dengan timbangan digital")
    qtbot.mouseClick(dialog.findChildren(type(page.identity.save_button))[0], Qt.MouseButton.LeftButton)
    assert editor.table.item(5, 2).text() == "Menimbang bayi dan balita dengan timbangan digital"
    add = editor.add()
    qtbot.keyClicks(add.code, "F1")
    add.area.setCurrentText("Lokal")
    qtbot.mouseClick(add.findChildren(type(page.identity.save_button))[0], Qt.MouseButton.LeftButton)
    assert "wajib diisi" in add.error.text() and add.isVisible()
    add.label.setPlainText("Mendampingi kelas ibu balita")
    qtbot.mouseClick(add.findChildren(type(page.identity.save_button))[0], Qt.MouseButton.LeftButton)
    assert editor.table.rowCount() == 26
    qtbot.mouseClick(editor.buttons["retire"], Qt.MouseButton.LeftButton)  # the new row is selected
    assert editor.table.item(25, 3).text() == "Dipensiunkan"
    page.grab().save(str(tmp_path / "keterampilan.png"))
    assert catalogue.labels()["B1"] == "Menimbang bayi dan balita dengan timbangan digital"
    assert [s.code for s in catalogue.skills()][-1] == "E5"


def test_user_adds_and_renames_desa_in_the_working_area(qtbot, open_section, demo_db, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window, page = open_section(demo_db, "Pengaturan")
    page.tabs.setCurrentWidget(page.wilayah)
    editor = page.wilayah
    before = editor.table.rowCount()
    existing = editor.kecamatan.itemText(0)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert "Nama desa/kelurahan wajib diisi" in editor.error.text()
    editor.kecamatan.setEditText(existing)
    qtbot.keyClicks(editor.name, "Sukamaju Baru")
    qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    assert editor.table.rowCount() == before + 1 and editor.error.text() == ""
    editor.kecamatan.setEditText(existing.upper())
    qtbot.keyClicks(editor.name, "sukamaju  baru")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert "sudah ada" in editor.error.text() and editor.table.rowCount() == before + 1
    row = next(r for r in range(editor.table.rowCount()) if editor.table.item(r, 1).text() == "Sukamaju Baru")
    editor.table.selectRow(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Sukamaju Jaya", True))
    editor.rename()
    assert any(editor.table.item(r, 1).text() == "Sukamaju Jaya" for r in range(editor.table.rowCount()))
