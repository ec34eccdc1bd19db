"""The kader roster as a clean .xlsx that re-imports losslessly, and a blank template with dropdowns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

HEADERS = ("Nama Kader", "NIK", "No. HP/WA", "Jenis Kelamin", "Tanggal Lahir", "Nama Posyandu", "Desa/Kel",
           "Tahun Mulai", "Status Pelatihan")
WIDTHS = (28, 20, 16, 14, 14, 22, 20, 12, 16)
TRAINING_LABELS = {"belum": "Belum", "sedang": "Sedang", "sudah": "Sudah"}


def _sheet(book, title: str):
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.active
    sheet.title = title
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="E8EFE6")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def write_roster(out: Path, rows: Sequence[tuple]) -> Path:
    """Rows in HEADERS order; NIK and phone as text (Excel would drop digits), dates as real dates."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = _sheet(book, "Kader")
    for row in rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows(min_row=2):
        for column in (1, 2):  # NIK, No. HP/WA
            cells[column].number_format = "@"
        cells[4].number_format = "DD/MM/YYYY"
    book.save(out)
    return out


def write_template(out: Path, posyandu: Sequence[str], blank_rows: int = 200) -> Path:
    """Headers, text format for NIK/phone, and dropdowns for sex, training and the puskesmas' posyandu."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = _sheet(book, "Kader")
    lists = book.create_sheet("Pilihan")
    for n, name in enumerate(posyandu, start=1):
        lists.cell(n, 1, name)
    lists.sheet_state = "hidden"
    last = blank_rows + 1
    rules = [("D", '"L,P"', "Jenis kelamin", "Pilih L atau P."),
             ("I", '"Belum,Sedang,Sudah"', "Status pelatihan", "Pilih Belum, Sedang, atau Sudah."),
             ("F", f"Pilihan!$A$1:$A${max(len(posyandu), 1)}", "Nama posyandu", "Pilih posyandu dari daftar.")]
    for column, formula, title, message in rules:
        rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                              errorTitle=title, error=message)
        rule.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(rule)
    for row in range(2, last + 1):
        for column in ("B", "C"):
            sheet[f"{column}{row}"].number_format = "@"
        sheet[f"E{row}"].number_format = "DD/MM/YYYY"
    book.save(out)
    return out


def roster_row(name: str, nik: str | None, phone: str, sex: str, birth: dt.date | None, posyandu: str, desa: str,
               start_year: int | None, training: str) -> tuple:
    return (name, nik or "", phone or "", sex, birth, posyandu, desa, start_year, TRAINING_LABELS.get(training, ""))
