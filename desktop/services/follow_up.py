"""The supervision cycle's open items and what closes them, plus a kader/posyandu timeline.

Findings (temuan) carry their skill, the kader they are about (or none: the posyandu's service), the source record
and its date. RTL items of mentoring and coaching carry the skills of the findings the session answered and the
attending kader. An item closes only on matching evidence: a later observation of the same kader (posyandu-level:
a later service observation) rating the same skill as meeting the standard; a coaching for absence closes when the
kader attends a later service. Which instrument plays which part comes from its [roles].
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

import peewee

from desktop.instruments.answers import priority_findings
from desktop.instruments.definition import COACHING, MENTORING, SERVICE_OBSERVATION, Instrument
from desktop.instruments.loader import load_all, load_instrument
from desktop.models import cycle_rules
from desktop.models.db import rows
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord, RecordAnswer, RecordKader
from desktop.models.schedule import FOUND_AGAIN, FollowUp
from desktop.models.wilayah import Desa, Puskesmas
from desktop.services import auth

REOBSERVE_DAYS = 30  # the guideline's scenario re-observes about a month later
CORRECT = {"sesuai", "ya", "baik", "tinggi"}  # answers that show a skill done to standard


def _ids_where(predicate) -> list[str]:
    return [i.id for i in load_all() if i.roles is not None and predicate(i.roles)]


def _owner(record: InstrumentRecord) -> str:
    return Staff.get_by_id(record.supervisor_id).name if record.supervisor_id else ""


def _json_list(value: object) -> list:
    """A JSON list column as `.tuples()` reads it (text, or already decoded by the driver)."""
    decoded = FollowUp.skills.python_value(value) if isinstance(value, str) else value
    if not isinstance(decoded, list):
        raise TypeError(f"not a JSON list: {decoded!r}")
    return decoded


def _aliased_day(row: peewee.Model, alias: str) -> dt.date:
    """A date the query selected under `alias` beside the model (peewee sets it on the row; its stubs cannot
    know it)."""
    return _day(getattr(row, alias))


def _as_list(value: object) -> list:
    if value in (None, "", []):
        return []
    return list(value) if isinstance(value, list) else [value]


def sync(record: InstrumentRecord, inst: Instrument) -> None:
    """After a record is saved: open its findings/RTL as follow-ups, and close what it gives evidence for.

    Runs inside the caller's transaction. Re-saving a record reopens what it had closed or carried on, keeps the
    items it still makes (same number, so a mentoring that answered a finding still points at it; open ones take
    the new due day and owner), drops the unresolved ones it no longer makes, and applies its evidence again: an
    edit never leaves stale state behind.
    """
    FollowUp.update(status="terbuka", closed_on=None, closed_by=None).where(FollowUp.closed_by == record).execute()
    active = record.posyandu_id is not None and inst.roles is not None
    wanted = _new_items(record, inst) if active else []
    existing = {(f.description, f.kader_id): f for f in FollowUp.select().where(FollowUp.source == record)}
    for item in wanted:
        kept = existing.pop((item["description"], item.get("kader")), None)
        if kept is None:
            FollowUp.create(puskesmas=record.puskesmas_id, posyandu=record.posyandu_id, source=record, **item)
        elif kept.status == "terbuka":
            FollowUp.update(puskesmas=record.puskesmas_id, posyandu=record.posyandu_id,
                            **{k: v for k, v in item.items() if k not in ("kader", "description")}).where(
                FollowUp.id == kept.id).execute()
    gone = [f.id for f in existing.values() if f.status in ("terbuka", FOUND_AGAIN)]  # closed ones stay: history
    if gone:
        FollowUp.delete().where(FollowUp.id.in_(gone)).execute()
    # where its items were; the record's own posyandu after its evidence (_apply_evidence)
    for posyandu in {f.posyandu_id for f in existing.values()} - ({record.posyandu_id} if active else set()):
        _carry_forward(posyandu)
    if active:
        _apply_evidence(record, inst)


def _apply_evidence(record: InstrumentRecord, inst: Instrument) -> None:
    """What the record answers: earlier items it closes (then findings made again are chained anew)."""
    assert inst.roles is not None and record.posyandu_id is not None
    if inst.roles.findings:
        _close_by_skill(record, inst)
    _carry_forward(record.posyandu_id)
    if inst.roles.attendance:
        _close_by_attendance(record, inst)


def _carry_forward(posyandu_id: int) -> None:
    """One open finding per skill of a kader (or of the posyandu service): an earlier one made again later is
    carried on by the next (cycle_rules.found_again), marked "ditemukan lagi" on its day by its record; one no
    longer made again is open again."""
    found = list(rows(FollowUp.select(FollowUp.id, FollowUp.kader, FollowUp.skills, FollowUp.status,
                                      FollowUp.closed_by, InstrumentRecord.activity_date, FollowUp.source)
                      .join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
                      .where(FollowUp.posyandu == posyandu_id, FollowUp.kind == "temuan",
                             InstrumentRecord.deleted_at.is_null()).tuples()))
    day_of = {fid: (_day(day), source) for fid, _, _, _, _, day, source in found}
    again = cycle_rules.found_again((fid, posyandu_id, kader, skills[0], _day(day), status == "selesai")
                                    for fid, kader, raw, status, _, day, _ in found if (skills := _json_list(raw)))
    for fid, _, _, status, closed_by, _, _ in found:
        if status == "selesai":
            continue
        if fid in again:
            day, source = day_of[again[fid]]
            if (status, closed_by) != (FOUND_AGAIN, source):
                FollowUp.update(status=FOUND_AGAIN, closed_on=day, closed_by=source).where(
                    FollowUp.id == fid).execute()
        elif status == FOUND_AGAIN:
            FollowUp.update(status="terbuka", closed_on=None, closed_by=None).where(FollowUp.id == fid).execute()


def record_trashed(record: InstrumentRecord) -> None:
    """A record moved to the trash is no evidence any more: what it closed or carried on is open again (its own
    items stay with it, hidden, for a restore), unless a later record of the posyandu gives the same evidence: the
    later records are applied again in date order."""
    reopened = list(rows(FollowUp.select(InstrumentRecord.activity_date)
                         .join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
                         .where(FollowUp.closed_by == record).tuples()))
    FollowUp.update(status="terbuka", closed_on=None, closed_by=None).where(FollowUp.closed_by == record).execute()
    if record.posyandu_id is None:
        return
    _carry_forward(record.posyandu_id)
    if not reopened:
        return
    since = min(_day(day) for (day,) in reopened)
    later = (InstrumentRecord.select().where(InstrumentRecord.posyandu == record.posyandu_id,
                                             InstrumentRecord.deleted_at.is_null(),
                                             InstrumentRecord.activity_date > since)
             .order_by(InstrumentRecord.activity_date, InstrumentRecord.id))
    for other in later:
        inst = load_instrument(other.instrument)
        if inst.roles is not None:
            _apply_evidence(other, inst)


def record_restored(record: InstrumentRecord) -> None:
    """A record taken back out of the trash is evidence again."""
    inst = load_instrument(record.instrument)
    if record.posyandu_id is not None and inst.roles is not None:
        _apply_evidence(record, inst)


def _about(inst: Instrument) -> dict[str, str]:
    """Answers-key prefix (item key) -> whom its finding is about."""
    default = inst.roles.findings if inst.roles else ""
    return {item.key: item.about or default for s in inst.sections for item in s.items}


def _new_items(record: InstrumentRecord, inst: Instrument) -> list[dict]:
    roles = inst.roles
    assert roles is not None
    answers, day = record.answers, record.activity_date
    items: list[dict] = []
    if roles.findings:
        from desktop.models.skills import aliases

        renamed = aliases()
        about = _about(inst)
        seen: set[tuple[str, int | None]] = set()
        for finding in priority_findings(inst, answers):
            if not finding.skill:
                continue
            skill = renamed.get(finding.skill, finding.skill)
            finding = replace(finding, skill=skill)
            kader = record.kader_id if about.get(finding.item.split(".")[0], roles.findings) == "kader" else None
            if (skill, kader) in seen:  # two columns of one item (done / to standard): one finding
                continue
            seen.add((skill, kader))
            items.append({"kind": "temuan", "kader": kader, "skills": [skill], "item": finding.item,
                          "owner": _owner(record), "due": day + dt.timedelta(days=REOBSERVE_DAYS),
                          "description": f"Temuan {finding.where}: {finding.value_label}."})
    if roles.rtl:
        linked = [int(i) for i in _as_list(answers.get(roles.answers_findings)) if str(i).isdigit()] \
            if roles.answers_findings and "." not in roles.answers_findings else []
        attendees = [int(k) for k in _as_list(answers.get(roles.attendees))] if roles.attendees else []
        if not roles.answers_findings and roles.step == COACHING:  # coaching answers what came back after mentoring
            linked = [f.id for f in open_findings(record.puskesmas, upto=day)
                      if f.kader_id in attendees and f.mentored_on and f.found_on > f.mentored_on]
        answered = list(FollowUp.select().where(FollowUp.id.in_(linked or [0]), FollowUp.kind == "temuan",
                                                FollowUp.posyandu == record.posyandu_id))
        for table in roles.rtl:
            for row in answers.get(table.table) or []:
                what = str(row.get(table.what) or "").strip()
                if not what:
                    continue
                due = dt.date.fromisoformat(row[table.when]) if table.when and row.get(table.when) \
                    else day + dt.timedelta(days=REOBSERVE_DAYS)
                owner = str(row.get(table.who) or "").strip() if table.who else "Kader peserta"
                whom: list[int | None] = [*attendees] if attendees else [None]
                for kader in whom:
                    own = [f for f in answered if roles.step != COACHING or f.kader_id == kader]
                    mine = sorted({s for f in own for s in f.skills})
                    closes_by = "keterampilan" if mine else ("kehadiran" if roles.step == COACHING else "manual")
                    items.append({"kind": "rtl", "kader": kader, "skills": mine, "answers": [f.id for f in own],
                                  "closes_by": closes_by, "owner": owner, "due": due,
                                  "description": f"RTL {roles.short.lower()}: {what}"})
    return items


def _evidence(kader: int | None, posyandu: int, after: dt.date, upto: dt.date, skills: list[str]) -> dict[str, bool]:
    """Per skill: did the latest rating after `after` (up to `upto`) meet the standard? Kader: observations of
    that kader; none: service observations of the posyandu."""
    instruments = _ids_where(lambda r: r.findings == ("kader" if kader else "posyandu"))
    query = (RecordAnswer.select(RecordAnswer.skill, RecordAnswer.value, RecordAnswer.priority,
                                 InstrumentRecord.activity_date, InstrumentRecord.id)
             .join(InstrumentRecord)
             .where(InstrumentRecord.instrument.in_(instruments), InstrumentRecord.deleted_at.is_null(),
                    InstrumentRecord.activity_date > after, InstrumentRecord.activity_date <= upto,
                    RecordAnswer.skill.in_(skills))
             .order_by(InstrumentRecord.activity_date, InstrumentRecord.id))
    query = query.where(RecordAnswer.kader == kader) if kader else query.where(
        InstrumentRecord.posyandu == posyandu, RecordAnswer.kader.is_null())
    latest: dict[str, tuple[object, bool]] = {}
    per_record: dict[tuple[str, int], list[tuple[str, bool]]] = defaultdict(list)
    for skill, value, priority, _, record_id in rows(query.tuples()):
        per_record[(skill, record_id)].append((value, priority))
    for (skill, _), ratings in per_record.items():  # ordered by date: the last record wins
        wrong = any(p for _, p in ratings)
        right = any(v in CORRECT for v, _ in ratings)
        if wrong or right:
            latest[skill] = (None, right and not wrong)
    return {s: latest.get(s, (None, False))[1] for s in skills}


def _close_by_skill(record: InstrumentRecord, inst: Instrument) -> None:
    """Close earlier open items this observation gives matching evidence for (same kader, or the posyandu)."""
    rated = {s for (s,) in rows(RecordAnswer.select(RecordAnswer.skill).where(
        RecordAnswer.record == record, RecordAnswer.skill.is_null(False)).tuples())}
    if not rated:
        return
    about_kader = inst.roles.findings == "kader"  # type: ignore[union-attr]
    posyandu = record.posyandu_id
    if posyandu is None or (about_kader and record.kader_id is None):  # sync passes posyandu records only
        return
    candidates = (FollowUp.select(FollowUp, InstrumentRecord.activity_date.alias("found_on"))
                  .join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
                  .where(FollowUp.status == "terbuka", FollowUp.closes_by == "keterampilan",
                         FollowUp.posyandu == record.posyandu_id,
                         InstrumentRecord.activity_date < record.activity_date))
    candidates = candidates.where(FollowUp.kader == record.kader_id) if about_kader \
        else candidates.where(FollowUp.kader.is_null())
    for item in candidates.objects():
        skills = list(item.skills)
        if not skills or not set(skills) & rated:
            continue
        found_on = _aliased_day(item, "found_on")
        evidence = _evidence(record.kader_id if about_kader else None, posyandu, found_on,
                             record.activity_date, skills)
        if all(evidence.values()):
            FollowUp.update(status="selesai", closed_on=record.activity_date, closed_by=record).where(
                FollowUp.id == item.id).execute()


def _close_by_attendance(record: InstrumentRecord, inst: Instrument) -> None:
    """A coaching for absence is answered when the kader attends a later service."""
    present = [int(k) for k in _as_list(record.answers.get(inst.roles.attendance["hadir"]))]  # type: ignore
    if not present:
        return
    earlier = InstrumentRecord.select(InstrumentRecord.id).where(
        InstrumentRecord.activity_date < record.activity_date)
    FollowUp.update(status="selesai", closed_on=record.activity_date, closed_by=record).where(
        FollowUp.status == "terbuka", FollowUp.closes_by == "kehadiran", FollowUp.kader.in_(present),
        FollowUp.source.in_(earlier)).execute()


def close(item: FollowUp, day: dt.date | None = None, today: dt.date | None = None) -> None:
    """Mark an item done by hand (findings close themselves on matching evidence, but may be closed too)."""
    auth.require("edit_records", posyandu_id=(FollowUp.get_or_none(FollowUp.id == item.id) or item).posyandu_id)
    today = today or dt.date.today()
    day = day or today
    if day > today:
        raise UserError("Tanggal selesai tidak boleh di masa depan.")
    item.status, item.closed_on = "selesai", day
    item.save()


def open_items(puskesmas: Puskesmas, *, posyandu_id: int | None = None, kader_id: int | None = None,
               overdue_on: dt.date | None = None, kind: str | None = None):
    """Open follow-ups (of records not in the trash), soonest due first; `overdue_on`: only those past due."""
    return items(puskesmas, posyandu_id=posyandu_id, kader_id=kader_id, overdue_on=overdue_on, kind=kind,
                 only_open=True)


def items(puskesmas: Puskesmas, *, posyandu_id: int | None = None, kader_id: int | None = None,
          overdue_on: dt.date | None = None, kind: str | None = None, only_open: bool = False):
    """Follow-ups of records not in the trash (open first, soonest due first), with posyandu and desa."""
    query = (FollowUp.select(FollowUp, Posyandu, Desa).join(Posyandu).join(Desa)
             .switch(FollowUp).join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
             .where(FollowUp.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null())
             .order_by(FollowUp.status.desc(), FollowUp.due.is_null(), FollowUp.due, Posyandu.name, FollowUp.id))
    if only_open:
        query = query.where(FollowUp.status == "terbuka")
    if posyandu_id:
        query = query.where(FollowUp.posyandu == posyandu_id)
    if kader_id:
        query = query.where(FollowUp.kader == kader_id)
    if overdue_on:
        query = query.where(FollowUp.due < overdue_on)
    if kind:
        query = query.where(FollowUp.kind == kind)
    return auth.limit_to_desa(query, Posyandu.desa)  # village admin: own desa


# --- what the open items and attendance call for -------------------------------------------------------------


def open_findings(puskesmas: Puskesmas, upto: dt.date | None = None) -> list[cycle_rules.OpenFinding]:
    """Open findings as the next-step rule sees them (with the kader's earlier mentoring on the same skill)."""
    found = (FollowUp.select(FollowUp.id, FollowUp.posyandu, FollowUp.kader, FollowUp.skills,
                             InstrumentRecord.activity_date)
             .join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
             .where(FollowUp.puskesmas == puskesmas, FollowUp.status == "terbuka", FollowUp.kind == "temuan",
                    InstrumentRecord.deleted_at.is_null()))
    if upto:
        found = found.where(InstrumentRecord.activity_date <= upto)
    mentored: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
    for kader, skills, day in rows(FollowUp.select(FollowUp.kader, FollowUp.skills, InstrumentRecord.activity_date)
                               .join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
                               .where(FollowUp.puskesmas == puskesmas, FollowUp.kind == "rtl",
                                      FollowUp.kader.is_null(False), InstrumentRecord.deleted_at.is_null(),
                                      InstrumentRecord.instrument.in_(_ids_where(lambda r: r.step == MENTORING)))
                               .tuples()):
        for skill in _json_list(skills):
            mentored[(kader, skill)].append(_day(day))
    answered: set[int] = set()
    for (ids,) in rows(FollowUp.select(FollowUp.answers).where(
            FollowUp.puskesmas == puskesmas, FollowUp.kind == "rtl", FollowUp.answers != "[]").tuples()):
        answered.update(_json_list(ids))
    out = []
    for fid, posyandu, kader, skills, raw_day in rows(found.tuples()):
        day = _day(raw_day)
        for skill in _json_list(skills)[:1]:
            before = [d for d in mentored.get((kader, skill), []) if d < day]
            out.append(cycle_rules.OpenFinding(fid, posyandu, kader, skill, day, max(before) if before else None,
                                               answered=fid in answered))
    return out


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def attendance(puskesmas: Puskesmas, upto: dt.date | None = None) -> list[cycle_rules.Attendance]:
    """Attendance by name at the service observations (active kader of active posyandu)."""
    query = (RecordKader.select(RecordKader.kader, InstrumentRecord.posyandu, InstrumentRecord.activity_date,
                                RecordKader.role)
             .join(InstrumentRecord).switch(RecordKader).join(Kader)
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
                    InstrumentRecord.instrument.in_(_ids_where(lambda r: r.step == SERVICE_OBSERVATION)),
                    RecordKader.role.in_(["hadir", "tidak_hadir", "izin"]), Kader.active))
    if upto:
        query = query.where(InstrumentRecord.activity_date <= upto)
    return [cycle_rules.Attendance(k, p, _day(d), role) for k, p, d, role in rows(query.tuples())]


def coached(puskesmas: Puskesmas) -> dict[int, dt.date]:
    """Each kader's latest coaching."""
    query = (RecordKader.select(RecordKader.kader, peewee.fn.MAX(InstrumentRecord.activity_date))
             .join(InstrumentRecord)
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
                    InstrumentRecord.instrument.in_(_ids_where(lambda r: r.step == COACHING)))
             .group_by(RecordKader.kader))
    return {k: _day(d) for k, d in rows(query.tuples())}


def next_steps(puskesmas: Puskesmas, upto: dt.date | None = None) -> list[cycle_rules.NextStep]:
    """What the open findings and the attendance call for now (cycle_rules.next_steps on this puskesmas)."""
    from desktop.models import skills as catalogue

    labels = {s.code: s.label for s in catalogue.skills()}
    names: dict[int, str] = {k: name for k, name in rows(Kader.select(Kader.id, Kader.name).join(Posyandu).join(Desa)
                                                         .where(Desa.puskesmas == puskesmas).tuples())}
    return cycle_rules.next_steps(open_findings(puskesmas, upto), attendance(puskesmas, upto), coached(puskesmas),
                                  labels, names)


# --- timeline -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One line of a kader or posyandu timeline."""

    day: dt.date
    kind: str  # Klasifikasi, the instrument title, Temuan, RTL, Selesai
    text: str
    open: bool = False  # an open follow-up
    overdue: bool = False
    record_id: int | None = None  # the instrument record it comes from (opened from the timeline)


ROLE_TEXT = {"peserta": "hadir sebagai peserta", "hadir": "hadir pada layanan", "tidak_hadir": "TIDAK HADIR",
             "izin": "izin"}


def timeline(*, kader: Kader | None = None, posyandu: Posyandu | None = None,
             today: dt.date | None = None) -> list[Event]:
    """Assessments, every record naming the kader (observed, attended, coached, attendance), findings and RTL
    items with their closing, newest first."""
    today = today or dt.date.today()
    if (kader is None) == (posyandu is None):
        raise ValueError("timeline needs exactly one of kader or posyandu")
    events: list[Event] = []
    records = InstrumentRecord.select().where(InstrumentRecord.deleted_at.is_null())
    follow = (FollowUp.select(FollowUp, InstrumentRecord.activity_date.alias("found_on"),
                              InstrumentRecord.instrument.alias("source_instrument"))
              .join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
              .where(InstrumentRecord.deleted_at.is_null()))
    roles: dict[int, set[str]] = defaultdict(set)
    if kader is not None:
        for a in kader.classifications:
            events.append(Event(a.assessed_on, "Klasifikasi", f"{a.level.title()} — {a.assessor or 'penilai'}"
                                                              f"{', ' + a.source if a.source else ''}"))
        for record_id, role in rows(RecordKader.select(RecordKader.record, RecordKader.role).where(
                RecordKader.kader == kader).tuples()):
            roles[record_id].add(role)
        answered = RecordAnswer.select(RecordAnswer.record).where(RecordAnswer.kader == kader)
        named = RecordKader.select(RecordKader.record).where(RecordKader.kader == kader)
        records = records.where((InstrumentRecord.kader == kader) | InstrumentRecord.id.in_(answered)
                                | InstrumentRecord.id.in_(named))
        follow = follow.where(FollowUp.kader == kader)
    else:
        records = records.where(InstrumentRecord.posyandu == posyandu)
        follow = follow.where(FollowUp.posyandu == posyandu)
    findings: dict[int, int] = {r: n for r, n in rows(
        RecordAnswer.select(RecordAnswer.record, peewee.fn.COUNT(RecordAnswer.id)).where(
            RecordAnswer.priority == True, RecordAnswer.record.in_(records.select(InstrumentRecord.id)))  # noqa: E712
        .group_by(RecordAnswer.record).tuples())}
    titles: dict[int, str] = {}
    for r in records:
        n = findings.get(r.id, 0)
        detail = f"{n} temuan" if n else "tanpa temuan"
        if r.round:
            detail = f"Tahap {r.round.title()}, {detail}"
        shown = [ROLE_TEXT[x] for x in sorted(roles.get(r.id, ())) if x in ROLE_TEXT]
        if shown:
            detail = f"{', '.join(shown)}; {detail}"
        title = load_instrument(r.instrument).title
        titles[r.id] = title
        events.append(Event(r.activity_date, title, f"{detail} (no. {r.id})", record_id=r.id))
    for f in follow.objects():
        what = "Temuan" if f.kind == "temuan" else "RTL"
        skills = f" [{', '.join(f.skills)}]" if f.skills else ""
        state = f"selesai {f.closed_on:%d/%m/%Y}" if f.status == "selesai" else (
            f"ditemukan lagi {f.closed_on:%d/%m/%Y}" if f.status == FOUND_AGAIN and f.closed_on else (
                f"batas {f.due:%d/%m/%Y}" if f.due else "tanpa batas waktu"))
        overdue = f.status == "terbuka" and f.due is not None and f.due < today
        events.append(Event(_aliased_day(f, "found_on"), what,
                            f"#{f.id}{skills} {f.description} ({f.owner or '-'}; {state})",
                            f.status == "terbuka", overdue, record_id=f.source_id))
        if f.status == "selesai" and f.closed_on:
            by = f"oleh {_title_of(f.closed_by_id, titles)} no. {f.closed_by_id}" if f.closed_by_id \
                else "ditandai selesai"
            events.append(Event(f.closed_on, "Selesai", f"#{f.id}{skills} {what.lower()} ditutup {by}",
                                record_id=f.closed_by_id))
        elif f.status == FOUND_AGAIN and f.closed_on and f.closed_by_id:
            events.append(Event(f.closed_on, "Ditemukan lagi",
                                f"#{f.id}{skills} temuan ini ditemukan lagi pada {_title_of(f.closed_by_id, titles)} "
                                f"no. {f.closed_by_id}; diteruskan oleh temuan baru dari lembar itu",
                                record_id=f.closed_by_id))
    return sorted(events, key=lambda e: e.day, reverse=True)


def _title_of(record_id: int, titles: dict[int, str]) -> str:
    if record_id not in titles:
        record = InstrumentRecord.get_or_none(InstrumentRecord.id == record_id)
        titles[record_id] = load_instrument(record.instrument).title if record else "catatan"
    return titles[record_id]
