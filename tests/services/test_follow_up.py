"""The supervision cycle on the guideline's scenario: Ibu Rina's length measurement at Posyandu Melati 2."""

import datetime as dt

import pytest

from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.people import Kader, Staff
from desktop.models.schedule import FollowUp
from desktop.models.settings import current_puskesmas
from desktop.services import follow_up, records, schedule

D = dt.date


def _observe(rina, supervisor, day, value):
    return records.save_answers(load_instrument("observasi_individu"), {
        "kader": rina.id, "posyandu": rina.posyandu_id, "tanggal": day.isoformat(), "setting": "hari_buka",
        "supervisor": supervisor.id, "A1": {"nilai": value, "catatan": "papan ukur tidak rata"}})


def test_finding_mentoring_rtl_and_reobservation_close_the_loop(demo_db):
    rina = Kader.get(Kader.name == "Rina Marlina")
    supervisor = Staff.get(Staff.role == "pj_promkes")
    FollowUp.delete().where(FollowUp.posyandu == rina.posyandu_id).execute()  # start the scenario clean

    first = _observe(rina, supervisor, D(2026, 11, 20), "belum")
    [finding] = follow_up.open_items(current_puskesmas(), kader_id=rina.id)
    assert finding.skills == ["B1"] and finding.due == D(2026, 12, 20) and finding.owner == supervisor.name
    assert "Temuan A.1 Pengukuran antropometri (Penilaian): Belum sesuai" in finding.description

    plan = schedule.propose_month(current_puskesmas(), 2026, 12, D(2026, 11, 24))
    reobserve = next(r for r in plan if r.kind == "observasi_individu" and r.posyandu_id == rina.posyandu_id)
    assert rina.id in reobserve.kader_ids and "menunggu observasi ulang" in reobserve.reason

    mentoring = records.save_answers(load_instrument("mentoring"), {
        "posyandu": rina.posyandu_id, "tanggal": "2026-11-27", "supervisor": supervisor.id,
        "bagian_a": [{"sumber": "observasi_individu", "uraian_temuan": "Papan ukur tidak di permukaan datar",
                      "topik": "Peningkatan Ketepatan Pengukuran Tinggi/Panjang Badan Balita <5 Tahun"}],
        "bagian_b": [{"tanggal_pelaksanaan": "2026-11-27", "peserta": "4 kader: Rina Marlina dan 3 lainnya",
                      "durasi": 150, "rtl": "Papan ukur diletakkan di lantai datar; observasi ulang bulan depan"}]})
    rtl = FollowUp.get(FollowUp.source == mentoring)
    assert rtl.status == "terbuka" and "B1" in rtl.skills and rtl.due == D(2026, 12, 27)

    again = _observe(rina, supervisor, D(2026, 12, 18), "sesuai")
    finding, rtl = FollowUp.get_by_id(finding.id), FollowUp.get_by_id(rtl.id)
    assert (finding.status, finding.closed_by_id, finding.closed_on) == ("selesai", again.id, D(2026, 12, 18))
    assert rtl.status == "selesai"
    assert list(follow_up.open_items(current_puskesmas(), kader_id=rina.id)) == []

    events = follow_up.timeline(kader=rina, today=D(2026, 12, 20))
    observed = [e for e in events if e.kind == load_instrument("observasi_individu").title]
    assert [(e.day, e.text) for e in observed[:2]] == [(D(2026, 12, 18), "tanpa temuan"), (D(2026, 11, 20), "1 temuan")]
    assert any(e.kind == "Tindak lanjut" and "selesai 18/12/2026" in e.text for e in events)
    assert [e.day for e in events] == sorted((e.day for e in events), reverse=True)

    # editing the re-observation back to "belum" reopens what it had closed
    records.save_answers(load_instrument("observasi_individu"), {**again.answers, "A1": {"nilai": "belum"}},
                         record=again)
    assert FollowUp.get_by_id(finding.id).status == "terbuka"
    assert first.id == finding.source_id


def test_coaching_rtl_rows_become_items_closed_by_hand(demo_db):
    rina = Kader.get(Kader.name == "Rina Marlina")
    record = records.save_answers(load_instrument("coaching"), {
        "posyandu": rina.posyandu_id, "tanggal": "2026-11-20", "kader": [rina.id],
        "supervisor": Staff.get(Staff.role == "pj_promkes").id, "alasan": "Dua bulan tidak hadir di posyandu",
        "area": ["motivasi"], "rtl": [{"siapa": "Rina Marlina", "apa": "Hadir pada hari buka Desember",
                                        "kapan": "2026-12-15"}]})
    item = FollowUp.get(FollowUp.source == record)
    assert (item.owner, item.due, item.kader_id) == ("Rina Marlina", D(2026, 12, 15), rina.id)
    overdue = follow_up.open_items(current_puskesmas(), overdue_on=D(2026, 12, 16))
    assert item.id in [f.id for f in overdue]
    with pytest.raises(UserError, match="masa depan"):
        follow_up.close(item, D(2026, 12, 30), today=D(2026, 12, 16))
    follow_up.close(item, D(2026, 12, 15), today=D(2026, 12, 16))
    assert FollowUp.get_by_id(item.id).status == "selesai"
