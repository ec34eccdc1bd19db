"""Everything the monthly (quarterly, annual) supervision report shows, gathered with aggregate queries for one
period and one scope (the puskesmas, a desa or a posyandu). No widgets, no PDF: reports/ renders it."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import peewee

from desktop.instruments.answers import item_names
from desktop.instruments.loader import load_instrument
from desktop.models import db
from desktop.models import skills as catalogue
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.schedule import Activity
from desktop.models.schedule_rules import month_bounds
from desktop.models.team_rules import Ratio
from desktop.models.wilayah import Desa, Puskesmas
from desktop.reports.report_model import (
    ActivityLine,
    CompetencyLine,
    CoverageLine,
    FollowUpLine,
    Heading,
    ReportData,
    SkillRound,
)
from desktop.services import analysis, auth, period_facts, teams
from desktop.services.period_facts import Rec

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

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month in the period."""
        start, end = self.first.year * 12 + self.first.month - 1, self.last.year * 12 + self.last.month - 1
        return [(k // 12, k % 12 + 1) for k in range(start, end + 1)]

    def previous(self, count: int) -> list[Period]:
        """The `count` periods of this kind ending with this one, oldest first."""
        out: list[Period] = [self]
        while len(out) < count:
            day = out[0].first - dt.timedelta(days=1)
            if self.kind == "bulanan":
                out.insert(0, parse_period(month=f"{day.year}-{day.month:02d}"))
            elif self.kind == "triwulanan":
                out.insert(0, parse_period(quarter=f"{day.year}-Q{(day.month - 1) // 3 + 1}"))
            else:
                out.insert(0, parse_period(year=str(day.year)))
        return out

    @property
    def short(self) -> str:
        """A label for a chart axis: "11/26", "IV/26", "2026"."""
        if self.kind == "bulanan":
            return f"{self.first:%m/%y}"
        if self.kind == "triwulanan":
            return f"{('I', 'II', 'III', 'IV')[(self.first.month - 1) // 3]}/{self.first:%y}"
        return str(self.first.year)


def last_finished_month(today: dt.date) -> Period:
    """The month before `today`'s (the report a Kepala Puskesmas signs at the start of a month)."""
    day = today.replace(day=1) - dt.timedelta(days=1)
    return parse_period(month=f"{day.year}-{day.month:02d}")


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
        return [p for (p,) in db.rows(query.tuples())]


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


ROUND_NAMES = {"awal": "Tahap Awal", "akhir": "Tahap Akhir", None: "Tanpa tahap"}
COMPETENCY_RULE = [
    "Status kompetensi kader dihitung dari observasi keterampilan individu yang dilakukan pada periode laporan "
    "(hasil terakhir tiap keterampilan pada periode itu; jawaban “tidak berlaku” tidak dihitung):",
    "• Kompeten — semua keterampilan yang diobservasi sesuai standar.",
    "• Perlu pendampingan — 1 atau 2 keterampilan belum sesuai standar atau tidak dilakukan: dibahas dalam "
    "mentoring kelompok dan diobservasi ulang.",
    "• Perlu coaching — 3 keterampilan atau lebih belum sesuai standar atau tidak dilakukan: pendampingan "
    "individu (coaching).",
    "Kader yang tidak diobservasi pada periode ini tidak diberi status. Klasifikasi Purwa/Madya/Utama adalah hasil "
    "uji kompetensi yang tercatat sampai akhir periode, tidak dihitung oleh aplikasi.",
]


def competency_status(below: int) -> str:
    """The rule printed in the annex (COMPETENCY_RULE): skills below standard in the period -> status."""
    if below == 0:
        return "Kompeten"
    return "Perlu pendampingan" if below <= 2 else "Perlu coaching"


def heading(period: Period, scope_label: str, issuer: str, today: dt.date) -> Heading:
    return Heading(period.kind, period.label, period.first, period.last, scope_label, issuer, today,
                   provisional=today <= period.last)


def gather(scope: Scope, period: Period, today: dt.date | None = None) -> ReportData:
    """Every section of the report as of the end of `period` (a village admin only for their own desa).
    Data entered later about days inside the period counts; anything dated after the period does not."""
    allowed = auth.desa_scope()
    if allowed is not None and (scope.desa is None or scope.desa.id not in allowed):
        raise UserError("Admin Desa hanya dapat membuat laporan untuk desanya sendiri.")
    today = today or dt.date.today()
    end = min(period.last, today)  # an unfinished period: as of today
    ids = scope.posyandu_ids()
    records = period_facts.records_between([scope.puskesmas.id], ids, period.first, end)
    posyandu = period_facts.posyandu_in_force(ids, end) | {r.posyandu: "" for r in records if r.posyandu}
    kader = period_facts.kader_in_force(list(posyandu), end)  # the kader of a posyandu closed by then: not counted
    kader.update({k: ("", p) for r in records for k, p in _kader_of(r, kader) if k not in kader})
    open_items, counts = _follow_ups(scope, period, end)
    window = period.previous(6)
    return ReportData(
        heading=heading(period, scope.label, scope.puskesmas.name, today),
        activities=_activities(scope, period, ids, records),
        coverage=_coverage(period, posyandu, kader, records, scope.puskesmas.id, ids),
        findings=_findings(records),
        skill_rounds=_skill_rounds(records),
        awal_akhir=[(code, label, a, b) for code, label, a, b, _ in
                    analysis.awal_akhir(scope.puskesmas, ids, until=end)],
        awal_akhir_n=analysis.awal_akhir_n(scope.puskesmas, ids, until=end),
        mentoring=_sessions(records),
        coaching=_coaching(records),
        follow_up_counts=counts,
        follow_ups=open_items,
        team_lines=_team_lines(scope, ids, end),
        sk=_sk(scope, end),
        trend_periods=[p.short for p in window],
        skill_trends=analysis.skill_trends(scope.puskesmas, ids, [(p.first, min(p.last, end)) for p in window]),
        posyandu_trends=analysis.posyandu_trends(scope.puskesmas, ids, [(p.first, min(p.last, end)) for p in window]),
        support=analysis.support_outcomes(scope.puskesmas, ids, window[0].first, end),
        competency=_competency(records, kader, end),
        competency_rule=COMPETENCY_RULE,
    )


def _kader_of(record: Rec, known: dict[int, tuple[str, int]]) -> list[tuple[int, int]]:
    """(kader, posyandu) a record is about: its kader, or the kader of a declared kader list."""
    role = period_facts.role_of(record.instrument)
    found = [record.kader] if record.kader else []
    if role is not None and role.kaders:
        found += [k for k in period_facts.answers_at(record.answers, role.kaders) for k in (k if isinstance(k, list)
                                                                                             else [k])]
    return [(int(k), record.posyandu) for k in found if isinstance(k, int) or str(k).isdigit()]


def _sk(scope: Scope, day: dt.date) -> list[tuple[str, str, dt.date | None, str]]:
    desa = [scope.desa.id] if scope.desa else None
    return [(t.desa.name, t.decree.number if t.decree else "—", t.decree.valid_until if t.decree else None,
             t.status_label) for t in teams.desa_teams(scope.puskesmas, day, desa)]


def _activities(scope: Scope, period: Period, posyandu_ids: list[int], records: list[Rec]) -> list[ActivityLine]:
    plans: dict[str, Counter] = defaultdict(Counter)
    query = (Activity.select(Activity.kind, Activity.status, peewee.fn.COUNT(Activity.id))
             .where(Activity.puskesmas == scope.puskesmas, Activity.posyandu.in_(posyandu_ids or [0]),
                    Activity.date.between(period.first, period.last))
             .group_by(Activity.kind, Activity.status).tuples())
    for kind, status, n in db.rows(query):
        plans[kind][status] += n
    planned_records: set[int] = set()
    record_ids = [r.id for r in records]
    for start in range(0, len(record_ids), period_facts.CHUNK):
        planned_records.update(a for (a,) in db.rows(Activity.select(Activity.record).where(
            Activity.record.in_(record_ids[start:start + period_facts.CHUNK])).tuples()))
    out = []
    for inst, role in period_facts.roles():
        mine = [r for r in records if r.instrument == inst.id]
        counts = plans[inst.id]
        out.append(ActivityLine(role.label, sum(counts.values()), len(mine),
                                sum(1 for r in mine if r.id not in planned_records), counts["ditunda"],
                                counts["batal"], counts["rencana"]))
    return out


def _coverage(period: Period, posyandu: dict[int, str], kader: dict[int, tuple[str, int]], records: list[Rec],
              puskesmas_id: int, posyandu_ids: list[int]) -> list[CoverageLine]:
    months = period.months()
    kader_at: Counter = Counter(p for _, p in kader.values())
    out: list[CoverageLine] = []
    for inst, role in period_facts.roles():
        mine = [r for r in records if r.instrument == inst.id]
        if role.coverage == "posyandu_monthly":
            seen = {(r.posyandu, r.day.year, r.day.month) for r in mine}
            out.append(CoverageLine(f"Posyandu dengan {role.label.lower()} (posyandu × bulan)", len(seen),
                                    len(posyandu) * len(months), "setiap posyandu sekali sebulan"))
        elif role.coverage == "kader_monthly":
            cap = role.per_posyandu_month
            seen_per: dict[tuple[int, int, int], set[int]] = defaultdict(set)
            for r in mine:
                if r.kader:
                    seen_per[(r.posyandu, r.day.year, r.day.month)].add(r.kader)
            reached = sum(min(cap, len(k)) for k in seen_per.values())
            target = sum(min(cap, kader_at[p]) for p in posyandu) * len(months)
            out.append(CoverageLine(f"{role.label} (kader × bulan)", reached, target,
                                    f"paling banyak {cap} kader per posyandu per bulan (sasaran terjangkau)"))
        elif role.coverage == "posyandu_yearly":
            seen = {(r.posyandu, r.day.year, r.day.month) for r in mine}
            out.append(CoverageLine(f"Posyandu dengan {role.label.lower()} (posyandu × bulan)", len(seen),
                                    len(posyandu) * len(months), "idealnya sebulan sekali"))
            start = dt.date(period.last.year, 1, 1)
            sessions = Counter(r.posyandu for r in period_facts.records_between([puskesmas_id], posyandu_ids, start,
                                                                                period.last, only=[inst.id]))
            out.append(CoverageLine(f"Posyandu dengan {role.label.lower()} ≥ {role.per_year} kali sejak 1 Januari "
                                    f"{period.last.year}", sum(1 for p in posyandu if sessions[p] >= role.per_year),
                                    len(posyandu), f"sedikitnya {role.per_year} kali setahun"))
        if role.attendance:
            names = {(r.posyandu, str(n).strip().lower()) for r in mine
                     for n in period_facts.answers_at(r.answers, role.attendance)}
            attended = sum(1 for name, p in kader.values() if (p, name.lower()) in names)
            out.append(CoverageLine(f"Kader yang mengikuti {role.label.lower()} (daftar hadir)", attended,
                                    len(kader), "kader aktif pada akhir periode"))
        if role.coverage == "kader":
            reached_kader = {k for r in mine for k, _ in _kader_of(r, kader)}
            verb = "mengisi" if role.self_assessment else "mendapat"
            out.append(CoverageLine(f"Kader yang {verb} {role.label.lower()}", len(reached_kader & kader.keys()),
                                    len(kader), "kader aktif pada akhir periode"))
    return out


def _findings(records: list[Rec]) -> list[tuple[str, str, int]]:
    counted = period_facts.ids_where(lambda r: r.findings)
    ids = [r.id for r in records if r.instrument in counted]
    totals: Counter = Counter()
    for start in range(0, len(ids), period_facts.CHUNK):
        totals.update({(inst, item): n for inst, item, n in db.rows(
            RecordAnswer.select(InstrumentRecord.instrument, RecordAnswer.item, peewee.fn.COUNT(RecordAnswer.id))
            .join(InstrumentRecord)
            .where(RecordAnswer.priority == True, RecordAnswer.record.in_(ids[start:start + period_facts.CHUNK]))  # noqa: E712
            .group_by(InstrumentRecord.instrument, RecordAnswer.item).tuples())})
    out = []
    for (instrument, item), n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]:
        inst = load_instrument(instrument)
        out.append((inst.title.removeprefix("Instrumen "), item_names(inst).get(item, item), n))
    return out


def _skill_rounds(records: list[Rec]) -> list[SkillRound]:
    """Self-assessments dated in the period, per round: each kader's latest of the round in the period."""
    selfs = period_facts.ids_where(lambda r: r.self_assessment)
    latest: dict[tuple[str | None, int], Rec] = {}
    for r in records:
        if r.instrument in selfs and r.kader:
            latest[(r.round, r.kader)] = r  # records come sorted by day
    out = []
    for round_ in sorted({k[0] for k in latest}, key=lambda x: (x is None, x != "awal", x or "")):
        ids = [r.id for (rd, _), r in latest.items() if rd == round_]
        counts: dict[str, Counter] = defaultdict(Counter)
        for start in range(0, len(ids), period_facts.CHUNK):
            for skill, value, n in db.rows(RecordAnswer.select(RecordAnswer.skill, RecordAnswer.value,
                                                        peewee.fn.COUNT(RecordAnswer.id))
                                    .where(RecordAnswer.record.in_(ids[start:start + period_facts.CHUNK]),
                                           RecordAnswer.skill.is_null(False))
                                    .group_by(RecordAnswer.skill, RecordAnswer.value).tuples()):
                counts[skill][value] += n
        out.append(SkillRound(ROUND_NAMES.get(round_, str(round_)), len(ids),
                              [(s.code, s.label, counts[s.code]["1"], counts[s.code]["2"], counts[s.code]["3"])
                               for s in catalogue.skills()]))
    return out


def self_assessment(scope: Scope, period: Period, round_: str | None = None) -> list[tuple[str, str, int, int, int]]:
    """The Laporan screen's chart: the period's self-assessments (one round, or all) summed per skill."""
    records = [r for r in period_facts.records_between([scope.puskesmas.id], scope.posyandu_ids(), period.first,
                                                       period.last) if round_ is None or r.round == round_]
    rows: dict[str, list] = {}
    for skill_round in _skill_rounds(records):
        for code, label, low, mid, high in skill_round.rows:
            row = rows.setdefault(code, [code, label, 0, 0, 0])
            row[2] += low
            row[3] += mid
            row[4] += high
    return [tuple(r) for r in rows.values()]


def _sessions(records: list[Rec]) -> list[tuple[dt.date, str, str, int | None]]:
    names = _posyandu_names(records)
    out = []
    for r in records:
        role = period_facts.role_of(r.instrument)
        if role is None or not role.attendance:
            continue
        topics = "; ".join(str(t) for t in period_facts.answers_at(r.answers, role.topic)) if role.topic else ""
        minutes = period_facts.answer_at(r.answers, role.minutes) if role.minutes else None
        duration = int(minutes) if minutes and isinstance(minutes, int | float | str) else None
        out.append((r.day, names.get(r.posyandu, ""), topics or "-", duration))
    return out


def _coaching(records: list[Rec]) -> list[tuple[dt.date, str, str, str]]:
    names = _posyandu_names(records)
    out = []
    for r in records:
        role = period_facts.role_of(r.instrument)
        if role is None or not role.kaders:
            continue
        kader_ids = [k for k, _ in _kader_of(r, {})]
        kader = ", ".join(n for (n,) in db.rows(Kader.select(Kader.name).where(Kader.id.in_(kader_ids or [0]))
                                                .order_by(Kader.name).tuples()))
        reason = str(period_facts.answer_at(r.answers, role.reason) or "") if role.reason else ""
        out.append((r.day, names.get(r.posyandu, ""), kader, reason))
    return out


def _posyandu_names(records: list[Rec]) -> dict[int, str]:
    ids = list({r.posyandu for r in records if r.posyandu})
    return dict(db.rows(Posyandu.select(Posyandu.id, Posyandu.name).where(Posyandu.id.in_(ids or [0])).tuples()))


def _follow_ups(scope: Scope, period: Period, end: dt.date) -> tuple[list[FollowUpLine], list[tuple[str, int]]]:
    facts = period_facts.follow_ups([scope.puskesmas.id], scope.posyandu_ids())
    opened = sum(1 for f in facts if period.first <= f.opened <= period.last)
    closed = sum(1 for f in facts if f.resolved_on and period.first <= f.resolved_on <= period.last)
    still = sorted((f for f in facts if f.open_on(end)), key=lambda f: (f.due or dt.date.max, f.opened, f.id))
    overdue = {f.id for f in still if f.due is not None and f.due < end}
    posyandu: dict[int, str] = dict(db.rows(Posyandu.select(Posyandu.id, Posyandu.name).where(
        Posyandu.id.in_(list({f.posyandu for f in still}) or [0])).tuples()))
    kader: dict[int, str] = dict(db.rows(Kader.select(Kader.id, Kader.name).where(
        Kader.id.in_(list({f.kader for f in still if f.kader}) or [0])).tuples()))
    lines = [FollowUpLine(f.opened, f.due, posyandu.get(f.posyandu, ""), kader.get(f.kader, "") if f.kader else "",
                          f.description, f.owner, f.id in overdue) for f in still]
    as_of = "akhir periode" if end == period.last else f"{end:%d/%m/%Y}"  # as Heading.as_of_text
    return lines, [("Dibuka pada periode ini (temuan dan RTL)", opened), ("Diselesaikan pada periode ini", closed),
                   (f"Masih terbuka pada {as_of}", len(still)), (f"… di antaranya lewat batas waktu pada {as_of}",
                                                                 len(overdue))]


def _team_lines(scope: Scope, posyandu_ids: list[int], end: dt.date) -> list[str]:
    posyandu = period_facts.posyandu_in_force(posyandu_ids, end)
    kader = period_facts.kader_in_force(list(posyandu), end)
    assigned = period_facts.supervisors_in_force(list(posyandu), end)
    supervisors = set().union(*assigned.values()) if assigned else set()
    where = scope.label
    trained = period_facts.trained_by(list(kader), end)
    lines = [f"{where}, per {end:%d/%m/%Y}: {len(posyandu)} posyandu aktif, {len(kader)} kader aktif "
             f"({len(trained)} kader terlatih), {len(supervisors)} supervisor teknis ditugaskan.",
             Ratio(len(kader), len(supervisors)).message()]
    without = sorted(name for p, name in posyandu.items() if p not in assigned)
    if without:
        shown = ", ".join(without[:12]) + (f" dan {len(without) - 12} lainnya" if len(without) > 12 else "")
        lines.append(f"{len(without)} posyandu belum punya supervisor teknis: {shown}.")
    return lines


def _competency(records: list[Rec], kader: dict[int, tuple[str, int]], end: dt.date) -> list[CompetencyLine]:
    levels = {inst.id: role.levels for inst, role in period_facts.roles() if role.competency}
    ids = [r.id for r in records if r.instrument in levels]
    kind = {r.id: r.instrument for r in records}
    day = {r.id: (r.day, r.id) for r in records}
    latest: dict[tuple[int, str], tuple[tuple, int]] = {}
    for start in range(0, len(ids), period_facts.CHUNK):
        for record, kader_id, skill, value in db.rows(RecordAnswer.select(RecordAnswer.record, RecordAnswer.kader,
                                                                   RecordAnswer.skill, RecordAnswer.value)
                                               .where(RecordAnswer.record.in_(ids[start:start + period_facts.CHUNK]),
                                                      RecordAnswer.skill.is_null(False),
                                                      RecordAnswer.kader.is_null(False)).tuples()):
            level = levels[kind[record]].get(value)
            if level is not None and ((kader_id, skill) not in latest or day[record] >= latest[(kader_id, skill)][0]):
                latest[(kader_id, skill)] = (day[record], level)
    per: dict[int, list[int]] = defaultdict(list)
    for (kader_id, _), (_, level) in latest.items():
        per[kader_id].append(level)
    names: dict[int, str] = dict(db.rows(Kader.select(Kader.id, Kader.name).where(Kader.id.in_(list(per) or [0]))
                                         .tuples()))
    posyandu: dict[int, str] = dict(db.rows(Kader.select(Kader.id, Posyandu.name).join(Posyandu)
                                            .where(Kader.id.in_(list(per) or [0])).tuples()))
    classes = period_facts.classification_on(list(per), end)
    out = [CompetencyLine(names.get(k, ""), posyandu.get(k, ""), classes.get(k, "—"), len(v),
                          sum(1 for x in v if x < 3), competency_status(sum(1 for x in v if x < 3)))
           for k, v in per.items()]
    return sorted(out, key=lambda c: (-c.below, c.posyandu, c.kader))
