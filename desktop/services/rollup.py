"""The kabupaten roll-up: one row per puskesmas of the kabupaten for a period, every figure one GROUP BY query
(a Dinas Kesehatan reads all its puskesmas at once; kabupaten admins only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee

from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.schedule import Activity, FollowUp
from desktop.models.teams import TechnicalAssignment
from desktop.models.wilayah import Desa, Kabupaten, Puskesmas
from desktop.services import auth
from desktop.services.report_data import Period

COLUMNS = ("Puskesmas", "Posyandu aktif", "Kader aktif", "Kader terlatih", "Supervisor teknis", "Rasio (1:25–30)",
           "Kegiatan rencana", "Kegiatan selesai", "Posyandu diobservasi", "Cakupan (%)", "Temuan prioritas",
           "Tindak lanjut terbuka", "Lewat tenggat")


@dataclass
class PuskesmasLine:
    name: str
    posyandu: int = 0
    kader: int = 0
    trained: int = 0
    supervisors: int = 0
    ratio: str = ""
    planned: int = 0
    done: int = 0
    observed: int = 0
    findings: int = 0
    open_follow_ups: int = 0
    overdue: int = 0

    @property
    def coverage(self) -> int:
        return round(100 * self.observed / self.posyandu) if self.posyandu else 0

    def cells(self) -> list:
        return [self.name, self.posyandu, self.kader, self.trained, self.supervisors, self.ratio, self.planned,
                self.done, self.observed, self.coverage, self.findings, self.open_follow_ups, self.overdue]


@dataclass
class Rollup:
    kabupaten: Kabupaten
    period: Period
    lines: list[PuskesmasLine] = field(default_factory=list)

    @property
    def total(self) -> PuskesmasLine:
        total = PuskesmasLine("Jumlah kabupaten")
        for attr in ("posyandu", "kader", "trained", "supervisors", "planned", "done", "observed", "findings",
                     "open_follow_ups", "overdue"):
            setattr(total, attr, sum(getattr(line, attr) for line in self.lines))
        total.ratio = _ratio(total.supervisors, total.kader)
        return total


def _ratio(supervisors: int, kader: int) -> str:
    """Technical supervisors to kader, as the guideline writes it (1:25–30)."""
    return f"1:{kader / supervisors:.0f}" if supervisors else "—"


def _per_puskesmas(query) -> dict[int, int]:
    return {key: count for key, count in query.tuples()}


def gather_rollup(kabupaten: Kabupaten, period: Period, today: dt.date | None = None) -> Rollup:
    """Every puskesmas of the kabupaten in `period`; UserError unless the user may see all puskesmas."""
    auth.require("view_all_puskesmas")
    today = today or dt.date.today()
    count = peewee.fn.COUNT
    puskesmas = list(Puskesmas.select(Puskesmas.id, Puskesmas.name).where(Puskesmas.kabupaten == kabupaten)
                     .order_by(Puskesmas.name).tuples())
    ids = [p for p, _ in puskesmas] or [0]
    posyandu = _per_puskesmas(Posyandu.select(Desa.puskesmas, count(Posyandu.id)).join(Desa)
                              .where(Posyandu.active, Desa.puskesmas.in_(ids)).group_by(Desa.puskesmas))
    active_kader = (Kader.select(Desa.puskesmas, count(Kader.id)).join(Posyandu).join(Desa)
                    .where(Kader.active, Posyandu.active, Desa.puskesmas.in_(ids)).group_by(Desa.puskesmas))
    kader = _per_puskesmas(active_kader)
    trained = _per_puskesmas(active_kader.where(Kader.training_status == "sudah"))
    supervisors = _per_puskesmas(
        TechnicalAssignment.select(Staff.puskesmas, count(TechnicalAssignment.staff.distinct())).join(Staff)
        .where(TechnicalAssignment.until.is_null() | (TechnicalAssignment.until > today), Staff.puskesmas.in_(ids))
        .group_by(Staff.puskesmas))
    in_period = Activity.date.between(period.first, period.last)
    planned = _per_puskesmas(Activity.select(Activity.puskesmas, count(Activity.id))
                             .where(in_period, Activity.puskesmas.in_(ids), Activity.status != "batal")
                             .group_by(Activity.puskesmas))
    done = _per_puskesmas(Activity.select(Activity.puskesmas, count(Activity.id))
                          .where(in_period, Activity.puskesmas.in_(ids), Activity.status == "selesai")
                          .group_by(Activity.puskesmas))
    records = (InstrumentRecord.deleted_at.is_null() & InstrumentRecord.puskesmas.in_(ids)
               & InstrumentRecord.activity_date.between(period.first, period.last))
    observed = _per_puskesmas(InstrumentRecord.select(InstrumentRecord.puskesmas,
                                                      count(InstrumentRecord.posyandu.distinct()))
                              .where(records, InstrumentRecord.instrument == "observasi_posyandu")
                              .group_by(InstrumentRecord.puskesmas))
    findings = _per_puskesmas(RecordAnswer.select(InstrumentRecord.puskesmas, count(RecordAnswer.id))
                              .join(InstrumentRecord).where(records, RecordAnswer.priority == True)  # noqa: E712
                              .group_by(InstrumentRecord.puskesmas))
    open_items = FollowUp.select(FollowUp.puskesmas, count(FollowUp.id)).where(
        FollowUp.status == "terbuka", FollowUp.puskesmas.in_(ids)).group_by(FollowUp.puskesmas)
    open_follow_ups = _per_puskesmas(open_items)
    overdue = _per_puskesmas(open_items.where(FollowUp.due < min(today, period.last + dt.timedelta(days=1))))
    result = Rollup(kabupaten, period)
    for pid, name in puskesmas:
        line = PuskesmasLine(name, posyandu.get(pid, 0), kader.get(pid, 0), trained.get(pid, 0),
                             supervisors.get(pid, 0), "", planned.get(pid, 0), done.get(pid, 0),
                             observed.get(pid, 0), findings.get(pid, 0), open_follow_ups.get(pid, 0),
                             overdue.get(pid, 0))
        line.ratio = _ratio(line.supervisors, line.kader)
        result.lines.append(line)
    return result


def kabupaten_of_session() -> Kabupaten:
    """The kabupaten whose roll-up this session reads (the puskesmas being looked at belongs to it)."""
    from desktop.models.errors import UserError
    from desktop.models.settings import current_puskesmas

    here = current_puskesmas()
    if here is None:
        raise UserError("Belum ada puskesmas di basis data ini.")
    return here.kabupaten

