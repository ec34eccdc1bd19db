"""Excel templates of the instruments, and importing filled ones back: all sheets or none.

A workbook holds one row per paper sheet in "Data" and one worksheet per repeating table (Mentoring Bagian A/B and
attendance, Coaching RTL) whose rows name their paper sheet by number. .xlsx, .ods and .xls are read through one
reader. Every message is Indonesian and names the worksheet, row and column; the plausibility messages are those of
the entry form (both call instruments.answers.check)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.instruments.columns import SHEET_KEY, Column, flat_columns, table_columns, table_sheet_name
from desktop.instruments.definition import Instrument
from desktop.models.db import DB
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.settings import current_puskesmas
from desktop.models.wilayah import Desa
from desktop.services.printing import current_skills
from desktop.services.records import cycle_errors, save_answers, sheet_key

MAX_LISTED = 40
READABLE = (".xlsx", ".xlsm", ".ods", ".xls")
EARLIEST = dt.date(2000, 1, 1)  # supervision records: nothing before the programme could exist
LATEST_AHEAD = 366  # days after today a date may lie (a planned activity), not a typo's 2100


@dataclass
class Imported:
    """What an import stored, and the unusual values it saw (the form would have asked about them)."""

    count: int
    warnings: list[str] = field(default_factory=list)


def _people() -> tuple[dict[str, Posyandu], list[Kader], dict[str, Staff]]:
    pkm = current_puskesmas()
    active = Posyandu.select().join(Desa).where(Desa.puskesmas == pkm, Posyandu.active)
    posyandu = {p.name.casefold(): p for p in active}
    kader = list(Kader.select().where(Kader.posyandu.in_([p.id for p in posyandu.values()]), Kader.active))
    staff = {s.name.casefold(): s for s in Staff.select().where(Staff.puskesmas == pkm, Staff.active)}
    return posyandu, kader, staff


def write_template(inst: Instrument, path: Path) -> Path:
    """The .xlsx template of one instrument, with this puskesmas's names in the dropdowns."""
    from desktop.reports.instrument_excel import write_template as write

    posyandu, kader, staff = _people()
    names = {"posyandu": sorted(p.name for p in posyandu.values()), "kader": sorted({k.name for k in kader}),
             "supervisor": sorted(s.name for s in staff.values())}
    return write(inst, path, current_skills(), names)


def read_sheets(path: Path) -> dict[str, list[list]]:
    """Every worksheet of a spreadsheet file as rows of cell values (the one place that opens the file).

    Kept to one small function so the bounded reader of desktop/services/spreadsheet.py can take its place."""
    from python_calamine import CalamineWorkbook, PasswordError

    suffix = path.suffix.lower()
    if suffix == ".csv":
        raise UserError(f"Berkas {path.name} berformat CSV, yang hanya memuat satu lembar kerja. Templat instrumen "
                        "berisi beberapa lembar kerja: simpan berkasnya sebagai .xlsx, .ods atau .xls.")
    if suffix not in READABLE:
        raise UserError(f"Berkas {path.name} bukan lembar kerja yang dikenal (.xlsx, .ods atau .xls).")
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise UserError(f"Berkas {path.name} tidak dapat dibuka: {exc.strerror or exc}.") from exc
    if suffix in (".xlsx", ".xlsm") and head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError(f"Berkas {path.name} terkunci dengan kata sandi. Buka di Excel, hapus kata sandinya "
                        "(Berkas › Info › Proteksi), simpan, lalu impor lagi.")
    unreadable = UserError(f"Berkas {path.name} tidak dapat dibaca sebagai lembar kerja {suffix}: berkas rusak atau "
                           "bukan lembar kerja. Buka dan simpan ulang di Excel/LibreOffice.")
    try:
        book = CalamineWorkbook.from_path(str(path))
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    except PasswordError as exc:
        raise UserError(f"Berkas {path.name} terkunci dengan kata sandi. Buka di Excel atau LibreOffice, hapus kata "
                        "sandinya, simpan, lalu impor lagi.") from exc
    except Exception as exc:  # the reader raises many kinds for a damaged or mislabelled file
        raise unreadable from exc
    except BaseException as exc:  # a Rust panic (e.g. a date cell far outside the calendar) is not an Exception
        if isinstance(exc, KeyboardInterrupt | SystemExit) or suffix not in (".xlsx", ".xlsm"):
            raise
        return _read_with_openpyxl(path, unreadable)


def _read_with_openpyxl(path: Path, unreadable: UserError) -> dict[str, list[list]]:
    """The slower reader for the .xlsx files the fast one gives up on: the odd cell is then named by the import."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheets = {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    except Exception as exc:
        raise unreadable from exc
    for rows in sheets.values():  # same shape as the fast reader: from A1, every cell, '' when empty
        rows[:] = [["" if v is None else v for v in row] for row in rows]
    return sheets


def _template_of(path: Path, sheets: dict[str, list[list]]) -> str:
    """The template id stored in the workbook ("" when it is not one of ours)."""
    from desktop.reports.instrument_excel import ID_SHEET

    marker = sheets.get(ID_SHEET) or [[""]]
    if marker and marker[0] and str(marker[0][0]).startswith("bina-kader:"):
        return str(marker[0][0])
    if path.suffix.lower() == ".xlsx":  # templates made before the hidden id sheet kept the id in the properties
        import re
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                core = archive.read("docProps/core.xml").decode("utf-8", "replace")
        except (KeyError, OSError, zipfile.BadZipFile):
            return ""
        found = re.search(r"<dc:subject>([^<]*)</dc:subject>", core)
        return found.group(1) if found else ""
    return ""


def _cell(col: Column, raw: object, row_posyandu: Posyandu | None, people) -> object:
    """Turn one cell into an answer value; raise ValueError with an Indonesian reason."""
    posyandu, kader, staff = people
    f = col.field
    text = str(raw).strip()
    if f.type in ("scale", "choice") and f.scale is not None:  # the loader gives every choice type its scale
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
    if f.type == "multichoice" and f.scale is not None:
        by_label = {label.casefold(): code for code, label in f.scale.options}
        chosen = [part.strip().casefold() for part in text.split(",") if part.strip()]
        unknown = [part for part in chosen if part not in by_label]
        if unknown:
            raise ValueError(f"pilihan tidak dikenal: {', '.join(unknown)}")
        return [by_label[part] for part in chosen]
    if f.type == "findings":  # finding numbers as the follow-up list shows them: "#12, #15"
        parts = [part.strip().lstrip("#") for part in text.split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise ValueError(f"'{text}' bukan daftar nomor temuan (mis. #12, #15)")
        return [int(part) for part in parts]
    if f.type == "kaders":
        return [_cell(Column(col.key, None, col.header, replace(f, type="kader")), part, row_posyandu, people)
                for part in text.split(",") if part.strip()]
    if f.type == "kader":
        matches = [k for k in kader if k.name.casefold() == text.casefold()
                   and (row_posyandu is None or k.posyandu_id == row_posyandu.id)]
        if not matches:
            raise ValueError(f"kader '{text}' tidak dikenal{' di posyandu ini' if row_posyandu else ''}")
        return matches[0].id
    if isinstance(raw, float) and raw.is_integer():  # a number typed into a text column
        return str(int(raw))
    return text


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Sheet:
    """One worksheet of the template: its columns found by the hidden key row."""

    def __init__(self, name: str, rows: list[list], columns: list[Column], file: str) -> None:
        from desktop.reports.instrument_excel import FIRST_ROW, KEY_ROW

        self.name, self.rows, self.first = name, rows, FIRST_ROW
        keys = [str(k).strip() for k in (rows[KEY_ROW - 1] if len(rows) >= KEY_ROW else [])]
        position = {key: i for i, key in enumerate(keys) if key}
        missing = [c.header for c in columns if c.path not in position]
        if missing:
            raise UserError(f"Kolom hilang di lembar kerja '{name}' berkas {file}: {', '.join(missing[:5])}. "
                            "Gunakan templat terbaru.")
        self.columns = [(c, position[c.path]) for c in columns]

    def filled(self):
        """(Excel row number, {column: raw value}) of every row with something in it."""
        for r, row in enumerate(self.rows[self.first - 1:], start=self.first):
            raw = {c: (row[i] if i < len(row) else None) for c, i in self.columns}
            if not all(_empty(v) for v in raw.values()):
                yield r, raw

    def where(self, r: int, col: Column) -> str:
        return f"Lembar kerja '{self.name}', baris {r}, kolom '{col.header}'"


def _convert(sheet: _Sheet, r: int, raw: dict, people, errors: list[str]) -> dict:
    """The answers of one row (posyandu first: kader need it); bad cells become messages."""
    answers: dict = {}
    row_posyandu = None
    for col in sorted(raw, key=lambda c: c.field.type != "posyandu"):
        if col.key == SHEET_KEY or _empty(raw[col]):
            continue
        try:
            value = _cell(col, raw[col], row_posyandu, people)
        except ValueError as exc:
            errors.append(f"{sheet.where(r, col)}: {exc}.")
            continue
        if col.field.type == "posyandu":
            row_posyandu = Posyandu.get_by_id(value)
        if col.sub:
            answers.setdefault(col.key, {})[col.sub] = value
        else:
            answers[col.key] = value
    return answers


def _number(sheet: _Sheet, r: int, raw: dict, errors: list[str]) -> int | None:
    col = next(c for c in raw if c.key == SHEET_KEY)
    value = raw[col]
    if _empty(value):
        return None
    if isinstance(value, float) and value.is_integer() and value >= 1:
        return int(value)
    if isinstance(value, int) and value >= 1:
        return value
    if str(value).strip().isascii() and str(value).strip().isdigit() and int(str(value).strip()) >= 1:  # not "²"
        return int(str(value).strip())
    errors.append(f"{sheet.where(r, col)}: '{value}' bukan nomor lembar (1, 2, 3, ...).")
    return None


def _located(inst: Instrument, message: str, where: str, number: int | None,
             places: dict[str, list[tuple[str, int]]]) -> str:
    """A check() message (worded as the form shows it) after the worksheet and row it came from: a table row's own
    worksheet row when the message is about a table row, else the sheet's row in Data."""
    import re

    from desktop.instruments.answers import table_name

    for key, rows in places.items():
        found = re.match(re.escape(table_name(inst, key)) + r", baris (\d+), ", message)
        if found and int(found.group(1)) <= len(rows):
            name, row = rows[int(found.group(1)) - 1]
            return f"Lembar kerja '{name}', baris {row} (lembar {number}): {message}"
    return f"{where}: {message}"


def read_responses(inst: Instrument, path: Path,
                   today: dt.date | None = None) -> tuple[list[tuple[int, dict]], list[str]]:
    """Every filled sheet as (row in Data, answers) and the warnings; UserError lists every problem found."""
    from desktop.instruments.answers import check
    from desktop.reports.instrument_excel import DATA_SHEET, FIRST_ROW, template_id

    today = today or dt.date.today()
    sheets = read_sheets(path)
    found = _template_of(path, sheets)
    if found != template_id(inst):
        other = found.split(":")[1] if found.startswith("bina-kader:") else None
        raise UserError(f"Berkas {path.name} bukan templat {inst.title}"
                        + (f" (berkas ini templat '{other}')." if other else " dari Bina Kader."))
    skills = current_skills()
    columns, tables = flat_columns(inst, skills)
    if DATA_SHEET not in sheets:
        raise UserError(f"Lembar kerja '{DATA_SHEET}' tidak ada di {path.name}. Gunakan templat terbaru.")
    data = _Sheet(DATA_SHEET, sheets[DATA_SHEET], columns, path.name)
    people = _people()
    errors: list[str] = []
    warnings: list[str] = []
    rows: list[tuple[int, dict]] = []
    by_number: dict[int, tuple[int, dict]] = {}
    table_rows: dict[tuple[int, str], list[tuple[str, int]]] = {}  # (lembar, table) -> (worksheet, row) per row
    seen: dict[tuple, int] = {}  # one sheet per row: the same sheet twice in a file is refused too
    for r, raw in data.filled():
        number = _number(data, r, raw, errors)
        if number is None and tables and not any(e.startswith(data.where(r, columns[0])) for e in errors):
            errors.append(f"{data.where(r, columns[0])}: wajib diisi; baris tabel menunjuk lembar dengan nomor ini.")
        elif number is not None and number in by_number:
            errors.append(f"{data.where(r, columns[0])}: nomor lembar {number} sudah dipakai di baris "
                          f"{by_number[number][0]}.")
        answers = _convert(data, r, raw, people, errors)
        rows.append((r, answers))
        if number is not None and number not in by_number:
            by_number[number] = (r, answers)
    for table in tables:
        name = table_sheet_name(table)
        if name not in sheets:
            raise UserError(f"Lembar kerja '{name}' ({table.label}) tidak ada di {path.name}. Gunakan templat terbaru.")
        sheet = _Sheet(name, sheets[name], table_columns(table), path.name)
        for r, raw in sheet.filled():
            number = _number(sheet, r, raw, errors)
            if number is None:
                if not any(e.startswith(sheet.where(r, table_columns(table)[0])) for e in errors):
                    errors.append(f"{sheet.where(r, table_columns(table)[0])}: wajib diisi (nomor lembar di "
                                  f"'{DATA_SHEET}').")
                continue
            if number not in by_number:
                errors.append(f"{sheet.where(r, table_columns(table)[0])}: lembar {number} tidak ada di lembar kerja "
                              f"'{DATA_SHEET}'.")
                continue
            owner = by_number[number][1]
            row = _convert(sheet, r, raw, people, errors)
            owner.setdefault(table.key, []).append(row)
            table_rows.setdefault((number, table.key), []).append((name, r))
    for r, answers in rows:
        number = next((n for n, (row, _) in by_number.items() if row == r), None)
        where = f"Lembar kerja '{DATA_SHEET}', baris {r}" + (f" (lembar {number})" if number else "")

        result = check(inst, answers, skills, today)
        problems = list(result.errors)
        if not problems:  # the cycle's own refusals (future date, kader elsewhere, sheet already recorded)
            problems = cycle_errors(inst, answers, today=today)
            same = sheet_key(inst, answers)
            if same in seen:
                problems.append(f"lembar yang sama dengan baris {seen[same]} (instrumen, posyandu, kader, tanggal).")
            seen.setdefault(same, r)
        places = {key: rows_ for (n, key), rows_ in table_rows.items() if n == number}
        errors += [_located(inst, message, where, number, places) for message in problems]
        warnings += [_located(inst, message, where, number, places) for message in result.warnings]
    if errors:
        listed = "\n".join(errors[:MAX_LISTED])
        more = f"\n… dan {len(errors) - MAX_LISTED} masalah lain." if len(errors) > MAX_LISTED else ""
        raise UserError(f"Tidak ada yang disimpan: {len(errors)} masalah di {path.name}.\n{listed}{more}")
    if not rows:
        raise UserError(f"Berkas {path.name} tidak berisi baris jawaban (lembar kerja '{DATA_SHEET}', mulai baris "
                        f"{FIRST_ROW}).")
    return rows, warnings


def import_responses(inst: Instrument, path: Path, today: dt.date | None = None) -> Imported:
    """Read and store every sheet of a filled template in one transaction; unusual values are stored and listed."""
    from desktop.models import audit

    today = today or dt.date.today()
    rows, warnings = read_responses(inst, path, today)
    with DB.atomic():
        for _, answers in rows:
            save_answers(inst, answers, origin="kertas", entered_on=today, confirmed=True)
        audit.record("impor", "instrument_record", "", detail=f"{len(rows)} lembar {inst.id} dari {path.name}"[:250])
    return Imported(len(rows), warnings)
