"""Jadwal: propose a month's plan from the guideline rules, check conflicts, save activities, list what is due,
and link a done activity to the instrument record filled for it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

import peewee

from desktop.models.db import DB
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.schedule import (
    ACTIVITY_KINDS,
    STATUS_CHOICES,
    Activity,
    ActivityKader,
    ActivitySupervisor,
    FollowUp,
)
from desktop.models.schedule_rules import (
    Conflict,
    Slot,
    conflicts,
    mentoring_due,
    month_bounds,
    pick_individual,
    service_date,
)
from desktop.models.wilayah import Desa, Puskesmas
from desktop.services import auth
from desktop.services.teams import current_assignments

KIND_LABELS = dict(ACTIVITY_KINDS)
TIMES = {  # default hours: observation during the posyandu session, the rest after it
    "observasi_posyandu": ("08:00", "11:00"),
    "observasi_individu": ("11:00", "12:30"),
    "penilaian_mandiri": ("11:00", "12:00"),
    "mentoring": ("13:00", "15:30"),  # 150 minutes, as in the guideline's scenario
    "coaching": ("13:00", "14:00"),
}
SELF_ASSESSMENT_ROUND_DAYS = 180  # an Akhir round is proposed this long after the Awal round


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
        default = TIMES[self.kind]
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
    for a, s in ActivitySupervisor.select(ActivitySupervisor.activity, ActivitySupervisor.staff).where(
            ActivitySupervisor.activity.in_(ids)).tuples():
        staff[a].append(s)
    for a, k in ActivityKader.select(ActivityKader.activity, ActivityKader.kader).where(
            ActivityKader.activity.in_(ids)).tuples():
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
    return {
        "staff": dict(Staff.select(Staff.id, Staff.name).where(Staff.puskesmas == puskesmas).tuples()),
        "posyandu": dict(Posyandu.select(Posyandu.id, Posyandu.name).join(Desa)
                         .where(Desa.puskesmas == puskesmas).tuples()),
        "kader": dict(Kader.select(Kader.id, Kader.name).join(Posyandu).join(Desa)
                      .where(Desa.puskesmas == puskesmas).tuples()),
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
    found = conflicts(slots, names(puskesmas))
    without = [Conflict(f"{KIND_LABELS[r.kind]} di Posyandu {names(puskesmas)['posyandu'].get(r.posyandu_id)} "
                        f"({r.date:%d/%m/%Y}) belum punya supervisor.", (i,))
               for i, r in enumerate(rows) if not r.staff_ids]
    return without + found


# --- what happened already --------------------------------------------------------------------------------


def _done_records(puskesmas: Puskesmas, kind: str, first: dt.date | None, last: dt.date) -> dict[int, dt.date]:
    """Latest date of a kind of record per posyandu in the period."""
    query = (InstrumentRecord.select(InstrumentRecord.posyandu, peewee.fn.MAX(InstrumentRecord.activity_date))
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.instrument == kind,
                    InstrumentRecord.deleted_at.is_null(), InstrumentRecord.activity_date <= last)
             .group_by(InstrumentRecord.posyandu))
    if first is not None:
        query = query.where(InstrumentRecord.activity_date >= first)
    return {p: (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))) for p, d in query.tuples() if p}


def _self_assessment_rounds(puskesmas: Puskesmas) -> dict[int, dict[str, dt.date]]:
    query = (InstrumentRecord.select(InstrumentRecord.posyandu, InstrumentRecord.round,
                                     peewee.fn.MAX(InstrumentRecord.activity_date))
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.instrument == "penilaian_mandiri",
                    InstrumentRecord.deleted_at.is_null())
             .group_by(InstrumentRecord.posyandu, InstrumentRecord.round))
    out: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for p, round_, day in query.tuples():
        out[p][round_ or "awal"] = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    return out


def _waiting_reobservation(puskesmas: Puskesmas) -> set[int]:
    """Kader with an open finding waiting for its re-observation."""
    return {k for (k,) in FollowUp.select(FollowUp.kader).where(
        FollowUp.puskesmas == puskesmas, FollowUp.status == "terbuka", FollowUp.kader.is_null(False)).tuples()}


def _individual_need(puskesmas: Puskesmas, today: dt.date) -> dict[int, list[tuple[int, float]]]:
    """Per posyandu, (kader id, need) of active kader: untrained, new, recent low answers and open findings
    raise the need."""
    since = today - dt.timedelta(days=180)
    low = dict(RecordAnswer.select(RecordAnswer.kader, peewee.fn.COUNT(RecordAnswer.id)).join(InstrumentRecord)
               .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
                      InstrumentRecord.activity_date >= since, RecordAnswer.priority == True,  # noqa: E712
                      RecordAnswer.kader.is_null(False))
               .group_by(RecordAnswer.kader).tuples())
    observed = {k for (k,) in InstrumentRecord.select(InstrumentRecord.kader).where(
        InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.instrument == "observasi_individu",
        InstrumentRecord.deleted_at.is_null(), InstrumentRecord.activity_date >= since).tuples()}
    reobserve = _waiting_reobservation(puskesmas)
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    kader = (Kader.select(Kader.id, Kader.posyandu, Kader.training_status, Kader.start_year).join(Posyandu).join(Desa)
             .where(Desa.puskesmas == puskesmas, Kader.active, Posyandu.active))
    for k in kader:
        need = (k.training_status == "belum") + (k.start_year is not None and k.start_year >= today.year) \
            + min(low.get(k.id, 0), 10) / 5
        if k.id in observed:
            need -= 1  # seen recently: others first
        if k.id in reobserve:
            need += 2  # an open finding waits for its re-observation
        if need > 0:
            out[k.posyandu_id].append((k.id, need))
    return out


# --- proposing a month ----------------------------------------------------------------------------------------


def propose_month(puskesmas: Puskesmas, year: int, month: int, today: dt.date | None = None) -> list[PlanRow]:
    """What the guideline asks for this month that is not planned or done yet, on each posyandu's service day,
    with its current technical supervisors."""
    from desktop.services.priorities import priorities

    today = today or dt.date.today()
    first, last = month_bounds(year, month)
    existing = [s for s in saved_slots(puskesmas, first, last) if s.status != "batal"]
    planned = {(s.posyandu_id, s.kind) for s in existing}
    individual_now: dict[int, set[int]] = defaultdict(set)
    for s in existing:
        if s.kind == "observasi_individu":
            individual_now[s.posyandu_id].update(s.kader_ids)
    observed = _done_records(puskesmas, "observasi_posyandu", first, last)
    mentored = _done_records(puskesmas, "mentoring", None, last)
    rounds = _self_assessment_rounds(puskesmas)
    supervisors: dict[int, list[int]] = defaultdict(list)
    for staff, posyandu in current_assignments(puskesmas, first):
        supervisors[posyandu].append(staff)
    priority = {p.posyandu.id: p for p in priorities(puskesmas, today)}
    need = _individual_need(puskesmas, today)
    active_kader: dict[int, list[int]] = defaultdict(list)
    for k, p in Kader.select(Kader.id, Kader.posyandu).where(Kader.active).order_by(Kader.name).tuples():
        active_kader[p].append(k)
    reobserve = _waiting_reobservation(puskesmas)

    rows: list[PlanRow] = []
    posyandu = (Posyandu.select(Posyandu, Desa).join(Desa)
                .where(Desa.puskesmas == puskesmas, Posyandu.active).order_by(Posyandu.service_day, Posyandu.name))
    for p in posyandu:
        day = service_date(year, month, p.service_day)
        staff = sorted(supervisors.get(p.id, []))
        if (p.id, "observasi_posyandu") not in planned and p.id not in observed:
            rows.append(PlanRow("observasi_posyandu", day, p.id, staff,
                                reason="Setiap posyandu aktif diobservasi sekali sebulan."))
        waiting = [k for k in active_kader.get(p.id, []) if k in reobserve]
        if (p.id in priority or waiting) and (p.id, "observasi_individu") not in planned:
            picked = pick_individual(need.get(p.id, []), len(individual_now[p.id]))
            if picked:
                why = ["Posyandu prioritas: " + "; ".join(priority[p.id].reasons)] if p.id in priority else []
                if waiting:
                    why.append(f"{len(waiting)} kader menunggu observasi ulang atas temuan sebelumnya")
                rows.append(PlanRow("observasi_individu", day, p.id, staff, picked, reason=". ".join(why)))
        if (p.id, "mentoring") not in planned and mentoring_due(mentored.get(p.id), first):
            later = day + dt.timedelta(days=7)
            when = later if later <= last else max(first, day - dt.timedelta(days=7))
            last_done = mentored.get(p.id)
            rows.append(PlanRow("mentoring", when, p.id, staff, reason=(
                f"Mentoring terakhir {last_done:%d/%m/%Y}; pedoman: tiap bulan, minimal 3–4 kali setahun."
                if last_done else "Belum pernah ada mentoring tercatat; pedoman: tiap bulan, minimal 3–4 kali "
                                  "setahun.")))
        done_rounds = rounds.get(p.id, {})
        if (p.id, "penilaian_mandiri") not in planned and active_kader.get(p.id):
            if "awal" not in done_rounds:
                rows.append(PlanRow("penilaian_mandiri", day, p.id, staff, active_kader[p.id], round="awal",
                                    reason="Belum ada Penilaian Mandiri Tahap Awal."))
            elif "akhir" not in done_rounds or done_rounds["akhir"] < done_rounds["awal"]:
                if (first - done_rounds["awal"]).days >= SELF_ASSESSMENT_ROUND_DAYS:
                    rows.append(PlanRow("penilaian_mandiri", day, p.id, staff, active_kader[p.id], round="akhir",
                                        reason=f"Tahap Awal {done_rounds['awal']:%d/%m/%Y}; saatnya Tahap Akhir."))
    return rows


def accept_plan(puskesmas: Puskesmas, rows: list[PlanRow]) -> list[Activity]:
    """Save the rows as planned activities, all or none."""
    for row in rows:
        auth.require("edit_records", posyandu_id=row.posyandu_id)
    with DB.atomic():
        return [_store(puskesmas, row, None) for row in rows]


def _store(puskesmas: Puskesmas, row: PlanRow, activity: Activity | None) -> Activity:
    activity = activity or Activity(puskesmas=puskesmas)
    activity.kind, activity.date, activity.start, activity.end = row.kind, row.date, row.start, row.end
    activity.posyandu, activity.round, activity.status = row.posyandu_id, row.round, row.status
    activity.notes = activity.notes or row.reason
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
    if row.kind not in KIND_LABELS:
        errors.append("Jenis kegiatan wajib dipilih.")
    if not row.posyandu_id:
        errors.append("Posyandu wajib dipilih.")
    if not (len(row.start) == 5 and len(row.end) == 5 and row.start < row.end):
        errors.append("Jam selesai harus sesudah jam mulai.")
    if row.status not in dict(STATUS_CHOICES):
        errors.append("Status tidak dikenal.")
    if row.kind in ("observasi_individu", "coaching") and not row.kader_ids:
        errors.append("Pilih kader yang diobservasi/didampingi.")
    if row.kind == "coaching" and len(row.kader_ids) > 3:
        errors.append("Coaching untuk 1–3 kader.")
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
    answers: dict = {"posyandu": activity.posyandu_id, "tanggal": activity.date.isoformat()}
    if row.staff_ids:
        answers["supervisor"] = row.staff_ids[0]
    if activity.kind in ("observasi_individu", "penilaian_mandiri") and row.kader_ids:
        answers["kader"] = row.kader_ids[0]
    if activity.kind == "coaching":
        answers["kader"] = row.kader_ids
    if activity.kind == "penilaian_mandiri" and activity.round:
        answers["putaran"] = activity.round
    if activity.kind == "mentoring":
        people = Kader.select().where(Kader.posyandu == activity.posyandu_id, Kader.active).order_by(Kader.name)
        answers["daftar_hadir"] = [{"nama": k.name, "posyandu": activity.posyandu.name} for k in people]
    return answers


def complete(activity: Activity, record_id: int) -> None:
    """The instrument for this activity was saved: the activity is done."""
    activity.record, activity.status, activity.reason = record_id, "selesai", ""
    activity.save()


@dataclass
class ActivityView:
    """An activity with names, for lists, the calendar and the printed schedule."""

    activity: Activity
    supervisors: list[str]
    kader: list[str]

    @property
    def title(self) -> str:
        return f"{self.activity.start} {KIND_LABELS[self.activity.kind]} — {self.activity.posyandu.name}"


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


def due(puskesmas: Puskesmas, year: int, month: int, today: dt.date | None = None) -> list[DueItem]:
    """What the rules require this month that is neither planned nor done, and planned activities now late."""
    today = today or dt.date.today()
    first, last = month_bounds(year, month)
    who = names(puskesmas)
    supervisors: dict[int, list[str]] = defaultdict(list)
    for staff, posyandu in current_assignments(puskesmas, first):
        supervisors[posyandu].append(who["staff"].get(staff, ""))
    views = month_view(puskesmas, first, last)
    live = {(v.activity.posyandu_id, v.activity.kind) for v in views if v.activity.status != "batal"}
    observed = _done_records(puskesmas, "observasi_posyandu", first, last)
    mentored = _done_records(puskesmas, "mentoring", None, last)
    rounds = _self_assessment_rounds(puskesmas)
    out: list[DueItem] = []
    posyandu = (Posyandu.select(Posyandu, Desa).join(Desa)
                .where(Desa.puskesmas == puskesmas, Posyandu.active).order_by(Desa.name, Posyandu.name))
    posyandu = auth.limit_to_desa(posyandu, Desa.id)  # village admin: own desa
    for p in posyandu:
        staff = sorted(supervisors.get(p.id, []))
        day = service_date(year, month, p.service_day)
        if (p.id, "observasi_posyandu") not in live and p.id not in observed:
            out.append(DueItem(p.name, p.desa.name, "observasi_posyandu",
                               f"Observasi layanan bulan ini belum direncanakan (hari buka {day:%d/%m}).", staff,
                               today > day))
        if (p.id, "mentoring") not in live and mentoring_due(mentored.get(p.id), first):
            out.append(DueItem(p.name, p.desa.name, "mentoring",
                               "Tidak ada mentoring dalam 3 bulan terakhir dan belum direncanakan.", staff, False))
        if (p.id, "penilaian_mandiri") not in live and "awal" not in rounds.get(p.id, {}):
            out.append(DueItem(p.name, p.desa.name, "penilaian_mandiri",
                               "Penilaian Mandiri Tahap Awal belum dilakukan.", staff, False))
    for v in views:
        a = v.activity
        if a.status in ("rencana", "ditunda") and a.date < today:
            out.append(DueItem(a.posyandu.name, a.posyandu.desa.name, a.kind,
                               f"{KIND_LABELS[a.kind]} direncanakan {a.date:%d/%m/%Y} belum selesai"
                               + (f" (ditunda: {a.reason})" if a.status == "ditunda" else "") + ".",
                               v.supervisors, True))
    return sorted(out, key=lambda d: (not d.overdue, d.desa, d.posyandu))
