import datetime as dt

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
    assert page.posyandu_count.text().startswith(f"{shown} posyandu · ")
    in_desa = Kader.select().join(Posyandu).where(Posyandu.desa == melati.desa_id, Kader.active, Posyandu.active)
    trained = in_desa.where(Kader.training_status == "sudah").count()
    assert f"{in_desa.count()} kader aktif: {trained} sudah dilatih" in page.posyandu_count.text()


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


def test_posyandu_add_edit_deactivate(qtbot, open_section, demo_db, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    window, page = open_section(demo_db, "Posyandu & Kader")
    page.tabs.setCurrentIndex(1)
    before = page.posyandu_table.rowCount()
    dialog = page.open_posyandu(None)
    qtbot.keyClicks(dialog.name, "Melati 2")
    dialog.desa.set_value(Posyandu.get(Posyandu.name == "Melati 2").desa_id)
    qtbot.keyClicks(dialog.established, "01012099")
    qtbot.keyClicks(dialog.service_day, "30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    for part in ("sudah ada di desa ini", "masa depan", "1–28"):
        assert part in dialog.error.text()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Anggrek Baru")
    dialog.established.clear()
    qtbot.keyClicks(dialog.established, "15032024")
    dialog.service_day.clear()
    qtbot.keyClicks(dialog.service_day, "12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.posyandu_table.rowCount() == before + 1
    new = Posyandu.get(Posyandu.name == "Anggrek Baru")
    assert (new.service_day, new.established.isoformat()) == (12, "2024-03-15")
    row = next(r for r in range(page.posyandu_table.rowCount()) if page.posyandu_table.item(r, 0).text() == new.name)
    page.posyandu_table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.toggle_posyandu()
    assert not Posyandu.get_by_id(new.id).active and page.posyandu_table.rowCount() == before
    assert Posyandu.get_by_id(new.id).inactive_since == dt.date.today()  # reports after today leave it out
    melati = next(r for r in range(page.posyandu_table.rowCount())
                  if page.posyandu_table.item(r, 0).text() == "Melati 2")
    page.posyandu_table.selectRow(melati)
    timeline = page.posyandu_timeline()
    assert "Posyandu Melati 2" in timeline.windowTitle() and timeline.table.rowCount() > 0


def test_kader_detail_records_classification_and_training(qtbot, open_section, demo_db, tmp_path):
    from PySide6.QtCore import Qt

    window, page = open_section(demo_db, "Posyandu & Kader")
    qtbot.keyClicks(page.search, "Rina Marlina")
    page.kader_table.selectRow(0)
    detail = page.open_detail()
    rina = detail.kader
    assert rina.nik is None or rina.nik not in detail.nik.text()
    detail.show_personal.setChecked(True)
    assert detail.nik.text() == (rina.nik or "—")
    add = detail.add_level()
    level, day, assessor, source = add.fields
    level.setCurrentIndex(level.findData("madya"))
    qtbot.keyClicks(day, "01012099")
    qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)
    assert "masa depan" in add.error.text()
    day.clear()
    qtbot.keyClicks(day, "20112026")
    qtbot.keyClicks(assessor, "Tim Bapelkes")
    qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)
    assert detail.levels.item(0, 1).text() == "Madya"
    assert Kader.get_by_id(rina.id).classification == "madya"
    training = detail.edit_training(None)
    batch, progress, practice, certificate, notes = training.fields
    qtbot.keyClicks(batch, "Batch 3 - Angkatan 7")
    qtbot.keyClicks(progress, "97")
    qtbot.keyClicks(certificate, "01112026")
    qtbot.mouseClick(training.save_button, Qt.MouseButton.LeftButton)
    assert "Sertifikat hanya untuk progres 100%" in training.error.text()
    progress.clear()
    qtbot.keyClicks(progress, "100")
    qtbot.mouseClick(training.save_button, Qt.MouseButton.LeftButton)
    assert Kader.get_by_id(rina.id).training_status == "sudah"
    assert detail.trainings.item(detail.trainings.rowCount() - 1, 0).text() == "Batch 3 - Angkatan 7"
    detail.tabs.setCurrentIndex(3)
    assert detail.timeline.rowCount() > 0
    detail.grab().save(str(tmp_path / "detail.png"))


def test_roster_dialog_preview_mapping_and_import(qtbot, open_section, demo_db, tmp_path, monkeypatch):
    import openpyxl

    from PySide6.QtCore import Qt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DATA KADER DESA"])
    sheet.append(["No", "Nama Lengkap", "Pos", "Tgl Lhr", "Kolom Aneh"])
    sheet.append([1.0, "Wati Rahmawati", "Melati 2", "05/05/1990", "x"])
    sheet.append([2.0, "Yuni Kartika", "Pelangi A", "", "y"])
    path = tmp_path / "kader.xlsx"
    book.save(path)
    window, page = open_section(demo_db, "Posyandu & Kader")
    dialog = page.open_import()
    assert dialog.load(str(path))
    assert dialog.preview.rowCount() == 2 and dialog.combos["name"].currentText() == "Nama Lengkap"
    assert [dialog.preview.item(r, 1).text() for r in range(2)] == ["1", "2"]  # col 0: check result
    assert dialog.combos["posyandu"].currentText() == "Pos"
    dialog.combos["name"].setCurrentIndex(0)  # a wrong mapping is caught
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "Nama kader" in dialog.problems.item(0).text() and not dialog.import_button.isEnabled()
    dialog.combos["name"].setCurrentIndex(dialog.combos["name"].findText("Nama Lengkap"))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.import_button.isEnabled() and "2 kader baru" in dialog.summary.text()
    dialog.grab().save(str(tmp_path / "impor.png"))
    before = Kader.select().count()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert Kader.select().count() == before + 2 and "diimpor" in dialog.summary.text()
