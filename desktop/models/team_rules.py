"""Guideline rules for supervisor teams, as plain functions (no database): the 1:25–30 ratio, a supervisor's
load, the informal limit of 7 posyandu per bidan desa, and the status of an SK."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

RATIO_LOW, RATIO_HIGH = 25, 30  # kader per supervisor teknis (guideline: about 1:25–30)
BIDAN_MAX_POSYANDU = 7  # informal instruction: a bidan desa holds at most 7 posyandu
SK_WARN_DAYS = 30  # an SK ending within this many days is flagged


@dataclass(frozen=True)
class Ratio:
    """Kader against technical supervisors, with the supervisors the guideline asks for."""

    kader: int
    supervisors: int

    @property
    def needed_at_high(self) -> int:
        """At least this many supervisors, each with 30 kader."""
        return math.ceil(self.kader / RATIO_HIGH)

    @property
    def needed_at_low(self) -> int:
        """This many supervisors give each 25 kader."""
        return math.ceil(self.kader / RATIO_LOW)

    @property
    def shortfall(self) -> int:
        """Supervisors missing to reach 30 kader each (0 when enough)."""
        return max(0, self.needed_at_high - self.supervisors)

    @property
    def per_supervisor(self) -> float | None:
        return self.kader / self.supervisors if self.supervisors else None

    def message(self) -> str:
        """One Indonesian sentence: the current ratio and the shortfall, if any."""
        need = (f"{self.kader} kader membutuhkan sedikitnya {self.needed_at_high} supervisor teknis "
                f"({RATIO_HIGH} kader per supervisor), idealnya {self.needed_at_low} ({RATIO_LOW} per supervisor)")
        if self.kader == 0:
            return "Belum ada kader aktif."
        if self.supervisors == 0:
            return f"Belum ada supervisor teknis yang ditugaskan: {need}."
        now = f"Saat ini {self.supervisors} supervisor, 1 : {self.per_supervisor:.0f}"
        if self.shortfall:
            return f"{need}. {now} — kurang {self.shortfall} supervisor."
        return (f"{self.kader} kader dan {self.supervisors} supervisor teknis (1 : {self.per_supervisor:.0f}) — "
                f"cukup menurut pedoman (paling banyak {RATIO_HIGH} kader per supervisor).")


def shared_load(kader_by_posyandu: dict[int, int], supervisors_by_posyandu: dict[int, int],
                posyandu_ids: list[int]) -> float:
    """A supervisor's kader: each assigned posyandu's active kader shared equally among its supervisors."""
    return sum(kader_by_posyandu.get(p, 0) / max(supervisors_by_posyandu.get(p, 1), 1) for p in posyandu_ids)


def over_capacity(load: float) -> bool:
    """More kader than the guideline's 30 per supervisor."""
    return round(load) > RATIO_HIGH


def sk_status(valid_until: dt.date | None, today: dt.date, valid_from: dt.date | None = None) -> str:
    """'berlaku', 'segera_berakhir' (within SK_WARN_DAYS), 'kedaluwarsa', or 'belum_berlaku'."""
    if valid_from is not None and valid_from > today:
        return "belum_berlaku"
    if valid_until is None:
        return "berlaku"
    if valid_until < today:
        return "kedaluwarsa"
    return "segera_berakhir" if (valid_until - today).days <= SK_WARN_DAYS else "berlaku"


SK_STATUS_LABELS = {
    "berlaku": "Berlaku",
    "segera_berakhir": "Segera berakhir",
    "kedaluwarsa": "Kedaluwarsa",
    "belum_berlaku": "Belum berlaku",
    "tidak_ada": "Belum ada SK",
}
