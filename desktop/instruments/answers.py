"""Checking a filled form against its definition, and pulling out the answers reports aggregate.

Answers are a plain dict: header and `fields` items by key (tables as a list of row dicts), `grid` items as
{item key: {column key: value}}, `skills` items by `skill_item_key(code)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from desktop.instruments.definition import PICKER_TYPES, Check, Field, Instrument, Section

SkillEntry = tuple[str, str, str]  # (code, area, label) from the catalogue, in display order


@dataclass(frozen=True)
class AnswerRow:
    """One scale/choice answer, indexed so reports can aggregate it in SQL."""

    item: str
    value: str
    skill: str | None = None
    kader_id: int | None = None
    priority: bool = False


@dataclass(frozen=True)
class Finding:
    """An item answered in a priority category, named as on paper (e.g. "A.1 Pengukuran antropometri (Penilaian)")."""

    item: str
    where: str
    value: str
    value_label: str
    skill: str | None = None


def skill_item_key(code: str) -> str:
    """The answers key of a catalogue skill's statement."""
    return f"K_{code}"


def verb_phrase(label: str) -> str:
    """A skill label as the predicate of a first-person statement ("Edukasi ..." -> "melakukan edukasi ...")."""
    phrase = label[:1].lower() + label[1:]
    # Catalogue labels mostly start with an active verb (me-/ber-); bare nouns ("Edukasi", "Skrining") need one.
    return phrase if phrase.startswith(("me", "ber")) else f"melakukan {phrase}"


def skill_items(section: Section, skills: Iterable[SkillEntry]) -> list[tuple[str, list[Field]]]:
    """The statements of a `skills` section, grouped by area and numbered continuously."""
    groups: dict[str, list[Field]] = {}
    number = 0
    for code, area, label in skills:
        number += 1
        text = section.statement.format(label=verb_phrase(label))
        groups.setdefault(area, []).append(
            Field(key=skill_item_key(code), label=text, type="scale", number=str(number), scale=section.scale,
                  skill=code)
        )
    return list(groups.items())


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _range(f: Field) -> str:
    if f.min is not None and f.max is not None:
        return f"{f.min}–{f.max}"
    return f"minimal {f.min}" if f.min is not None else f"maksimal {f.max}"


def _outside(f: Field, n: int) -> bool:
    return (f.min is not None and n < f.min) or (f.max is not None and n > f.max)


def _day(value: object) -> str:
    """An ISO date as the paper writes it (dd/mm/yyyy)."""
    return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")


def _unusual(f: Field, value: object, where: str, today: dt.date | None) -> str | None:
    """A warning when a valid value is possible but unusual for this field (declared usual_* limits)."""
    if f.type == "number" and isinstance(value, int):
        low, high = f.usual_min, f.usual_max
        if (low is not None and value < low) or (high is not None and value > high):
            low, high = (f.min if low is None else low), (f.max if high is None else high)
            usual = f"{low}–{high}" if low is not None and high is not None else (
                f"minimal {low}" if low is not None else f"maksimal {high}")
            return f"{where}: {value} tidak biasa (biasanya {usual}); periksa lagi lembarnya."
    if f.type == "date" and f.usual_days_ago is not None and today is not None:
        day = dt.date.fromisoformat(str(value))
        if day < today - dt.timedelta(days=f.usual_days_ago):
            return f"{where}: {_day(value)} lebih dari {f.usual_days_ago} hari yang lalu; periksa tahunnya."
    return None


def _check_value(f: Field, value: object, where: str, today: dt.date | None = None) -> str | None:
    """A message when a non-empty value does not fit the field."""
    if f.type in ("scale", "choice") and f.scale and (not isinstance(value, str) or value not in dict(f.scale.options)):
        return f"{where}: jawaban '{value}' tidak ada dalam pilihan."
    if f.type == "multichoice" and f.scale:
        if not isinstance(value, list) or not set(value) <= set(dict(f.scale.options)):
            return f"{where}: ada pilihan yang tidak dikenal."
    if f.type in ("text", "longtext", "desa") and not isinstance(value, str):
        return f"{where}: harus berupa teks."
    if f.type == "number":
        if not isinstance(value, int) or isinstance(value, bool):
            return f"{where}: harus berupa angka bulat."
        if _outside(f, value):
            return f"{where}: {value} di luar rentang {_range(f)}."
    if f.type == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return f"{where}: tanggal '{value}' tidak sah."
        if f.max_days_ahead is not None and today is not None and day > today + dt.timedelta(days=f.max_days_ahead):
            later = "setelah hari ini" if not f.max_days_ahead else f"lebih dari {f.max_days_ahead} hari ke depan"
            return f"{where}: {_day(value)} belum terjadi ({later}); periksa tanggal di lembar."
    if f.type == "time":
        try:
            dt.time.fromisoformat(str(value))
        except ValueError:
            return f"{where}: jam '{value}' tidak sah (jj:mm)."
    if f.type == "kaders":
        if not isinstance(value, list):
            return f"{where}: harus berupa daftar kader."
        if _outside(f, len(value)):
            return f"{where}: pilih {_range(f)} kader (terpilih {len(value)})."
    if f.type == "findings" and not (isinstance(value, list) and all(isinstance(v, int) for v in value)):
        return f"{where}: harus berupa daftar nomor temuan."
    if f.type == "table" and not (isinstance(value, list) and all(isinstance(r, dict) for r in value)):
        return f"{where}: harus berupa daftar baris."
    return None


def _where(f: Field, section: Section | None) -> str:
    """How the paper names an item: "B.2 Label" in lettered sections ("B. ..."), else "2. Label"."""
    lettered = section is not None and section.title.startswith(f"{section.key}.")
    if section is not None and lettered and f.number:
        number = f"{section.key}.{f.number} "
    else:
        number = f"{f.number}. " if f.number else ""
    return f"{number}{f.label}".strip()


@dataclass(frozen=True)
class Checked:
    """What the plausibility rules say about a sheet: errors refuse it, warnings ask for a second look."""

    errors: list[str]
    warnings: list[str]


def check(instrument: Instrument, answers: dict, skills: Iterable[SkillEntry] = (),
          today: dt.date | None = None) -> Checked:
    """Every missing required answer, value that does not fit, empty required section and broken declared relation
    (errors), and every unusual value (warnings), as Indonesian messages naming the item as on paper.

    The entry form and the Excel import both call this, so a sheet gets the same messages either way. Rules about
    the calendar (a date after today, a date long ago) apply when `today` is given: the day the sheet is entered."""
    errors: list[str] = []
    warnings: list[str] = []

    def value_check(f: Field, value: object, where: str) -> None:
        if message := _check_value(f, value, where, today):
            errors.append(message)
        elif message := _unusual(f, value, where, today):
            warnings.append(message)

    def one(f: Field, value: object, section: Section | None) -> None:
        where = _where(f, section)
        if _empty(value):
            if f.required:
                errors.append(f"{where}: wajib diisi.")
            return
        if f.type == "table":
            if message := _check_value(f, value, where):
                errors.append(message)
                return
            table: list[dict[str, object]] = value  # type: ignore[assignment]  # checked by _check_value above
            for r, row in enumerate(table, start=1):
                for c in f.columns:
                    cell = row.get(c.key)
                    label = f"{where}, baris {r}, kolom {f'({c.number}) ' if c.number else ''}{c.label}"
                    if _empty(cell):
                        if c.required:
                            errors.append(f"{label}: wajib diisi.")
                    else:
                        value_check(c, cell, label)
            return
        value_check(f, value, where)

    for f in instrument.header:
        one(f, answers.get(f.key), None)
    places: dict[str, tuple[Field, Section | None]] = {f.key: (f, None) for f in instrument.header}
    for section in instrument.sections:
        answered = False
        if section.kind == "fields":
            for f in section.items:
                places[f.key] = (f, section)
                answered = answered or not _empty(answers.get(f.key))
                one(f, answers.get(f.key), section)
        elif section.kind == "grid":
            for item in section.items:
                cells = answers.get(item.key) or {}
                for c in section.columns:
                    if _empty(cells.get(c.key)):
                        continue
                    answered = True
                    if m := _check_value(c, cells[c.key], _where(item, section), today):
                        errors.append(f"{m[:-1]} (kolom {c.label}).")
                    elif m := _unusual(c, cells[c.key], _where(item, section), today):
                        warnings.append(f"{m[:-1]} (kolom {c.label}).")
        else:
            for _, items in skill_items(section, skills):
                for f in items:
                    answered = answered or not _empty(answers.get(f.key))
                    one(f, answers.get(f.key), section)
        if section.required and not answered:
            errors.append(f"Bagian {section.title}: belum ada jawaban; salin bagian ini dari lembar.")
        elif section.expected and not answered:
            warnings.append(f"Bagian {section.title}: belum ada jawaban; apakah di lembar memang kosong?")
    for rule in instrument.checks:
        broken = _relation(rule, answers, places)
        (errors if rule.level == "error" else warnings).extend(broken)
    return Checked(errors, warnings)


def _relation(rule: Check, answers: dict, places: dict[str, tuple[Field, Section | None]]) -> list[str]:
    """Messages for each answered pair of a declared chain (A >= B >= C) that breaks it."""
    given = [(key, answers[key]) for key in rule.keys if isinstance(answers.get(key), int)
             and not isinstance(answers.get(key), bool)]
    messages = []
    for j, (later, b) in enumerate(given):
        for earlier, a in given[:j]:
            if (a < b) if rule.op == ">=" else (a > b):
                word = "lebih besar" if rule.op == ">=" else "lebih kecil"
                verdict = "tidak mungkin" if rule.level == "error" else "periksa lagi lembarnya"
                messages.append(f"{_where(*places[later])}: {b} {word} dari {_where(*places[earlier])} ({a}); "
                                f"{verdict}.")
                break
    return messages


def table_name(instrument: Instrument, key: str) -> str:
    """How messages name a repeating-table item (the start of "<name>, baris 2, kolom ...")."""
    for section in instrument.sections:
        for f in section.items:
            if f.key == key:
                return _where(f, section)
    return key


def validate(instrument: Instrument, answers: dict, skills: Iterable[SkillEntry] = (),
             today: dt.date | None = None) -> list[str]:
    """Indonesian messages for everything that refuses the sheet (see check())."""
    return check(instrument, answers, skills, today).errors


_Layout = list[tuple[str, str, str | None, str, Field]]
_LAYOUTS: dict[tuple[int, tuple[SkillEntry, ...]], tuple[Instrument, _Layout]] = {}


def _layout(instrument: Instrument, skills: Iterable[SkillEntry]) -> _Layout:
    """(answers key, top-level key, grid column or None, paper name, field) of every item in paper order: built once
    per definition and catalogue (saving a record, indexing a bulk import and the reports all walk it)."""
    entries = tuple(skills)
    cache_key = (id(instrument), entries)
    hit = _LAYOUTS.get(cache_key)
    if hit is not None and hit[0] is instrument:
        return hit[1]
    out: _Layout = []
    for section in instrument.sections:
        if section.kind == "fields":
            out += [(f.key, f.key, None, _where(f, section), f) for f in section.items]
        elif section.kind == "grid":
            for item in section.items:
                out += [(f"{item.key}.{c.key}", item.key, c.key, f"{_where(item, section)} ({c.label})",
                         Field(c.key, c.label, c.type, scale=c.scale, skill=item.skill)) for c in section.columns]
        else:
            for _, items in skill_items(section, entries):
                out += [(f.key, f.key, None, _where(f, section), f) for f in items]
    if len(_LAYOUTS) > 64:  # a catalogue edited many times in one session
        _LAYOUTS.clear()
    _LAYOUTS[cache_key] = (instrument, out)
    return out


def _scored(instrument: Instrument, answers: dict,
            skills: Iterable[SkillEntry]) -> Iterator[tuple[str, str, Field, object]]:
    """(answers key, paper name, field, value) of every answered scale/choice item, in paper order."""
    for key, top, column, where, f in _layout(instrument, skills):
        value = answers.get(top)
        if column is not None:
            value = (value or {}).get(column)
        yield key, where, f, value


def _is_answer(f: Field, value: object) -> bool:
    return f.type in ("scale", "choice") and f.scale is not None and isinstance(value, str) and value != ""


def answer_rows(instrument: Instrument, answers: dict, skills: Iterable[SkillEntry] = (),
                kader_id: int | None = None) -> list[AnswerRow]:
    """Every answered scale/choice item, with its skill and whether it is a finding (priority category)."""
    return [AnswerRow(key, str(value), f.skill, kader_id, value in f.scale.priority)  # type: ignore[union-attr]
            for key, _, f, value in _scored(instrument, answers, skills) if _is_answer(f, value)]


def priority_findings(instrument: Instrument, answers: dict, skills: Iterable[SkillEntry] = ()) -> list[Finding]:
    """The items answered in a priority category (temuan), in paper order."""
    return [Finding(key, where, str(value), f.scale.label(str(value)), f.skill)  # type: ignore[union-attr]
            for key, where, f, value in _scored(instrument, answers, skills)
            if _is_answer(f, value) and value in f.scale.priority]  # type: ignore[union-attr]


def item_names(instrument: Instrument, skills: Iterable[SkillEntry] = ()) -> dict[str, str]:
    """Answers key -> the item's name as printed on paper, for every scale/choice item (reports use it)."""
    return {key: where for key, where, f, _ in _scored(instrument, {}, skills) if f.scale is not None}


def scored_items(instrument: Instrument, skills: Iterable[SkillEntry] = ()) -> dict[str, Field]:
    """Answers key -> the scale/choice field it is answered with (its options' labels print a result)."""
    return {key: f for key, _, f, _ in _scored(instrument, {}, skills) if f.scale is not None}


def map_picked_ids(instrument: Instrument, answers: dict, remap: Callable[[str, int], int]) -> dict:
    """The answers with every id a picker field holds (PICKER_TYPES: kader, kaders, posyandu, supervisor) passed
    through `remap(field type, id)`, wherever the definition puts such a field: header, `fields` items, columns of
    their tables, and `grid` columns. Other answers stay as they are."""

    def cells(columns: dict[str, Field], row: dict) -> dict:
        return {k: value(columns[k], v) if k in columns else v for k, v in row.items()}

    def value(f: Field, v: object) -> object:
        if f.type in PICKER_TYPES:
            if isinstance(v, list):
                return [remap(f.type, i) if isinstance(i, int) else i for i in v]
            return remap(f.type, v) if isinstance(v, int) and not isinstance(v, bool) else v
        if f.type == "table" and isinstance(v, list):
            columns = {c.key: c for c in f.columns}
            return [cells(columns, row) if isinstance(row, dict) else row for row in v]
        return v

    mapped = dict(answers)
    for f in instrument.all_fields():
        if f.key in mapped:
            mapped[f.key] = value(f, mapped[f.key])
    for section in instrument.sections:
        if section.kind == "grid":
            columns = {c.key: c for c in section.columns}
            for item in section.items:
                if isinstance(mapped.get(item.key), dict):
                    mapped[item.key] = cells(columns, mapped[item.key])
    return mapped
