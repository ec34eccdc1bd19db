"""What the supervision report and the Rekap Kabupaten print: plain input types, filled by services, rendered by
monthly_pdf / monthly_excel / rollup_report (reports never import services)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KINDS = {"bulanan": "LAPORAN BULANAN", "triwulanan": "LAPORAN TRIWULAN", "tahunan": "LAPORAN TAHUNAN"}


def decimal(value: float, places: int = 1) -> str:
    """Indonesian decimal comma: 12.5 -> "12,5"."""
    return f"{value:.{places}f}".replace(".", ",")


def percent(part: int, whole: int) -> str:
    """"41%" (rounded, Indonesian), or "—" when there is nothing to divide by."""
    return f"{round(100 * part / whole)}%" if whole else "—"


def long_date(day: dt.date) -> str:
    months = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember")
    return f"{day.day} {months[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Heading:
    """Title block shared by every page and sheet."""

    kind: str  # bulanan, triwulanan, tahunan
    period_label: str  # "November 2026"
    first: dt.date
    last: dt.date
    scope_label: str  # "Wilayah kerja Puskesmas X", "Desa Y", ...
    issuer: str  # the puskesmas (or Dinas Kesehatan) that issues it
    generated: dt.date
    provisional: bool  # the period had not ended on `generated`

    @property
    def status(self) -> str:
        """"" for a finished period, else "sementara (per 1 Desember 2026)"."""
        return f"sementara (per {long_date(self.generated)})" if self.provisional else ""

    @property
    def as_of(self) -> dt.date:
        """The day the figures stand on: the period's last day, or the generation day of an unfinished period."""
        return min(self.last, self.generated)

    @property
    def as_of_text(self) -> str:
        return "akhir periode" if self.as_of == self.last else f"{self.as_of:%d/%m/%Y}"

    @property
    def period_text(self) -> str:
        return f"{self.period_label}, {self.status}" if self.provisional else self.period_label

    def footer(self, title: str) -> str:
        """Every PDF page's footer: title and period, and "SEMENTARA (per …)" while the period is unfinished."""
        footer = f"{title.title()} — {self.period_label}"
        return f"{footer} — SEMENTARA (per {self.generated:%d/%m/%Y})" if self.provisional else footer

    def provisional_note(self, document: str) -> str:
        """The line above the signatures of an unfinished period ("" once it has ended)."""
        return f"{document} sementara (per {self.generated:%d/%m/%Y}) — belum final." if self.provisional else ""


@dataclass(frozen=True)
class ActivityLine:
    """One instrument: plans in the period and what was recorded (a record counts as done, planned or not)."""

    label: str
    planned: int  # activities dated in the period (every status)
    done: int  # instrument records dated in the period
    unplanned: int  # of `done`, records no plan of the period led to
    postponed: int
    cancelled: int
    open: int  # planned, neither done, postponed nor cancelled


@dataclass(frozen=True)
class CoverageLine:
    """Reached against the guideline's target for the period."""

    what: str
    reached: int
    target: int
    rule: str  # how the target is counted


@dataclass(frozen=True)
class SkillRound:
    """Self-assessments of one round dated in the period: (code, label, belum bisa, sedang belajar, sudah bisa)."""

    round_label: str
    n: int  # kader who filled one in the period in this round
    rows: list[tuple[str, str, int, int, int]]


@dataclass(frozen=True)
class FollowUpLine:
    opened: dt.date
    due: dt.date | None
    posyandu: str
    kader: str
    description: str
    owner: str
    overdue: bool  # at the end of the period


@dataclass(frozen=True)
class SupportOutcome:
    """A skill seen below standard before a mentoring/coaching session, and the first observation after it."""

    session: str  # "Mentoring 20/11/2026"
    kader: str
    posyandu: str
    skill: str
    outcome: str  # membaik / belum membaik / belum diobservasi ulang


@dataclass(frozen=True)
class CompetencyLine:
    kader: str
    posyandu: str
    classification: str  # Purwa/Madya/Utama as recorded by the period's end, or "—"
    observed: int  # skills observed in the period
    below: int  # of them, below standard
    status: str


@dataclass(frozen=True)
class Trend:
    """One small multiple: a share per period (None: nothing observed), with the number of answers behind it."""

    title: str
    shares: list[float | None]
    counts: list[int]


@dataclass
class ReportData:
    """Every section of the supervision report, as of the end of its period."""

    heading: Heading
    activities: list[ActivityLine]
    coverage: list[CoverageLine]
    findings: list[tuple[str, str, int]]  # (instrument, item as on paper, times found)
    skill_rounds: list[SkillRound]
    awal_akhir: list[tuple[str, str, float, float]]  # (code, label, awal share Sudah Bisa, akhir share)
    awal_akhir_n: int  # kader with both rounds by the period's end
    mentoring: list[tuple[dt.date, str, str, int | None]]  # (session date, posyandu, topic, minutes)
    coaching: list[tuple[dt.date, str, str, str]]  # (date, posyandu, kader, reason)
    follow_up_counts: list[tuple[str, int]]  # (what, how many)
    follow_ups: list[FollowUpLine]  # open at the end of the period
    team_lines: list[str]
    sk: list[tuple[str, str, dt.date | None, str]]  # (desa, number, valid until, status at period end)
    trend_periods: list[str]
    skill_trends: list[Trend]
    posyandu_trends: list[Trend]
    support: list[SupportOutcome]
    competency: list[CompetencyLine]
    competency_rule: list[str]
    signers: list[tuple[str, str, str]] = field(default_factory=list)  # (role, name, NIP)

    @property
    def weakest(self) -> list[tuple[str, str, float, int, str]]:
        """Skills by share answering Belum Bisa or Sedang Belajar in the period: (code, label, share, n, round)."""
        rows = [(code, label, (low + mid) / (low + mid + high), low + mid + high, r.round_label)
                for r in self.skill_rounds for code, label, low, mid, high in r.rows if low + mid + high]
        return sorted(rows, key=lambda r: (-r[2], r[0]))

    @property
    def support_summary(self) -> list[tuple[str, int]]:
        counts = {o: 0 for o in ("membaik", "belum membaik", "belum diobservasi ulang")}
        for line in self.support:
            counts[line.outcome] += 1
        return list(counts.items())


TRAINED_RULE = ("Kader terlatih: kader aktif yang sertifikat pelatihannya bertanggal paling lambat akhir periode "
                "(pelatihan sesudah periode tidak dihitung); kader berstatus “Sudah dilatih” tanpa sertifikat "
                "bertanggal tercatat dihitung terlatih.")

ROLLUP_COLUMNS = ("Puskesmas", "Posyandu aktif", "Kader aktif", "Kader terlatih", "Supervisor teknis",
                  "Rasio (1:25–30)", "Kegiatan direncanakan", "Kegiatan terlaksana", "Posyandu diobservasi",
                  "Cakupan (%)", "Temuan prioritas", "Tindak lanjut terbuka", "Lewat tenggat")


@dataclass
class RollupLine:
    name: str
    posyandu: int = 0
    kader: int = 0
    trained: int = 0
    supervisors: int = 0
    planned: int = 0
    done: int = 0
    observed: int = 0
    findings: int = 0
    open_follow_ups: int = 0
    overdue: int = 0

    @property
    def ratio(self) -> str:
        """Technical supervisors to kader, as the guideline writes it (1:25–30)."""
        return f"1:{round(self.kader / self.supervisors)}" if self.supervisors else "—"

    @property
    def coverage(self) -> int | None:
        return round(100 * self.observed / self.posyandu) if self.posyandu else None

    def cells(self) -> list:
        return [self.name, self.posyandu, self.kader, self.trained, self.supervisors, self.ratio, self.planned,
                self.done, self.observed, self.coverage, self.findings, self.open_follow_ups, self.overdue]


@dataclass
class RollupData:
    heading: Heading
    kabupaten: str  # "Kabupaten Bekasi"
    lines: list[RollupLine] = field(default_factory=list)
    signer: tuple[str, str, str] = ("", "", "")  # (position, name, NIP)
    dinkes_address: str = ""

    @property
    def total(self) -> RollupLine:
        total = RollupLine("Jumlah kabupaten")
        for attr in ("posyandu", "kader", "trained", "supervisors", "planned", "done", "observed", "findings",
                     "open_follow_ups", "overdue"):
            setattr(total, attr, sum(getattr(line, attr) for line in self.lines))
        return total
