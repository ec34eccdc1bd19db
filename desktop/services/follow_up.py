"""The supervision cycle's open items: findings of observations (closed by a re-observation that sees the skill
done correctly) and the RTL agreed in mentoring and coaching (closed when done), plus a kader/posyandu timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from desktop.instruments.answers import priority_findings
from desktop.instruments.definition import Instrument
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.schedule import FollowUp
from desktop.models.wilayah import Desa, Puskesmas
from desktop.services import auth

OBSERVATIONS = ("observasi_posyandu", "observasi_individu")
REOBSERVE_DAYS = 30  # the guideline's scenario re-observes about a month later
CORRECT = {"sesuai", "ya"}  # answers that show a skill done correctly


def _owner(record: InstrumentRecord) -> str:
    return Staff.get_by_id(record.supervisor_id).name if record.supervisor_id else ""


def sync(record: InstrumentRecord, inst: Instrument) -> None:
    """After a record is saved: open its findings/RTL as follow-ups, and close what it re-observed correctly.

    Runs inside the caller's transaction. Re-saving a record replaces the open items it made and reopens the
    ones it had closed, so an edit never leaves stale state behind.
    """
    FollowUp.delete().where(FollowUp.source == record, FollowUp.status == "terbuka").execute()
    FollowUp.update(status="terbuka", closed_on=None, closed_by=None).where(FollowUp.closed_by == record).execute()
    if record.posyandu_id is None:
        return
    kept = {f.description for f in FollowUp.select(FollowUp.description).where(FollowUp.source == record)}
    for item in _new_items(record, inst):
        if item["description"] not in kept:
            FollowUp.create(puskesmas=record.puskesmas_id, posyandu=record.posyandu_id, source=record, **item)
    if record.instrument in OBSERVATIONS:
        _close_reobserved(record)


def _new_items(record: InstrumentRecord, inst: Instrument) -> list[dict]:
    answers, day = record.answers, record.activity_date
    items = []
    if record.instrument in OBSERVATIONS:
        for finding in priority_findings(inst, answers):
            if finding.skill:
                items.append({"kader": record.kader_id if record.instrument == "observasi_individu" else None,
                              "skills": [finding.skill], "owner": _owner(record),
                              "due": day + dt.timedelta(days=REOBSERVE_DAYS),
                              "description": f"Temuan {finding.where}: {finding.value_label}. Observasi ulang."})
    elif record.instrument == "coaching":
        kader = answers.get("kader") or []
        for row in answers.get("rtl") or []:
            items.append({"kader": kader[0] if len(kader) == 1 else None, "owner": row.get("siapa", ""),
                          "due": dt.date.fromisoformat(row["kapan"]) if row.get("kapan") else None,
                          "description": f"RTL coaching: {row.get('apa', '')}"})
    elif record.instrument == "mentoring":
        # The session works on the posyandu's open findings: its RTL is done when a re-observation sees them right.
        addressed = sorted({skill for f in open_items(record.puskesmas_id, posyandu_id=record.posyandu_id)
                            if f.source_id != record.id for skill in f.skills})
        for row in answers.get("bagian_b") or []:
            if (row.get("rtl") or "").strip():
                held = dt.date.fromisoformat(row["tanggal_pelaksanaan"]) if row.get("tanggal_pelaksanaan") else day
                items.append({"owner": "Kader peserta mentoring", "skills": addressed,
                              "due": held + dt.timedelta(days=REOBSERVE_DAYS),
                              "description": f"RTL mentoring: {row['rtl'].strip()}"})
    return items


def _close_reobserved(record: InstrumentRecord) -> None:
    """Close earlier items of the same posyandu (and kader) when this observation saw their skills done correctly
    (those it observed) and none of them as a finding."""
    answers = list(RecordAnswer.select(RecordAnswer.skill, RecordAnswer.value, RecordAnswer.priority).where(
        RecordAnswer.record == record, RecordAnswer.skill.is_null(False)).tuples())
    wrong = {skill for skill, _, priority in answers if priority}
    right = {skill for skill, value, _ in answers if value in CORRECT} - wrong
    if not right:
        return
    candidates = (FollowUp.select().join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
                  .where(FollowUp.status == "terbuka", FollowUp.posyandu == record.posyandu_id,
                         InstrumentRecord.activity_date < record.activity_date))
    if record.instrument == "observasi_individu":
        candidates = candidates.where((FollowUp.kader == record.kader_id) | FollowUp.kader.is_null())
    else:  # seeing the posyandu's service right says nothing about one kader's own finding
        candidates = candidates.where(FollowUp.kader.is_null())
    for item in candidates:
        skills = set(item.skills)
        if skills & right and not skills & wrong:  # what it addressed, as far as observed, is now done right
            item.status, item.closed_on, item.closed_by = "selesai", record.activity_date, record
            item.save()


def close(item: FollowUp, day: dt.date | None = None, today: dt.date | None = None) -> None:
    """Mark an RTL done by hand (findings close themselves on re-observation, but may be closed too)."""
    auth.require("edit_records", posyandu_id=(FollowUp.get_or_none(FollowUp.id == item.id) or item).posyandu_id)
    today = today or dt.date.today()
    day = day or today
    if day > today:
        raise UserError("Tanggal selesai tidak boleh di masa depan.")
    item.status, item.closed_on = "selesai", day
    item.save()


def open_items(puskesmas: Puskesmas, *, posyandu_id: int | None = None, kader_id: int | None = None,
               overdue_on: dt.date | None = None):
    """Open follow-ups (of records not in the trash), soonest due first; `overdue_on`: only those past due."""
    query = (FollowUp.select(FollowUp, Posyandu, Desa).join(Posyandu).join(Desa)
             .switch(FollowUp).join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
             .where(FollowUp.puskesmas == puskesmas, FollowUp.status == "terbuka",
                    InstrumentRecord.deleted_at.is_null())
             .order_by(FollowUp.due.is_null(), FollowUp.due, Posyandu.name))
    if posyandu_id:
        query = query.where(FollowUp.posyandu == posyandu_id)
    if kader_id:
        query = query.where(FollowUp.kader == kader_id)
    if overdue_on:
        query = query.where(FollowUp.due < overdue_on)
    query = auth.limit_to_desa(query, Posyandu.desa)  # village admin: own desa
    return query


@dataclass(frozen=True)
class Event:
    """One line of a kader or posyandu timeline."""

    day: dt.date
    kind: str  # Klasifikasi, the instrument title, Tindak lanjut
    text: str
    open: bool = False  # an open follow-up
    overdue: bool = False
    record_id: int | None = None  # the instrument record it comes from (opened from the timeline)


def timeline(*, kader: Kader | None = None, posyandu: Posyandu | None = None,
             today: dt.date | None = None) -> list[Event]:
    """Assessments, instrument records with their finding counts, and follow-ups, newest first."""
    from desktop.instruments.loader import load_instrument

    today = today or dt.date.today()
    if (kader is None) == (posyandu is None):
        raise ValueError("timeline needs exactly one of kader or posyandu")
    events: list[Event] = []
    records = InstrumentRecord.select().where(InstrumentRecord.deleted_at.is_null())
    follow = (FollowUp.select(FollowUp, InstrumentRecord.activity_date.alias("found_on"))
              .join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
              .where(InstrumentRecord.deleted_at.is_null()))
    if kader is not None:
        for a in kader.classifications:
            events.append(Event(a.assessed_on, "Klasifikasi", f"{a.level.title()} — {a.assessor or 'penilai'}"
                                                              f"{', ' + a.source if a.source else ''}"))
        answered = RecordAnswer.select(RecordAnswer.record).where(RecordAnswer.kader == kader)
        records = records.where((InstrumentRecord.kader == kader) | InstrumentRecord.id.in_(answered))
        follow = follow.where(FollowUp.kader == kader)
    else:
        records = records.where(InstrumentRecord.posyandu == posyandu)
        follow = follow.where(FollowUp.posyandu == posyandu)
    findings = dict(RecordAnswer.select(RecordAnswer.record, peewee.fn.COUNT(RecordAnswer.id)).where(
        RecordAnswer.priority == True, RecordAnswer.record.in_(records.select(InstrumentRecord.id)))  # noqa: E712
        .group_by(RecordAnswer.record).tuples())
    for r in records:
        n = findings.get(r.id, 0)
        detail = f"{n} temuan" if n else "tanpa temuan"
        if r.round:
            detail = f"Tahap {r.round.title()}, {detail}"
        events.append(Event(r.activity_date, load_instrument(r.instrument).title, detail, record_id=r.id))
    for f in follow.objects():
        state = f"selesai {f.closed_on:%d/%m/%Y}" if f.status == "selesai" else (
            f"batas {f.due:%d/%m/%Y}" if f.due else "tanpa batas waktu")
        overdue = f.status == "terbuka" and f.due is not None and f.due < today
        events.append(Event(f.found_on, "Tindak lanjut", f"{f.description} ({f.owner or '-'}; {state})",
                            f.status == "terbuka", overdue, record_id=f.source_id))
    return sorted(events, key=lambda e: e.day, reverse=True)

