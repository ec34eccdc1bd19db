"""What an instrument definition holds, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

# Answer types an item, header field or table column may have.
VALUE_TYPES = {"text", "longtext", "number", "date", "time"}
CHOICE_TYPES = {"scale", "choice", "multichoice"}
PICKER_TYPES = {"kader", "kaders", "posyandu", "supervisor"}
# Filled in from another answer, never typed: "desa" is the desa/kelurahan of the chosen posyandu.
DERIVED_TYPES = {"desa"}
ANSWER_TYPES = VALUE_TYPES | CHOICE_TYPES | PICKER_TYPES | DERIVED_TYPES | {"table", "signature"}
SECTION_KINDS = {"fields", "grid", "skills"}
SUBJECTS = {"kader", "posyandu", "kelompok"}


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

    def all_fields(self) -> list[Field]:
        """Header fields and section items (not grid cells), in paper order."""
        return [*self.header, *(item for s in self.sections if s.kind == "fields" for item in s.items)]
