"""Dated facts as of the end of a period, shared by the report, the analysis tabs and the kabupaten roll-up:
which instrument plays which part (read from the `[report]` declarations), the day an activity happened, the
records of a period, the kader and supervisors in force on a day, and follow-ups open on a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import peewee

from desktop.instruments.definition import Instrument, ReportRole
from desktop.instruments.loader import load_all
from desktop.models.db import rows
from desktop.models.kader_history import ClassificationAssessment, TrainingRecord
from desktop.models.people import CLASSIFICATION_CHOICES, Kader, Posyandu
from desktop.models.records import InstrumentRecord
from desktop.models.schedule import FOUND_AGAIN, FollowUp
from desktop.models.teams import TechnicalAssignment

DATED_WINDOW = dt.timedelta(days=183)  # a session date may lie this far from the day its sheet was filled
CHUNK = 900  # stay under SQLite's bound-parameter limit


@cache
def roles() -> tuple[tuple[Instrument, ReportRole], ...]:
    """Every instrument the report reads, in the order of the supervision cycle."""
    return tuple((inst, inst.report) for inst in load_all() if inst.report is not None)


def role_of(instrument_id: str) -> ReportRole | None:
    return next((r for i, r in roles() if i.id == instrument_id), None)


def ids_where(test) -> list[str]:
    """Instrument ids whose declaration passes `test(role)`."""
    return [inst.id for inst, role in roles() if test(role)]


def answer_at(answers: dict, path: str) -> object:
    """The value at "item" or "table.column" (a table's first row that has it)."""
    item, _, column = path.partition(".")
    value = answers.get(item)
    if not column:
        return value
    return next((row.get(column) for row in value or [] if isinstance(row, dict) and row.get(column)), None)


def answers_at(answers: dict, path: str) -> list:
    """Every non-empty value of a table column (or the item as a one-element list)."""
    item, _, column = path.partition(".")
    value = answers.get(item)
    if not column:
        return [value] if value not in (None, "", []) else []
    return [row.get(column) for row in value or [] if isinstance(row, dict) and row.get(column)]


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def event_date(instrument: str, activity_date: dt.date, answers: dict | None) -> dt.date:
    """The day the activity happened: the declared date (mentoring: the session), else the sheet's date."""
    role = role_of(instrument)
    if role is None or not role.date or answers is None:
        return activity_date
    return _as_date(answer_at(answers, role.date)) or activity_date


@dataclass(frozen=True)
class Rec:
    """A record as the report reads it."""

    id: int
    instrument: str
    posyandu: int
    kader: int | None
    day: dt.date  # event date
    round: str | None
    answers: dict


def records_between(puskesmas_ids: Iterable[int], posyandu_ids: list[int] | None, first: dt.date,
                    last: dt.date, only: list[str] | None = None) -> list[Rec]:
    """Live records (of the `only` instruments, if given) whose activity happened in [first, last] (entered
    whenever), by event date."""
    dated = ids_where(lambda r: bool(r.date))
    base = InstrumentRecord.select(InstrumentRecord.id, InstrumentRecord.instrument, InstrumentRecord.posyandu,
                                   InstrumentRecord.kader, InstrumentRecord.activity_date, InstrumentRecord.round,
                                   InstrumentRecord.answers).where(
        InstrumentRecord.puskesmas.in_(list(puskesmas_ids) or [0]), InstrumentRecord.deleted_at.is_null())
    if posyandu_ids is not None:
        base = base.where(InstrumentRecord.posyandu.in_(posyandu_ids or [0]))
    if only is not None:
        base = base.where(InstrumentRecord.instrument.in_(only or [""]))
    plain = base.where(InstrumentRecord.instrument.not_in(dated or [""]),
                       InstrumentRecord.activity_date.between(first, last))
    windowed = base.where(InstrumentRecord.instrument.in_(dated or [""]),
                          InstrumentRecord.activity_date.between(first - DATED_WINDOW, last + DATED_WINDOW))
    out = []
    for query in (plain, windowed):
        for rid, instrument, posyandu, kader, activity_date, round_, answers in rows(query.tuples()):
            day = event_date(instrument, activity_date, answers)
            if first <= day <= last:
                out.append(Rec(rid, instrument, posyandu, kader, day, round_, answers))
    return sorted(out, key=lambda r: (r.day, r.id))


def kader_in_force(posyandu_ids: list[int], day: dt.date) -> dict[int, tuple[str, int]]:
    """Kader registered by `day` and not yet inactive then: id -> (name, posyandu)."""
    out: dict[int, tuple[str, int]] = {}
    for start in range(0, len(posyandu_ids), CHUNK):
        query = Kader.select(Kader.id, Kader.name, Kader.posyandu).where(
            Kader.posyandu.in_(posyandu_ids[start:start + CHUNK]),
            Kader.registered_on.is_null() | (Kader.registered_on <= day),
            Kader.active | (Kader.inactive_since > day))
        out.update({k: (name, p) for k, name, p in rows(query.tuples())})
    return out


def posyandu_active_on(day: dt.date) -> peewee.Expression:
    """The condition on `Posyandu` that it was working on `day`: established by then (or no founding date) and
    not yet deactivated (a posyandu inactive since an unknown day counts in no period)."""
    return ((Posyandu.established.is_null() | (Posyandu.established <= day))
            & (Posyandu.active | (Posyandu.inactive_since > day)))


def posyandu_in_force(posyandu_ids: list[int], day: dt.date) -> dict[int, str]:
    """Posyandu working on `day` (`posyandu_active_on`): id -> name."""
    query = Posyandu.select(Posyandu.id, Posyandu.name).where(Posyandu.id.in_(posyandu_ids or [0]),
                                                              posyandu_active_on(day))
    return dict(rows(query.tuples()))


def supervisors_in_force(posyandu_ids: list[int], day: dt.date) -> dict[int, set[int]]:
    """Technical supervisors assigned on `day`: posyandu -> staff ids."""
    out: dict[int, set[int]] = {}
    query = TechnicalAssignment.select(TechnicalAssignment.posyandu, TechnicalAssignment.staff).where(
        TechnicalAssignment.posyandu.in_(posyandu_ids or [0]), TechnicalAssignment.since <= day,
        TechnicalAssignment.until.is_null() | (TechnicalAssignment.until > day))
    for posyandu, staff in rows(query.tuples()):
        out.setdefault(posyandu, set()).add(staff)
    return out


def trained_on(day: dt.date) -> peewee.Expression:
    """The condition on `Kader` that a kader counts as trained ("kader terlatih") on `day`: a training batch
    certified on or before it. A kader marked "sudah dilatih" with no certified batch on record (status typed in
    the kader dialog or imported without a date) counts as trained all along: the day is unknown, as with an
    undated registration. One rule for the report, the desa/posyandu scopes and the kabupaten roll-up."""
    certified_by = TrainingRecord.select(TrainingRecord.kader).where(TrainingRecord.certificate_date <= day)
    certified_ever = TrainingRecord.select(TrainingRecord.kader).where(TrainingRecord.certificate_date.is_null(False))
    return Kader.id.in_(certified_by) | ((Kader.training_status == "sudah") & Kader.id.not_in(certified_ever))


def trained_by(kader_ids: list[int], day: dt.date) -> set[int]:
    """Of these kader, the ones trained on `day` (`trained_on`)."""
    out: set[int] = set()
    for start in range(0, len(kader_ids), CHUNK):
        query = Kader.select(Kader.id).where(Kader.id.in_(kader_ids[start:start + CHUNK]), trained_on(day))
        out.update(k for (k,) in rows(query.tuples()))
    return out


def classification_on(kader_ids: list[int], day: dt.date) -> dict[int, str]:
    """Purwa/Madya/Utama as recorded by `day` (the newest assessment then; never computed)."""
    labels = dict(CLASSIFICATION_CHOICES)
    out: dict[int, tuple[dt.date, str]] = {}
    for start in range(0, len(kader_ids), CHUNK):
        chunk = kader_ids[start:start + CHUNK]
        for kader, level, on in rows(ClassificationAssessment.select(ClassificationAssessment.kader,
                                                                     ClassificationAssessment.level,
                                                                     ClassificationAssessment.assessed_on)
                                     .where(ClassificationAssessment.kader.in_(chunk),
                                            ClassificationAssessment.assessed_on <= day).tuples()):
            if kader not in out or on >= out[kader][0]:
                out[kader] = (on, level)
        for kader, level, on in rows(Kader.select(Kader.id, Kader.classification, Kader.classification_date)
                                     .where(Kader.id.in_(chunk), Kader.classification.is_null(False),
                                            Kader.classification_date <= day).tuples()):
            if kader not in out:
                out[kader] = (on, level)
    return {k: labels.get(level, level) for k, (_, level) in out.items()}


@dataclass(frozen=True)
class FollowUpFact:
    id: int
    posyandu: int
    kader: int | None
    opened: dt.date
    closed: dt.date | None  # None: still open (or closed on a day not recorded: see `closed_unknown`)
    closed_unknown: bool
    due: dt.date | None
    description: str
    owner: str
    found_again: bool = False  # ended on `closed` by a newer finding on the same skill, not resolved

    @property
    def resolved_on(self) -> dt.date | None:
        """The day it was done (closed on evidence or by hand); a finding made again was not done."""
        return None if self.found_again else self.closed

    def open_on(self, day: dt.date) -> bool:
        return self.opened <= day and not self.closed_unknown and (self.closed is None or self.closed > day)


@dataclass(frozen=True)
class _FollowUpRow:
    id: int
    posyandu_id: int
    kader_id: int | None
    status: str
    closed_on: dt.date | None
    due: dt.date | None
    description: str
    owner: str
    source_id: int
    instrument: str
    activity_date: dt.date


def follow_ups(puskesmas_ids: Iterable[int], posyandu_ids: list[int] | None) -> list[FollowUpFact]:
    """Every follow-up with the day its finding was made (the source record's activity) and the day it closed."""
    query = (FollowUp.select(FollowUp.id, FollowUp.posyandu, FollowUp.kader, FollowUp.status, FollowUp.closed_on,
                             FollowUp.due, FollowUp.description, FollowUp.owner, FollowUp.source,
                             InstrumentRecord.instrument, InstrumentRecord.activity_date)
             .join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
             .where(FollowUp.puskesmas.in_(list(puskesmas_ids) or [0]), InstrumentRecord.deleted_at.is_null()))
    if posyandu_ids is not None:
        query = query.where(FollowUp.posyandu.in_(posyandu_ids or [0]))
    found = [_FollowUpRow(*row) for row in rows(query.tuples())]
    dated = set(ids_where(lambda r: bool(r.date)))
    sources = list({f.source_id for f in found if f.instrument in dated})
    answers: dict[int, dict] = {}
    for start in range(0, len(sources), CHUNK):  # answers only where the declared date lives in them
        answers.update(rows(InstrumentRecord.select(InstrumentRecord.id, InstrumentRecord.answers)
                            .where(InstrumentRecord.id.in_(sources[start:start + CHUNK])).tuples()))
    out = []
    for f in found:
        opened = event_date(f.instrument, f.activity_date, answers.get(f.source_id))
        closed_unknown = f.status != "terbuka" and f.closed_on is None
        out.append(FollowUpFact(f.id, f.posyandu_id, f.kader_id, opened, f.closed_on, closed_unknown, f.due,
                                f.description, f.owner, f.status == FOUND_AGAIN))
    return out
