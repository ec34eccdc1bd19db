"""Saving, listing, trashing and drafting instrument records (no widgets)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from desktop.instruments.answers import AnswerRow, answer_rows, check
from desktop.instruments.definition import Instrument
from desktop.models.db import DB, rows
from desktop.models.errors import UserError
from desktop.models.records import TRASH_DAYS, InstrumentDraft, InstrumentRecord, RecordAnswer
from desktop.services import auth, follow_up, pickers


@dataclass
class RecordFilter:
    """What the Instrumen list shows."""

    puskesmas_id: int | None = None
    instrument: str | None = None
    posyandu_id: int | None = None
    desa_id: int | None = None
    kader_id: int | None = None
    supervisor_id: int | None = None
    month: str | None = None  # "YYYY-MM"
    trash: bool = False


def save_record(record: InstrumentRecord, rows: list[AnswerRow], draft: InstrumentDraft | None = None) -> None:
    """Store a record and replace its indexed answers in one transaction; drop the draft it came from."""
    with DB.atomic():
        record.updated_at = dt.datetime.now()
        record.save()  # bumps record.version; a newer save by someone else raises EditConflict
        RecordAnswer.delete().where(RecordAnswer.record == record).execute()
        if rows:
            RecordAnswer.insert_many(
                [
                    {"record": record.id, "item": r.item, "value": r.value, "skill": r.skill,
                     "kader": r.kader_id, "priority": r.priority}
                    for r in rows
                ]
            ).execute()
        if draft is not None and draft.id is not None:
            draft.delete_instance()


def query_records(f: RecordFilter):
    """Records matching the filter with posyandu, kader and supervisor joined in, newest activity first.

    Returns a peewee query, so views can page it.
    """
    from desktop.models.people import Kader, Posyandu, Staff

    outer = peewee.JOIN.LEFT_OUTER
    query = (
        InstrumentRecord.select(InstrumentRecord, Posyandu, Kader, Staff)
        .join(Posyandu, outer).switch(InstrumentRecord)
        .join(Kader, outer).switch(InstrumentRecord)
        .join(Staff, outer).switch(InstrumentRecord)
        .order_by(InstrumentRecord.activity_date.desc(), InstrumentRecord.id.desc())
    )
    query = query.where(InstrumentRecord.deleted_at.is_null(not f.trash))
    for column, wanted in (
        (InstrumentRecord.puskesmas, f.puskesmas_id), (InstrumentRecord.instrument, f.instrument),
        (InstrumentRecord.posyandu, f.posyandu_id), (Posyandu.desa, f.desa_id),
        (InstrumentRecord.kader, f.kader_id), (InstrumentRecord.supervisor, f.supervisor_id),
    ):
        if wanted:
            query = query.where(column == wanted)
    query = auth.limit_to_desa(query, Posyandu.desa)  # village admin: own desa
    if f.month:
        year, month = (int(x) for x in f.month.split("-"))
        first = dt.date(year, month, 1)
        after = dt.date(year + (month == 12), month % 12 + 1, 1)
        query = query.where(InstrumentRecord.activity_date >= first, InstrumentRecord.activity_date < after)
    return query


def _stored_posyandu(record: InstrumentRecord) -> int | None:
    """The posyandu the record has in the database (not what the caller may have set on the instance)."""
    stored = InstrumentRecord.get_or_none(InstrumentRecord.id == record.id) if record.id is not None else None
    return (stored or record).posyandu_id


def trash_record(record: InstrumentRecord) -> None:
    """Move a record to the trash; it can be restored for TRASH_DAYS days."""
    auth.require("edit_records", posyandu_id=_stored_posyandu(record))
    record.deleted_at = dt.datetime.now()
    record.save()


def restore_record(record: InstrumentRecord) -> None:
    """Take a record back out of the trash."""
    auth.require("edit_records", posyandu_id=_stored_posyandu(record))
    record.deleted_at = None
    record.save()


def purge_trash(now: dt.datetime | None = None) -> int:
    """Delete for good the records that have been in the trash longer than TRASH_DAYS; return how many."""
    limit = (now or dt.datetime.now()) - dt.timedelta(days=TRASH_DAYS)
    from desktop.models import audit

    with DB.atomic():
        ids = [i for (i,) in rows(InstrumentRecord.select(InstrumentRecord.id)
                                  .where(InstrumentRecord.deleted_at < limit).tuples())]
        if not ids:
            return 0
        count = InstrumentRecord.delete().where(InstrumentRecord.id.in_(ids)).execute()
        audit.record("hapus", "instrument_record", "", detail=f"{count} catatan dari tempat sampah dihapus permanen "
                     f"(lebih dari {TRASH_DAYS} hari): no. {', '.join(map(str, ids))}"[:250])
        return count


def save_draft(instrument: str, answers: dict, draft: InstrumentDraft | None = None,
               record: InstrumentRecord | None = None) -> InstrumentDraft:
    """Create or update the autosaved draft of a form."""
    draft = draft or InstrumentDraft(instrument=instrument, record=record)
    draft.answers = answers
    draft.updated_at = dt.datetime.now()
    draft.save()
    return draft


def open_drafts() -> list[InstrumentDraft]:
    """Unfinished forms, newest first, to offer back after a restart."""
    return list(InstrumentDraft.select().order_by(InstrumentDraft.updated_at.desc()))


class Unusual(UserError):
    """The sheet is possible but has unusual values: save again with `confirmed=True` once the user has checked."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("Periksa lagi sebelum menyimpan:\n" + "\n".join(f"• {w}" for w in warnings))
        self.warnings = warnings


def save_answers(inst: Instrument, answers: dict, *, origin: str = "kertas", paper_date: dt.date | None = None,
                 record: InstrumentRecord | None = None, draft: InstrumentDraft | None = None,
                 entered_on: dt.date | None = None, confirmed: bool = True) -> InstrumentRecord:
    """Validate a filled form and store it as a record (new or edited); UserError lists every problem.

    `entered_on` (the day a person types or imports the sheet) turns on the calendar rules; with
    `confirmed=False` unusual values raise Unusual so the form can ask first."""
    auth.require("edit_records", posyandu_id=answers.get("posyandu"))
    if record is not None:  # the stored record too: no moving another posyandu's record to mine
        auth.require("edit_records", posyandu_id=_stored_posyandu(record))
    from desktop.models import skills as catalogue
    from desktop.models.settings import current_puskesmas

    answers = pickers.with_desa(inst, answers)
    skills = [(s.code, s.area, s.label) for s in catalogue.skills()]
    if record is not None and record.skills:
        skills = [(code, area, label) for code, (area, label) in record.skills.items()]
    checked = check(inst, answers, skills, entered_on)
    if checked.errors:
        raise UserError("Formulir belum dapat disimpan:\n" + "\n".join(f"• {e}" for e in checked.errors))
    if checked.warnings and not confirmed:
        raise Unusual(checked.warnings)
    record = record or InstrumentRecord(instrument=inst.id, puskesmas=current_puskesmas())
    record.instrument_version = inst.version
    record.activity_date = dt.date.fromisoformat(answers["tanggal"])
    record.posyandu = answers.get("posyandu")
    kader = answers.get("kader")
    record.kader = kader[0] if isinstance(kader, list) and len(kader) == 1 else (None if isinstance(kader, list)
                                                                                 else kader)
    record.supervisor = answers.get("supervisor")
    record.round = answers.get("putaran")
    record.answers = answers
    record.skills = {code: [area, label] for code, area, label in skills}
    record.origin = origin
    record.paper_date = paper_date
    with DB.atomic():
        save_record(record, answer_rows(inst, answers, skills, record.kader_id), draft)
        follow_up.sync(record, inst)
    return record
