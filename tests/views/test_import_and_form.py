"""The Excel import and the entry form are one rule: the same follow-ups, the same plausibility messages."""

import datetime as dt

import pytest

from bench.entry import Typist, reference_entry_day, reference_sheet
from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord
from desktop.models.schedule import FollowUp
from desktop.services import responses_import
from tests.helpers.sheets import fill
from tests.views.test_keyboard_entry import _open, _paper

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui
RECENT = (dt.date.today() - dt.timedelta(days=3)).isoformat()


def _items(record):
    return sorted((f.description, f.owner, f.due, f.kader_id, tuple(f.skills or ())) for f in
                  FollowUp.select().where(FollowUp.source == record))


@pytest.mark.parametrize("instrument_id", ["mentoring", "coaching"])
def test_import_with_tables_creates_the_same_follow_ups_as_the_form(qtbot, demo_db, tmp_path, instrument_id):
    inst = load_instrument(instrument_id)
    example = InstrumentRecord.select().where(InstrumentRecord.instrument == instrument_id).order_by(
        InstrumentRecord.id).first().answers
    example = {**example, "tanggal": RECENT}
    # the RTL rows the sheet asks to follow up: Mentoring Bagian B's column (12), Coaching's table 7
    rtl = [row for row in example["bagian_b"] if row.get("rtl")] if instrument_id == "mentoring" else example["rtl"]
    assert rtl
    dialog = _open(qtbot, inst)
    Typist(dialog, lambda: qtbot.wait(1)).type_sheet(_paper(example, inst))
    typed = InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).first()
    assert typed.answers == example
    other = {**example, "tanggal": (dt.date.fromisoformat(RECENT) - dt.timedelta(days=1)).isoformat()}
    path = fill(inst, responses_import.write_template(inst, tmp_path / "t.xlsx"), [other])  # the same sheet is refused
    assert responses_import.import_responses(inst, path).count == 1
    imported = InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).first()
    assert imported.answers == {**typed.answers, "tanggal": other["tanggal"]} and imported.id != typed.id
    # the same follow-ups; a due counted from the sheet's date moves with it (the import is one day earlier)
    undated = [[(d, o, k, s) for d, o, _, k, s in _items(r)] for r in (imported, typed)]
    assert undated[0] == undated[1] and len(_items(typed)) >= len(rtl)  # mentoring: one per attending kader
    assert all(0 <= (t[2] - i[2]).days <= 1 for i, t in zip(_items(imported), _items(typed), strict=True))


def _with_ids(sheet):
    melati = Posyandu.get(Posyandu.name == sheet["posyandu"])
    staff = Staff.get(Staff.name.startswith(sheet["supervisor"]))
    named = {k: sorted(Kader.get(Kader.name == n, Kader.posyandu == melati).id for n in v)
             for k, v in sheet.items() if k.startswith("kader_")}  # attendance by name
    return {**sheet, "posyandu": melati.id, "supervisor": staff.id, "desa": melati.desa.name, **named}


def test_plausibility_messages_are_the_same_in_the_form_and_the_import(qtbot, demo_db, tmp_path):
    inst = load_instrument("observasi_posyandu")
    day = reference_entry_day()
    wrong = {**reference_sheet(), "C1a": 99999, "D3": 50, "D4": 60, "tanggal": (day + dt.timedelta(days=9)).isoformat()}
    dialog = _open(qtbot, inst, today=day)
    Typist(dialog, lambda: qtbot.wait(1)).type_sheet(wrong)
    in_form = [line[2:] for line in dialog.messages.text().splitlines() if line.startswith("• ")]
    assert len(in_form) == 4
    path = fill(inst, responses_import.write_template(inst, tmp_path / "t.xlsx"), [_with_ids(wrong)])
    with pytest.raises(UserError) as info:
        responses_import.import_responses(inst, path, day)
    in_import = [line for line in str(info.value).splitlines() if line.startswith("Lembar kerja")]
    assert in_import == [f"Lembar kerja 'Data', baris 3 (lembar 1): {m}" for m in in_form]
    # unusual values: the form asks, the import stores and lists the same words
    unusual = {**reference_sheet(), "C1b": 450, "B1": 3}
    dialog = _open(qtbot, inst, today=day)
    asked = []

    def answer():
        box = QApplication.activeModalWidget()
        if box is None or box is dialog:
            return
        poll.stop()
        asked.extend(line[2:] for line in box.text().splitlines() if line.startswith("• "))
        button = next(b for b in box.buttons() if b.text() == "Perbaiki dulu")
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)

    poll = QTimer(dialog, interval=50)  # the question comes after the last key of the sheet (Ctrl+S)
    poll.timeout.connect(answer)
    poll.start()
    Typist(dialog, lambda: qtbot.wait(1)).type_sheet(unusual)
    poll.stop()
    assert len(asked) == 2
    path = fill(inst, responses_import.write_template(inst, tmp_path / "u.xlsx"), [_with_ids(unusual)])
    result = responses_import.import_responses(inst, path, day)
    assert result.count == 1 and result.warnings == [f"Lembar kerja 'Data', baris 3 (lembar 1): {w}" for w in asked]
