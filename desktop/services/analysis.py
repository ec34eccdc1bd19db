"""Analysis screens' data: the kader × skill grid and the classification/training overview (SQL aggregates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from desktop.models import skills as catalogue
from desktop.models.db import dict_rows, rows
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.wilayah import Desa, Puskesmas
from desktop.reports.report_model import SupportOutcome, Trend
from desktop.services import period_facts


def levels() -> dict[tuple[str, str], int]:
    """(instrument, answer) -> 1 not yet, 2 learning, 3 done right, as the instruments declare (`[report] levels`)."""
    return {(inst.id, value): level for inst, role in period_facts.roles() for value, level in role.levels.items()}


def _self_ids() -> list[str]:
    return period_facts.ids_where(lambda r: r.self_assessment)


def _observed_ids() -> list[str]:
    return period_facts.ids_where(lambda r: r.competency)


LEVEL_LABELS = {1: "Belum bisa / belum sesuai", 2: "Sedang belajar", 3: "Sudah bisa / sesuai standar"}


@dataclass
class Grid:
    """Rows: kader (weakest first); columns: skills (weakest first); cells: latest level or None."""

    kader: list[tuple[int, str, str]]  # (id, name, posyandu)
    skills: list[tuple[str, str]]  # (code, label)
    cells: dict[tuple[int, str], int]

    def weak_count(self, kader_id: int) -> int:
        return sum(1 for (k, _), level in self.cells.items() if k == kader_id and level < 3)


def skill_grid(puskesmas: Puskesmas, posyandu_id: int | None = None, desa_id: int | None = None) -> Grid:
    """Each active kader's latest result per skill from self-assessments and individual observations."""
    kader_query = (Kader.select(Kader.id, Kader.name, Posyandu.name.alias("posyandu_name")).join(Posyandu).join(Desa)
                   .where(Desa.puskesmas == puskesmas, Kader.active, Posyandu.active))
    if posyandu_id:
        kader_query = kader_query.where(Posyandu.id == posyandu_id)
    if desa_id:
        kader_query = kader_query.where(Desa.id == desa_id)
    kader: list[tuple[int, str, str]] = [(kid, name, posyandu_name)
                                         for kid, name, posyandu_name in rows(kader_query.tuples())]
    latest: dict[tuple[int, str], tuple[dt.date, int]] = {}
    answers = (RecordAnswer.select(RecordAnswer.kader, RecordAnswer.skill, RecordAnswer.value,
                                   InstrumentRecord.instrument, InstrumentRecord.activity_date)
               .join(InstrumentRecord)
               .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
                      InstrumentRecord.instrument.in_(_self_ids() + _observed_ids()),
                      RecordAnswer.skill.is_null(False), RecordAnswer.kader.in_(kader_query.select(Kader.id)))
               .tuples())
    level_of = levels()
    for kader_id, skill, value, instrument, day in rows(answers):
        level = level_of.get((instrument, value))
        if level is None:
            continue
        key = (kader_id, skill)
        if key not in latest or day >= latest[key][0]:
            latest[key] = (day, level)
    cells = {key: level for key, (_, level) in latest.items()}
    skills = [(s.code, s.label) for s in catalogue.skills()]
    weak = {code: sum(1 for (_, s), level in cells.items() if s == code and level < 3) for code, _ in skills}
    skills.sort(key=lambda s: -weak[s[0]])
    grid = Grid(kader, skills, cells)
    grid.kader.sort(key=lambda k: (-grid.weak_count(k[0]), k[1]))
    return grid


@dataclass(frozen=True)
class ClassificationRow:
    posyandu: str
    desa: str
    kader: int
    purwa: int
    madya: int
    utama: int
    not_assessed: int
    trained: int


def classification_overview(puskesmas: Puskesmas) -> list[ClassificationRow]:
    """Purwa/Madya/Utama counts, not yet assessed, and trained kader per active posyandu (one query)."""
    active = Kader.active == True  # noqa: E712 (peewee expression)

    def count(condition):
        return peewee.fn.COUNT(Kader.id).filter(active & condition)

    query = (Posyandu.select(Posyandu.name, Desa.name.alias("desa"), peewee.fn.COUNT(Kader.id).filter(active)
                             .alias("kader"),
                             count(Kader.classification == "purwa").alias("purwa"),
                             count(Kader.classification == "madya").alias("madya"),
                             count(Kader.classification == "utama").alias("utama"),
                             count(Kader.classification.is_null()).alias("not_assessed"),
                             count(Kader.training_status == "sudah").alias("trained"))
             .join(Desa).switch(Posyandu).join(Kader, peewee.JOIN.LEFT_OUTER)
             .where(Desa.puskesmas == puskesmas, Posyandu.active).group_by(Posyandu.id, Desa.id)
             .order_by(Desa.name, Posyandu.name).dicts())
    return [ClassificationRow(r["name"], r["desa"], r["kader"], r["purwa"], r["madya"], r["utama"],
                              r["not_assessed"], r["trained"]) for r in dict_rows(query)]


def _latest_rounds(puskesmas: Puskesmas, posyandu_ids: list[int] | None,
                   until: dt.date | None = None) -> dict[tuple[int, str], tuple[dt.date, int]]:
    """(kader, round) -> (date, record id) of each kader's latest Awal and latest Akhir self-assessment (by `until`)."""
    latest: dict[tuple[int, str], tuple[dt.date, int]] = {}
    query = InstrumentRecord.select(InstrumentRecord.id, InstrumentRecord.kader, InstrumentRecord.round,
                                    InstrumentRecord.activity_date).where(
        InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.instrument.in_(_self_ids() or [""]),
        InstrumentRecord.deleted_at.is_null(), InstrumentRecord.kader.is_null(False))
    if until is not None:
        query = query.where(InstrumentRecord.activity_date <= until)
    if posyandu_ids is not None:
        query = query.where(InstrumentRecord.posyandu.in_(posyandu_ids or [0]))
    for record_id, kader_id, round_, day in rows(query.tuples()):
        key = (kader_id, round_ or "awal")
        if key not in latest or day > latest[key][0]:
            latest[key] = (day, record_id)
    return latest


def awal_akhir_n(puskesmas: Puskesmas, posyandu_ids: list[int] | None = None, until: dt.date | None = None) -> int:
    """Kader who filled both an Awal and an Akhir self-assessment by `until`."""
    latest = _latest_rounds(puskesmas, posyandu_ids, until)
    return len({k for k, r in latest if r == "awal"} & {k for k, r in latest if r == "akhir"})


def awal_akhir(puskesmas: Puskesmas, posyandu_ids: list[int] | None = None,
               until: dt.date | None = None) -> list[tuple[str, str, float, float, int]]:
    """Per skill: share answering Sudah Bisa in each kader's latest Awal and latest Akhir self-assessment, for
    kader who have both by `until` (code, label, awal share, akhir share, kader compared)."""
    latest = _latest_rounds(puskesmas, posyandu_ids, until)
    both = {k for k, r in latest if r == "awal"} & {k for k, r in latest if r == "akhir"}
    ids = {latest[(k, r)][1]: r for k in both for r in ("awal", "akhir")}
    done: dict[tuple[str, str], int] = {}
    record_ids = list(ids)
    for start in range(0, len(record_ids), 900):
        for record_id, skill in rows(RecordAnswer.select(RecordAnswer.record, RecordAnswer.skill)
                                     .where(RecordAnswer.record.in_(record_ids[start:start + 900]),
                                            RecordAnswer.skill.is_null(False),
                                            RecordAnswer.value == "3").tuples()):  # only "Sudah Bisa" counts
            done[(skill, ids[record_id])] = done.get((skill, ids[record_id]), 0) + 1
    n = len(both)
    return [(s.code, s.label, done.get((s.code, "awal"), 0) / n if n else 0.0,
             done.get((s.code, "akhir"), 0) / n if n else 0.0, n) for s in catalogue.skills()]


def disagreements(puskesmas: Puskesmas, posyandu_ids: list[int] | None = None) -> list[tuple[str, ...]]:
    """Kader whose latest self-assessment of a skill disagrees with the latest individual observation of it:
    (kader, posyandu, skill, what the kader said, what the supervisor saw)."""
    self_level: dict[tuple[int, str], tuple[dt.date, str]] = {}
    seen: dict[tuple[int, str], tuple[dt.date, str]] = {}
    query = (RecordAnswer.select(RecordAnswer.kader, RecordAnswer.skill, RecordAnswer.value,
                                 InstrumentRecord.instrument, InstrumentRecord.activity_date)
             .join(InstrumentRecord)
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
                    InstrumentRecord.instrument.in_(_self_ids() + _observed_ids()),
                    RecordAnswer.skill.is_null(False), RecordAnswer.kader.is_null(False)))
    if posyandu_ids is not None:
        query = query.where(InstrumentRecord.posyandu.in_(posyandu_ids or [0]))
    selfs = set(_self_ids())
    for kader_id, skill, value, instrument, day in rows(query.tuples()):
        target = self_level if instrument in selfs else seen
        if value == "tb":
            continue
        if (kader_id, skill) not in target or day >= target[(kader_id, skill)][0]:
            target[(kader_id, skill)] = (day, value)
    said = {"1": "Belum Bisa", "2": "Sedang Belajar", "3": "Sudah Bisa"}
    observed = {"sesuai": "Sesuai standar", "belum": "Belum sesuai", "tidak": "Tidak dilakukan"}
    out = []
    labels = catalogue.labels()
    names: dict[int, str] = dict(rows(Kader.select(Kader.id, Kader.name).tuples()))
    posyandu: dict[int, str] = dict(rows(Kader.select(Kader.id, Posyandu.name).join(Posyandu).tuples()))
    for key in sorted(self_level.keys() & seen.keys()):
        mine, theirs = self_level[key][1], seen[key][1]
        if (mine == "3") != (theirs == "sesuai"):
            kader_id, skill = key
            out.append((names.get(kader_id, ""), posyandu.get(kader_id, ""), f"{skill} {labels.get(skill, '')}",
                        said.get(mine, mine), observed.get(theirs, theirs)))
    return sorted(out)


TREND_ITEMS = (("A1.sesuai_standar", "Pendaftaran"), ("A2.sesuai_standar", "Penimbangan"),
               ("A3.sesuai_standar", "Pencatatan"), ("A4.sesuai_standar", "Pemeriksaan"),
               ("A5.sesuai_standar", "Penyuluhan"), ("B2", "Nakes hadir"), ("B4", "Peran jelas"),
               ("C2", "Edukasi"))
GOOD = {"ya"}


def service_trend(puskesmas: Puskesmas, months: list[tuple[int, int]],
                  posyandu_ids: list[int] | None = None) -> list[tuple[str, int, list[float | None]]]:
    """Observasi Layanan Posyandu per month: (month, observations, share answering "Ya" per TREND_ITEMS)."""
    out = []
    for year, month in months:
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        records = InstrumentRecord.select(InstrumentRecord.id).where(
            InstrumentRecord.puskesmas == puskesmas,
            InstrumentRecord.instrument.in_(period_facts.ids_where(lambda r: bool(r.good)) or [""]),
            InstrumentRecord.deleted_at.is_null(), InstrumentRecord.activity_date.between(first, last))
        if posyandu_ids is not None:
            records = records.where(InstrumentRecord.posyandu.in_(posyandu_ids or [0]))
        n = records.count()
        counts: dict[str, list[int]] = {}
        for item, value, total in rows(RecordAnswer.select(RecordAnswer.item, RecordAnswer.value,
                                                       peewee.fn.COUNT(RecordAnswer.id))
                                   .where(RecordAnswer.record.in_(records),
                                          RecordAnswer.item.in_([i for i, _ in TREND_ITEMS]))
                                   .group_by(RecordAnswer.item, RecordAnswer.value).tuples()):
            good_all = counts.setdefault(item, [0, 0])
            good_all[1] += total
            if value in GOOD:
                good_all[0] += total
        shares = [counts[i][0] / counts[i][1] if counts.get(i, [0, 0])[1] else None for i, _ in TREND_ITEMS]
        out.append((f"{first:%m/%Y}", n, shares))
    return out


def kader_progress(puskesmas: Puskesmas, posyandu_ids: list[int] | None = None) -> list[tuple[str, str, int, int, int]]:
    """Per kader with both rounds: (kader, posyandu, skills improved, unchanged, worse) from Awal to Akhir."""
    latest = _latest_rounds(puskesmas, posyandu_ids)
    both = sorted({k for k, r in latest if r == "awal"} & {k for k, r in latest if r == "akhir"})
    values: dict[int, dict[str, str]] = {}
    ids = [latest[(k, r)][1] for k in both for r in ("awal", "akhir")]
    for start in range(0, len(ids), 900):
        for record_id, skill, value in rows(RecordAnswer.select(RecordAnswer.record, RecordAnswer.skill,
                                                                RecordAnswer.value)
                                        .where(RecordAnswer.record.in_(ids[start:start + 900]),
                                               RecordAnswer.skill.is_null(False)).tuples()):
            values.setdefault(record_id, {})[skill] = value
    names: dict[int, str] = dict(rows(Kader.select(Kader.id, Kader.name).where(Kader.id.in_(both or [0])).tuples()))
    posyandu: dict[int, str] = dict(rows(Kader.select(Kader.id, Posyandu.name).join(Posyandu)
                                         .where(Kader.id.in_(both or [0])).tuples()))
    out = []
    for k in both:
        before, after = values.get(latest[(k, "awal")][1], {}), values.get(latest[(k, "akhir")][1], {})
        shared = before.keys() & after.keys()
        up = sum(after[s] > before[s] for s in shared)
        down = sum(after[s] < before[s] for s in shared)
        out.append((names[k], posyandu[k], up, len(shared) - up - down, down))
    return sorted(out, key=lambda r: (r[2] - r[4], r[0]))


def _observations(puskesmas: Puskesmas, posyandu_ids: list[int] | None, first: dt.date,
                  last: dt.date) -> list[tuple[int, str, int, dt.date, int]]:
    """Supervisor skill observations from `first` to `last`: (kader, skill, level, day, record id)."""
    level_of = levels()
    query = (RecordAnswer.select(RecordAnswer.kader, RecordAnswer.skill, RecordAnswer.value,
                                 InstrumentRecord.instrument, InstrumentRecord.activity_date, InstrumentRecord.id)
             .join(InstrumentRecord)
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
                    InstrumentRecord.instrument.in_(_observed_ids() or [""]),
                    InstrumentRecord.activity_date.between(first, last),
                    RecordAnswer.skill.is_null(False), RecordAnswer.kader.is_null(False)))
    if posyandu_ids is not None:
        query = query.where(InstrumentRecord.posyandu.in_(posyandu_ids or [0]))
    return [(kader, skill, level_of[(inst, value)], day, record) for kader, skill, value, inst, day, record
            in rows(query.tuples()) if (inst, value) in level_of]


def skill_trends(puskesmas: Puskesmas, posyandu_ids: list[int] | None,
                 periods: list[tuple[dt.date, dt.date]]) -> list[Trend]:
    """Per skill (catalogue order, only those observed at all): share of observations "sesuai standar" per period."""
    if not periods:
        return []
    cells: dict[tuple[str, int], list[int]] = {}
    for _, skill, level, day, _ in _observations(puskesmas, posyandu_ids, periods[0][0], periods[-1][1]):
        index = next((i for i, (first, last) in enumerate(periods) if first <= day <= last), None)
        if index is not None:
            cells.setdefault((skill, index), []).append(level)
    out = []
    for s in catalogue.skills():
        counts, shares = [], []
        for index in range(len(periods)):
            mine = cells.get((s.code, index), [])
            counts.append(len(mine))
            shares.append(sum(1 for x in mine if x == 3) / len(mine) if mine else None)
        if any(counts):
            out.append(Trend(f"{s.code} {s.label}", shares, counts))
    return out


def posyandu_trends(puskesmas: Puskesmas, posyandu_ids: list[int] | None,
                    periods: list[tuple[dt.date, dt.date]]) -> list[Trend]:
    """Per posyandu observed at all: share of good answers (declared `good`) in its service observations."""
    if not periods:
        return []
    good = {inst.id: set(role.good) for inst, role in period_facts.roles() if role.good}
    query = (RecordAnswer.select(InstrumentRecord.posyandu, InstrumentRecord.instrument, InstrumentRecord.activity_date,
                                 RecordAnswer.value)
             .join(InstrumentRecord)
             .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
                    InstrumentRecord.instrument.in_(list(good) or [""]),
                    InstrumentRecord.activity_date.between(periods[0][0], periods[-1][1])))
    if posyandu_ids is not None:
        query = query.where(InstrumentRecord.posyandu.in_(posyandu_ids or [0]))
    tally: dict[tuple[int, int], list[int]] = {}
    for posyandu, inst, day, value in rows(query.tuples()):
        index = next((i for i, (first, last) in enumerate(periods) if first <= day <= last), None)
        if index is not None:
            cell = tally.setdefault((posyandu, index), [0, 0])
            cell[0] += value in good[inst]
            cell[1] += 1
    names: dict[int, str] = dict(rows(Posyandu.select(Posyandu.id, Posyandu.name).where(
        Posyandu.id.in_(list({p for p, _ in tally}) or [0])).tuples()))
    out = []
    for posyandu, name in sorted(names.items(), key=lambda kv: kv[1]):
        cells = [tally.get((posyandu, i), [0, 0]) for i in range(len(periods))]
        out.append(Trend(name, [g / n if n else None for g, n in cells], [n for _, n in cells]))
    return out


def support_outcomes(puskesmas: Puskesmas, posyandu_ids: list[int] | None, first: dt.date,
                     last: dt.date) -> list[SupportOutcome]:
    """Each skill a kader showed below standard before a mentoring/coaching session (held `first`..`last`) they
    took part in, and the first observation of that skill after the session, up to `last`."""
    sessions = [(r, role) for r in period_facts.records_between([puskesmas.id], posyandu_ids, first, last)
                if (role := period_facts.role_of(r.instrument)) is not None and role.support]
    if not sessions:
        return []
    seen = _observations(puskesmas, posyandu_ids, first - dt.timedelta(days=366), last)
    by_kader: dict[int, list[tuple[dt.date, int, str, int]]] = {}
    for kader, skill, level, day, record in seen:
        by_kader.setdefault(kader, []).append((day, record, skill, level))
    names: dict[int, str] = dict(rows(Kader.select(Kader.id, Kader.name)
                                      .where(Kader.id.in_(list(by_kader) or [0])).tuples()))
    at: dict[int, int] = dict(rows(Kader.select(Kader.id, Kader.posyandu)
                                   .where(Kader.id.in_(list(by_kader) or [0])).tuples()))
    posyandu_names: dict[int, str] = dict(rows(Posyandu.select(Posyandu.id, Posyandu.name).tuples()))
    labels = catalogue.labels()
    out = []
    for session, role in sessions:
        title = load_title(session.instrument)
        if role.kaders:
            people = {int(k) for v in period_facts.answers_at(session.answers, role.kaders)
                      for k in (v if isinstance(v, list) else [v]) if str(k).isdigit()}
        elif role.attendance:
            present = {str(n).strip().lower() for n in period_facts.answers_at(session.answers, role.attendance)}
            people = {k for k in by_kader if at.get(k) == session.posyandu and names.get(k, "").lower() in present}
        else:
            people = {session.kader} if session.kader else set()
        for kader in sorted(people & by_kader.keys()):
            history = sorted(by_kader[kader])
            before: dict[str, int] = {}
            for day, _, skill, level in history:
                if day < session.day:
                    before[skill] = level
            for skill in sorted(s for s, level in before.items() if level < 3):
                after = next((level for day, _, s, level in history if s == skill and day > session.day), None)
                outcome = ("belum diobservasi ulang" if after is None else "membaik" if after == 3
                           else "belum membaik")
                out.append(SupportOutcome(f"{title} {session.day:%d/%m/%Y}", names[kader],
                                          posyandu_names.get(at[kader], ""), f"{skill} {labels.get(skill, '')}",
                                          outcome))
    return out


def load_title(instrument: str) -> str:
    role = period_facts.role_of(instrument)
    return role.label if role else instrument
