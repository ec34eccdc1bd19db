"""Copying a paper sheet with the keyboard only: every instrument, the pickers, focus, Ctrl+S and Esc."""

import datetime as dt

import pytest

from bench.entry import NAVIGATION_LIMIT, Typist, reference_sheet
from desktop.instruments.loader import ORDER, load_instrument
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord
from desktop.services import pickers

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.views.dialogs.instruments.record_dialog import RecordDialog

pytestmark = pytest.mark.gui
RECENT = (dt.date.today() - dt.timedelta(days=3)).isoformat()


def _open(qtbot, inst, today=None):
    dialog = RecordDialog(inst, today=today)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def _paper(answers, inst):
    """A stored sheet as written on paper: names instead of ids (the typist reads names off the sheet)."""
    kader_keys = {f.key for f in inst.all_fields() if f.type in ("kader", "kaders")}
    sheet = {}
    for key, value in answers.items():
        if key == "desa":
            continue
        if key == "posyandu":
            value = Posyandu.get_by_id(value).name
        elif key == "supervisor":
            value = Staff.get_by_id(value).name
        elif key in kader_keys and isinstance(value, int):
            value = Kader.get_by_id(value).name
        elif key in kader_keys:
            value = [Kader.get_by_id(v).name for v in value]
        sheet[key] = value
    return sheet


@pytest.mark.parametrize("instrument_id", ORDER)
def test_a_whole_sheet_typed_with_keys_only_is_saved_as_on_paper(qtbot, demo_db, instrument_id, tmp_path):
    inst = load_instrument(instrument_id)
    example = InstrumentRecord.select().where(InstrumentRecord.instrument == instrument_id).order_by(
        InstrumentRecord.id).first().answers
    expected = pickers.with_desa(inst, {**example, "tanggal": RECENT})
    dialog = _open(qtbot, inst)
    first = QApplication.focusWidget()
    assert first is next(w for f, w in dialog.form.answer_widgets() if f.required)  # first keys are not lost
    saved = []
    dialog.saved.connect(saved.append)
    keys = Typist(dialog, lambda: qtbot.wait(1)).type_sheet(_paper(expected, inst))
    assert saved, (dialog.messages.text(), keys.log)
    record = InstrumentRecord.get_by_id(saved[0])
    assert record.answers == expected
    assert record.paper_date.isoformat() == RECENT  # tanggal lembar followed the activity date
    assert keys.answer_keys <= keys.answers, keys.log
    print(instrument_id, keys.answers, "answers,", keys.navigation, "navigation keys")


def test_picker_commits_on_enter_tab_and_the_arrow_and_marks_unknown_names(qtbot, demo_db):
    dialog = _open(qtbot, load_instrument("observasi_posyandu"))
    posyandu, supervisor = dialog.form.widgets["posyandu"], dialog.form.widgets["supervisor"]
    assert QApplication.focusWidget() is posyandu
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    qtbot.keyClicks(posyandu, "melati 2")
    qtbot.keyClick(posyandu, Qt.Key.Key_Return)
    assert posyandu.value() == melati.id and posyandu.currentText() == f"Melati 2 — {melati.desa.name}"
    assert dialog.form.widgets["desa"].value() == melati.desa.name
    assert QApplication.focusWidget() is dialog.form.widgets["tanggal"]  # the read-only Desa took no Tab stop
    # Tab commits too
    qtbot.keyClick(dialog.form.widgets["tanggal"], Qt.Key.Key_Tab)
    name = Staff.select().order_by(Staff.name).first().name
    qtbot.keyClicks(supervisor, name[:-1])
    qtbot.keyClick(supervisor, Qt.Key.Key_Tab)
    assert Staff.get_by_id(supervisor.value()).name == name
    # a name that fits nothing: red at once, with the closest names offered; nothing chosen
    supervisor.setFocus()
    supervisor.lineEdit().selectAll()
    qtbot.keyClicks(supervisor, name[:4] + "qq")
    assert supervisor.value() is None and "tidak ada dalam daftar" in supervisor.hint and name in supervisor.hint
    qtbot.keyClick(supervisor, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is supervisor  # Enter does not leave a name that means nothing
    # ↓ + Enter on a suggestion
    supervisor.lineEdit().selectAll()
    qtbot.keyClicks(supervisor, name[:3])
    popup = supervisor.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    chosen = popup.currentIndex().data()
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert supervisor.value() is not None and supervisor.currentText() == chosen and supervisor.hint == ""


def test_kader_picker_follows_the_posyandu_typed_before_it(qtbot, demo_db):
    inst = load_instrument("observasi_individu")
    assert [f.key for f in inst.header][:2] == ["kader", "posyandu"]  # paper order ...
    dialog = _open(qtbot, inst)
    keys = list(dialog.form.widgets)
    assert keys.index("posyandu") < keys.index("kader")  # ... but the form asks the posyandu first
    qtbot.keyClicks(QApplication.focusWidget(), "Melati 2")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    kader = dialog.form.widgets["kader"]
    assert QApplication.focusWidget() is kader
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    assert sorted(kader.labels()) == sorted(k.name for k in Kader.select().where(Kader.posyandu == melati,
                                                                                  Kader.active))


def test_ctrl_s_saves_from_anywhere_and_enter_on_simpan_saves(qtbot, demo_db):
    dialog = _open(qtbot, load_instrument("coaching"))
    alasan = dialog.form.widgets["alasan"]
    alasan.setFocus()
    qtbot.keyClicks(alasan, "Motivasi turun")
    qtbot.keyClick(alasan, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "wajib diisi" in dialog.messages.text()  # it tried to save: the missing answers are named
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)
    assert "wajib diisi" in dialog.messages.text() and dialog.isVisible()


def test_escape_asks_before_closing_a_typed_form(qtbot, demo_db):
    from PySide6.QtCore import QTimer

    dialog = _open(qtbot, load_instrument("coaching"))
    qtbot.keyClicks(dialog.form.widgets["alasan"], "Tidak hadir")
    answers = []

    def answer(key):
        box = QApplication.activeModalWidget()
        answers.append(box.text())
        qtbot.keyClick(box, key)

    QTimer.singleShot(50, lambda: answer(Qt.Key.Key_Escape))  # "Lanjut mengisi"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "Tutup formulir" in answers[0]
    QTimer.singleShot(50, lambda: answer(Qt.Key.Key_Return))  # "Tutup" is the default
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_reference_observasi_sheet_costs_one_key_per_answer_and_few_navigation_keys(qtbot, demo_db, tmp_path):
    sheet = reference_sheet()
    dialog = _open(qtbot, load_instrument("observasi_posyandu"), today=dt.date(2026, 11, 15))
    keys = Typist(dialog, lambda: qtbot.wait(1)).type_sheet(sheet)
    record = InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).first()
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    assert record.posyandu == melati and record.answers["A2"]["catatan"] == sheet["A2"]["catatan"]
    named = {k: sorted(Kader.get(Kader.name == n).id for n in v) for k, v in sheet.items()
             if k.startswith("kader_")}  # attendance by name, stored as ids
    assert {k: v for k, v in record.answers.items() if k not in ("posyandu", "supervisor", "desa")} == {
        **{k: v for k, v in sheet.items() if k not in ("posyandu", "supervisor")}, **named}
    assert keys.answers == 40 and keys.answer_keys <= keys.answers
    # the izin list is no Tab stop: every kader of the posyandu is already in hadir or tidak hadir
    assert keys.navigation <= NAVIGATION_LIMIT, keys.log


def _type_at(qtbot, widget, text):
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_implausible_values_are_refused_and_unusual_ones_asked(qtbot, demo_db):
    from desktop.instruments.answers import check

    from PySide6.QtCore import QTimer

    inst = load_instrument("observasi_posyandu")
    sheet = {**reference_sheet(), "tanggal": "2026-12-14", "C1a": 99999, "D3": 50, "D4": 60}
    dialog = _open(qtbot, inst, today=dt.date(2026, 11, 15))
    Typist(dialog, lambda: qtbot.wait(1)).type_sheet(sheet)
    c1a = dialog.form.widgets["C1a"]
    assert c1a.value() == 99999 and "Di luar rentang 0–999" in c1a.toolTip()  # nothing cut off, marked at once
    expected = check(inst, dialog.form.values(), today=dt.date(2026, 11, 15)).errors
    assert expected == [
        "Tanggal observasi: 14/12/2026 belum terjadi (setelah hari ini); periksa tanggal di lembar.",
        "C.1a Jumlah sasaran hadir: ibu hamil dan menyusui: 99999 di luar rentang 0–999.",
        "D.3 SKDN — D: balita yang ditimbang: 50 lebih besar dari D.1 SKDN — S: jumlah seluruh balita (45); "
        "tidak mungkin.",
        "D.4 SKDN — N: balita yang naik berat badannya: 60 lebih besar dari D.1 SKDN — S: jumlah seluruh balita "
        "(45); tidak mungkin.",
    ]
    assert dialog.messages.text() == "Formulir belum dapat disimpan:\n" + "\n".join(f"• {e}" for e in expected)
    before = InstrumentRecord.select().count()
    # corrected, but C.1b unusually high: the form asks; "Perbaiki dulu" keeps the form open
    _type_at(qtbot, dialog.form.widgets["tanggal"], "14112026")
    for key, text in (("C1a", "7"), ("C1b", "450"), ("D3", "38"), ("D4", "27")):
        _type_at(qtbot, dialog.form.widgets[key], text)
    asked = []

    def answer(choice):
        box = QApplication.activeModalWidget()
        asked.append(box.text())
        button = next(b for b in box.buttons() if b.text() == choice)
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)

    QTimer.singleShot(100, lambda: answer("Perbaiki dulu"))
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    warning = "C.1b Jumlah sasaran hadir: bayi dan balita: 450 tidak biasa (biasanya 0–200); periksa lagi lembarnya."
    assert warning in asked[0] and dialog.isVisible() and InstrumentRecord.select().count() == before
    dialog.activateWindow()  # the offscreen platform does not give the window back after a message box by itself
    qtbot.waitUntil(dialog.isActiveWindow)
    QTimer.singleShot(100, lambda: answer("Ya, simpan"))
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert InstrumentRecord.select().count() == before + 1 and not dialog.isVisible()
    assert InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).first().answers["C1b"] == 450


def test_tambah_kader_posyandu_picker_with_keys_only(qtbot, demo_db):
    from desktop.views.dialogs.kader.kader_dialog import KaderDialog

    dialog = KaderDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.posyandu.setFocus()
    qtbot.keyClicks(dialog.posyandu, "Mawar 1")
    qtbot.keyClick(dialog.posyandu, Qt.Key.Key_Return)  # commits and moves on to Nama
    assert QApplication.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Siti Aisyah")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # NIK left empty
    qtbot.keyClicks(QApplication.focusWidget(), "abc")  # No. HP/WA
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    assert "No. HP/WA: 'abc' bukan nomor HP" in dialog.error.text()
    dialog.phone.setFocus()
    dialog.phone.selectAll()
    qtbot.keyClicks(dialog.phone, "0812 3456 7890")
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    saved = Kader.get(Kader.name == "Siti Aisyah")
    assert saved.posyandu.name == "Mawar 1" and saved.phone == "081234567890"


def test_attendance_lists_grey_out_a_kader_already_listed_and_skip_a_list_with_nothing_left(qtbot, demo_db):
    dialog = _open(qtbot, load_instrument("observasi_posyandu"))
    form = dialog.form
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    form.widgets["posyandu"].set_value(melati.id)
    hadir, absent, izin = (form.widgets[k] for k in ("kader_hadir", "kader_tidak_hadir", "kader_izin"))
    assert hadir.count() == 4
    hadir.setFocus()
    for digit in "123":
        qtbot.keyClick(hadir, digit)
    qtbot.keyClick(hadir, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is absent
    qtbot.keyClick(absent, "1")  # Rina is already hadir: greyed out, not ticked twice
    assert absent.value() == [] and not absent.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    qtbot.keyClick(absent, "4")
    qtbot.keyClick(absent, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is not izin and izin.focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.keyClick(hadir, "3")  # untick one: it can be listed elsewhere again, and izin is a Tab stop again
    assert izin.focusPolicy() != Qt.FocusPolicy.NoFocus and izin.item(2).flags() & Qt.ItemFlag.ItemIsEnabled
