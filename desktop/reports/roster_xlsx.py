"""The kader roster as a clean .xlsx that re-imports losslessly, and a blank template with dropdowns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from desktop.reports.xlsx_cells import append, save

HEADERS = ("Nama Kader", "NIK", "No. HP/WA", "Jenis Kelamin", "Tanggal Lahir", "Nama Posyandu", "Desa/Kel",
           "Tahun Mulai", "Status Pelatihan", "Klasifikasi", "Tanggal Klasifikasi", "Angkatan Pelatihan",
           "Tanggal Sertifikat")
WIDTHS = (28, 20, 16, 14, 14, 22, 20, 12, 16, 13, 14, 22, 14)
TEXT_COLUMNS = ("B", "C")  # NIK and phone: Excel would drop digits of a number
DATE_COLUMNS = ("E", "K", "M")
TRAINING_LABELS = {"belum": "Belum", "sedang": "Sedang", "sudah": "Sudah"}
CLASSIFICATION_LABELS = {"purwa": "Purwa", "madya": "Madya", "utama": "Utama"}


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
    """Rows in HEADERS order; NIK and phone as text (Excel would drop digits), dates as real dates; every cell
    inert (a name starting with = stays a name)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = _sheet(book, "Kader")
    for row in rows:
        append(sheet, row)
    for r in range(2, sheet.max_row + 1):
        for column in TEXT_COLUMNS:
            sheet[f"{column}{r}"].number_format = "@"
        for column in DATE_COLUMNS:
            sheet[f"{column}{r}"].number_format = "DD/MM/YYYY"
    return save(book, out)


def write_template(out: Path, posyandu: Sequence[str], blank_rows: int = 200) -> Path:
    """Headers, text format for NIK/phone, and dropdowns for sex, training, classification and the posyandu."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = _sheet(book, "Kader")
    lists = book.create_sheet("Pilihan")
    for name in posyandu:
        append(lists, [name])
    lists.sheet_state = "hidden"
    last = blank_rows + 1
    rules = [("D", '"L,P"', "Jenis kelamin", "Pilih L atau P."),
             ("I", '"Belum,Sedang,Sudah"', "Status pelatihan", "Pilih Belum, Sedang, atau Sudah."),
             ("J", '"Purwa,Madya,Utama"', "Klasifikasi", "Pilih Purwa, Madya, atau Utama (kosongkan bila belum "
                                                        "dinilai)."),
             ("F", f"Pilihan!$A$1:$A${max(len(posyandu), 1)}", "Nama posyandu", "Pilih posyandu dari daftar.")]
    for column, formula, title, message in rules:
        rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                              errorTitle=title, error=message)
        rule.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(rule)
    for row in range(2, last + 1):
        for column in TEXT_COLUMNS:
            sheet[f"{column}{row}"].number_format = "@"
        for column in DATE_COLUMNS:
            sheet[f"{column}{row}"].number_format = "DD/MM/YYYY"
    return save(book, out)


def roster_row(name: str, nik: str | None, phone: str, sex: str, birth: dt.date | None, posyandu: str, desa: str,
               start_year: int | None, training: str, classification: str | None = None,
               classified_on: dt.date | None = None, batch: str = "", certified_on: dt.date | None = None) -> tuple:
    return (name, nik or "", phone or "", sex, birth, posyandu, desa, start_year, TRAINING_LABELS.get(training, ""),
            CLASSIFICATION_LABELS.get(classification or "", ""), classified_on, batch, certified_on)
