"""Checking a filled form against its definition, and pulling out the answers reports aggregate.

Answers are a plain dict: header and `fields` items by key (tables as a list of row dicts), `grid` items as
{item key: {column key: value}}, `skills` items by `skill_item_key(code)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.instruments.definition import Field, Instrument, Section

SkillEntry = tuple[str, str, str]  # (code, area, label) from the catalogue, in display order


@dataclass(frozen=True)
class AnswerRow:
    """One scale/choice answer, indexed so reports can aggregate it in SQL."""

    item: str
    value: str
    skill: str | None = None
    kader_id: int | None = None
    priority: bool = False


def skill_item_key(code: str) -> str:
    return f"K_{code}"


def skill_items(section: Section, skills: Iterable[SkillEntry]) -> list[tuple[str, list[Field]]]:
    """The statements of a `skills` section, grouped by area and numbered continuously."""
    groups: dict[str, list[Field]] = {}
    number = 0
    for code, area, label in skills:
        number += 1
        text = section.statement.format(label=label[:1].lower() + label[1:])
        groups.setdefault(area, []).append(
            Field(key=skill_item_key(code), label=text, type="scale", number=str(number), scale=section.scale,
                  skill=code)
        )
    return list(groups.items())


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _check_value(f: Field, value: object, where: str) -> str | None:
    """A message when a non-empty value does not fit the field."""
    if f.type in ("scale", "choice") and f.scale and value not in dict(f.scale.options):
        return f"{where}: jawaban '{value}' tidak ada dalam pilihan."
    if f.type == "multichoice" and f.scale and not set(value) <= set(dict(f.scale.options)):  # type: ignore[arg-type]
        return f"{where}: ada pilihan yang tidak dikenal."
    if f.type == "number":
        if not isinstance(value, int) or isinstance(value, bool):
            return f"{where}: harus berupa angka bulat."
        if (f.min is not None and value < f.min) or (f.max is not None and value > f.max):
            return f"{where}: {value} di luar rentang {f.min}–{f.max}."
    if f.type == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return f"{where}: tanggal '{value}' tidak sah."
    if f.type == "kaders":
        count = len(value)  # type: ignore[arg-type]
        if (f.min is not None and count < f.min) or (f.max is not None and count > f.max):
            return f"{where}: pilih {f.min}–{f.max} kader (terpilih {count})."
    return None


def _where(f: Field, section: Section | None) -> str:
    """How the paper names an item: "B.2 Label" in lettered sections ("B. ..."), else "2. Label"."""
    lettered = section is not None and section.title.startswith(f"{section.key}.")
    number = f"{section.key}.{f.number} " if lettered and f.number else (f"{f.number}. " if f.number else "")
    return f"{number}{f.label}".strip()


def validate(instrument: Instrument, answers: dict, skills: Iterable[SkillEntry] = ()) -> list[str]:
    """Indonesian messages for every missing required answer and every value that does not fit."""
    errors: list[str] = []

    def check(f: Field, value: object, section: Section | None) -> None:
        where = _where(f, section)
        if _empty(value):
            if f.required:
                errors.append(f"{where}: wajib diisi.")
            return
        if f.type == "table":
            for r, row in enumerate(value, start=1):  # type: ignore[arg-type]
                for c in f.columns:
                    cell = row.get(c.key)
                    label = f"{where}, baris {r}, kolom {f'({c.number}) ' if c.number else ''}{c.label}"
                    if _empty(cell):
                        if c.required:
                            errors.append(f"{label}: wajib diisi.")
                    elif message := _check_value(c, cell, label):
                        errors.append(message)
            return
        if message := _check_value(f, value, where):
            errors.append(message)

    for f in instrument.header:
        check(f, answers.get(f.key), None)
    for section in instrument.sections:
        if section.kind == "fields":
            for f in section.items:
                check(f, answers.get(f.key), section)
        elif section.kind == "grid":
            for item in section.items:
                cells = answers.get(item.key) or {}
                for c in section.columns:
                    if not _empty(cells.get(c.key)) and (m := _check_value(c, cells[c.key], _where(item, section))):
                        errors.append(f"{m[:-1]} (kolom {c.label}).")
        else:
            for _, items in skill_items(section, skills):
                for f in items:
                    check(f, answers.get(f.key), section)
    return errors


def answer_rows(instrument: Instrument, answers: dict, skills: Iterable[SkillEntry] = (),
                kader_id: int | None = None) -> list[AnswerRow]:
    """Every answered scale/choice item, with its skill and whether it is a finding (priority category)."""
    rows: list[AnswerRow] = []

    def add(key: str, f: Field, value: object) -> None:
        if f.type in ("scale", "choice") and f.scale and isinstance(value, str) and value:
            rows.append(AnswerRow(key, value, f.skill, kader_id, value in f.scale.priority))

    for section in instrument.sections:
        if section.kind == "fields":
            for f in section.items:
                add(f.key, f, answers.get(f.key))
        elif section.kind == "grid":
            for item in section.items:
                cells = answers.get(item.key) or {}
                for c in section.columns:
                    column = Field(c.key, c.label, c.type, scale=c.scale, skill=item.skill)
                    add(f"{item.key}.{c.key}", column, cells.get(c.key))
        else:
            for _, items in skill_items(section, skills):
                for f in items:
                    add(f.key, f, answers.get(f.key))
    return rows
