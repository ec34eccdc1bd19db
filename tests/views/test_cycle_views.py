"""The cycle as a user sees it: the mentoring form picks the open findings it answers; Beranda names the coaching
and mentoring the rule proposes; the service observation records attendance by name."""

import datetime as dt
import os
from pathlib import Path

import pytest

from desktop.instruments.definition import MENTORING, SERVICE_OBSERVATION
from desktop.instruments.loader import by_step
from desktop.models.people import Kader, Posyandu
from desktop.models.records import RecordKader
from desktop.models.schedule import FollowUp

from PySide6.QtCore import Qt

from desktop.views.dialogs.instruments.record_dialog import RecordDialog

pytestmark = pytest.mark.gui
SHOTS = Path(os.environ.get("BINA_KADER_SHOTS", "")) if os.environ.get("BINA_KADER_SHOTS") else None


def _shot(widget, name, tmp_path):
    widget.grab().save(str((SHOTS or tmp_path) / name))


def test_mentoring_form_links_open_findings_and_gives_each_attending_kader_the_rtl(qtbot, demo_db, tmp_path):
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    open_findings = list(FollowUp.select().where(FollowUp.posyandu == melati, FollowUp.kind == "temuan",
                                                 FollowUp.status == "terbuka", FollowUp.kader.is_null(False)))
    assert open_findings  # the demo's second kader still waits for her re-observation
    dialog = RecordDialog(by_step(MENTORING))
    qtbot.addWidget(dialog)
    form = dialog.form
    form.widgets["posyandu"].set_value(melati.id)
    picker = form.widgets["temuan_dijawab"]
    listed = [picker.item(i).text() for i in range(picker.count())]
    assert any(f"#{open_findings[0].id} [B2]" in text for text in listed)
    picker.item(next(i for i, t in enumerate(listed) if f"#{open_findings[0].id} " in t)).setCheckState(
        Qt.CheckState.Checked)
    attending = form.widgets["kader_hadir"]
    for i in range(2):
        attending.item(i).setCheckState(Qt.CheckState.Checked)
    answers = {**form.values(), "tanggal": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
               "supervisor": form.widgets["supervisor"].itemData(1),
               "bagian_a": [{"sumber": by_step(SERVICE_OBSERVATION).id, "uraian_temuan": "Papan ukur miring",
                             "topik": "Pengukuran panjang badan"}],
               "bagian_b": [{"tanggal_pelaksanaan": dt.date.today().isoformat(), "peserta": "2 kader",
                             "durasi": 150, "rtl": "Latihan ulang di hari buka"}]}
    form.set_values(answers)
    dialog.resize(1100, 900)
    _shot(dialog, "mentoring-temuan.png", tmp_path)
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    rtl = list(FollowUp.select().where(FollowUp.source == saved.args[0]))
    assert len(rtl) == 2 and all(r.skills == ["B2"] and r.answers == [open_findings[0].id] for r in rtl)


def test_service_observation_records_attendance_by_name_and_warns_before_a_long_coaching(qtbot, demo_db, tmp_path):
    from desktop.instruments.definition import COACHING

    pelangi = Posyandu.get(Posyandu.name == "Pelangi A")
    kader = list(Kader.select().where(Kader.posyandu == pelangi, Kader.active).order_by(Kader.name))
    dialog = RecordDialog(by_step(SERVICE_OBSERVATION))
    qtbot.addWidget(dialog)
    form = dialog.form
    form.widgets["posyandu"].set_value(pelangi.id)
    form.widgets["kader_hadir"].set_value([k.id for k in kader[1:]])
    form.widgets["kader_izin"].set_value([kader[0].id])
    form.widgets["tanggal"].set_value(dt.date.today().isoformat())
    form.widgets["supervisor"].setCurrentIndex(1)
    form.widgets["D6"].set_value("Alur baik")
    for cells in form.grid_widgets.values():  # part A required, B and C expected: a sheet copied whole
        cells["dilaksanakan"].set_value("ya")
        cells["sesuai_standar"].set_value("ya")
    form.widgets["B1"].set_value(6)
    form.widgets["C2"].set_value("ya")
    dialog.resize(1100, 900)
    _shot(dialog, "kehadiran.png", tmp_path)
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    roles = dict(RecordKader.select(RecordKader.kader, RecordKader.role).where(
        RecordKader.record == saved.args[0]).tuples())
    assert roles[kader[0].id] == "izin" and {roles[k.id] for k in kader[1:]} == {"hadir"}

    coaching = RecordDialog(by_step(COACHING))
    qtbot.addWidget(coaching)
    coaching.form.set_values({"posyandu": pelangi.id, "tanggal": dt.date.today().isoformat(), "kader": [kader[0].id],
                              "supervisor": coaching.form.widgets["supervisor"].itemData(1), "alasan": "Izin lama",
                              "area": ["motivasi"], "durasi": 90})
    qtbot.mouseClick(coaching.save_button, Qt.MouseButton.LeftButton)
    assert "90 menit di luar anjuran pedoman 30–60 menit" in coaching.messages.text()
    with qtbot.waitSignal(coaching.saved):
        qtbot.mouseClick(coaching.save_button, Qt.MouseButton.LeftButton)  # the second click saves anyway


def test_beranda_names_the_proposed_coaching_and_mentoring(open_section, demo_db, tmp_path):
    window, beranda = open_section(demo_db, "Beranda")
    text = beranda.hint.text()
    assert "Siklus supervisi:" in text and "Coaching — Posyandu Pelangi A" in text
    assert "tidak hadir pada layanan Posyandu 2 bulan berturut-turut" in text
    _shot(window, "beranda-siklus.png", tmp_path)
