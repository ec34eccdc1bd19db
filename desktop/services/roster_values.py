"""Cell values of office rosters: the words offices use for sex, training and classification, and dates.

Text dates are read day-first (Indonesian) unless a column proves otherwise: a value whose second part is above 12
(03/25/1985) shows the column was written month-first by an English-locale spreadsheet; a column holding both
kinds of proof contradicts itself and is refused, naming rows of each kind.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from typing import cast

SEX = {"l": "L", "lk": "L", "laki": "L", "laki laki": "L", "pria": "L", "p": "P", "pr": "P", "perempuan": "P",
       "wanita": "P", "w": "P"}
TRAINING = {"sudah": "sudah", "sudah dilatih": "sudah", "ya": "sudah", "terlatih": "sudah", "lulus": "sudah",
            "sedang": "sedang", "proses": "sedang", "sedang dilatih": "sedang", "belum": "belum",
            "belum dilatih": "belum", "tidak": "belum"}
CLASSIFICATION = {"purwa": "purwa", "madya": "madya", "utama": "utama", "kader purwa": "purwa",
                  "kader madya": "madya", "kader utama": "utama"}
DATE_PARTS = re.compile(r"[/.\-]")
EXCEL_EPOCH = dt.date(1899, 12, 30)
SHOWN = 5  # rows named per kind of proof


def text_of(value: object) -> str:
    """A cell as the text a person reads: 12.0 -> '12', runs of spaces collapsed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if value is not None else ""


DATE_TEXT = re.compile(r"([0-9]+)[/.\-]([0-9]+)[/.\-]([0-9]+)")  # ASCII digits only, three parts


def _parts(value: object) -> tuple[int, int, int] | None:
    """(first, second, year) of a d/m/y or m/d/y text; None for anything else (ISO dates included)."""
    return _text_parts(value) if isinstance(value, str) else None


@functools.lru_cache(maxsize=1 << 15)  # a date column is read twice (its order, then each value)
def _text_parts(text: str) -> tuple[int, int, int] | None:
    found = DATE_TEXT.fullmatch(text.strip().split(" ")[0])
    if found is None or len(found.group(1)) == 4:
        return None
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


# A column of dd/mm/yyyy (or mm/dd/yyyy) texts with four-digit years, blanks allowed, is judged as a whole: the same
# parts _parts() reads, found by patterns over the joined column instead of value by value (tests: they agree).
PLAIN_DATE = r"(?:[0-9]{2}/[0-9]{2}/[1-9][0-9]{3})?"
PLAIN_DATES = re.compile(f"{PLAIN_DATE}(?:\n{PLAIN_DATE})*")  # a column of them, one per line
DAY_FIRST = re.compile(r"^(?:1[3-9]|[2-9][0-9])/(?:0[0-9]|1[0-2])/", re.MULTILINE)  # first > 12, second <= 12
MONTH_FIRST = re.compile(r"^(?:0[0-9]|1[0-2])/(?:1[3-9]|[2-9][0-9])/", re.MULTILINE)  # second > 12, first <= 12


def _plain_dates(values: list[object]) -> str | None:
    """The column joined by newlines when every value is a plain text date or empty text, else None."""
    if not values or set(map(type, values)) != {str}:
        return None
    joined = "\n".join(cast("list[str]", values))
    if joined.count("\n") != len(values) - 1 or not PLAIN_DATES.fullmatch(joined):  # one line per value
        return None
    return joined


def date_orders(values: list[tuple[int, object]], column: str) -> tuple[str, str | None, str | None]:
    """How a column's text dates are written: ("dmy" or "mdy", problem, note)."""
    joined = _plain_dates([value for _, value in values])
    if joined is not None:  # the rows named (SHOWN, and whether there are more): by their line

        def rows_of(pattern: re.Pattern[str]) -> list[int]:
            return [values[joined.count("\n", 0, m.start())][0]
                    for m in itertools.islice(pattern.finditer(joined), SHOWN + 1)]

        day_first, month_first = rows_of(DAY_FIRST), rows_of(MONTH_FIRST)
    else:
        parts = [(row, p) for row, value in values if (p := _parts(value)) is not None]
        day_first = [row for row, p in parts if p[0] > 12 and p[1] <= 12]
        month_first = [row for row, p in parts if p[1] > 12 and p[0] <= 12]

    def rows(found: list[int]) -> str:
        return ", ".join(map(str, found[:SHOWN])) + ("…" if len(found) > SHOWN else "")

    if day_first and month_first:
        return "dmy", (f"Kolom {column}: tanggal ditulis dengan dua urutan berbeda — hari/bulan/tahun (baris "
                       f"{rows(day_first)}) dan bulan/hari/tahun (baris {rows(month_first)}). Samakan formatnya "
                       "(hh/bb/tttt) lalu impor lagi."), None
    if month_first:
        return "mdy", None, (f"Kolom {column} dibaca sebagai bulan/hari/tahun (format Inggris), karena baris "
                             f"{rows(month_first)} hanya masuk akal begitu.")
    return "dmy", None, None


class DateReader:
    """Reads one column's dates in the order found for it; order None: the column was refused as a whole."""

    def __init__(self, order: str | None) -> None:
        self.order = order

    def read_column(self, values: list[object]) -> list[dt.date | None] | None:
        """A column of plain text dates (and blanks) at once: each the date read() gives, through its ISO text;
        None when a value is of another kind or no real date (then read() judges each value)."""
        joined = _plain_dates(values) if self.order is not None else None
        if joined is None:
            return None
        texts = joined.split("\n")
        try:  # each distinct text once
            if self.order == "dmy":
                dates = {t: dt.date.fromisoformat(f"{t[6:]}-{t[3:5]}-{t[:2]}") if t else None for t in set(texts)}
            else:
                dates = {t: dt.date.fromisoformat(f"{t[6:]}-{t[:2]}-{t[3:5]}") if t else None for t in set(texts)}
        except ValueError:  # 31/02/1985: read() names it
            return None
        return list(map(dates.__getitem__, texts))

    def read(self, value: object) -> dt.date | None:
        if value in ("", None):
            return None
        if self.order is None:
            return None  # the column's own problem is reported once
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, bool):
            raise ValueError(f"'{value}' bukan tanggal (tulis hh/bb/tttt, mis. 12/03/1985)")
        if isinstance(value, (int, float)) and 1000 < value < 80000:  # an Excel serial day number
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        text = text_of(value)
        parts = _parts(text)
        if parts is not None:
            first, second, year = parts
            day, month = (first, second) if self.order == "dmy" else (second, first)
            if year < 100:  # 85 -> 1985, 05 -> 2005
                year += 1900 if year > dt.date.today().year % 100 else 2000
            try:
                return dt.date(year, month, day)
            except ValueError:
                pass
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.split(" ")[0]):
            try:
                return dt.date.fromisoformat(text.split(" ")[0])
            except ValueError:
                pass
        shown = text if len(text) <= 30 else text[:30] + "…"
        raise ValueError(f"'{shown}' bukan tanggal (tulis hh/bb/tttt, mis. 12/03/1985)")
