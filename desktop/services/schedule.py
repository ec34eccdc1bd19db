"""Jadwal: propose a month's plan from the guideline rules, check conflicts, save activities, list what is due,
and link a done activity to the instrument record filled for it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import peewee

from desktop.instruments.definition import (
    COACHING,
    INDIVIDUAL_OBSERVATION,
    MENTORING,
    SELF_ASSESSMENT,
    SERVICE_OBSERVATION,
    Instrument,
)
from desktop.instruments.loader import by_step, load_all, load_instrument
from desktop.models import cycle_rules
from desktop.models.db import DB, exclusive_transaction
from desktop.models.db import rows as tuple_rows  # `rows` names plan rows here
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.schedule import (
    STATUS_CHOICES,
    Activity,
    ActivityKader,
    ActivitySupervisor,
)
from desktop.models.schedule_rules import (
    SUPERVISOR_MONTHLY_CAPACITY,
    Conflict,
    KindLimits,
    Slot,
    conflicts,
    mentoring_due,
    month_bounds,
    pick_individual,
    service_date,
)
from desktop.models.wilayah import Desa, Puskesmas
from desktop.models.workdays import nearest_working_day, non_working_reason
from desktop.services import auth
from desktop.services.teams import current_assignments

SELF_ASSESSMENT_ROUND_DAYS = 180  # an Akhir round is proposed this long after the Awal round
ACCEPT_LOCK = 18_0001  # advisory lock key of accept_plan (PostgreSQL)


def _kind_labels() -> dict[str, str]:
    return {i.id: i.roles.activity for i in load_all() if i.roles}


def _times() -> dict[str, tuple[str, str]]:
    """Default hours per kind ([roles] hours): observation during the posyandu session, the rest after it."""
    return {i.id: i.roles.hours for i in load_all() if i.roles}


def __getattr__(name: str) -> Any:
    """KIND_LABELS and TIMES as before, read from the instruments' [roles]."""
    if name == "KIND_LABELS":
        return _kind_labels()
    if name == "TIMES":
        return _times()
    raise AttributeError(name)


def _step(step: str) -> Instrument:
    return by_step(step)


def kader_kinds() -> set[str]:
    """Kinds of activity that name their kader (the instrument declares a kader field)."""
    return {i.id for i in load_all() if i.roles and i.roles.kader}


def round_choices(kind: str) -> list[tuple[str, str]]:
    """(code, label) of the rounds a kind of activity has (none: empty)."""
    if kind not in _kind_labels():
        return []
    inst = load_instrument(kind)
    if not inst.roles or not inst.roles.round:
        return []
    field_ = next(f for f in inst.all_fields() if f.key == inst.roles.round)
    return [(code, f"Tahap {label}") for code, label in field_.scale.options] if field_.scale else []


@dataclass
class PlanRow:
    """An activity before it is saved: proposed by the rules or typed by the user."""

    kind: str
    date: dt.date
    posyandu_id: int
    staff_ids: list[int] = field(default_factory=list)
    kader_ids: list[int] = field(default_factory=list)
    start: str = ""
    end: str = ""
    round: str | None = None
    reason: str = ""  # why the rules propose it
    status: str = "rencana"

    def __post_init__(self) -> None:
        default = _times()[self.kind]
        self.start, self.end = self.start or default[0], self.end or default[1]

    def slot(self, key: object) -> Slot:
        return Slot(self.kind, self.date, self.start, self.end, self.posyandu_id, tuple(self.staff_ids),
                    tuple(self.kader_ids), self.status, key)


def _month_activities(puskesmas: Puskesmas, first: dt.date, last: dt.date):
    return (Activity.select(Activity, Posyandu, Desa).join(Posyandu).join(Desa)
            .where(Activity.puskesmas == puskesmas, Activity.date.between(first, last))
            .order_by(Activity.date, Activity.start, Posyandu.name))


def _links(activity_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    staff: dict[int, list[int]] = defaultdict(list)
    kader: dict[int, list[int]] = defaultdict(list)
    ids = activity_ids or [0]
    for a, s in tuple_rows(ActivitySupervisor.select(ActivitySupervisor.activity, ActivitySupervisor.staff).where(
            ActivitySupervisor.activity.in_(ids)).tuples()):
        staff[a].append(s)
    for a, k in tuple_rows(ActivityKader.select(ActivityKader.activity, ActivityKader.kader).where(
            ActivityKader.activity.in_(ids)).tuples()):
        kader[a].append(k)
    return staff, kader


def saved_slots(puskesmas: Puskesmas, first: dt.date, last: dt.date, exclude: int | None = None) -> list[Slot]:
    """The saved activities of a period as rule slots (key: activity id)."""
    rows = [a for a in _month_activities(puskesmas, first, last) if a.id != exclude]
    staff, kader = _links([a.id for a in rows])
    return [Slot(a.kind, a.date, a.start, a.end, a.posyandu_id, tuple(staff[a.id]), tuple(kader[a.id]), a.status,
                 a.id) for a in rows]


def names(puskesmas: Puskesmas) -> dict[str, dict[int, str]]:
    """Names by id for conflict messages."""
    staff = Staff.select(Staff.id, Staff.name).where(Staff.puskesmas == puskesmas)
    posyandu = Posyandu.select(Posyandu.id, Posyandu.name).join(Desa).where(Desa.puskesmas == puskesmas)
    kader = Kader.select(Kader.id, Kader.name).join(Posyandu).join(Desa).where(Desa.puskesmas == puskesmas)
    return {
        "staff": {i: name for i, name in tuple_rows(staff.tuples())},
        "posyandu": {i: name for i, name in tuple_rows(posyandu.tuples())},
        "kader": {i: name for i, name in tuple_rows(kader.tuples())},
    }


def plan_conflicts(puskesmas: Puskesmas, rows: list[PlanRow], exclude: int | None = None) -> list[Conflict]:
    """Conflicts among the rows (keys: row index) and with the saved activities of their months (keys:
    ("activity", id))."""
    if not rows:
        return []
    first = min(r.date for r in rows).replace(day=1)
    last = month_bounds(max(r.date for r in rows).year, max(r.date for r in rows).month)[1]
    saved = [replace(s, key=("activity", s.key)) for s in saved_slots(puskesmas, first, last, exclude)]
    slots = [r.slot(i) for i, r in enumerate(rows)] + saved
    limits = {i.id: KindLimits(i.roles.activity, i.roles.per_month, i.roles.kader_per_month)
              for i in load_all() if i.roles}
    found = conflicts(slots, names(puskesmas), limits=limits)
    without = [Conflict(f"{_kind_labels()[r.kind]} di Posyandu {names(puskesmas)['posyandu'].get(r.posyandu_id)} "
                        f"({r.date:%d/%m/%Y}) belum punya supervisor.", (i,))
               for i, r in enumerate(rows) if not r.staff_ids]
    return without + found


# --- what happened already --------------------------------------------------------------------------------


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _done_records(puskesmas: Puskesmas, kind: str, first: dt.date | None, last: dt.date) -> dict[int, dt.date]:
    """Latest date of a kind of record per posyandu in the period."""
    query = (InstrumentRecord.select(InstrumentRecord.posyandu, peewee.fn.MAX(InstrumentRecord.activity_date))
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.instrument == kind,
                    InstrumentRecord.deleted_at.is_null(), InstrumentRecord.activity_date <= last)
             .group_by(InstrumentRecord.posyandu))
    if first is not None:
        query = query.where(InstrumentRecord.activity_date >= first)
    return {p: _day(d) for p, d in tuple_rows(query.tuples()) if p}


def _done_kader(puskesmas: Puskesmas, kind: str, first: dt.date, last: dt.date) -> dict[int, set[int]]:
    """Kader named by records of a kind in the period, per posyandu."""
    from desktop.models.records import RecordKader

    out: dict[int, set[int]] = defaultdict(set)
    query = (RecordKader.select(InstrumentRecord.posyandu, RecordKader.kader).join(InstrumentRecord)
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.instrument == kind,
                    InstrumentRecord.deleted_at.is_null(), InstrumentRecord.activity_date.between(first, last)))
    for p, k in tuple_rows(query.tuples()):
        out[p].add(k)
    for p, k in tuple_rows(InstrumentRecord.select(InstrumentRecord.posyandu, InstrumentRecord.kader).where(
            InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.instrument == kind,
            InstrumentRecord.deleted_at.is_null(), InstrumentRecord.kader.is_null(False),
            InstrumentRecord.activity_date.between(first, last)).tuples()):
        out[p].add(k)
    return out


def _self_assessment_rounds(puskesmas: Puskesmas, kind: str) -> dict[int, dict[str, dt.date]]:
    query = (InstrumentRecord.select(InstrumentRecord.posyandu, InstrumentRecord.round,
                                     peewee.fn.MAX(InstrumentRecord.activity_date))
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.instrument == kind,
                    InstrumentRecord.deleted_at.is_null())
             .group_by(InstrumentRecord.posyandu, InstrumentRecord.round))
    out: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for p, round_, day in tuple_rows(query.tuples()):
        out[p][round_ or ""] = _day(day)
    return out


def _individual_need(puskesmas: Puskesmas, today: dt.date, kind: str) -> dict[int, list[tuple[int, float]]]:
    """Per posyandu, (kader id, need) of active kader: untrained, new and recent low answers raise the need."""
    since = today - dt.timedelta(days=180)
    low: dict[int, int] = {k: n for k, n in tuple_rows(
        RecordAnswer.select(RecordAnswer.kader, peewee.fn.COUNT(RecordAnswer.id)).join(InstrumentRecord)
        .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
               InstrumentRecord.activity_date >= since, RecordAnswer.priority == True,  # noqa: E712
               RecordAnswer.kader.is_null(False))
        .group_by(RecordAnswer.kader).tuples())}
    observed = {k for (k,) in tuple_rows(InstrumentRecord.select(InstrumentRecord.kader).where(
        InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.instrument == kind,
        InstrumentRecord.deleted_at.is_null(), InstrumentRecord.activity_date >= since).tuples())}
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    kader = (Kader.select(Kader.id, Kader.posyandu, Kader.training_status, Kader.start_year).join(Posyandu).join(Desa)
             .where(Desa.puskesmas == puskesmas, Kader.active, Posyandu.active))
    for k in kader:
        need = (k.training_status == "belum") + (k.start_year is not None and k.start_year >= today.year) \
            + min(low.get(k.id, 0), 10) / 5
        if k.id in observed:
            need -= 1  # seen recently: others first
        if need > 0:
            out[k.posyandu_id].append((k.id, need))
    return out


# --- what each posyandu needs this month ----------------------------------------------------------------------


@dataclass
class Need:
    """Something the guideline or the cycle's next step asks of a posyandu this month, not yet planned or done."""

    posyandu: Posyandu
    kind: str  # instrument id
    reason: str
    kader_ids: list[int] = field(default_factory=list)
    round: str | None = None
    skills: list[str] = field(default_factory=list)


def month_needs(puskesmas: Puskesmas, year: int, month: int, today: dt.date | None = None) -> list[Need]:
    """What each active posyandu needs this month and is neither planned (not cancelled) nor done: the one answer
    that both the month plan (`propose_month`) and the due list (`due`) give.

    Service observation once a month; individual observation of kader whose finding waits (next-step rule) and,
    at priority posyandu, of the kader most in need, up to the monthly limit; mentoring on a skill several kader
    want (or when none took place in 3 months); coaching for a kader absent two months running or wanting again
    after a mentoring; Penilaian Mandiri rounds."""
    from desktop.services import follow_up
    from desktop.services.priorities import priorities

    today = today or dt.date.today()
    first, last = month_bounds(year, month)
    service, individual = _step(SERVICE_OBSERVATION), _step(INDIVIDUAL_OBSERVATION)
    mentoring, coaching, self_assessment = _step(MENTORING), _step(COACHING), _step(SELF_ASSESSMENT)
    existing = [s for s in saved_slots(puskesmas, first, last) if s.status != "batal"]
    planned = {(s.posyandu_id, s.kind) for s in existing}
    planned_kader: dict[tuple[int, str], set[int]] = defaultdict(set)
    for s in existing:
        planned_kader[(s.posyandu_id, s.kind)].update(s.kader_ids)
    for kind, kader in tuple_rows(ActivityKader.select(Activity.kind, ActivityKader.kader).join(Activity).where(
            Activity.puskesmas == puskesmas, Activity.date < first, Activity.status.in_(["rencana", "ditunda"]),
            Activity.record.is_null()).tuples()):  # planned earlier, not carried out yet: still on its way
        for p_id in tuple_rows(Kader.select(Kader.posyandu).where(Kader.id == kader).tuples()):
            planned_kader[(p_id[0], kind)].add(kader)
    observed = _done_records(puskesmas, service.id, first, last)
    mentored = _done_records(puskesmas, mentoring.id, None, last)
    mentored_now = _done_records(puskesmas, mentoring.id, first, last)
    seen_now = _done_kader(puskesmas, individual.id, first, last)
    coached_now = _done_kader(puskesmas, coaching.id, first, last)
    rounds = _self_assessment_rounds(puskesmas, self_assessment.id)
    first_round, last_round = (self_assessment.roles.rounds[0], self_assessment.roles.rounds[-1]) \
        if self_assessment.roles and self_assessment.roles.rounds else ("", "")
    priority = {p.posyandu.id: p for p in priorities(puskesmas, today)}
    need = _individual_need(puskesmas, today, individual.id)
    steps: dict[int, list[cycle_rules.NextStep]] = defaultdict(list)
    for step in follow_up.next_steps(puskesmas, upto=last):
        steps[step.posyandu_id].append(step)
    coached = follow_up.coached(puskesmas)
    active_kader: dict[int, list[int]] = defaultdict(list)
    for k, p in tuple_rows(Kader.select(Kader.id, Kader.posyandu).join(Posyandu).join(Desa)  # this puskesmas only
                           .where(Desa.puskesmas == puskesmas, Kader.active).order_by(Kader.name).tuples()):
        active_kader[p].append(k)
    limit = (individual.roles.kader_per_month if individual.roles else 0) or 3
    coach_max = coaching.roles.kader_count[1] if coaching.roles and coaching.roles.kader_count else 3

    out: list[Need] = []
    posyandu = (Posyandu.select(Posyandu, Desa).join(Desa)
                .where(Desa.puskesmas == puskesmas, Posyandu.active).order_by(Posyandu.service_day, Posyandu.name))
    posyandu = auth.limit_to_desa(posyandu, Desa.id)  # village admin: own desa
    for p in posyandu:
        mine = steps.get(p.id, [])
        if (p.id, service.id) not in planned and p.id not in observed:
            why = ["Setiap posyandu aktif diobservasi sekali sebulan."]
            why += [s.reason for s in mine if s.action == cycle_rules.SERVICE]
            out.append(Need(p, service.id, " ".join(why),
                            skills=sorted({x for s in mine if s.action == cycle_rules.SERVICE for x in s.skills})))
        # individual observation: kader waiting for a re-observation first, then the most in need at priority posyandu
        taken = planned_kader[(p.id, individual.id)] | seen_now.get(p.id, set())
        room = max(0, limit - len(taken))
        waiting = [s for s in mine if s.action == cycle_rules.REOBSERVE and s.kader_ids[0] not in taken]
        picked: list[int] = []
        why = []
        for step in sorted(waiting, key=lambda s: s.since or first):
            if len(picked) < room and step.kader_ids[0] not in picked:
                picked.append(step.kader_ids[0])
                why.append(step.reason)
        if p.id in priority and (p.id, individual.id) not in planned and len(picked) < room:
            more = [k for k in pick_individual([c for c in need.get(p.id, []) if c[0] not in taken | set(picked)],
                                               len(taken) + len(picked))]
            if more:
                picked += more
                why.append("Posyandu prioritas: " + "; ".join(priority[p.id].reasons))
        if picked:
            out.append(Need(p, individual.id, " ".join(why), picked,
                            skills=sorted({x for s in waiting if s.kader_ids[0] in picked for x in s.skills})))
        # mentoring: on the skills several kader want, else the "none in 3 months" rule
        if (p.id, mentoring.id) not in planned and p.id not in mentored_now:
            topics = [s for s in mine if s.action == cycle_rules.MENTOR]
            if topics:
                out.append(Need(p, mentoring.id, " ".join(s.reason for s in topics),
                                sorted({k for s in topics for k in s.kader_ids}),
                                skills=sorted({x for s in topics for x in s.skills})))
            elif mentoring_due(mentored.get(p.id), first):
                last_done = mentored.get(p.id)
                out.append(Need(p, mentoring.id, (
                    f"Mentoring terakhir {last_done:%d/%m/%Y}; pedoman: tiap bulan, minimal 3–4 kali setahun."
                    if last_done else "Belum pernah ada mentoring tercatat; pedoman: tiap bulan, minimal 3–4 kali "
                                      "setahun.")))
        # coaching: absent two months running, or wanting again after a mentoring
        busy = planned_kader[(p.id, coaching.id)] | coached_now.get(p.id, set())
        candidates = [s for s in mine if s.action == cycle_rules.COACH and s.kader_ids[0] not in busy
                      and not (s.kader_ids[0] in coached and s.since and coached[s.kader_ids[0]] >= s.since)]
        for n in range(0, len(candidates), coach_max):
            group = candidates[n:n + coach_max]
            out.append(Need(p, coaching.id, " ".join(s.reason for s in group),
                            [s.kader_ids[0] for s in group], skills=sorted({x for s in group for x in s.skills})))
        # Penilaian Mandiri rounds
        done_rounds = rounds.get(p.id, {})
        if (p.id, self_assessment.id) not in planned and active_kader.get(p.id) and first_round:
            if first_round not in done_rounds:
                out.append(Need(p, self_assessment.id, "Belum ada Penilaian Mandiri Tahap Awal.",
                                active_kader[p.id], first_round))
            elif (last_round not in done_rounds or done_rounds[last_round] < done_rounds[first_round]) \
                    and (first - done_rounds[first_round]).days >= SELF_ASSESSMENT_ROUND_DAYS:
                out.append(Need(p, self_assessment.id,
                                f"Tahap Awal {done_rounds[first_round]:%d/%m/%Y}; saatnya Tahap Akhir.",
                                active_kader[p.id], last_round))
    return out


# --- proposing a month ----------------------------------------------------------------------------------------


def _overlaps(row: PlanRow, others: list[Slot], staff: list[int]) -> bool:
    return any(o.date == row.date and o.start < row.end and row.start < o.end and set(o.staff_ids) & set(staff)
               for o in others)


def _place(row: PlanRow, taken: list[Slot], options: list[list[int]], days: list[dt.date],
           load: dict[int, int]) -> bool:
    """Put the row on the first day and supervisor choice that overlaps nobody and leaves everyone within the
    monthly capacity (then: within capacity ignored); False when nothing fits."""
    for respect_capacity in (True, False):
        for day in days:
            for staff in options:
                if respect_capacity and any(load[s] >= SUPERVISOR_MONTHLY_CAPACITY for s in staff):
                    continue
                trial = replace(row, date=day, staff_ids=staff)
                if not _overlaps(trial, taken, staff):
                    row.date, row.staff_ids = day, staff
                    return True
    return False


def propose_month(puskesmas: Puskesmas, year: int, month: int, today: dt.date | None = None) -> list[PlanRow]:
    """The month's needs (month_needs) as activities a team can carry out: on each posyandu's service day moved
    off Sundays and national holidays (saying why), with its current technical supervisors, never one supervisor
    in two places at overlapping hours: one of the team alone, another supervisor of the puskesmas (least busy
    first), or another day. What cannot be solved keeps the team and plan_conflicts names it."""
    first, last = month_bounds(year, month)
    supervisors: dict[int, list[int]] = defaultdict(list)
    for staff, posyandu in current_assignments(puskesmas, first):
        supervisors[posyandu].append(staff)
    pool = sorted({s for team in supervisors.values() for s in team})
    taken = [s for s in saved_slots(puskesmas, first, last) if s.status != "batal"]
    load: dict[int, int] = defaultdict(int)
    for slot in taken:
        for s in slot.staff_ids:
            load[s] += 1
    service = _step(SERVICE_OBSERVATION).id
    mentoring = _step(MENTORING).id
    working = [d for d in (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
               if non_working_reason(d) is None]
    rows: list[PlanRow] = []
    needs = month_needs(puskesmas, year, month, today)
    for need in sorted(needs, key=lambda n: (n.kind != service, n.posyandu.service_day or 10, n.posyandu.name)):
        p = need.posyandu
        opening = service_date(year, month, p.service_day)
        moved = ""
        day = opening
        if non_working_reason(opening):
            day = nearest_working_day(opening, first, last)
            moved = f" Hari buka {opening:%d/%m} ({non_working_reason(opening)}); dipindah ke {day:%d/%m}."
        if need.kind == mentoring:
            later = day + dt.timedelta(days=7)
            day = nearest_working_day(later if later <= last else max(first, day - dt.timedelta(days=7)), first, last)
        team = sorted(supervisors.get(p.id, []))
        row = PlanRow(need.kind, day, p.id, team, list(need.kader_ids), round=need.round,
                      reason=(need.reason + (moved if need.kind == service else "")).strip())
        others = sorted((s for s in pool if s not in team), key=lambda s: (load[s], s))
        options = ([team] if team else []) + ([[s] for s in team] if len(team) > 1 else []) + [[s] for s in others]
        # the service observation belongs on the service day; the rest may move to a later (or earlier) day
        days = [day] if need.kind == service else [day] + [d for d in working if d > day] + \
            [d for d in reversed(working) if d < day]
        if options and not _place(row, taken, options, days, load):
            row.staff_ids = team  # cannot be solved: plan_conflicts names it
        for s in row.staff_ids:
            load[s] += 1
        taken.append(row.slot(len(rows)))
        rows.append(row)
    return rows


def _already(puskesmas: Puskesmas, row: PlanRow) -> bool:
    """An equal activity is already saved (same posyandu and kind in the month, the same kader where named)."""
    first, last = month_bounds(row.date.year, row.date.month)
    query = Activity.select(Activity.id).where(
        Activity.puskesmas == puskesmas, Activity.posyandu == row.posyandu_id, Activity.kind == row.kind,
        Activity.date.between(first, last), Activity.status != "batal")
    if not row.kader_ids:
        return query.exists()
    named = ActivityKader.select(ActivityKader.activity).where(ActivityKader.kader.in_(row.kader_ids))
    return query.where(Activity.id.in_(named)).exists()


def accept_plan(puskesmas: Puskesmas, rows: list[PlanRow]) -> list[Activity]:
    """Save the rows as planned activities, all or none. What is planned is re-read inside the same locked
    transaction, so accepting a proposal twice, even from two processes at once, adds nothing twice."""
    for row in rows:
        auth.require("edit_records", posyandu_id=row.posyandu_id)
    with exclusive_transaction(ACCEPT_LOCK):
        return [_store(puskesmas, row, None) for row in rows if not _already(puskesmas, row)]


def _store(puskesmas: Puskesmas, row: PlanRow, activity: Activity | None) -> Activity:
    activity = activity or Activity(puskesmas=puskesmas)
    activity.kind, activity.date, activity.start, activity.end = row.kind, row.date, row.start, row.end
    activity.posyandu_id, activity.round, activity.status = row.posyandu_id, row.round, row.status
    activity.notes = activity.notes or row.reason[:255]
    activity.save()
    ActivitySupervisor.delete().where(ActivitySupervisor.activity == activity).execute()
    ActivityKader.delete().where(ActivityKader.activity == activity).execute()
    if row.staff_ids:
        ActivitySupervisor.insert_many([{"activity": activity.id, "staff": s} for s in row.staff_ids]).execute()
    if row.kader_ids:
        ActivityKader.insert_many([{"activity": activity.id, "kader": k} for k in row.kader_ids]).execute()
    return activity


# --- one activity ------------------------------------------------------------------------------------------------


class ConflictError(UserError):
    """The activity breaks a scheduling rule; the user may save anyway."""

    def __init__(self, found: list[Conflict]) -> None:
        super().__init__("Bentrok dengan aturan jadwal:\n" + "\n".join(f"• {c.message}" for c in found))
        self.conflicts = found


def check_row(row: PlanRow) -> list[str]:
    """Field errors of an activity typed by the user (Indonesian, naming the field)."""
    errors = []
    if row.kind not in _kind_labels():
        errors.append("Jenis kegiatan wajib dipilih.")
    if not row.posyandu_id:
        errors.append("Posyandu wajib dipilih.")
    if not (len(row.start) == 5 and len(row.end) == 5 and row.start < row.end):
        errors.append("Jam selesai harus sesudah jam mulai.")
    if row.status not in dict(STATUS_CHOICES):
        errors.append("Status tidak dikenal.")
    roles = load_instrument(row.kind).roles if row.kind in _kind_labels() else None
    if roles and roles.kader_count:
        low, high = roles.kader_count
        if len(row.kader_ids) < low:
            errors.append("Pilih kader yang diobservasi/didampingi.")
        elif len(row.kader_ids) > high:
            errors.append(f"{roles.activity} untuk {low}–{high} kader.")
    return errors


def save_activity(puskesmas: Puskesmas, row: PlanRow, activity: Activity | None = None, reason: str = "",
                  allow_conflicts: bool = False) -> Activity:
    """Store one activity; UserError lists field errors, or the conflicts unless `allow_conflicts`."""
    auth.require("edit_records", posyandu_id=row.posyandu_id)
    if activity is not None and activity.id is not None:  # the stored activity too, not only where it goes
        stored = Activity.get_or_none(Activity.id == activity.id) or activity
        auth.require("edit_records", posyandu_id=stored.posyandu_id)
    errors = check_row(row)
    if row.status in ("ditunda", "batal") and not reason.strip():
        errors.append("Tuliskan alasan penundaan/pembatalan.")
    if errors:
        raise UserError(" ".join(errors))
    if not allow_conflicts:
        found = plan_conflicts(puskesmas, [row], exclude=activity.id if activity else None)
        if found:
            raise ConflictError(found)
    with DB.atomic():
        activity = _store(puskesmas, row, activity)
        activity.reason = reason.strip()
        activity.save()
    return activity


def row_of(activity: Activity) -> PlanRow:
    staff, kader = _links([activity.id])
    return PlanRow(activity.kind, activity.date, activity.posyandu_id, staff[activity.id], kader[activity.id],
                   activity.start, activity.end, activity.round, activity.notes, activity.status)


def set_status(activity: Activity, status: str, reason: str = "") -> None:
    """Postpone or cancel (a reason is required), or plan again."""
    auth.require("edit_records", posyandu_id=(Activity.get_or_none(Activity.id == activity.id) or activity).posyandu_id)
    if status in ("ditunda", "batal") and not reason.strip():
        raise UserError("Tuliskan alasan penundaan/pembatalan.")
    activity.status, activity.reason = status, reason.strip()
    activity.save()


def prefill(activity: Activity) -> dict:
    """The instrument's header as far as the activity knows it."""
    row = row_of(activity)
    inst = load_instrument(activity.kind)
    roles = inst.roles
    assert roles is not None
    types = {f.key: f.type for f in inst.all_fields()}
    answers: dict = {roles.date: activity.date.isoformat()}
    if roles.posyandu:
        answers[roles.posyandu] = activity.posyandu_id
    if roles.supervisor and row.staff_ids:
        answers[roles.supervisor] = row.staff_ids[0]
    if roles.kader and row.kader_ids:
        answers[roles.kader] = row.kader_ids if types[roles.kader] == "kaders" else row.kader_ids[0]
    if roles.round and activity.round:
        answers[roles.round] = activity.round
    if roles.reason and activity.notes:
        answers[roles.reason] = activity.notes
    if roles.answers_findings and "." not in roles.answers_findings:
        from desktop.services import follow_up

        found = follow_up.open_items(activity.puskesmas, posyandu_id=activity.posyandu_id, kind="temuan")
        wanted = [f for f in found if not row.kader_ids or f.kader_id in row.kader_ids]
        skills = _proposed_skills(activity.notes)
        if skills:
            wanted = [f for f in wanted if set(f.skills) & skills]
        if wanted and (skills or roles.topic):
            answers[roles.answers_findings] = [f.id for f in wanted]
            _prefill_topic(inst, answers, wanted, skills)
    if roles.attendees and types.get(roles.attendees) == "kaders" and roles.attendees != roles.kader:
        people = Kader.select().where(Kader.posyandu == activity.posyandu_id, Kader.active).order_by(Kader.name)
        answers[roles.attendees] = [k.id for k in people]
    for f in inst.all_fields():  # an attendance sheet lists the posyandu's kader (a table with a name column)
        if f.type == "table" and f.columns and f.columns[0].type == "text" and f.blank_rows and not answers.get(f.key):
            people = Kader.select().where(Kader.posyandu == activity.posyandu_id, Kader.active).order_by(Kader.name)
            columns = [c.key for c in f.columns]
            answers[f.key] = [{columns[0]: k.name, **({columns[1]: activity.posyandu.name}
                                                      if len(columns) > 1 and f.columns[1].type == "text" else {})}
                              for k in people]
    return answers


def _proposed_skills(notes: str) -> set[str]:
    """Skill ids a proposal's reason names in brackets, e.g. "... (B2) ..."."""
    import re

    from desktop.models import skills as catalogue

    known = {s.code for s in catalogue.skills()}
    return {code for code in re.findall(r"\(([A-Z][0-9]+)\)", notes or "") if code in known}


def _prefill_topic(inst: Instrument, answers: dict, findings: list, skills: set[str]) -> None:
    """The proposed topic (the skill) and the findings it answers in the planning table's first row."""
    from desktop.models import skills as catalogue

    roles = inst.roles
    assert roles is not None
    labels = {s.code: s.label for s in catalogue.skills()}
    row: dict = {}
    if roles.topic:
        table, _, column = roles.topic.partition(".")
        row[column] = "; ".join(labels.get(s, s) for s in sorted(skills or {x for f in findings for x in f.skills}))
    if roles.finding_text:
        table, _, column = roles.finding_text.partition(".")
        row[column] = "; ".join(f.description for f in findings)
    if row and roles.topic:
        answers.setdefault(roles.topic.partition(".")[0], [row])


def complete(activity: Activity, record_id: int) -> None:
    """The instrument for this activity was saved: the activity is done (the save service may already have found
    it: then nothing changes)."""
    current = Activity.get_by_id(activity.id)
    if current.record_id != record_id or current.status != "selesai":
        current.record_id, current.status, current.reason = record_id, "selesai", ""
        current.save()
    activity.record_id, activity.status, activity.reason = current.record_id, current.status, current.reason
    activity.version = current.version


@dataclass
class ActivityView:
    """An activity with names, for lists, the calendar and the printed schedule."""

    activity: Activity
    supervisors: list[str]
    kader: list[str]

    @property
    def title(self) -> str:
        return f"{self.activity.start} {_kind_labels()[self.activity.kind]} — {self.activity.posyandu.name}"


def month_view(puskesmas: Puskesmas, first: dt.date, last: dt.date) -> list[ActivityView]:
    """Every activity in the period with supervisor and kader names."""
    rows = list(auth.limit_to_desa(_month_activities(puskesmas, first, last), Desa.id))  # village admin: own desa
    staff, kader = _links([a.id for a in rows])
    who = names(puskesmas)
    return [ActivityView(a, [who["staff"].get(s, "") for s in staff[a.id]], [who["kader"].get(k, "")
                                                                             for k in kader[a.id]]) for a in rows]


# --- due list ---------------------------------------------------------------------------------------------------


@dataclass
class DueItem:
    posyandu: str
    desa: str
    kind: str
    message: str
    supervisors: list[str]
    overdue: bool
    late: bool = False  # a planned activity past its day, not a need of the month


def due(puskesmas: Puskesmas, year: int, month: int, today: dt.date | None = None) -> list[DueItem]:
    """What this month needs that is neither planned nor done (month_needs, the same answer the plan gives),
    and planned activities now late."""
    today = today or dt.date.today()
    first, last = month_bounds(year, month)
    who = names(puskesmas)
    supervisors: dict[int, list[str]] = defaultdict(list)
    for staff, posyandu in current_assignments(puskesmas, first):
        supervisors[posyandu].append(who["staff"].get(staff, ""))
    labels = _kind_labels()
    service = _step(SERVICE_OBSERVATION).id
    out: list[DueItem] = []
    for need in month_needs(puskesmas, year, month, today):
        p = need.posyandu
        their_staff = sorted(supervisors.get(p.id, []))
        day = service_date(year, month, p.service_day)
        kader = f" Kader: {', '.join(who['kader'].get(k, '') for k in need.kader_ids)}." \
            if need.kader_ids and need.kind != _step(SELF_ASSESSMENT).id else ""
        if need.kind == service:
            message = f"Observasi layanan bulan ini belum direncanakan (hari buka {day:%d/%m}). {need.reason}"
        else:
            message = f"{labels[need.kind]} belum direncanakan: {need.reason}{kader}"
        out.append(DueItem(p.name, p.desa.name, need.kind, message.strip(), their_staff,
                           need.kind == service and today > day))
    for v in month_view(puskesmas, first, last):
        a = v.activity
        if a.status in ("rencana", "ditunda") and a.date < today:
            out.append(DueItem(a.posyandu.name, a.posyandu.desa.name, a.kind,
                               f"{labels[a.kind]} direncanakan {a.date:%d/%m/%Y} belum selesai"
                               + (f" (ditunda: {a.reason})" if a.status == "ditunda" else "") + ".",
                               v.supervisors, True, late=True))
    return sorted(out, key=lambda d: (not d.overdue, d.desa, d.posyandu))
