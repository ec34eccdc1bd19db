import datetime as dt

import pytest
from pypdf import PdfReader

from desktop.cli import run
from desktop.instruments.loader import load_instrument
from desktop.models.people import Posyandu
from desktop.models.schedule import Activity
from desktop.models.settings import current_puskesmas
from desktop.models.wilayah import Desa
from desktop.services import printing, records, schedule

TODAY = dt.date(2026, 11, 24)


def _active_posyandu():
    return Posyandu.select().join(Desa).where(Desa.puskesmas == current_puskesmas(), Posyandu.active)


def _december():
    return Activity.select().where(Activity.date >= dt.date(2026, 12, 1))


def test_demo_month_is_planned(demo_db):
    november = Activity.select().where(Activity.date.between(dt.date(2026, 11, 1), dt.date(2026, 11, 30)))
    assert november.count() >= _active_posyandu().count()
    assert november.where(Activity.status == "ditunda").count() == 1


def test_proposal_covers_every_active_posyandu_once_and_respects_limits(demo_db):
    inactive = Posyandu.select().where(~Posyandu.active).count()
    rows = schedule.propose_month(current_puskesmas(), 2026, 12, TODAY)
    observed = [r.posyandu_id for r in rows if r.kind == "observasi_posyandu"]
    assert sorted(observed) == sorted(p.id for p in _active_posyandu()) and inactive >= 0
    for r in rows:
        assert r.date.month == 12
        if r.kind == "observasi_individu":
            assert 1 <= len(r.kader_ids) <= 3
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    obs = next(r for r in rows if r.kind == "observasi_posyandu" and r.posyandu_id == melati.id)
    assert obs.date.day == melati.service_day or "dipindah" in obs.reason
    assert obs.staff_ids
    schedule.accept_plan(current_puskesmas(), rows)
    assert _december().count() == len(rows)
    again = schedule.propose_month(current_puskesmas(), 2026, 12, TODAY)
    assert not [r for r in again if r.kind in ("observasi_posyandu", "mentoring")]


def test_due_list_and_completing_an_activity_by_its_instrument(demo_db):
    pkm = current_puskesmas()
    before = schedule.due(pkm, 2026, 12, TODAY)
    assert {d.kind for d in before} >= {"observasi_posyandu"}
    assert not any(d.overdue for d in before)  # December has not started
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    row = next(r for r in schedule.propose_month(pkm, 2026, 12, TODAY)
               if r.kind == "observasi_posyandu" and r.posyandu_id == melati.id)
    activity = schedule.save_activity(pkm, row)
    due_melati = [d for d in schedule.due(pkm, 2026, 12, TODAY) if d.posyandu == "Melati 2"]
    assert "observasi_posyandu" not in {d.kind for d in due_melati}
    late = [d for d in schedule.due(pkm, 2026, 12, row.date + dt.timedelta(days=1)) if d.posyandu == "Melati 2"]
    assert any(d.overdue and "belum selesai" in d.message for d in late)

    answers = schedule.prefill(activity)
    assert answers["posyandu"] == melati.id and answers["tanggal"] == row.date.isoformat()
    answers.update({"jumlah_kader_bertugas": 5, "D6": "Alur sudah baik"})
    inst = load_instrument("observasi_posyandu")
    for item in inst.sections[0].items:
        answers[item.key] = {"dilaksanakan": "ya", "sesuai_standar": "ya"}
    record = records.save_answers(inst, answers, today=row.date)
    schedule.complete(activity, record.id)
    assert Activity.get_by_id(activity.id).status == "selesai"
    late = [d for d in schedule.due(pkm, 2026, 12, row.date + dt.timedelta(days=1)) if d.posyandu == "Melati 2"]
    assert not any(d.overdue for d in late)


def test_conflicts_block_saving_until_the_user_accepts_them(demo_db):
    pkm = current_puskesmas()
    rows = [r for r in schedule.propose_month(pkm, 2026, 12, TODAY) if r.kind == "observasi_posyandu"]
    first = schedule.save_activity(pkm, rows[0])
    clash = schedule.PlanRow("observasi_posyandu", rows[0].date, rows[1].posyandu_id, rows[0].staff_ids)
    with pytest.raises(schedule.ConflictError) as found:
        schedule.save_activity(pkm, clash)
    assert "dijadwalkan di dua tempat" in str(found.value)
    assert _december().count() == 1
    saved = schedule.save_activity(pkm, clash, allow_conflicts=True)
    with pytest.raises(schedule.UserError, match="alasan"):
        schedule.set_status(first, "batal")
    schedule.set_status(first, "batal", "Hujan deras, posyandu diliburkan")
    assert not [c for c in schedule.plan_conflicts(pkm, [clash], exclude=saved.id) if "dua tempat" in c.message]
    bad = schedule.PlanRow("coaching", rows[0].date, rows[0].posyandu_id, start="10:00", end="09:00")
    with pytest.raises(schedule.UserError) as errors:
        schedule.save_activity(pkm, bad)
    assert "Jam selesai" in str(errors.value) and "Pilih kader" in str(errors.value)


def test_cli_plan_accept_due_and_print(demo_db, tmp_path, capsys):
    assert run(["--db", str(demo_db), "schedule", "plan", "--month", "2026-12"]) == 0
    proposed = capsys.readouterr().out
    assert "Observasi layanan posyandu — Posyandu" in proposed and _december().count() == 0
    assert run(["--db", str(demo_db), "schedule", "plan", "--month", "2026-12", "--accept"]) == 0
    saved = int(capsys.readouterr().out.strip().splitlines()[-1].split()[0])
    assert saved == _december().count() > 0
    assert run(["--db", str(demo_db), "schedule", "plan", "--month", "2026-12", "--accept"]) == 0
    assert _december().count() == saved  # nothing twice
    run(["--db", str(demo_db), "schedule", "due", "--month", "2026-12"])
    assert "Observasi layanan bulan ini belum direncanakan" not in capsys.readouterr().out
    assert run(["--db", str(demo_db), "schedule", "due", "--month", "2026-13"]) == 1
    assert "2026-13" in capsys.readouterr().err
    out = tmp_path / "jadwal.pdf"
    printing.print_schedule(out, 2026, 12, "F4", today=TODAY)
    reader = PdfReader(out)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "JADWAL SUPERVISI SUPORTIF KADER POSYANDU — DESEMBER 2026" in text
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    assert text.count("Observasi layanan posyandu") == _active_posyandu().count()
    assert "Penanggung Jawab Promosi Kesehatan" in text


def test_plan_and_due_list_give_the_same_needs_over_three_demo_months(demo_db):
    pkm = current_puskesmas()
    for year, month, today in ((2026, 10, dt.date(2026, 9, 25)), (2026, 12, TODAY),
                               (2027, 1, dt.date(2026, 12, 20))):
        planned = sorted((r.posyandu_id, r.kind) for r in schedule.propose_month(pkm, year, month, today))
        names = dict(Posyandu.select(Posyandu.name, Posyandu.id).tuples())
        listed = sorted((names[d.posyandu], d.kind) for d in schedule.due(pkm, year, month, today) if not d.late)
        assert planned == listed and planned, (year, month)


def test_proposal_avoids_sundays_holidays_and_double_booking(demo_db):
    from desktop.models.schedule_rules import Slot
    from desktop.models.workdays import non_working_reason

    pkm = current_puskesmas()
    christmas = Posyandu.select().join(Desa).where(Desa.puskesmas == pkm, Posyandu.active).first()
    christmas.service_day = 25
    christmas.save()
    rows = schedule.propose_month(pkm, 2026, 12, TODAY)
    assert rows and not [r for r in rows if non_working_reason(r.date)]
    moved = next(r for r in rows if r.posyandu_id == christmas.id and r.kind == "observasi_posyandu")
    assert moved.date != dt.date(2026, 12, 25) and "libur nasional: Hari Raya Natal" in moved.reason
    slots = [Slot(r.kind, r.date, r.start, r.end, r.posyandu_id, tuple(r.staff_ids), key=i) for i, r in enumerate(rows)]
    for i, a in enumerate(slots):
        for b in slots[i + 1:]:
            clash = set(a.staff_ids) & set(b.staff_ids) and a.date == b.date and a.start < b.end and b.start < a.end
            assert not clash, (rows[a.key], rows[b.key])
    assert all(r.staff_ids for r in rows)  # every row has a supervisor (another of the puskesmas if need be)
    assert not [c for c in schedule.plan_conflicts(pkm, rows) if "dua tempat" in c.message]


def test_two_processes_accepting_the_same_plan_at_once_add_nothing_twice(demo_db):
    import subprocess
    import sys

    from desktop.models.db import close_db
    from desktop.models.schema import open_database

    command = [sys.executable, "-m", "desktop.cli", "--db", str(demo_db), "schedule", "plan", "--month", "2026-12",
               "--accept"]
    close_db()
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], outputs
    saved = sorted(int(out.strip().splitlines()[-1].split()[0]) for out, _ in outputs)
    open_database(demo_db)
    december = list(_december())
    assert saved[0] == 0 and saved[1] == len(december) > 0  # one process saved the plan, the other nothing
    keys = [(a.posyandu_id, a.kind) for a in december if a.kind in ("observasi_posyandu", "mentoring")]
    assert len(keys) == len(set(keys))
