"""Saving, listing, trashing and drafting instrument records (no widgets)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import peewee

from desktop.instruments.answers import AnswerRow, answer_rows, check
from desktop.instruments.definition import Instrument
from desktop.models.db import DB, rows
from desktop.models.db import rows as typed_rows
from desktop.models.errors import UserError
from desktop.models.records import TRASH_DAYS, InstrumentDraft, InstrumentRecord, RecordAnswer, RecordKader
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
    with DB.atomic():
        record.deleted_at = dt.datetime.now()
        record.save()
        follow_up.record_trashed(record)


def restore_record(record: InstrumentRecord) -> None:
    """Take a record back out of the trash."""
    auth.require("edit_records", posyandu_id=_stored_posyandu(record))
    with DB.atomic():
        record.deleted_at = None
        record.save()
        follow_up.record_restored(record)


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


def _ids(value: object) -> list[int]:
    if value in (None, "", []):
        return []
    values: list = value if isinstance(value, list) else [value]
    return [int(str(v)) for v in values if str(v).isdigit()]


def named_kader(inst: Instrument, answers: dict) -> list[tuple[int, str, str]]:
    """(kader id, role, field key) of every kader the answers name: the subject ("subjek"), participants
    ("peserta") and attendance by name ("hadir", "tidak_hadir", "izin"), as the instrument's [roles] declare."""
    roles = inst.roles
    if roles is None:
        return []
    out: list[tuple[int, str, str]] = []
    if roles.kader:
        out += [(k, "subjek", roles.kader) for k in _ids(answers.get(roles.kader))]
    if roles.attendees and roles.attendees != roles.kader:
        out += [(k, "peserta", roles.attendees) for k in _ids(answers.get(roles.attendees))]
    for code, key in roles.attendance.items():
        out += [(k, code, key) for k in _ids(answers.get(key))]
    return out


def cycle_errors(inst: Instrument, answers: dict, record: InstrumentRecord | None = None,
                 today: dt.date | None = None) -> list[str]:
    """What the supervision cycle refuses (Indonesian, naming the field): a record dated in the future, a kader
    not of the chosen posyandu, a kader in two attendance lists, a sheet already recorded."""
    from desktop.models.people import Kader

    today = today or dt.date.today()
    errors: list[str] = []
    roles = inst.roles
    try:
        day = dt.date.fromisoformat(str(answers.get("tanggal")))
    except ValueError:
        return errors  # check() names a bad date
    if day > today:
        errors.append(f"Tanggal {day:%d/%m/%Y} di masa depan: catatan kegiatan hanya untuk yang sudah dilaksanakan "
                      "(rencana dibuat di Jadwal).")
    if roles is None:
        return errors
    posyandu = answers.get(roles.posyandu) if roles.posyandu else None
    named = named_kader(inst, answers)
    labels = {f.key: f.label for f in inst.all_fields()}
    if posyandu and named:
        home: dict[int, int] = dict(typed_rows(Kader.select(Kader.id, Kader.posyandu).where(
            Kader.id.in_([k for k, _, _ in named])).tuples()))
        names: dict[int, str] = dict(typed_rows(Kader.select(Kader.id, Kader.name).where(
            Kader.id.in_([k for k, _, _ in named])).tuples()))
        for kader, _, key in named:
            if home.get(kader) != posyandu:
                errors.append(f"{labels.get(key, key)}: {names.get(kader, f'kader {kader}')} bukan kader Posyandu "
                              "yang dipilih.")
    listed: dict[int, list[str]] = {}
    for kader, role, key in named:
        if role in roles.attendance:
            listed.setdefault(kader, []).append(labels.get(key, key))
    for kader, where in listed.items():
        if len(where) > 1:
            person = Kader.get_or_none(Kader.id == kader)
            errors.append(f"Kehadiran kader: {person.name if person else kader} tercatat di {' dan '.join(where)}; "
                          "pilih satu.")
    if posyandu:
        same = InstrumentRecord.select(InstrumentRecord.id).where(
            InstrumentRecord.instrument == inst.id, InstrumentRecord.posyandu == posyandu,
            InstrumentRecord.activity_date == day, InstrumentRecord.deleted_at.is_null())
        subject = _ids(answers.get(roles.kader)) if roles.kader else []
        if len(subject) == 1:
            same = same.where(InstrumentRecord.kader == subject[0])
        elif subject:
            same = same.where(InstrumentRecord.kader.is_null())
        if record is not None and record.id is not None:
            same = same.where(InstrumentRecord.id != record.id)
        first = same.order_by(InstrumentRecord.id).first()
        if first is not None:
            errors.append(f"Lembar ini sudah tercatat sebagai catatan no. {first.id} (instrumen, posyandu, kader dan "
                          "tanggal sama); buka catatan itu untuk mengubahnya.")
    return errors


def sheet_key(inst: Instrument, answers: dict) -> tuple:
    """What makes two sheets the same: instrument, posyandu, kader and date."""
    roles = inst.roles
    posyandu = answers.get(roles.posyandu) if roles and roles.posyandu else None
    kader = tuple(_ids(answers.get(roles.kader))) if roles and roles.kader else ()
    return inst.id, posyandu, kader, str(answers.get(roles.date if roles else "tanggal"))


def cycle_warnings(inst: Instrument, answers: dict, record: InstrumentRecord | None = None) -> list[str]:
    """Departures from the guideline the user may confirm: more kader observed individually at a posyandu in a
    month than allowed, a session shorter or longer than the guideline's duration."""
    roles = inst.roles
    out: list[str] = []
    if roles is None:
        return out
    try:
        day = dt.date.fromisoformat(str(answers.get("tanggal")))
    except ValueError:
        return out
    posyandu = answers.get(roles.posyandu) if roles.posyandu else None
    if roles.kader_per_month and posyandu and roles.kader:
        first = day.replace(day=1)
        after = (first + dt.timedelta(days=32)).replace(day=1)
        others = InstrumentRecord.select(InstrumentRecord.kader).where(
            InstrumentRecord.instrument == inst.id, InstrumentRecord.posyandu == posyandu,
            InstrumentRecord.deleted_at.is_null(), InstrumentRecord.activity_date >= first,
            InstrumentRecord.activity_date < after, InstrumentRecord.kader.is_null(False))
        if record is not None and record.id is not None:
            others = others.where(InstrumentRecord.id != record.id)
        kader = {k for (k,) in typed_rows(others.tuples())} | set(_ids(answers.get(roles.kader)))
        if len(kader) > roles.kader_per_month:
            out.append(f"{inst.title}: {len(kader)} kader di Posyandu ini pada {day:%m/%Y}; pedoman paling banyak "
                       f"{roles.kader_per_month} kader per bulan.")
    if roles.minutes and roles.minutes_range:
        low, high = roles.minutes_range
        table, _, column = roles.minutes.partition(".")
        values = [row.get(column) for row in answers.get(table) or []] if column else [answers.get(table)]
        for value in values:
            if isinstance(value, int) and not low <= value <= high:
                out.append(f"Durasi {value} menit di luar anjuran pedoman {low}–{high} menit.")
    return out


def _link_activity(record: InstrumentRecord, inst: Instrument) -> None:
    """The planned activity this record carries out (same posyandu and instrument, the kader where the activity
    names them, same month) becomes done, however the record was saved."""
    from desktop.models.schedule import Activity, ActivityKader

    if record.posyandu_id is None:
        return
    if Activity.select().where(Activity.record == record).exists():
        return
    first = record.activity_date.replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    candidates = (Activity.select().where(
        Activity.puskesmas == record.puskesmas_id, Activity.kind == inst.id, Activity.posyandu == record.posyandu_id,
        Activity.date >= first, Activity.date < after, Activity.status.in_(["rencana", "ditunda"]),
        Activity.record.is_null()).order_by(Activity.date, Activity.id))
    named = {k for k, _, _ in named_kader(inst, record.answers)} | ({record.kader_id} if record.kader_id else set())
    for activity in candidates:
        planned = {k for (k,) in typed_rows(ActivityKader.select(ActivityKader.kader).where(
            ActivityKader.activity == activity).tuples())}
        if inst.roles and inst.roles.kader and planned and not planned & named:
            continue
        activity.record, activity.status, activity.reason = record, "selesai", ""
        activity.save()
        return


def save_answers(inst: Instrument, answers: dict, *, origin: str = "kertas", paper_date: dt.date | None = None,
                 record: InstrumentRecord | None = None, draft: InstrumentDraft | None = None,
                 entered_on: dt.date | None = None, confirmed: bool = True,
                 today: dt.date | None = None) -> InstrumentRecord:
    """Validate a filled form and store it as a record (new or edited); UserError lists every problem.

    `entered_on` (the day a person types or imports the sheet) turns on the calendar rules; with
    `confirmed=False` unusual values raise Unusual so the form can ask first; `today` is the day the cycle's
    refusals judge against (default: entered_on, else today). In the same transaction: its findings and RTL
    become follow-ups (closing what it evidences), the kader it names are indexed, and the planned activity it
    carries out becomes done."""
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
    errors = checked.errors or cycle_errors(inst, answers, record, today or entered_on)
    if errors:
        raise UserError("Formulir belum dapat disimpan:\n" + "\n".join(f"• {e}" for e in errors))
    if checked.warnings and not confirmed:
        raise Unusual(checked.warnings)
    record = record or InstrumentRecord(instrument=inst.id, puskesmas=current_puskesmas())
    record.instrument_version = inst.version
    roles = inst.roles
    record.activity_date = dt.date.fromisoformat(answers[roles.date if roles else "tanggal"])
    record.posyandu = answers.get(roles.posyandu) if roles and roles.posyandu else None
    kader = answers.get(roles.kader) if roles and roles.kader else None
    record.kader = kader[0] if isinstance(kader, list) and len(kader) == 1 else (None if isinstance(kader, list)
                                                                                 else kader)
    record.supervisor = answers.get(roles.supervisor) if roles and roles.supervisor else None
    record.round = answers.get(roles.round) if roles and roles.round else None
    record.answers = answers
    record.skills = {code: [area, label] for code, area, label in skills}
    record.origin = origin
    record.paper_date = paper_date
    with DB.atomic():
        renamed = catalogue.aliases()  # items name shipped codes; an imported catalogue may have renamed them
        rows = [replace(r, skill=renamed.get(r.skill, r.skill)) if r.skill in renamed else r
                for r in answer_rows(inst, answers, skills, record.kader_id)]
        save_record(record, rows, draft)
        RecordKader.delete().where(RecordKader.record == record).execute()
        named = sorted(set((k, role) for k, role, _ in named_kader(inst, answers)))
        if named:
            RecordKader.insert_many([{"record": record.id, "kader": k, "role": role} for k, role in named]).execute()
        follow_up.sync(record, inst)
        _link_activity(record, inst)
    return record
