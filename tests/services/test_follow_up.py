"""The supervision cycle on the guideline's two worked cases, through the services and the CLI:
(a) the length measurement of under-twos: finding → re-observation; a second kader → mentoring on that skill;
    mentoring answers both findings; only a matching re-observation closes; the timeline tells it all;
(b) a kader absent two months running → coaching (plan, due list, priorities); coaching and an attended service
    close her items."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from desktop.cli import run
from desktop.instruments.columns import flat_columns
from desktop.instruments.definition import COACHING, INDIVIDUAL_OBSERVATION, MENTORING, SERVICE_OBSERVATION
from desktop.instruments.loader import by_step
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord
from desktop.models.schedule import Activity, FollowUp
from desktop.models.settings import current_puskesmas
from desktop.models.wilayah import Desa
from desktop.services import follow_up, records, responses_import, schedule
from desktop.services.printing import current_skills
from desktop.services.priorities import priorities

D = dt.date


def _item(step: str, skill: str) -> str:
    return next(i.key for s in by_step(step).sections if s.kind == "grid" for i in s.items if i.skill == skill)


@pytest.fixture
def place(demo_db):
    """A posyandu of the demo with three active kader and a supervisor, its records cleared for the scenario."""
    pkm = current_puskesmas()
    candidates = (Posyandu.select().join(Desa).where(Desa.puskesmas == pkm, Posyandu.active,
                                                      Posyandu.name.not_in(["Melati 2", "Pelangi A"]))
                  .order_by(Posyandu.id))
    for p in candidates:
        kader = list(Kader.select().where(Kader.posyandu == p, Kader.active).order_by(Kader.id))
        team = [s for s, q in schedule.current_assignments(pkm, D(2026, 12, 1)) if q == p.id]
        if len(kader) >= 3 and team:
            break
    Activity.delete().where(Activity.posyandu == p).execute()
    FollowUp.delete().where(FollowUp.posyandu == p).execute()
    InstrumentRecord.delete().where(InstrumentRecord.posyandu == p).execute()
    return pkm, p, kader, Staff.get_by_id(team[0])


def _observe(kader, supervisor, day, skill, value):
    return records.save_answers(by_step(INDIVIDUAL_OBSERVATION), {
        "kader": kader.id, "posyandu": kader.posyandu_id, "tanggal": day.isoformat(), "setting": "hari_buka",
        "supervisor": supervisor.id, _item(INDIVIDUAL_OBSERVATION, skill): {"nilai": value}}, today=day)


def _rows(pkm, posyandu, kind, today):
    return [r for r in schedule.propose_month(pkm, 2026, 12, today) if r.posyandu_id == posyandu.id and r.kind == kind]


def test_a_length_finding_mentoring_and_matching_reobservation(place, demo_db, capsys):
    pkm, posyandu, (k1, k2, k3, *_), supervisor = place
    individual, mentoring = by_step(INDIVIDUAL_OBSERVATION).id, by_step(MENTORING).id

    first = _observe(k1, supervisor, D(2026, 11, 5), "B2", "belum")
    [f1] = follow_up.open_items(pkm, kader_id=k1.id)
    assert (f1.kind, f1.skills, f1.kader_id, f1.source_id) == ("temuan", ["B2"], k1.id, first.id)
    assert "panjang badan" in f1.description  # filed under length (B2), no longer under weighing (B1)
    [reobserve] = _rows(pkm, posyandu, individual, D(2026, 11, 20))
    assert k1.id in reobserve.kader_ids and "observasi ulang" in reobserve.reason
    assert not _rows(pkm, posyandu, mentoring, D(2026, 11, 20)) or "(B2)" not in \
        _rows(pkm, posyandu, mentoring, D(2026, 11, 20))[0].reason

    _observe(k2, supervisor, D(2026, 11, 12), "B2", "belum")
    [f2] = follow_up.open_items(pkm, kader_id=k2.id)
    [proposed] = _rows(pkm, posyandu, mentoring, D(2026, 11, 20))
    assert "(B2)" in proposed.reason and "2 kader" in proposed.reason
    due = [d for d in schedule.due(pkm, 2026, 12, D(2026, 11, 20)) if d.posyandu == posyandu.name]
    assert any(d.kind == mentoring and "(B2)" in d.message for d in due)

    # the proposal becomes a planned activity; its form comes with the findings it answers and the topic
    [activity] = schedule.accept_plan(pkm, [proposed])
    answers = schedule.prefill(activity)
    assert sorted(answers["temuan_dijawab"]) == sorted([f1.id, f2.id])
    assert "panjang badan" in answers["bagian_a"][0]["topik"].lower()
    held = activity.date
    answers.update({"kader_hadir": [k1.id, k2.id, k3.id], "bagian_b": [{
        "tanggal_pelaksanaan": held.isoformat(), "peserta": "3 kader", "durasi": 150,
        "rtl": "Papan ukur di lantai datar; observasi ulang bulan depan"}]})
    answers["bagian_a"][0].update({"sumber": individual, "uraian_temuan": "Papan ukur tidak rata"})
    session = records.save_answers(by_step(MENTORING), answers, today=held)
    assert Activity.get_by_id(activity.id).status == "selesai"  # found by the save service, not by the Jadwal page
    rtl = {r.kader_id: r for r in FollowUp.select().where(FollowUp.source == session)}
    assert set(rtl) == {k1.id, k2.id, k3.id}
    assert all(r.skills == ["B2"] and sorted(r.answers) == sorted([f1.id, f2.id]) for r in rtl.values())

    # correcting kader 2's sheet (a note added) keeps her finding's number: the mentoring still answers it
    second = InstrumentRecord.get(InstrumentRecord.id == f2.source_id)
    records.save_answers(by_step(INDIVIDUAL_OBSERVATION), {**second.answers, "sasaran": "Balita"}, record=second,
                         today=held)
    assert FollowUp.get_by_id(f2.id).status == "terbuka"
    assert [(f.id, f.answered) for f in follow_up.open_findings(pkm) if f.kader_id == k2.id] == [(f2.id, True)]

    # another kader observed on another skill closes nothing
    _observe(k3, supervisor, held + dt.timedelta(days=2), "B6", "sesuai")
    assert FollowUp.get_by_id(rtl[k1.id].id).status == "terbuka"
    assert FollowUp.get_by_id(rtl[k3.id].id).status == "terbuka"
    # kader 1 re-observed on length to standard: her finding and her RTL item close, kader 2's stay open
    again = _observe(k1, supervisor, held + dt.timedelta(days=5), "B2", "sesuai")
    assert (FollowUp.get_by_id(f1.id).status, FollowUp.get_by_id(f1.id).closed_by_id) == ("selesai", again.id)
    assert FollowUp.get_by_id(rtl[k1.id].id).status == "selesai"
    assert FollowUp.get_by_id(f2.id).status == FollowUp.get_by_id(rtl[k2.id].id).status == "terbuka"

    events = follow_up.timeline(kader=k1, today=held + dt.timedelta(days=6))
    kinds = [e.kind for e in events]
    assert kinds.count(by_step(INDIVIDUAL_OBSERVATION).title) == 2
    assert any(e.kind == by_step(MENTORING).title and "hadir sebagai peserta" in e.text for e in events)
    assert {"Temuan", "RTL", "Selesai"} <= set(kinds)
    assert sum(1 for e in events if e.kind == "Selesai") == 2

    assert run(["--db", str(demo_db), "followups", "--kader", k1.name, "--posyandu", posyandu.name]) == 0
    out = capsys.readouterr().out
    assert f"#{f1.id} Temuan [B2]" in out and f"#{rtl[k1.id].id} RTL [B2]" in out
    assert out.count(f"SELESAI {again.activity_date:%d/%m/%Y}") == 2
    assert run(["--db", str(demo_db), "followups", "--open", "--posyandu", posyandu.name]) == 0
    out = capsys.readouterr().out
    assert f"#{f2.id} Temuan" in out and f"#{f1.id} Temuan" not in out
    assert run(["--db", str(demo_db), "timeline", "--kader", k1.name, "--posyandu", posyandu.name]) == 0
    out = capsys.readouterr().out
    assert "hadir sebagai peserta" in out and "ditutup oleh" in out

    # editing the closing record back to "belum" reopens what it had closed: her finding is then one made again,
    # carried on by the new finding of that record (one open finding on the skill, not two)
    records.save_answers(by_step(INDIVIDUAL_OBSERVATION), {
        **again.answers, _item(INDIVIDUAL_OBSERVATION, "B2"): {"nilai": "belum"}}, record=again,
        today=again.activity_date)
    old = FollowUp.get_by_id(f1.id)
    assert (old.status, old.closed_by_id, old.closed_on) == ("diganti", again.id, again.activity_date)
    [carried] = FollowUp.select().where(FollowUp.source == again, FollowUp.kind == "temuan")
    assert (carried.status, carried.kader_id, carried.skills) == ("terbuka", k1.id, ["B2"])
    assert [f.id for f in follow_up.open_findings(pkm) if f.kader_id == k1.id] == [carried.id]
    # moving that record to the trash takes its evidence away: the first finding is open again; restoring it
    # makes the first one found again once more
    records.trash_record(again)
    assert FollowUp.get_by_id(f1.id).status == "terbuka"
    assert [f.id for f in follow_up.open_findings(pkm) if f.kader_id == k1.id] == [f1.id]
    records.restore_record(InstrumentRecord.get_by_id(again.id))
    assert FollowUp.get_by_id(f1.id).status == "diganti"
    assert [f.id for f in follow_up.open_findings(pkm) if f.kader_id == k1.id] == [carried.id]
    assert run(["--db", str(demo_db), "followups", "--kader", k1.name, "--posyandu", posyandu.name]) == 0
    out = capsys.readouterr().out
    assert f"#{f1.id} Temuan [B2]" in out and f"DITEMUKAN LAGI {again.activity_date:%d/%m/%Y}" in out
    events = follow_up.timeline(kader=k1, today=again.activity_date)
    assert any(e.kind == "Ditemukan lagi" and f"#{f1.id}" in e.text and e.record_id == again.id for e in events)


def test_trashing_the_sheet_that_closed_a_finding_leaves_it_closed_by_later_matching_evidence(place):
    pkm, posyandu, (k1, k2, *_), supervisor = place
    _observe(k1, supervisor, D(2026, 10, 1), "B2", "belum")
    [finding] = follow_up.open_items(pkm, kader_id=k1.id)
    first = _observe(k1, supervisor, D(2026, 10, 10), "B2", "sesuai")
    second = _observe(k1, supervisor, D(2026, 10, 20), "B2", "sesuai")
    _observe(k2, supervisor, D(2026, 10, 25), "B2", "sesuai")  # another kader: no evidence for k1
    assert FollowUp.get_by_id(finding.id).closed_by_id == first.id
    records.trash_record(first)
    closed = FollowUp.get_by_id(finding.id)
    assert (closed.status, closed.closed_by_id, closed.closed_on) == ("selesai", second.id, second.activity_date)
    records.trash_record(InstrumentRecord.get_by_id(second.id))  # no matching evidence left: open again
    assert FollowUp.get_by_id(finding.id).status == "terbuka"
    records.restore_record(InstrumentRecord.get_by_id(first.id))
    assert FollowUp.get_by_id(finding.id).closed_by_id == first.id


def test_a_sheet_entered_late_takes_its_place_in_the_chain_of_findings_made_again(place):
    pkm, posyandu, (k1, *_), supervisor = place
    august = _observe(k1, supervisor, D(2026, 8, 5), "B2", "belum")
    october = _observe(k1, supervisor, D(2026, 10, 5), "B2", "belum")
    september = _observe(k1, supervisor, D(2026, 9, 5), "B2", "belum")  # typed in after October's

    def state(record):
        f = FollowUp.get(FollowUp.source == record, FollowUp.kind == "temuan")
        return f.status, f.closed_by_id

    assert [state(r) for r in (august, september, october)] == [
        ("diganti", september.id), ("diganti", october.id), ("terbuka", None)]


def _service(posyandu, supervisor, day, present, absent):
    return records.save_answers(by_step(SERVICE_OBSERVATION), {
        "posyandu": posyandu.id, "tanggal": day.isoformat(), "supervisor": supervisor.id, "D6": "Alur baik",
        "A4": {"dilaksanakan": "ya", "sesuai_standar": "ya"},  # part A is required: a sheet copied whole
        "kader_hadir": [k.id for k in present], "kader_tidak_hadir": [k.id for k in absent]}, today=day)


def test_b_absent_two_months_running_is_proposed_for_coaching_and_closes_after_attending(place, demo_db, capsys):
    pkm, posyandu, (k1, k2, *rest), supervisor = place
    coaching = by_step(COACHING).id
    _service(posyandu, supervisor, D(2026, 10, 6), [k2, *rest], [k1])
    assert not _rows(pkm, posyandu, coaching, D(2026, 11, 20))  # one month absent: not yet
    _service(posyandu, supervisor, D(2026, 11, 6), [k2, *rest], [k1])
    [row] = _rows(pkm, posyandu, coaching, D(2026, 11, 20))
    assert row.kader_ids == [k1.id] and "tidak hadir pada layanan Posyandu 2 bulan berturut-turut" in row.reason
    due = [d for d in schedule.due(pkm, 2026, 12, D(2026, 11, 20)) if d.posyandu == posyandu.name]
    assert any(d.kind == coaching and k1.name in d.message and "berturut-turut" in d.message for d in due)
    mine = next(p for p in priorities(pkm, D(2026, 11, 20)) if p.posyandu.id == posyandu.id)
    assert any("Usulan coaching" in r and k1.name in r for r in mine.reasons)
    assert run(["--db", str(demo_db), "schedule", "plan", "--month", "2026-12"]) == 0
    assert f"{k1.name}: tidak hadir pada layanan Posyandu 2 bulan berturut-turut" in capsys.readouterr().out

    [activity] = schedule.accept_plan(pkm, [row])
    answers = schedule.prefill(activity)
    assert answers["kader"] == [k1.id] and "berturut-turut" in answers["alasan"]
    answers.update({"area": ["motivasi"], "durasi": 45, "rtl": [
        {"siapa": k1.name, "apa": "Kembali bertugas di meja pendaftaran", "kapan": "2026-12-31"}]})
    session = records.save_answers(by_step(COACHING), answers, today=activity.date)
    assert Activity.get_by_id(activity.id).status == "selesai"
    [item] = FollowUp.select().where(FollowUp.source == session)
    assert (item.kader_id, item.closes_by, item.status) == (k1.id, "kehadiran", "terbuka")
    assert not _rows(pkm, posyandu, coaching, D(2026, 12, 20))  # coached: no second proposal
    back = _service(posyandu, supervisor, activity.date + dt.timedelta(days=3), [k1, k2, *rest], [])
    assert (FollowUp.get_by_id(item.id).status, FollowUp.get_by_id(item.id).closed_by_id) == ("selesai", back.id)
    events = follow_up.timeline(kader=k1, today=D(2026, 12, 31))
    assert [e.text.split(";")[0] for e in events if e.kind == by_step(SERVICE_OBSERVATION).title] == [
        "hadir pada layanan", "TIDAK HADIR", "TIDAK HADIR"]


def test_coaching_for_several_kader_is_on_each_timeline(place):
    pkm, posyandu, (k1, k2, *_), supervisor = place
    session = records.save_answers(by_step(COACHING), {
        "posyandu": posyandu.id, "tanggal": "2026-11-20", "kader": [k1.id, k2.id], "supervisor": supervisor.id,
        "alasan": "Permintaan kader", "area": ["relasi"], "durasi": 50,
        "rtl": [{"siapa": "Kedua kader", "apa": "Berbagi tugas meja 1", "kapan": "2026-12-15"}]}, today=D(2026, 11, 20))
    for k in (k1, k2):
        assert any(e.kind == by_step(COACHING).title for e in follow_up.timeline(kader=k))
        assert FollowUp.get(FollowUp.source == session, FollowUp.kader == k).status == "terbuka"
    item = FollowUp.get(FollowUp.source == session, FollowUp.kader == k1)
    with pytest.raises(UserError, match="masa depan"):
        follow_up.close(item, D(2026, 12, 30), today=D(2026, 12, 16))
    follow_up.close(item, D(2026, 12, 15), today=D(2026, 12, 16))
    assert FollowUp.get_by_id(item.id).status == "selesai"


def test_implausible_records_are_refused_or_warned(place):
    pkm, posyandu, (k1, k2, k3, *rest), supervisor = place
    other = Kader.select().where(Kader.posyandu != posyandu.id, Kader.active).first()
    inst = by_step(INDIVIDUAL_OBSERVATION)
    base = {"posyandu": posyandu.id, "setting": "hari_buka", "supervisor": supervisor.id, "tanggal": "2026-11-10"}
    with pytest.raises(UserError, match="masa depan"):
        records.save_answers(inst, {**base, "kader": k1.id, "tanggal": "2026-11-11"}, today=D(2026, 11, 10))
    with pytest.raises(UserError, match=f"Nama Kader: {other.name} bukan kader Posyandu yang dipilih"):
        records.save_answers(inst, {**base, "kader": other.id}, today=D(2026, 11, 10))
    first = records.save_answers(inst, {**base, "kader": k1.id}, today=D(2026, 11, 10))
    with pytest.raises(UserError, match=f"sudah tercatat sebagai catatan no. {first.id}"):
        records.save_answers(inst, {**base, "kader": k1.id}, today=D(2026, 11, 10))
    records.save_answers(inst, {**base, "kader": k2.id}, today=D(2026, 11, 10))
    records.save_answers(inst, {**base, "kader": k3.id}, today=D(2026, 11, 10))
    fourth = rest[0] if rest else None
    if fourth is not None:
        warned = records.cycle_warnings(inst, {**base, "kader": fourth.id, "tanggal": "2026-11-20"})
        assert warned and "4 kader" in warned[0] and "paling banyak 3" in warned[0]
    coaching = {"posyandu": posyandu.id, "tanggal": "2026-11-10", "kader": [k1.id], "supervisor": supervisor.id,
                "alasan": "x", "area": ["motivasi"], "durasi": 90}
    assert records.cycle_warnings(by_step(COACHING), coaching) == [
        "Durasi 90 menit di luar anjuran pedoman 30–60 menit."]
    assert records.cycle_warnings(by_step(COACHING), {**coaching, "durasi": 45}) == []
    service = {"posyandu": posyandu.id, "tanggal": "2026-11-10", "supervisor": supervisor.id, "D6": "x",
               "A4": {"dilaksanakan": "ya", "sesuai_standar": "ya"}, "kader_hadir": [k1.id], "kader_izin": [k1.id]}
    with pytest.raises(UserError, match=f"{k1.name} tercatat di Kader hadir dan Kader izin"):
        records.save_answers(by_step(SERVICE_OBSERVATION), service, today=D(2026, 11, 10))


def _cell(col, value):
    f = col.field
    if f.type in ("scale", "choice"):
        return f.scale.label(value)
    if f.type == "date":
        return dt.date.fromisoformat(value)
    if f.type in ("posyandu", "kader", "supervisor"):
        return {"posyandu": Posyandu, "kader": Kader, "supervisor": Staff}[f.type].get_by_id(value).name
    return value


def test_excel_import_finds_the_planned_activity_and_refuses_sheets_already_recorded(place, tmp_path):
    pkm, posyandu, (k1, k2, *_), supervisor = place
    inst = by_step(INDIVIDUAL_OBSERVATION)
    planned = schedule.save_activity(pkm, schedule.PlanRow(inst.id, D(2026, 11, 18), posyandu.id, [supervisor.id],
                                                           [k1.id]), allow_conflicts=True)
    length = _item(INDIVIDUAL_OBSERVATION, "B2")
    sheets = [{"kader": k.id, "posyandu": posyandu.id, "supervisor": supervisor.id, "setting": "hari_buka",
               "tanggal": "2026-11-18", length: {"nilai": "belum"}} for k in (k1, k2)]

    def write(rows):
        path = responses_import.write_template(inst, tmp_path / "oi.xlsx")
        wb = load_workbook(path)
        columns, _ = flat_columns(inst, current_skills())
        for r, answers in enumerate(rows, start=3):
            for i, col in enumerate(columns, start=1):
                value = answers.get(col.key)
                value = (value or {}).get(col.sub) if col.sub else value
                if value not in (None, "", [], {}):
                    wb["Data"].cell(r, i, _cell(col, value))
        wb.save(path)
        return path

    assert responses_import.import_responses(inst, write(sheets)).count == 2
    assert Activity.get_by_id(planned.id).status == "selesai"  # carried out, though saved by an import
    saved = {r.kader_id: r.id for r in InstrumentRecord.select().where(InstrumentRecord.posyandu == posyandu)}
    before = InstrumentRecord.select().count(), FollowUp.select().count()
    new = {**sheets[0], "tanggal": "2026-11-19"}
    with pytest.raises(UserError) as refused:
        responses_import.import_responses(inst, write([sheets[0], new, sheets[1], new]))
    message = str(refused.value)
    assert f"Lembar kerja 'Data', baris 3: Lembar ini sudah tercatat sebagai catatan no. {saved[k1.id]}" in message
    assert f"Lembar kerja 'Data', baris 5: Lembar ini sudah tercatat sebagai catatan no. {saved[k2.id]}" in message
    assert "Lembar kerja 'Data', baris 6: lembar yang sama dengan baris 4" in message
    assert (InstrumentRecord.select().count(), FollowUp.select().count()) == before


def test_wanting_again_after_a_mentoring_is_coached_and_closes_on_the_same_skill(place):
    pkm, posyandu, (k1, k2, *_), supervisor = place
    mentoring, coaching = by_step(MENTORING), by_step(COACHING)
    f1 = _observe(k1, supervisor, D(2026, 10, 5), "B2", "belum")
    f2 = _observe(k2, supervisor, D(2026, 10, 6), "B2", "belum")
    linked = [f.id for f in FollowUp.select().where(FollowUp.source.in_([f1, f2]))]
    records.save_answers(mentoring, {
        "posyandu": posyandu.id, "tanggal": "2026-10-20", "supervisor": supervisor.id, "temuan_dijawab": linked,
        "kader_hadir": [k1.id, k2.id], "bagian_a": [{"sumber": by_step(INDIVIDUAL_OBSERVATION).id,
                                                     "uraian_temuan": "x", "topik": "Panjang badan"}],
        "bagian_b": [{"tanggal_pelaksanaan": "2026-10-20", "peserta": "2", "rtl": "Latihan"}]}, today=D(2026, 10, 20))
    _observe(k1, supervisor, D(2026, 11, 10), "B2", "belum")  # wanting again after the mentoring
    [row] = _rows(pkm, posyandu, coaching.id, D(2026, 11, 20))
    assert row.kader_ids == [k1.id] and "kembali belum sesuai" in row.reason and "(B2)" in row.reason
    session = records.save_answers(coaching, {
        "posyandu": posyandu.id, "tanggal": "2026-11-21", "kader": [k1.id], "supervisor": supervisor.id,
        "alasan": row.reason, "area": ["kemandirian"], "durasi": 40,
        "rtl": [{"siapa": k1.name, "apa": "Latihan papan ukur", "kapan": "2026-12-20"}]}, today=D(2026, 11, 21))
    [item] = FollowUp.select().where(FollowUp.source == session)
    assert (item.skills, item.closes_by) == (["B2"], "keterampilan")
    _service(posyandu, supervisor, D(2026, 11, 25), [k1, k2], [])
    assert FollowUp.get_by_id(item.id).status == "terbuka"  # attending is no evidence of the skill
    again = _observe(k1, supervisor, D(2026, 11, 28), "B2", "sesuai")
    assert (FollowUp.get_by_id(item.id).status, FollowUp.get_by_id(item.id).closed_by_id) == ("selesai", again.id)
