"""Answers for any definition, built from its item types alone (no per-instrument knowledge)."""

from __future__ import annotations

from desktop.instruments.answers import SkillEntry, skill_items
from desktop.instruments.definition import Field, Instrument

LONG = ("Kader sudah menimbang dengan dacin yang dikalibrasi, tetapi belum membaca hasil pada grafik pertumbuhan "
        "di Buku KIA; perlu latihan lanjutan.")
NAMES = {"kader": "Siti Aminah Rahayu", "posyandu": "Melati 2", "supervisor": "Rina Marlina, Amd.Keb."}


def sample_value(f: Field, n: int = 0) -> object:
    """A valid answer for one field; `n` varies the chosen option."""
    if f.type in ("scale", "choice"):
        return f.scale.options[(n + 1) % len(f.scale.options)][0]
    if f.type == "multichoice":
        return [f.scale.options[0][0], f.scale.options[-1][0]]
    if f.type == "number":
        return (f.min or 0) + 7 if f.max is None or f.max >= (f.min or 0) + 7 else f.max
    if f.type == "date":
        return "2026-10-14"
    if f.type == "time":
        return "09:30"
    if f.type == "longtext":
        return LONG
    if f.type in NAMES:
        return NAMES[f.type]
    if f.type == "kaders":
        return ["Siti Aminah Rahayu", "Dewi Lestari"][: f.max or 2]
    if f.type == "findings":
        return [3, 5]
    if f.type == "signature":
        return ""
    if f.type == "table":
        return [{c.key: sample_value(c, r) for c in f.columns} for r in range(2)]
    return f"Isian {f.label.lower()}"


def sample_answers(inst: Instrument, skills: list[SkillEntry]) -> dict:
    """Every header field and item answered (for a skills section: the first round of a choice header)."""
    answers: dict = {f.key: sample_value(f, n) for n, f in enumerate(inst.header)}
    for section in inst.sections:
        if section.kind == "fields":
            answers |= {f.key: sample_value(f, n) for n, f in enumerate(section.items)}
        elif section.kind == "grid":
            for n, item in enumerate(section.items):
                answers[item.key] = {c.key: sample_value(c, n) for c in section.columns}
        else:
            for _, items in skill_items(section, skills):
                answers |= {f.key: sample_value(f, n) for n, f in enumerate(items)}
    return answers


def expected_ticks(inst: Instrument, answers: dict, skills: list[SkillEntry]) -> int:
    """How many boxes a filled print must tick for these answers."""
    def count(f: Field, value: object) -> int:
        if f.type in ("scale", "choice"):
            return int(bool(value))
        if f.type == "multichoice":
            return len(value or [])
        if f.type == "table":
            return sum(count(c, row.get(c.key)) for row in value or [] for c in f.columns)
        return 0

    rounds = {s.rounds for s in inst.sections if s.rounds}  # printed as one date per round, not as boxes
    total = sum(count(f, answers.get(f.key)) for f in inst.header if f.key not in rounds)
    for section in inst.sections:
        if section.kind == "fields":
            total += sum(count(f, answers.get(f.key)) for f in section.items)
        elif section.kind == "grid":
            cells = [(c, (answers.get(i.key) or {}).get(c.key)) for i in section.items for c in section.columns]
            total += sum(count(c, value) for c, value in cells)
        else:
            total += sum(count(f, answers.get(f.key)) for _, items in skill_items(section, skills) for f in items)
    return total
