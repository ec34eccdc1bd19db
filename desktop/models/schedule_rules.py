"""Guideline rules for the supervision schedule, on plain data (no database): frequencies, limits and the
conflicts flagged before a plan or an activity is saved."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MAX_INDIVIDUAL_KADER = 3  # individual observation: kader per posyandu per month (default of pick_individual)
MENTORING_MIN_PER_YEAR = 3  # ideally monthly, at least 3–4 times a year per posyandu
MENTORING_GAP_MONTHS = 3  # propose mentoring when none happened in this many months (keeps >= 4 a year)
SUPERVISOR_MONTHLY_CAPACITY = 12  # activities one supervisor can carry in a month (about 3 a week)
CANCELLED = "batal"


@dataclass(frozen=True)
class Slot:
    """An activity as the rules see it (planned or already saved)."""

    kind: str
    date: dt.date
    start: str
    end: str
    posyandu_id: int
    staff_ids: tuple[int, ...] = ()
    kader_ids: tuple[int, ...] = ()
    status: str = "rencana"
    key: object = None  # the saved activity's id, or a plan row's index


@dataclass(frozen=True)
class KindLimits:
    """What the guideline allows of one kind of activity (from its instrument's [roles])."""

    label: str
    per_month: int = 0  # per posyandu per month (0: no rule)
    kader_per_month: int = 0  # kader per posyandu per month (0: no rule)


@dataclass(frozen=True)
class Conflict:
    message: str
    keys: tuple[object, ...] = field(default=())


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' -> (2026, 11); ValueError with an Indonesian message otherwise."""
    try:
        year, month = (int(part) for part in text.split("-"))
        dt.date(year, month, 1)
    except ValueError:
        raise ValueError(f"Bulan '{text}' tidak sah; tulis seperti 2026-11.") from None
    return year, month


def service_date(year: int, month: int, service_day: int | None) -> dt.date:
    """The posyandu's opening day in that month (day 1–28; unknown: the 10th)."""
    return dt.date(year, month, min(service_day or 10, calendar.monthrange(year, month)[1]))


def _overlap(a: Slot, b: Slot) -> bool:
    return a.date == b.date and a.start < b.end and b.start < a.end


def conflicts(slots: Sequence[Slot], names: dict[str, dict[int, str]] | None = None,
              capacity: int = SUPERVISOR_MONTHLY_CAPACITY, limits: dict[str, KindLimits] | None = None
              ) -> list[Conflict]:
    """Every rule a set of activities breaks (cancelled ones ignored); `names` maps ids to names per kind of
    thing ("staff", "posyandu", "kader") for the messages; `limits` the monthly limits per kind."""
    limits = limits or {}
    names = names or {}
    staff_name = names.get("staff", {})
    posyandu_name = names.get("posyandu", {})
    kader_name = names.get("kader", {})
    live = [s for s in slots if s.status != CANCELLED]
    out: list[Conflict] = []
    for i, a in enumerate(live):
        for b in live[i + 1:]:
            for staff in set(a.staff_ids) & set(b.staff_ids):
                if _overlap(a, b):
                    out.append(Conflict(
                        f"{staff_name.get(staff, staff)} dijadwalkan di dua tempat pada {a.date:%d/%m/%Y} "
                        f"({a.start}–{a.end} dan {b.start}–{b.end}).", (a.key, b.key)))
    per_month: dict[tuple[int, int, int], list[Slot]] = defaultdict(list)
    for s in live:
        for staff in s.staff_ids:
            per_month[(staff, s.date.year, s.date.month)].append(s)
    for (staff, year, month), items in per_month.items():
        if len(items) > capacity:
            out.append(Conflict(f"{staff_name.get(staff, staff)} mendapat {len(items)} kegiatan pada "
                                f"{month:02d}/{year}, melebihi kapasitas {capacity} per bulan.",
                                tuple(s.key for s in items)))
    repeat: dict[tuple[int, str, int, int], list[Slot]] = defaultdict(list)
    individual: dict[tuple[int, str, int, int], list[Slot]] = defaultdict(list)
    for s in live:
        rule = limits.get(s.kind)
        if rule and rule.per_month:
            repeat[(s.posyandu_id, s.kind, s.date.year, s.date.month)].append(s)
        if rule and rule.kader_per_month:
            individual[(s.posyandu_id, s.kind, s.date.year, s.date.month)].append(s)
    for (posyandu, kind, year, month), items in repeat.items():
        if len(items) > limits[kind].per_month:
            out.append(Conflict(f"Posyandu {posyandu_name.get(posyandu, posyandu)} mendapat {len(items)} kali "
                                f"{limits[kind].label.lower()} pada {month:02d}/{year}; cukup "
                                f"{'sekali' if limits[kind].per_month == 1 else f'{limits[kind].per_month} kali'} "
                                "sebulan.", tuple(s.key for s in items)))
    for (posyandu, kind, year, month), items in individual.items():
        kader = {k for s in items for k in s.kader_ids}
        if len(kader) > limits[kind].kader_per_month:
            listed = ", ".join(sorted(str(kader_name.get(k, k)) for k in kader))
            out.append(Conflict(f"Posyandu {posyandu_name.get(posyandu, posyandu)}: {len(kader)} kader "
                                f"({limits[kind].label.lower()}) pada {month:02d}/{year} ({listed}); paling banyak "
                                f"{limits[kind].kader_per_month} kader per bulan.", tuple(s.key for s in items)))
    return out


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from `earlier` to `later` (same month: 0)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def mentoring_due(last: dt.date | None, month_start: dt.date) -> bool:
    """Mentoring is due when none took place in the last MENTORING_GAP_MONTHS months before this month."""
    return last is None or months_between(last, month_start) >= MENTORING_GAP_MONTHS


def pick_individual(candidates: Iterable[tuple[int, float]], already: int) -> list[int]:
    """Kader ids for individual observation this month: highest need first, up to the monthly limit."""
    room = max(0, MAX_INDIVIDUAL_KADER - already)
    return [k for k, _ in sorted(candidates, key=lambda c: (-c[1], c[0]))][:room]
