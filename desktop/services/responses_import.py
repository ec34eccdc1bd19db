"""Excel templates of the instruments, and importing filled ones back: all rows or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from desktop.instruments.columns import Column, flat_columns
from desktop.instruments.definition import Instrument
from desktop.models.db import DB
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.settings import current_puskesmas
from desktop.models.wilayah import Desa
from desktop.services.printing import current_skills
from desktop.services.records import save_answers

MAX_LISTED = 40
EARLIEST = dt.date(2000, 1, 1)  # supervision records: nothing before the programme could exist
LATEST_AHEAD = 366  # days after today a date may lie (a planned activity), not a typo's 2100


def _people() -> tuple[dict[str, Posyandu], list[Kader], dict[str, Staff]]:
    pkm = current_puskesmas()
    active = Posyandu.select().join(Desa).where(Desa.puskesmas == pkm, Posyandu.active)
    posyandu = {p.name.casefold(): p for p in active}
    kader = list(Kader.select().where(Kader.posyandu.in_([p.id for p in posyandu.values()]), Kader.active))
    staff = {s.name.casefold(): s for s in Staff.select().where(Staff.puskesmas == pkm, Staff.active)}
    return posyandu, kader, staff


def check_flat(inst: Instrument) -> None:
    """Refuse instruments whose required parts are repeating tables: one row per sheet cannot hold them."""
    _, tables = flat_columns(inst, [])
    required = [t.label for t in tables if t.required]
    if required:
        raise UserError(f"{inst.title} berisi tabel berulang wajib ({', '.join(required)}) yang tidak muat dalam "
                        "satu baris Excel; isi instrumen ini di aplikasi.")


def write_template(inst: Instrument, path: Path) -> Path:
    """The .xlsx template of one instrument, with this puskesmas's names in the dropdowns."""
    from desktop.reports.instrument_excel import write_template as write

    check_flat(inst)
    posyandu, kader, staff = _people()
    names = {"posyandu": sorted(p.name for p in posyandu.values()), "kader": sorted({k.name for k in kader}),
             "supervisor": sorted(s.name for s in staff.values())}
    return write(inst, path, current_skills(), names)


def _cell(col: Column, raw: object, row_posyandu: Posyandu | None, people) -> object:
    """Turn one cell into an answer value; raise ValueError with an Indonesian reason."""
    posyandu, kader, staff = people
    f = col.field
    text = str(raw).strip()
    if f.type in ("scale", "choice"):
        by_label = {label.casefold(): code for code, label in f.scale.options}
        codes = {code for code, _ in f.scale.options}
        if text.casefold() in by_label:
            return by_label[text.casefold()]
        if text in codes:
            return text
        raise ValueError(f"'{text}' bukan pilihan yang sah ({', '.join(label for _, label in f.scale.options)})")
    if f.type == "number":
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if isinstance(raw, int) or text.isdigit():
            return int(raw) if isinstance(raw, int) else int(text)
        raise ValueError(f"'{text}' bukan angka bulat")
    if f.type == "date":
        day = None
        if isinstance(raw, dt.datetime):
            day = raw.date()
        elif isinstance(raw, dt.date):
            day = raw
        else:
            for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
                try:
                    day = dt.datetime.strptime(text, fmt).date()
                    break
                except ValueError:
                    continue
        if day is None:
            raise ValueError(f"tanggal '{text[:30]}' tidak sah (tulis hh/bb/tttt)")
        first, last = EARLIEST, dt.date.today() + dt.timedelta(days=LATEST_AHEAD)
        if not first <= day <= last:
            raise ValueError(f"tanggal {day:%d/%m/%Y} di luar rentang yang masuk akal ({first:%d/%m/%Y} – "
                             f"{last:%d/%m/%Y})")
        return day.isoformat()
    if f.type == "posyandu":
        if text.casefold() not in posyandu:
            raise ValueError(f"posyandu '{text}' tidak dikenal")
        return posyandu[text.casefold()].id
    if f.type == "supervisor":
        found = staff.get(text.casefold())
        if found is None:
            raise ValueError(f"supervisor '{text}' tidak dikenal")
        return found.id
    if f.type == "multichoice":
        by_label = {label.casefold(): code for code, label in f.scale.options}
        chosen = [part.strip().casefold() for part in text.split(",") if part.strip()]
        unknown = [part for part in chosen if part not in by_label]
        if unknown:
            raise ValueError(f"pilihan tidak dikenal: {', '.join(unknown)}")
        return [by_label[part] for part in chosen]
    if f.type == "kaders":
        return [_cell(Column(col.key, None, col.header, replace(f, type="kader")), part, row_posyandu, people)
                for part in text.split(",") if part.strip()]
    if f.type == "kader":
        matches = [k for k in kader if k.name.casefold() == text.casefold()
                   and (row_posyandu is None or k.posyandu_id == row_posyandu.id)]
        if not matches:
            raise ValueError(f"kader '{text}' tidak dikenal{' di posyandu ini' if row_posyandu else ''}")
        return matches[0].id
    return text


def read_responses(inst: Instrument, path: Path) -> list[tuple[int, dict]]:
    """Every filled row as (row number, answers); UserError lists every problem found. The file (.xlsx, .ods or .xls
    re-saved from the template) goes through the same bounded reader as the roster."""
    from desktop.instruments.answers import validate
    from desktop.reports.instrument_excel import DATA_SHEET, FIRST_ROW, KEY_ROW, template_id
    from desktop.services.spreadsheet import open_workbook

    path = Path(path)
    book = open_workbook(path)
    if book.kind == "csv":
        raise UserError(f"Berkas {path.name} berupa CSV; jawaban instrumen diimpor dari templat Excel (.xlsx, .ods "
                        "atau .xls) yang dibuat dengan `template instrumen`.")
    subject = book.properties.get("subject", "")
    if subject and subject != template_id(inst):
        found = subject.split(":")[1] if subject.startswith("bina-kader:") else None
        raise UserError(f"Berkas {path.name} bukan templat {inst.title}"
                        + (f" (berkas ini templat '{found}')." if found else " dari Bina Kader."))
    if DATA_SHEET not in book.sheet_names:
        raise UserError(f"Berkas {path.name} tidak berisi lembar “{DATA_SHEET}” (yang ada: "
                        f"{', '.join(book.sheet_names)}); gunakan templat dari Bina Kader.")
    cells = book.rows(DATA_SHEET)
    columns, _ = flat_columns(inst, current_skills())
    keys = [str(v).strip() for v in cells[KEY_ROW - 1]] if len(cells) >= KEY_ROW else []
    position = {key: i for i, key in enumerate(keys) if key}
    missing = [c.header for c in columns if (f"{c.key}.{c.sub}" if c.sub else c.key) not in position]
    if missing and not subject:
        raise UserError(f"Berkas {path.name} bukan templat {inst.title} dari Bina Kader (baris kunci kolom "
                        "tidak ditemukan).")
    if missing:
        raise UserError(f"Kolom hilang di {path.name}: {', '.join(missing[:5])}. Gunakan templat terbaru.")
    people = _people()
    errors: list[str] = []
    rows: list[tuple[int, dict]] = []
    for index in range(FIRST_ROW - 1, len(cells)):
        line = cells[index]
        r = index + 1
        raw = {c: _value(line, position[f"{c.key}.{c.sub}" if c.sub else c.key]) for c in columns}
        if all(v in (None, "") for v in raw.values()):
            continue
        answers: dict = {}
        row_posyandu = None
        for col in sorted(columns, key=lambda c: c.field.type != "posyandu"):  # posyandu first: kader need it
            value = raw[col]
            if value in (None, ""):
                continue
            try:
                converted = _cell(col, value, row_posyandu, people)
            except ValueError as exc:
                errors.append(f"Baris {r}, kolom '{col.header}': {exc}.")
                continue
            if col.field.type == "posyandu":
                row_posyandu = Posyandu.get_by_id(converted)
            if col.sub:
                answers.setdefault(col.key, {})[col.sub] = converted
            else:
                answers[col.key] = converted
        errors += [f"Baris {r}: {message}" for message in validate(inst, answers, current_skills())]
        rows.append((r, answers))
    if errors:
        listed = "\n".join(errors[:MAX_LISTED])
        more = f"\n… dan {len(errors) - MAX_LISTED} masalah lain." if len(errors) > MAX_LISTED else ""
        raise UserError(f"Tidak ada yang disimpan: {len(errors)} masalah di {path.name}.\n{listed}{more}")
    if not rows:
        raise UserError(f"Berkas {path.name} tidak berisi baris jawaban (mulai baris {FIRST_ROW}).")
    return rows


def _value(line: list[object], index: int) -> object:
    """A cell as the reader gives it, with whole numbers as int (the reader returns 3.0 for a typed 3)."""
    value = line[index] if index < len(line) else ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def import_responses(inst: Instrument, path: Path) -> int:
    """Read and store every row of a filled template in one transaction; returns how many were saved."""
    check_flat(inst)
    rows = read_responses(inst, path)
    from desktop.models import audit

    with DB.atomic():
        for _, answers in rows:
            save_answers(inst, answers, origin="kertas")
        audit.record("impor", "instrument_record", "", detail=f"{len(rows)} lembar {inst.id} dari {path.name}"[:250])
    return len(rows)
