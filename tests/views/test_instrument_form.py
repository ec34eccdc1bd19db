import pytest

from desktop.instruments.loader import ORDER, load_instrument
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentDraft, InstrumentRecord
from desktop.services import pickers

from PySide6.QtCore import Qt

from desktop.views.dialogs.instruments.record_dialog import RecordDialog

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("instrument_id", ORDER)
def test_fill_save_reopen_gives_the_same_values(qtbot, demo_db, instrument_id):
    inst = load_instrument(instrument_id)
    example = pickers.with_desa(inst, InstrumentRecord.select().where(InstrumentRecord.instrument == instrument_id)
                                .order_by(InstrumentRecord.id.desc()).first().answers)
    example["tanggal"] = "2026-07-01"  # a new sheet: the same sheet twice is refused
    dialog = RecordDialog(inst)
    qtbot.addWidget(dialog)
    dialog.form.set_values(example)
    assert dialog.form.values() == example
    before = InstrumentRecord.select().count()
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert InstrumentRecord.select().count() == before + 1
    record = InstrumentRecord.get_by_id(saved.args[0])
    again = RecordDialog(load_instrument(instrument_id), record=record)
    qtbot.addWidget(again)
    assert again.form.values() == example


def test_typing_from_paper_with_the_keyboard(qtbot, demo_db, tmp_path):
    dialog = RecordDialog(load_instrument("observasi_posyandu"))
    qtbot.addWidget(dialog)
    dialog.resize(1100, 680)
    dialog.show()
    form = dialog.form
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    form.widgets["posyandu"].set_value(melati.id)
    assert form.widgets["desa"].value() == melati.desa.name and form.widgets["desa"].isReadOnly()
    qtbot.keyClicks(form.widgets["tanggal"], "14102026")
    form.widgets["supervisor"].set_value(Staff.get(Staff.role == "pj_promkes").id)
    row = form.grid_widgets["A2"]
    row["dilaksanakan"].setFocus()
    qtbot.keyClick(row["dilaksanakan"], Qt.Key.Key_1)  # 1 = Ya, and focus moves on
    qtbot.keyClick(row["sesuai_standar"], Qt.Key.Key_2)  # 2 = Sebagian
    qtbot.keyClicks(row["catatan"], "papan ukur miring")
    qtbot.keyClicks(form.widgets["B1"], "6")
    form.widgets["C2"].set_value("ya")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "D.6 Temuan utama: wajib diisi." in dialog.messages.text()  # required field named, nothing saved
    qtbot.keyClicks(form.widgets["D6"], "Penimbangan belum sesuai standar")
    dialog.grab().save(str(tmp_path / "observasi.png"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.messages.text() == ""
    record = InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).first()
    assert record.answers["A2"] == {"dilaksanakan": "ya", "sesuai_standar": "sebagian", "catatan": "papan ukur miring"}
    assert record.answers["B1"] == 6 and record.activity_date.isoformat() == "2026-10-14"
    assert record.posyandu == melati and record.origin == "kertas" and record.answers["desa"] == melati.desa.name
    finding = [a for a in record.answer_rows if a.priority]
    assert [(a.item, a.skill) for a in finding] == [("A2.sesuai_standar", "B1")]


def test_unfinished_form_survives_closing_and_is_offered_back(qtbot, open_section, demo_db):
    InstrumentDraft.delete().execute()
    window, page = open_section(demo_db, "Instrumen")
    assert not page.drafts.isVisibleTo(page)
    dialog = page.new_record("coaching")
    qtbot.keyClicks(dialog.form.widgets["alasan"], "Tidak hadir dua bulan")
    dialog.close_button.click()  # closing keeps what was typed
    assert InstrumentDraft.select().count() == 1
    assert page.drafts.isVisibleTo(page) and "1 isian" in page.drafts.text()
    again = page.open_drafts()
    assert again.form.widgets["alasan"].value() == "Tidak hadir dua bulan"
    aminah = Kader.get(Kader.name == "Aminah Rahayu")
    again.form.widgets["posyandu"].set_value(aminah.posyandu_id)
    again.form.widgets["kader"].set_value([aminah.id])
    again.form.widgets["tanggal"].set_value("2026-11-05")
    again.form.widgets["area"].set_value(["motivasi"])
    again.form.widgets["supervisor"].set_value(Staff.get().id)
    again.save()
    assert InstrumentDraft.select().count() == 0 and not page.drafts.isVisibleTo(page)


def test_instrumen_page_filters_trashes_and_restores(qtbot, open_section, demo_db, tmp_path):
    window, page = open_section(demo_db, "Instrumen")
    total = InstrumentRecord.select().count()
    assert page.count.text().startswith(f"{total} catatan")
    page.instrument.setCurrentIndex(page.instrument.findData("coaching"))
    coached = InstrumentRecord.get(InstrumentRecord.instrument == "coaching")  # the demo's one coaching
    assert page.table.rowCount() == 1 and page.table.item(0, 3).text() == coached.kader.name
    window.grab().save(str(tmp_path / "instrumen.png"))
    page.table.selectRow(0)
    record = page.selected()
    from desktop.services import records

    records.trash_record(record)  # what «Hapus» does after the user confirms
    page.reload()
    assert "Belum ada catatan" in page.count.text()
    page.trash.setChecked(True)
    assert page.table.rowCount() == 1 and page.restore_button.isEnabled()
    page.table.selectRow(0)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    page.trash.setChecked(False)
    assert page.table.rowCount() == 1


def test_instrumen_filters_by_desa_kader_and_supervisor(qtbot, open_section, demo_db):
    window, page = open_section(demo_db, "Instrumen")
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    page.desa.setCurrentIndex(page.desa.findData(melati.desa_id))
    in_desa = InstrumentRecord.select().join(Posyandu).where(Posyandu.desa == melati.desa_id).count()
    assert page.count.text().startswith(f"{in_desa} catatan")
    page.posyandu.setCurrentIndex(page.posyandu.findData(melati.id))
    rina = Kader.get(Kader.name == "Rina Marlina")
    page.kader.setCurrentIndex(page.kader.findData(rina.id))
    expected = InstrumentRecord.select().where(InstrumentRecord.kader == rina).count()
    assert page.table.rowCount() == expected and all(
        page.table.item(r, 3).text() == "Rina Marlina" for r in range(expected))
    page.kader.setCurrentIndex(0)
    supervisor = InstrumentRecord.get(InstrumentRecord.posyandu == melati, InstrumentRecord.supervisor.is_null(False))
    page.supervisor.setCurrentIndex(page.supervisor.findData(supervisor.supervisor_id))
    assert page.table.rowCount() == InstrumentRecord.select().where(
        InstrumentRecord.posyandu == melati, InstrumentRecord.supervisor == supervisor.supervisor_id).count()
