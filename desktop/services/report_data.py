"""Everything the monthly (quarterly, annual) supervision report shows, gathered with aggregate queries for one
period and one scope (the puskesmas, a desa or a posyandu). No widgets, no PDF: reports/ renders it."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import peewee

from desktop.instruments.answers import item_names
from desktop.instruments.loader import load_instrument
from desktop.models import skills as catalogue
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.schedule import ACTIVITY_KINDS, Activity
from desktop.models.schedule_rules import month_bounds
from desktop.models.wilayah import Desa, Puskesmas
from desktop.services import auth, follow_up, teams

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
SELF_LEVELS = (("1", "Belum Bisa"), ("2", "Sedang Belajar"), ("3", "Sudah Bisa"))
TOP = 10


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date
    label: str  # "November 2026", "Triwulan IV 2026", "Tahun 2026"
    kind: str  # bulanan, triwulanan, tahunan


def parse_period(month: str | None = None, quarter: str | None = None, year: str | None = None) -> Period:
    """One of --month YYYY-MM, --quarter YYYY-Qn, --year YYYY; UserError in Indonesian otherwise."""
    try:
        if month:
            y, m = (int(x) for x in month.split("-"))
            first, last = month_bounds(y, m)
            return Period(first, last, f"{MONTHS[m - 1]} {y}", "bulanan")
        if quarter:
            y_text, q_text = quarter.upper().split("-Q")
            y, q = int(y_text), int(q_text)
            if not 1 <= q <= 4:
                raise ValueError
            return Period(dt.date(y, 3 * q - 2, 1), month_bounds(y, 3 * q)[1],
                          f"Triwulan {('I', 'II', 'III', 'IV')[q - 1]} {y}", "triwulanan")
        if year:
            y = int(year)
            return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), f"Tahun {y}", "tahunan")
    except ValueError:
        pass
    raise UserError("Periode tidak sah; pakai --month 2026-11, --quarter 2026-Q4 atau --year 2026.")


@dataclass(frozen=True)
class Scope:
    puskesmas: Puskesmas
    desa: Desa | None = None
    posyandu: Posyandu | None = None

    @property
    def label(self) -> str:
        if self.posyandu is not None:
            return f"Posyandu {self.posyandu.name}, Desa {self.posyandu.desa.name}"
        if self.desa is not None:
            return f"{'Kelurahan' if self.desa.is_kelurahan else 'Desa'} {self.desa.name}"
        return f"Wilayah kerja {self.puskesmas.name}"

    def posyandu_ids(self) -> list[int]:
        query = Posyandu.select(Posyandu.id).join(Desa).where(Desa.puskesmas == self.puskesmas)
        if self.desa is not None:
            query = query.where(Desa.id == self.desa.id)
        if self.posyandu is not None:
            query = query.where(Posyandu.id == self.posyandu.id)
        return [p for (p,) in query.tuples()]


def find_scope(puskesmas: Puskesmas, desa: str | None = None, posyandu: str | None = None) -> Scope:
    """The scope named on the command line (case-insensitive)."""
    if posyandu:
        found = (Posyandu.select(Posyandu, Desa).join(Desa)
                 .where(Desa.puskesmas == puskesmas, peewee.fn.LOWER(Posyandu.name) == posyandu.strip().lower()))
        if desa:
            found = found.where(peewee.fn.LOWER(Desa.name) == desa.strip().lower())
        rows = list(found)
        if len(rows) != 1:
            raise UserError(f"Posyandu '{posyandu}' tidak ditemukan" if not rows else
                            f"Ada {len(rows)} posyandu bernama '{posyandu}'; sebutkan juga --desa.")
        return Scope(puskesmas, rows[0].desa, rows[0])
    if desa:
        row = Desa.get_or_none(Desa.puskesmas == puskesmas, peewee.fn.LOWER(Desa.name) == desa.strip().lower())
        if row is None:
            raise UserError(f"Desa/kelurahan '{desa}' tidak ada di wilayah {puskesmas.name}.")
        return Scope(puskesmas, row)
    return Scope(puskesmas)


@dataclass
class ActivityLine:
    kind: str
    planned: int
    done: int
    postponed: int
    cancelled: int
    recorded: int  # instrument records of this kind in the period (also those entered without a plan)


@dataclass
class ReportData:
    period: Period
    scope: Scope
    activities: list[ActivityLine]
    coverage: list[tuple[str, int, int]]  # (what, reached, total)
    findings: list[tuple[str, str, int]]  # (instrument, item as on paper, times found)
    skills: list[tuple[str, str, int, int, int]]  # (code, label, belum bisa, sedang belajar, sudah bisa)
    mentoring: list[tuple[dt.date, str, str, int | None]]  # (date, posyandu, topic, minutes)
    coaching: list[tuple[dt.date, str, str, str]]  # (date, posyandu, kader, reason)
    follow_ups_open: int
    overdue: list[tuple[dt.date | None, str, str, str]]  # (due, posyandu, description, owner)
    team_lines: list[str]
    sk: list[tuple[str, str, str, str]]  # (desa, number, valid until, status)
    notes: list[str] = field(default_factory=list)

    @property
    def weakest(self) -> list[tuple[str, str, float]]:
        """Skills by share of kader not yet able (Belum Bisa + Sedang Belajar), weakest first."""
        rows = [(code, label, (low + mid) / (low + mid + high)) for code, label, low, mid, high in self.skills
                if low + mid + high]
        return sorted(rows, key=lambda r: -r[2])


def gather(scope: Scope, period: Period, today: dt.date | None = None) -> ReportData:
    """Collect every section of the report (a village admin only for their own desa)."""
    allowed = auth.desa_scope()
    if allowed is not None and (scope.desa is None or scope.desa.id not in allowed):
        raise UserError("Admin Desa hanya dapat membuat laporan untuk desanya sendiri.")
    today = today or dt.date.today()
    posyandu_ids = scope.posyandu_ids() or [0]
    records = InstrumentRecord.select().where(
        InstrumentRecord.puskesmas == scope.puskesmas, InstrumentRecord.deleted_at.is_null(),
        InstrumentRecord.posyandu.in_(posyandu_ids), InstrumentRecord.activity_date.between(period.first, period.last))
    return ReportData(
        period=period, scope=scope,
        activities=_activities(scope, period, posyandu_ids, records),
        coverage=_coverage(posyandu_ids, records),
        findings=_findings(records),
        skills=self_assessment(scope, period.last),
        mentoring=_mentoring(records),
        coaching=_coaching(records),
        follow_ups_open=sum(1 for f in follow_up.open_items(scope.puskesmas) if f.posyandu_id in set(posyandu_ids)),
        overdue=[(f.due, f.posyandu.name, f.description, f.owner)
                 for f in follow_up.open_items(scope.puskesmas, overdue_on=min(today, period.last + dt.timedelta(1)))
                 if f.posyandu_id in set(posyandu_ids)],
        team_lines=_team_lines(scope, today),
        sk=_sk(scope, today),
    )


def _sk(scope: Scope, today: dt.date) -> list[tuple[str, str, str, str]]:
    desa = [scope.desa.id] if scope.desa else None
    return [(t.desa.name, t.decree.number if t.decree else "—",
             f"{t.decree.valid_until:%d/%m/%Y}" if t.decree and t.decree.valid_until else "", t.status_label)
            for t in teams.desa_teams(scope.puskesmas, today, desa)]


def _activities(scope: Scope, period: Period, posyandu_ids: list[int], records) -> list[ActivityLine]:
    counts: dict[str, Counter] = defaultdict(Counter)
    query = (Activity.select(Activity.kind, Activity.status, peewee.fn.COUNT(Activity.id))
             .where(Activity.puskesmas == scope.puskesmas, Activity.posyandu.in_(posyandu_ids),
                    Activity.date.between(period.first, period.last))
             .group_by(Activity.kind, Activity.status).tuples())
    for kind, status, n in query:
        counts[kind][status] += n
    recorded = dict(records.select(InstrumentRecord.instrument, peewee.fn.COUNT(InstrumentRecord.id))
                    .group_by(InstrumentRecord.instrument).tuples())
    return [ActivityLine(label, sum(counts[kind].values()) - counts[kind]["batal"], counts[kind]["selesai"],
                         counts[kind]["ditunda"], counts[kind]["batal"], recorded.get(kind, 0))
            for kind, label in ACTIVITY_KINDS]


def _coverage(posyandu_ids: list[int], records) -> list[tuple[str, int, int]]:
    posyandu_total = Posyandu.select().where(Posyandu.id.in_(posyandu_ids), Posyandu.active).count()
    kader = Kader.select(Kader.id, Kader.name, Kader.posyandu).where(Kader.posyandu.in_(posyandu_ids), Kader.active)
    kader_total = kader.count()
    supervised = records.select(InstrumentRecord.posyandu).distinct().count()
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, kader_id in records.select(InstrumentRecord.instrument, InstrumentRecord.kader).where(
            InstrumentRecord.kader.is_null(False)).tuples():
        by_kind[kind].add(kader_id)
    coached: set[int] = set()
    attended: set[tuple[int, str]] = set()
    for r in records.where(InstrumentRecord.instrument.in_(("coaching", "mentoring"))):
        if r.instrument == "coaching":
            coached.update(r.answers.get("kader") or [])
        else:
            attended.update((r.posyandu_id, (row.get("nama") or "").strip().lower())
                            for row in r.answers.get("daftar_hadir") or [])
    mentored = {k.id for k in kader if (k.posyandu_id, k.name.lower()) in attended}
    return [
        ("Posyandu yang disupervisi (ada catatan instrumen)", supervised, posyandu_total),
        ("Kader yang diobservasi keterampilan individunya", len(by_kind["observasi_individu"]), kader_total),
        ("Kader yang mengikuti mentoring (daftar hadir)", len(mentored), kader_total),
        ("Kader yang mendapat coaching", len(coached), kader_total),
        ("Kader yang mengisi penilaian mandiri", len(by_kind["penilaian_mandiri"]), kader_total),
    ]


def _findings(records) -> list[tuple[str, str, int]]:
    query = (RecordAnswer.select(InstrumentRecord.instrument, RecordAnswer.item, peewee.fn.COUNT(RecordAnswer.id))
             .join(InstrumentRecord)
             .where(RecordAnswer.priority == True, InstrumentRecord.id.in_(records.select(InstrumentRecord.id)),  # noqa: E712
                    InstrumentRecord.instrument != "penilaian_mandiri")
             .group_by(InstrumentRecord.instrument, RecordAnswer.item)
             .order_by(peewee.fn.COUNT(RecordAnswer.id).desc()).limit(TOP).tuples())
    out = []
    for instrument, item, n in query:
        inst = load_instrument(instrument)
        out.append((inst.title.removeprefix("Instrumen "), item_names(inst).get(item, item), n))
    return out


def self_assessment(scope: Scope, last: dt.date, round_: str | None = None) -> list[tuple[str, str, int, int, int]]:
    """Per skill (catalogue order): kader answering Belum Bisa / Sedang Belajar / Sudah Bisa in their latest
    self-assessment (of one round, if given) up to `last` — the data of the report's chart and of the Laporan
    screen's chart."""
    posyandu_ids = scope.posyandu_ids() or [0]
    latest: dict[int, tuple[dt.date, int]] = {}
    query = (InstrumentRecord.select(InstrumentRecord.id, InstrumentRecord.kader, InstrumentRecord.activity_date)
             .where(InstrumentRecord.puskesmas == scope.puskesmas, InstrumentRecord.instrument == "penilaian_mandiri",
                    InstrumentRecord.deleted_at.is_null(), InstrumentRecord.posyandu.in_(posyandu_ids),
                    InstrumentRecord.activity_date <= last))
    if round_:
        query = query.where(InstrumentRecord.round == round_)
    for record_id, kader_id, day in query.tuples():
        if kader_id and (kader_id not in latest or day > latest[kader_id][0]):
            latest[kader_id] = (day, record_id)
    counts: dict[str, Counter] = defaultdict(Counter)
    ids = [record_id for _, record_id in latest.values()]
    for start in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
        query = (RecordAnswer.select(RecordAnswer.skill, RecordAnswer.value, peewee.fn.COUNT(RecordAnswer.id))
                 .where(RecordAnswer.record.in_(ids[start:start + 900]), RecordAnswer.skill.is_null(False))
                 .group_by(RecordAnswer.skill, RecordAnswer.value).tuples())
        for skill, value, n in query:
            counts[skill][value] += n
    return [(s.code, s.label, counts[s.code]["1"], counts[s.code]["2"], counts[s.code]["3"])
            for s in catalogue.skills()]


def _mentoring(records) -> list[tuple[dt.date, str, str, int | None]]:
    out = []
    for r in records.where(InstrumentRecord.instrument == "mentoring").order_by(InstrumentRecord.activity_date):
        topics = "; ".join(row.get("topik", "") for row in r.answers.get("bagian_a") or [] if row.get("topik"))
        minutes = next((row.get("durasi") for row in r.answers.get("bagian_b") or [] if row.get("durasi")), None)
        out.append((r.activity_date, r.posyandu.name, topics or "-", minutes))
    return out


def _coaching(records) -> list[tuple[dt.date, str, str, str]]:
    out = []
    for r in records.where(InstrumentRecord.instrument == "coaching").order_by(InstrumentRecord.activity_date):
        names = [k.name for k in Kader.select(Kader.name).where(Kader.id.in_(r.answers.get("kader") or [0]))]
        out.append((r.activity_date, r.posyandu.name, ", ".join(names), str(r.answers.get("alasan", ""))))
    return out


def _team_lines(scope: Scope, today: dt.date) -> list[str]:
    check = teams.team_check(scope.puskesmas, today)
    lines = [check.ratio.message()]
    if scope.desa is None and scope.posyandu is None:
        return lines + check.problems()
    desa = scope.desa.name
    return lines + [p for p in check.problems() if f"Desa {desa}" in p]
