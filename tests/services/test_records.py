import datetime as dt

from desktop.instruments.answers import AnswerRow
from desktop.models.db import DB
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentDraft, InstrumentRecord, RecordAnswer
from desktop.models.settings import current_puskesmas
from desktop.services import records
from desktop.services.records import RecordFilter


def _record(**kw):
    values = dict(instrument="observasi_posyandu", instrument_version=1, puskesmas=current_puskesmas(),
                  activity_date=dt.date(2026, 10, 14), answers={"a": 1})
    values.update(kw)
    return InstrumentRecord(**values)


def test_save_replaces_indexed_answers_and_drops_the_draft(demo_db):
    InstrumentDraft.delete().execute()
    draft = records.save_draft("observasi_posyandu", {"a": 1})
    record = _record(posyandu=Posyandu.get(Posyandu.name == "Melati 2"))
    records.save_record(record, [AnswerRow("A1", "ya"), AnswerRow("A2", "tidak", skill="A2", priority=True)], draft)
    assert RecordAnswer.select().where(RecordAnswer.record == record).count() == 2
    assert InstrumentDraft.select().count() == 0
    records.save_record(record, [AnswerRow("A1", "tidak", priority=True)])
    assert [(a.item, a.value) for a in record.answer_rows] == [("A1", "tidak")]
    assert record.version == 2


def test_filters_trash_restore_and_purge(demo_db):
    InstrumentRecord.delete().execute()  # start from the demo's people without its records
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    rina = Kader.get(Kader.name == "Rina Marlina")
    a = _record(posyandu=melati)
    b = _record(instrument="penilaian_mandiri", kader=rina, posyandu=melati, activity_date=dt.date(2026, 9, 2))
    for r in (a, b):
        records.save_record(r, [])
    assert records.query_records(RecordFilter(month="2026-10")).count() == 1
    assert records.query_records(RecordFilter(kader_id=rina.id)).get() == b
    assert records.query_records(RecordFilter(desa_id=melati.desa_id)).count() == 2
    records.trash_record(a)
    assert records.query_records(RecordFilter()).count() == 1
    assert records.query_records(RecordFilter(trash=True)).get() == a
    records.restore_record(a)
    assert records.query_records(RecordFilter()).count() == 2
    records.trash_record(a)
    assert records.purge_trash(now=dt.datetime.now() + dt.timedelta(days=29)) == 0
    assert records.purge_trash(now=dt.datetime.now() + dt.timedelta(days=31)) == 1
    assert InstrumentRecord.select().count() == 1


def test_drafts_survive_reopening(demo_db):
    from desktop.models.db import close_db
    from desktop.models.schema import open_database

    records.save_draft("coaching", {"alasan": "Tidak hadir dua bulan"})
    close_db()
    open_database(demo_db)
    [draft] = records.open_drafts()
    assert draft.instrument == "coaching" and draft.answers == {"alasan": "Tidak hadir dua bulan"}


def test_save_answers_validates_then_indexes_findings(demo_db):
    import pytest

    from desktop.instruments.loader import load_instrument
    from desktop.models.errors import UserError
    from desktop.models.people import Staff

    inst = load_instrument("observasi_individu")
    rina = Kader.get(Kader.name == "Rina Marlina")
    with pytest.raises(UserError) as info:
        records.save_answers(inst, {"kader": rina.id})
    assert "• Posyandu: wajib diisi." in str(info.value)
    before = InstrumentRecord.select().count()
    answers = {"kader": rina.id, "posyandu": rina.posyandu_id, "tanggal": "2026-11-10", "setting": "kunjungan_rumah",
               "supervisor": Staff.get().id, "A1": {"nilai": "belum", "catatan": "papan tidak rata"}}
    record = records.save_answers(inst, answers, origin="kertas", paper_date=dt.date(2026, 11, 10))
    assert InstrumentRecord.select().count() == before + 1
    assert (record.kader, record.activity_date, record.origin) == (rina, dt.date(2026, 11, 10), "kertas")
    finding = RecordAnswer.get(RecordAnswer.record == record, RecordAnswer.priority)
    assert (finding.item, finding.skill, finding.kader_id) == ("A1.nilai", "B1", rina.id)
    assert record.skills["B1"][0] == "Bayi dan Balita"


def test_demo_has_records_of_every_instrument_within_the_limits(demo_db):
    import peewee

    counts = dict(InstrumentRecord.select(InstrumentRecord.instrument, peewee.fn.COUNT(InstrumentRecord.id))
                  .group_by(InstrumentRecord.instrument).tuples())
    assert set(counts) == {"penilaian_mandiri", "observasi_posyandu", "observasi_individu", "mentoring", "coaching"}
    month = (peewee.fn.to_char(InstrumentRecord.activity_date, peewee.SQL("'YYYY-MM'"))  # one literal, as GROUP BY
             if isinstance(DB.obj, peewee.PostgresqlDatabase)               # needs the same expression
             else peewee.fn.strftime("%Y-%m", InstrumentRecord.activity_date))
    per_month = (InstrumentRecord.select(InstrumentRecord.posyandu, month, peewee.fn.COUNT(InstrumentRecord.id))
                 .where(InstrumentRecord.instrument == "observasi_individu")
                 .group_by(InstrumentRecord.posyandu, month).tuples())
    assert max(n for *_, n in per_month) <= 3  # the guideline's limit per posyandu per month
