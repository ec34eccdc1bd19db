import pytest

from desktop.models.nik import mask_nik
from desktop.models.people import Kader, Posyandu

pytestmark = pytest.mark.gui


def test_search_filter_and_masked_personal_data(qtbot, open_section, demo_db, tmp_path):
    window, page = open_section(demo_db, "Posyandu & Kader")
    active = Kader.select().join(Posyandu).where(Kader.active, Posyandu.active).count()
    assert page.kader_count.text() == f"{active} kader"
    window.grab().save(str(tmp_path / "kader.png"))
    qtbot.keyClicks(page.search, "Rina")
    names = [page.kader_table.item(r, 0).text() for r in range(page.kader_table.rowCount())]
    assert "Rina Marlina" in names and all("rina" in n.lower() for n in names)
    rina = Kader.get(Kader.name == "Rina Marlina")
    row = names.index("Rina Marlina")
    assert page.kader_table.item(row, 1).text() == mask_nik(rina.nik)
    assert rina.nik is None or rina.nik not in page.kader_table.item(row, 1).text()
    page.search.clear()
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    page.desa.setCurrentIndex(page.desa.findData(melati.desa_id))
    page.posyandu.setCurrentIndex(page.posyandu.findData(melati.id))
    assert page.kader_table.rowCount() == melati.kader.where(Kader.active).count()
    assert {page.kader_table.item(r, 4).text() for r in range(page.kader_table.rowCount())} == {"Melati 2"}
    page.tabs.setCurrentIndex(1)
    shown = Posyandu.select().where(Posyandu.desa == melati.desa_id, Posyandu.active).count()
    assert page.posyandu_count.text() == f"{shown} posyandu"


def test_add_edit_and_deactivate_a_kader_as_a_user(qtbot, open_section, demo_db, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    window, page = open_section(demo_db, "Posyandu & Kader")
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    page.desa.setCurrentIndex(page.desa.findData(melati.desa_id))
    page.posyandu.setCurrentIndex(page.posyandu.findData(melati.id))
    rows_before = page.kader_table.rowCount()
    dialog = page.add_kader()
    assert dialog.posyandu.value() == melati.id  # the posyandu being looked at
    qtbot.keyClicks(dialog.name, "Sri Wahyuni")
    qtbot.keyClicks(dialog.nik, "32160145079")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "NIK harus 16 angka (tertulis 11)" in dialog.error.text()
    qtbot.keyClicks(dialog.nik, "09998")
    qtbot.keyClicks(dialog.birth_date, "05071990")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.kader_table.rowCount() == rows_before + 1
    sri = Kader.get(Kader.name == "Sri Wahyuni")
    assert sri.nik == "3216014507909998" and sri.birth_date.isoformat() == "1990-07-05"
    row = [page.kader_table.item(r, 0).text() for r in range(page.kader_table.rowCount())].index("Sri Wahyuni")
    assert page.kader_table.item(row, 1).text() == "3216********9998"
    page.kader_table.selectRow(row)
    edit = page.edit_kader()
    assert edit.nik.value() == "3216014507909998"  # the full NIK only in the edit dialog
    edit.name.clear()
    qtbot.keyClicks(edit.name, "Sri Wahyuningsih")
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert Kader.get_by_id(sri.id).name == "Sri Wahyuningsih"
    row = [page.kader_table.item(r, 0).text() for r in range(page.kader_table.rowCount())].index("Sri Wahyuningsih")
    page.kader_table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert not Kader.get_by_id(sri.id).active
    assert page.kader_table.rowCount() == rows_before
