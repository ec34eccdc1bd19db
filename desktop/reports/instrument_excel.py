"""Excel template of an instrument: one row per respondent, one column per item, dropdowns for scales."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from desktop.instruments.answers import SkillEntry
from desktop.instruments.columns import flat_columns
from desktop.instruments.definition import Instrument
from desktop.reports.xlsx_cells import clean, save

DATA_SHEET = "Data"
KEY_ROW, FIRST_ROW = 2, 3  # row 1: headings people read; row 2 (hidden): keys the importer reads
MAX_ROWS = 1000


def template_id(inst: Instrument) -> str:
    """What the importer checks to know the file belongs to this instrument."""
    return f"bina-kader:{inst.id}:v{inst.version}"


def write_template(inst: Instrument, path: Path, skills: Iterable[SkillEntry],
                   pickers: dict[str, list[str]]) -> Path:
    """Write the template; `pickers` lists the names allowed for posyandu/kader/supervisor columns."""
    columns, tables = flat_columns(inst, skills)
    wb = Workbook()
    wb.properties.subject = template_id(inst)
    ws = wb.active
    ws.title = DATA_SHEET
    lists = wb.create_sheet("Daftar")
    lists.sheet_state = "hidden"
    list_col = 0
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EFE6")
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(1, i, f"{col.header}{' *' if col.field.required else ''}")
        head.font, head.fill = bold, fill
        head.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(KEY_ROW, i, f"{col.key}.{col.sub}" if col.sub else col.key)
        ws.column_dimensions[letter].width = 14 if col.field.type in ("scale", "choice", "number", "date") else 24
        options: list[str] = []
        if col.field.scale is not None and col.field.type in ("scale", "choice"):
            options = [label for _, label in col.field.scale.options]
        elif col.field.type == "kaders":
            head.value = f"{head.value} (pisahkan dengan koma)"
        elif col.field.type in ("posyandu", "kader", "supervisor"):
            options = pickers.get(col.field.type, [])
        if options:
            list_col += 1
            list_letter = get_column_letter(list_col)
            for r, value in enumerate(options, start=1):
                lists.cell(r, list_col, clean(value))
            rule = DataValidation(type="list", formula1=f"=Daftar!${list_letter}$1:${list_letter}${len(options)}",
                                  allow_blank=True, showErrorMessage=col.field.type in ("scale", "choice"))
            rule.error = "Pilih salah satu jawaban dari daftar."
            ws.add_data_validation(rule)
            rule.add(f"{letter}{FIRST_ROW}:{letter}{MAX_ROWS}")
        if col.field.type == "multichoice" and col.field.scale is not None:
            head.value = f"{head.value} ({', '.join(label for _, label in col.field.scale.options)}; pisahkan koma)"
        if col.field.type == "date":
            for r in range(FIRST_ROW, MAX_ROWS + 1):
                ws.cell(r, i).number_format = "DD/MM/YYYY"
    ws.row_dimensions[1].height = 75
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    notes = wb.create_sheet("Petunjuk")
    lines = [inst.title, "", "Isi satu baris untuk setiap lembar formulir, mulai baris 3 pada lembar Data.",
             "Kolom bertanda * wajib diisi. Tanggal ditulis hh/bb/tttt. Nama posyandu, kader dan supervisor dipilih "
             "dari daftar.", "Jangan mengubah baris judul atau urutan kolom."]
    if tables:
        lines.append("Bagian berikut berupa tabel berulang dan diisi di aplikasi, bukan di berkas ini: "
                     + "; ".join(t.label for t in tables) + ".")
    for r, line in enumerate(lines, start=1):
        notes.cell(r, 1, line).font = bold if r == 1 else Font()
    notes.column_dimensions["A"].width = 120
    return save(wb, path)
