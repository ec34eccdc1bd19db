"""Which posyandu to supervise first, by the guideline's rules (new posyandu, many new kader, untrained kader)
and, once records exist, low self-assessment and observation results — each posyandu with its reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from desktop.instruments.definition import INDIVIDUAL_OBSERVATION, SELF_ASSESSMENT, SERVICE_OBSERVATION
from desktop.instruments.loader import by_step
from desktop.models import cycle_rules
from desktop.models.db import rows
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.wilayah import Desa, Puskesmas

NEW_POSYANDU_DAYS = 365  # a posyandu established less than a year ago is "baru"
MANY_NEW_SHARE = 0.3  # "banyak kader baru": at least this share of active kader started this year ...
MANY_NEW_MIN = 2  # ... and at least this many
LOW_RESULT_SHARE = 0.4  # share of answers in a priority category (Belum Bisa/Sedang Belajar, not to standard)
RESULT_MONTHS = 6  # results of the last months count
RESULT_STEPS = (SELF_ASSESSMENT, SERVICE_OBSERVATION, INDIVIDUAL_OBSERVATION)  # whose answers count as results


@dataclass
class Priority:
    """A posyandu to supervise first, with every reason that applies (most reasons first)."""

    posyandu: Posyandu
    reasons: list[str]
    score: float


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _count(posyandu: Posyandu, alias: str) -> int:
    """A COUNT the query selected under `alias` (peewee sets it on the row's model; its stubs cannot know it)."""
    return int(getattr(posyandu, alias))


def priorities(puskesmas: Puskesmas, today: dt.date | None = None) -> list[Priority]:
    """Active posyandu with at least one reason, most urgent first (one aggregate query per rule); the cycle's
    next steps (coaching for a kader, mentoring on a skill) are reasons too."""
    from desktop.services import follow_up

    today = today or dt.date.today()
    urgent: dict[int, list[str]] = {}
    for step in follow_up.next_steps(puskesmas, upto=today):
        if step.action == cycle_rules.COACH:
            urgent.setdefault(step.posyandu_id, []).append(f"Usulan coaching — {step.reason}")
        elif step.action == cycle_rules.MENTOR:
            urgent.setdefault(step.posyandu_id, []).append(f"Usulan mentoring — {step.reason}")
    active = Kader.active == True  # noqa: E712 (peewee expression)
    posyandu = (Posyandu.select(
        Posyandu, Desa,
        peewee.fn.COUNT(Kader.id).filter(active).alias("kader_count"),  # not "kader": the backref's name
        peewee.fn.COUNT(Kader.id).filter(active & (Kader.start_year >= today.year)).alias("new"),
        peewee.fn.COUNT(Kader.id).filter(active & (Kader.training_status == "belum")).alias("untrained"),
    ).join(Desa).switch(Posyandu).join(Kader, peewee.JOIN.LEFT_OUTER)
        .where(Desa.puskesmas == puskesmas, Posyandu.active).group_by(Posyandu.id, Desa.id))
    since = today - dt.timedelta(days=RESULT_MONTHS * 30)
    result_instruments = [by_step(s).id for s in RESULT_STEPS]
    results: dict[int, tuple[int, int]] = {p: (total, low) for p, total, low in rows(
        InstrumentRecord.select(InstrumentRecord.posyandu, peewee.fn.COUNT(RecordAnswer.id),
                                peewee.fn.COUNT(RecordAnswer.id).filter(RecordAnswer.priority == True))  # noqa: E712
        .join(RecordAnswer)
        .where(InstrumentRecord.puskesmas == puskesmas, InstrumentRecord.deleted_at.is_null(),
               InstrumentRecord.activity_date >= since, InstrumentRecord.instrument.in_(result_instruments))
        .group_by(InstrumentRecord.posyandu).tuples())}
    out = []
    for p in posyandu:
        reasons: list[str] = []
        score = 0.0
        kader, new, untrained = _count(p, "kader_count"), _count(p, "new"), _count(p, "untrained")
        if p.established and (today - p.established).days < NEW_POSYANDU_DAYS:
            reasons.append(f"Posyandu baru (berdiri {p.established:%d/%m/%Y})")
            score += 3
        if new >= MANY_NEW_MIN and _share(new, kader) >= MANY_NEW_SHARE:
            reasons.append(f"Banyak kader baru: {new} dari {kader} kader mulai tahun {today.year}")
            score += 2 + _share(new, kader)
        if untrained:
            reasons.append(f"{untrained} dari {kader} kader belum pernah dilatih")
            score += 1 + _share(untrained, kader)
        total, low = results.get(p.id, (0, 0))
        if total and _share(low, total) >= LOW_RESULT_SHARE:
            reasons.append(f"Hasil penilaian/observasi rendah: {_share(low, total):.0%} jawaban "
                           f"'Belum Bisa/Sedang Belajar' atau belum sesuai standar ({RESULT_MONTHS} bulan terakhir)")
            score += 1 + _share(low, total)
        for reason in urgent.get(p.id, []):
            reasons.append(reason)
            score += 2
        if reasons:
            out.append(Priority(p, reasons, score))
    return sorted(out, key=lambda x: (-len(x.reasons), -x.score, x.posyandu.name))
