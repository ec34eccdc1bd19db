"""Excel template of an instrument: sheet "Data" has one row per paper sheet (one column per item, dropdowns for
scales); every repeating table (Mentoring Bagian A/B and attendance, Coaching RTL) has its own sheet with one row per
table row, tied to its paper sheet by the number in "No. lembar"."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from desktop.instruments.answers import SkillEntry
from desktop.instruments.columns import SHEET_KEY, SHEET_LABEL, Column, flat_columns, table_columns, table_sheet_name
from desktop.instruments.definition import Instrument
from desktop.reports.xlsx_cells import clean, save

DATA_SHEET = "Data"
ID_SHEET = "_bina_kader"  # hidden; A1 holds the template id (readable by every spreadsheet reader)
KEY_ROW, FIRST_ROW = 2, 3  # row 1: headings people read; row 2 (hidden): keys the importer reads
MAX_ROWS = 1000


def template_id(inst: Instrument) -> str:
    """What the importer checks to know the file belongs to this instrument."""
    return f"bina-kader:{inst.id}:v{inst.version}"


class _Lists:
    """The hidden sheet holding dropdown choices, one column per list."""

    def __init__(self, wb: Workbook) -> None:
        self.sheet = wb.create_sheet("Daftar")
        self.sheet.sheet_state = "hidden"
        self.used = 0

    def rule(self, options: list[str], strict: bool) -> DataValidation:
        self.used += 1
        letter = get_column_letter(self.used)
        for r, value in enumerate(options, start=1):
            self.sheet.cell(r, self.used, clean(value))
        rule = DataValidation(type="list", formula1=f"=Daftar!${letter}$1:${letter}${len(options)}",
                              allow_blank=True, showErrorMessage=strict)
        rule.error = "Pilih salah satu jawaban dari daftar."
        return rule


def _sheet(ws: Worksheet, columns: list[Column], lists: _Lists, pickers: dict[str, list[str]]) -> None:
    """Headings, hidden keys, widths, dropdowns and date formats of one sheet."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EFE6")
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(1, i, f"{col.header}{' *' if col.field.required else ''}")
        head.font, head.fill = bold, fill
        head.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(KEY_ROW, i, col.path)
        kind = col.field.type
        ws.column_dimensions[letter].width = 12 if col.key == SHEET_KEY else (
            14 if kind in ("scale", "choice", "number", "date") else 30 if kind == "longtext" else 24)
        options: list[str] = []
        if col.field.scale is not None and kind in ("scale", "choice"):
            options = [label for _, label in col.field.scale.options]
        elif kind == "kaders":
            head.value = f"{head.value} (pisahkan dengan koma)"
        elif kind in ("posyandu", "kader", "supervisor"):
            options = pickers.get(kind, [])
        if options:
            rule = lists.rule(options, strict=kind in ("scale", "choice"))
            ws.add_data_validation(rule)
            rule.add(f"{letter}{FIRST_ROW}:{letter}{MAX_ROWS}")
        if kind == "multichoice" and col.field.scale is not None:
            head.value = f"{head.value} ({', '.join(label for _, label in col.field.scale.options)}; pisahkan koma)"
        if kind == "date":
            for r in range(FIRST_ROW, MAX_ROWS + 1):
                ws.cell(r, i).number_format = "DD/MM/YYYY"
    ws.row_dimensions[1].height = 75
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.freeze_panes = ws.cell(FIRST_ROW, 2)


def write_template(inst: Instrument, path: Path, skills: Iterable[SkillEntry],
                   pickers: dict[str, list[str]]) -> Path:
    """Write the template; `pickers` lists the names allowed for posyandu/kader/supervisor columns."""
    columns, tables = flat_columns(inst, skills)
    wb = Workbook()
    wb.properties.subject = template_id(inst)
    ws = wb.active
    ws.title = DATA_SHEET
    lists = _Lists(wb)
    _sheet(ws, columns, lists, pickers)
    for table in tables:
        _sheet(wb.create_sheet(table_sheet_name(table)), table_columns(table), lists, pickers)
    marker = wb.create_sheet(ID_SHEET)
    marker["A1"] = template_id(inst)
    marker.sheet_state = "hidden"
    notes = wb.create_sheet("Petunjuk")
    lines = [inst.title, "", f"Isi satu baris untuk setiap lembar formulir, mulai baris {FIRST_ROW} pada lembar kerja "
             f"{DATA_SHEET}. Kolom '{SHEET_LABEL}' memberi nomor pada lembar itu (1, 2, 3, ...).",
             "Kolom bertanda * wajib diisi. Tanggal ditulis hh/bb/tttt. Nama posyandu, kader dan supervisor dipilih "
             "dari daftar.", "Jangan mengubah baris judul atau urutan kolom."]
    if tables:
        lines.append("Tabel berulang diisi di lembar kerjanya sendiri, satu baris untuk setiap baris tabel di kertas; "
                     f"kolom '{SHEET_LABEL}' menunjuk lembar di {DATA_SHEET}: "
                     + "; ".join(f"'{table_sheet_name(t)}' ({t.label})" for t in tables) + ".")
    for r, line in enumerate(lines, start=1):
        notes.cell(r, 1, line).font = Font(bold=True) if r == 1 else Font()
    notes.column_dimensions["A"].width = 120
    return save(wb, path)
