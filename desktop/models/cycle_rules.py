"""The supervisor's next step for each open finding and each kader's attendance, on plain data (no database).

One rule, used by the month plan, the due list, the priorities and Beranda:
- a kader's finding → re-observation of that kader in the coming month;
- the same skill found wanting for two or more kader of a posyandu (or a finding the supervisor marked for it) →
  mentoring on that skill for the posyandu;
- a kader found wanting again on a skill after a mentoring on it, or absent from the posyandu service at two
  consecutive monthly observations → coaching, with the reason;
- a posyandu-level finding (service observation) → looked at again at the next service observation.

And one rule for findings made again: a skill found wanting again for the same kader (or the same posyandu's
service) while the earlier finding is still open is one open finding, the newest; the earlier ones are "found
again" (`found_again`), not closed: only matching evidence closes a finding.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

REOBSERVE = "reobserve"
MENTOR = "mentor"
COACH = "coach"
SERVICE = "service"
MENTORING_MIN_KADER = 2  # the same skill wanting for this many kader of a posyandu calls for mentoring
ABSENT_MONTHS = 2  # absent at this many consecutive monthly service observations calls for coaching
ABSENT = "tidak_hadir"


@dataclass(frozen=True)
class OpenFinding:
    """An open finding as the rule sees it."""

    id: int
    posyandu_id: int
    kader_id: int | None  # None: about the posyandu's service
    skill: str
    found_on: dt.date
    mentored_on: dt.date | None = None  # this kader already had a mentoring (RTL) on this skill, on this day
    marked_for_mentoring: bool = False
    answered: bool = False  # a mentoring already linked it (its RTL waits for the re-observation)


def found_again(findings: Iterable[tuple[int, int, int | None, str, dt.date, bool]]) -> dict[int, int]:
    """Findings (id, posyandu, kader or None, skill, day found, resolved): each unresolved one that a later finding
    on the same skill of the same kader (or posyandu service) made again before anything resolved it -> that next
    finding (by day, then id). The unresolved ones not in the result are the open ones: one per skill at a time,
    and a finding is open exactly until the next, so a period never counts it twice."""
    chains: dict[tuple[int, int | None, str], list[tuple[dt.date, int, bool]]] = defaultdict(list)
    for fid, posyandu, kader, skill, day, resolved in findings:
        chains[(posyandu, kader, skill)].append((day, fid, resolved))
    out: dict[int, int] = {}
    for chain in chains.values():
        chain.sort()
        out.update((older, newer) for (_, older, resolved), (_, newer, _) in zip(chain, chain[1:], strict=False)
                   if not resolved)
    return out


@dataclass(frozen=True)
class Attendance:
    """A kader's attendance at one monthly service observation of her posyandu."""

    kader_id: int
    posyandu_id: int
    day: dt.date
    status: str  # hadir / tidak_hadir / izin


@dataclass(frozen=True)
class NextStep:
    """What the supervisor should do next, for whom, on which skills, and why."""

    action: str  # REOBSERVE, MENTOR, COACH, SERVICE
    posyandu_id: int
    kader_ids: tuple[int, ...] = ()
    skills: tuple[str, ...] = ()
    finding_ids: tuple[int, ...] = ()
    reason: str = ""
    since: dt.date | None = None  # the earliest finding or absence behind it
    extra: dict = field(default_factory=dict, compare=False)


def _months_apart(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def absent_streaks(attendance: Iterable[Attendance], coached: dict[int, dt.date] | None = None
                   ) -> dict[int, list[dt.date]]:
    """Kader whose latest ABSENT_MONTHS service observations (in consecutive months) all found them absent,
    with those days; a coaching held after the latest absence answers it."""
    coached = coached or {}
    by_kader: dict[int, list[Attendance]] = defaultdict(list)
    for a in attendance:
        by_kader[a.kader_id].append(a)
    out: dict[int, list[dt.date]] = {}
    for kader, rows in by_kader.items():
        monthly: dict[tuple[int, int], Attendance] = {}
        for a in sorted(rows, key=lambda a: a.day):
            monthly[(a.day.year, a.day.month)] = a  # the month's latest observation counts
        latest = sorted(monthly.values(), key=lambda a: a.day)[-ABSENT_MONTHS:]
        if len(latest) < ABSENT_MONTHS or any(a.status != ABSENT for a in latest):
            continue
        if any(_months_apart(x.day, y.day) != 1 for x, y in zip(latest, latest[1:], strict=False)):
            continue
        if kader in coached and coached[kader] >= latest[-1].day:
            continue
        out[kader] = [a.day for a in latest]
    return out


def next_steps(findings: Iterable[OpenFinding], attendance: Iterable[Attendance] = (),
               coached: dict[int, dt.date] | None = None, skill_labels: dict[str, str] | None = None,
               kader_names: dict[int, str] | None = None) -> list[NextStep]:
    """Every next step the open findings and attendance call for, posyandu by posyandu."""
    labels = skill_labels or {}
    who = kader_names or {}
    steps: list[NextStep] = []
    by_skill: dict[tuple[int, str], list[OpenFinding]] = defaultdict(list)
    posyandu_level: dict[int, list[OpenFinding]] = defaultdict(list)
    for f in findings:
        if f.kader_id is None:
            posyandu_level[f.posyandu_id].append(f)
        else:
            by_skill[(f.posyandu_id, f.skill)].append(f)
    for (posyandu, skill), group in sorted(by_skill.items()):
        again = [f for f in group if f.mentored_on is not None and f.found_on > f.mentored_on]
        for f in again:
            steps.append(NextStep(
                COACH, posyandu, (f.kader_id,), (skill,), (f.id,),  # type: ignore[arg-type]
                f"{who.get(f.kader_id, 'Kader')}: {labels.get(skill, skill)} ({skill}) kembali belum sesuai "  # type: ignore[arg-type]
                f"pada {f.found_on:%d/%m/%Y} setelah mentoring {f.mentored_on:%d/%m/%Y}.", f.found_on))
        rest = [f for f in group if f not in again and not f.answered]
        for f in group:
            if f.answered and f not in again:  # mentoring held: her re-observation is what remains
                steps.append(NextStep(
                    REOBSERVE, posyandu, (f.kader_id,), (skill,), (f.id,),  # type: ignore[arg-type]
                    f"{who.get(f.kader_id, 'Kader')}: temuan {labels.get(skill, skill)} ({skill}) "  # type: ignore
                    f"{f.found_on:%d/%m/%Y} sudah dibahas dalam mentoring; observasi ulang.", f.found_on))
        kader = sorted({f.kader_id for f in rest})  # type: ignore[type-var]
        if rest and (len(kader) >= MENTORING_MIN_KADER or any(f.marked_for_mentoring for f in rest)):
            steps.append(NextStep(
                MENTOR, posyandu, tuple(kader), (skill,), tuple(sorted(f.id for f in rest)),  # type: ignore[arg-type]
                f"{labels.get(skill, skill)} ({skill}) belum sesuai pada {len(kader)} kader"
                + (f" ({', '.join(who[k] for k in kader if k in who)})" if any(k in who for k in kader) else "")
                + "; mentoring pada keterampilan ini.", min(f.found_on for f in rest)))
            continue
        for f in rest:
            steps.append(NextStep(
                REOBSERVE, posyandu, (f.kader_id,), (skill,), (f.id,),  # type: ignore[arg-type]
                f"{who.get(f.kader_id, 'Kader')}: temuan {labels.get(skill, skill)} ({skill}) "  # type: ignore[arg-type]
                f"{f.found_on:%d/%m/%Y}; observasi ulang.", f.found_on))
    for posyandu, group in sorted(posyandu_level.items()):
        skills = tuple(sorted({f.skill for f in group}))
        steps.append(NextStep(
            SERVICE, posyandu, (), skills, tuple(sorted(f.id for f in group)),
            "Temuan layanan belum selesai: " + ", ".join(f"{labels.get(s, s)} ({s})" for s in skills)
            + "; lihat lagi pada observasi layanan berikutnya.", min(f.found_on for f in group)))
    attendance = list(attendance)
    home = {a.kader_id: a.posyandu_id for a in sorted(attendance, key=lambda a: a.day)}
    streaks: list[tuple[int, list[dt.date]]] = sorted(absent_streaks(attendance, coached).items())
    for absent, days in streaks:
        steps.append(NextStep(
            COACH, home[absent], (absent,), (), (),
            f"{who.get(absent, 'Kader')}: tidak hadir pada layanan Posyandu {ABSENT_MONTHS} bulan berturut-turut ("
            + ", ".join(f"{d:%d/%m/%Y}" for d in days) + ").", days[0], {"absent": days}))
    return steps
