"""What an instrument definition holds, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

# Answer types an item, header field or table column may have.
VALUE_TYPES = {"text", "longtext", "number", "date", "time"}
CHOICE_TYPES = {"scale", "choice", "multichoice"}
PICKER_TYPES = {"kader", "kaders", "posyandu", "supervisor", "findings"}  # findings: open follow-up ids
# Filled in from another answer, never typed: "desa" is the desa/kelurahan of the chosen posyandu.
DERIVED_TYPES = {"desa"}
ANSWER_TYPES = VALUE_TYPES | CHOICE_TYPES | PICKER_TYPES | DERIVED_TYPES | {"table", "signature"}
SECTION_KINDS = {"fields", "grid", "skills"}
SUBJECTS = {"kader", "posyandu", "kelompok"}
# The part of the supervision cycle an instrument serves ([roles] step); code asks for a step, never an id.
SELF_ASSESSMENT = "self_assessment"
SERVICE_OBSERVATION = "service_observation"
INDIVIDUAL_OBSERVATION = "individual_observation"
MENTORING = "group_mentoring"
COACHING = "individual_coaching"
STEPS = (SELF_ASSESSMENT, SERVICE_OBSERVATION, INDIVIDUAL_OBSERVATION, MENTORING, COACHING)
ABOUT = {"kader", "posyandu"}  # what an observed skill item's finding is about
ATTENDANCE = ("hadir", "tidak_hadir", "izin")  # attendance by name: the keys of [roles.attendance]


@dataclass(frozen=True)
class Scale:
    """Ordered answer categories; `priority` codes mark a finding (temuan)."""

    key: str
    options: tuple[tuple[str, str], ...]
    priority: frozenset[str] = frozenset()

    def label(self, code: str) -> str:
        """The printed label of an option code (the code itself when unknown)."""
        return dict(self.options).get(code, code)


@dataclass(frozen=True)
class Field:
    """A header field, an item, or a column of a repeating table."""

    key: str
    label: str
    type: str
    number: str = ""
    required: bool = False
    help: str = ""
    scale: Scale | None = None  # for scale/choice/multichoice (choice options become an ad-hoc scale)
    skill: str | None = None
    min: int | None = None
    max: int | None = None
    columns: tuple[Field, ...] = ()  # for type "table"
    blank_rows: int = 0  # for type "table": empty rows on a blank print (0: the printer's default)
    # Print behaviour (declared, never keyed on ids): handwriting lines on a blank sheet (0: by type), a unit printed
    # after the answer, a date on which the recorded activity was held (a filled form is never signed before it),
    # a table printed as one labelled block per row, and a table a posyandu's active kader pre-fill ("kader").
    lines: int = 0
    unit: str = ""
    held_on: bool = False
    layout: str = "table"
    prefill: str = ""
    # Plausibility (the form and the Excel import check the same): a number outside usual_min..usual_max or a date
    # older than usual_days_ago days warns; a date more than max_days_ahead days after today is refused.
    usual_min: int | None = None
    usual_max: int | None = None
    max_days_ahead: int | None = None
    usual_days_ago: int | None = None
    about: str = ""  # items with a skill: the finding is about the record's "kader" or the "posyandu"


@dataclass(frozen=True)
class Section:
    """A numbered block of the paper form."""

    key: str
    title: str
    kind: str  # fields: one answer per item; grid: every item answers the same columns; skills: from catalogue
    items: tuple[Field, ...] = ()
    columns: tuple[Field, ...] = ()
    help: str = ""
    statement: str = ""  # skills sections: pattern of the first-person statement, e.g. "Saya {label}."
    scale: Scale | None = None  # skills sections
    rounds: str = ""  # skills sections: the header choice whose options are the answer columns (e.g. Awal/Akhir)
    required: bool = False  # at least one answer in the section, else the sheet is refused
    expected: bool = False  # at least one answer, else a warning (the form asks, the import lists)


@dataclass(frozen=True)
class Check:
    """A declared relation between number answers, e.g. SKDN "D1 >= D2 >= D3 >= D4" (S ≥ K ≥ D ≥ N).

    `level` "error" refuses the sheet; "warning" asks (form) or lists (import)."""

    keys: tuple[str, ...]
    op: str  # ">=" or "<=", between each key and the next
    level: str = "error"


CHECK_OPS = (">=", "<=")
CHECK_LEVELS = ("error", "warning")


COVERAGE_KINDS = {"posyandu_monthly", "kader_monthly", "posyandu_yearly", "kader"}


@dataclass(frozen=True)
class ReportRole:
    """How the supervision report reads an instrument's records (the `[report]` table of its TOML)."""

    label: str  # the activity row of the report
    coverage: str = ""  # posyandu_monthly | kader_monthly (max per posyandu per month) | posyandu_yearly | kader
    per_posyandu_month: int = 0  # kader_monthly: the reachable maximum of kader per posyandu per month
    per_year: int = 0  # posyandu_yearly: sessions per posyandu per year the guideline asks at least
    date: str = ""  # "table.column" or item holding the day the activity happened (default: tanggal)
    attendance: str = ""  # "table.column" of attendee names
    kaders: str = ""  # item holding the kader ids of the session
    topic: str = ""  # "table.column" or item
    minutes: str = ""  # "table.column" or item
    reason: str = ""  # item
    levels: dict[str, int] = field(default_factory=dict)  # skill answer -> 1 not yet, 2 learning, 3 right
    self_assessment: bool = False  # kader rate themselves (rounds Awal/Akhir): the period's skill recap
    competency: bool = False  # the supervisor's skill observation: competency status and trends
    support: bool = False  # a mentoring/coaching session: "improved after" reads these
    findings: bool = True  # priority answers count as findings of the report
    good: tuple[str, ...] = ()  # answers counted as good in the posyandu service trend


@dataclass(frozen=True)
class RtlTable:
    """A table whose rows are follow-up items (RTL): which columns say what, by when and who."""

    table: str
    what: str
    when: str = ""
    who: str = ""


@dataclass(frozen=True)
class Roles:
    """What an instrument is in the supervision cycle and which of its fields play which part ([roles])."""

    step: str  # one of STEPS
    activity: str  # the planned activity's name in the Jadwal
    short: str  # short name for the calendar
    hours: tuple[str, str]  # default planned hours
    posyandu: str = ""  # field key choosing the posyandu
    kader: str = ""  # field key choosing the kader (type kader or kaders)
    supervisor: str = ""  # field key choosing the supervisor
    date: str = "tanggal"
    round: str = ""  # choice field of the rounds (e.g. Awal/Akhir)
    rounds: tuple[str, ...] = ()  # round codes in order
    per_month: int = 0  # at most this many per posyandu per month (0: no rule)
    kader_per_month: int = 0  # at most this many kader per posyandu per month (0: no rule)
    findings: str = ""  # "kader"/"posyandu": items with a skill raise findings about them (default of item.about)
    attendance: dict[str, str] = field(default_factory=dict)  # ATTENDANCE code -> kaders field key
    answers_findings: str = ""  # "table.column" (or a field key) holding the open findings this record answers
    attendees: str = ""  # kaders field: who took part (each gets the RTL items)
    rtl: tuple[RtlTable, ...] = ()
    topic: str = ""  # "table.column" prefilled with the proposed topic (the skill's label)
    finding_text: str = ""  # "table.column" prefilled with the findings answered
    reason: str = ""  # field prefilled with why the plan proposes the activity
    minutes: str = ""  # "table.column" or field key of the duration in minutes
    minutes_range: tuple[int, int] | None = None  # the guideline's duration; outside it warns
    kader_count: tuple[int, int] | None = None  # kader per activity (min, max) when it names kader


@dataclass(frozen=True)
class Instrument:
    """One instrument: drives the entry form, the blank print and the filled print."""

    id: str
    title: str
    version: int
    filled_by: str
    subject: str
    intro: str
    header: tuple[Field, ...]
    sections: tuple[Section, ...]
    signatures: tuple[str, ...]
    scales: dict[str, Scale] = field(default_factory=dict)
    report: ReportRole | None = None
    signer_fields: dict[str, str] = field(default_factory=dict)  # signature role -> answer key naming the signer
    without_nip: frozenset[str] = frozenset()  # signature roles printed without a NIP line (kader, ketua posyandu)
    checks: tuple[Check, ...] = ()
    roles: Roles | None = None

    def all_fields(self) -> list[Field]:
        """Header fields and section items (not grid cells), in paper order."""
        return [*self.header, *(item for s in self.sections if s.kind == "fields" for item in s.items)]
