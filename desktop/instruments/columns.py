"""The flat, one-row-per-respondent layout of an instrument, shared by the Excel template and its importer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.instruments.answers import SkillEntry, skill_items
from desktop.instruments.definition import Field, Instrument


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: where its value goes in the answers dict and how it reads."""

    key: str  # answers key
    sub: str | None  # grid column key, when the item is a grid row
    header: str  # with the paper numbering, e.g. "A.2 Penimbangan dan Pengukuran — Sesuai standar"
    field: Field


def flat_columns(inst: Instrument, skills: Iterable[SkillEntry]) -> tuple[list[Column], list[Field]]:
    """Every column in paper order, and the repeating-table items that a flat row cannot hold."""
    columns = [Column(f.key, None, f.label, f) for f in inst.header]
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
