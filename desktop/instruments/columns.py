"""The spreadsheet layout of an instrument, shared by the Excel template and its importer: one row per paper sheet
in "Data", and one sheet per repeating table whose rows point at their paper sheet by number."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.instruments.answers import SkillEntry, skill_items
from desktop.instruments.definition import Field, Instrument

SHEET_KEY, SHEET_LABEL = "_lembar", "No. lembar"
SHEET_FIELD = Field(SHEET_KEY, SHEET_LABEL, "number", min=1)
FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: where its value goes in the answers dict and how it reads."""

    key: str  # answers key (or a table column's key)
    sub: str | None  # grid column key, when the item is a grid row
    header: str  # with the paper numbering, e.g. "A.2 Penimbangan dan Pengukuran — Sesuai standar"
    field: Field

    @property
    def path(self) -> str:
        """The key written in the hidden key row."""
        return f"{self.key}.{self.sub}" if self.sub else self.key


def sheet_column() -> Column:
    """The "No. lembar" column that ties table rows to their paper sheet."""
    return Column(SHEET_KEY, None, SHEET_LABEL, SHEET_FIELD)


def flat_columns(inst: Instrument, skills: Iterable[SkillEntry]) -> tuple[list[Column], list[Field]]:
    """Every column of the Data sheet in paper order (after "No. lembar"), and the repeating-table items."""
    columns = [sheet_column(), *(Column(f.key, None, f.label, f) for f in inst.header)]
    tables: list[Field] = []
    for section in inst.sections:
        lettered = section.title.startswith(f"{section.key}.")
        prefix = f"{section.key}." if lettered else ""
        if section.kind == "grid":
            for item in section.items:
                for c in section.columns:
                    columns.append(Column(item.key, c.key, f"{prefix}{item.number} {item.label} — {c.label}", c))
        elif section.kind == "skills":
            for _, items in skill_items(section, skills):
                columns += [Column(f.key, None, f"{f.number}. [{f.skill}] {f.label}", f) for f in items]
        else:
            for f in section.items:
                if f.type == "table":
                    tables.append(f)
                else:
                    columns.append(Column(f.key, None, f"{prefix}{f.number} {f.label}".strip(), f))
    return columns, tables


def table_columns(table: Field) -> list[Column]:
    """The columns of a repeating table's sheet: "No. lembar", then the table's columns (not signatures)."""
    return [sheet_column(), *(Column(c.key, None, f"({c.number}) {c.label}" if c.number else c.label, c)
                              for c in table.columns if c.type != "signature")]


def table_sheet_name(table: Field) -> str:
    """The worksheet name of a repeating table (Excel allows 31 characters and no []:*?/\\)."""
    return table.label.translate(FORBIDDEN).strip()[:31]
