"""The kader rules, in one place for the kader dialog, the roster import and the services: names, NIK, phone,
age and start year. Plain functions without a database; a ValueError carries the reason in Indonesian.

Names are NFC-normalised, control and invisible (zero-width, direction) characters are removed, line separators
and runs of spaces become one space, and at most NAME_MAX characters are accepted. A NIK is 16 ASCII digits whose
structure holds: a province code in use, kabupaten and kecamatan codes, a birth date (day + 40 for women) and a
serial number. Phone numbers are stored as 0812…, whatever way they were typed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable

NAME_MAX = 100
AGE_MIN, AGE_MAX = 15, 90
START_YEAR_MIN = 1970
PHONE_DIGITS = (9, 14)

# Kemendagri province codes (the first two NIK digits), including the Papua provinces formed in 2022.
PROVINCES = frozenset({11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64,
                       65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97})
INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn")  # control, format (zero-width, bidi), surrogate, private, unassigned
PHONE_PUNCTUATION = re.compile(r"[\s()./\-]")
SCIENTIFIC = re.compile(r"\d([.,]\d+)?[eE]\+?\d+")  # 3,27E+15: a NIK Excel showed as a number
NIK_SEPARATORS = re.compile(r"[ .'\-]")
# Text clean_text() returns as it is: printable ASCII words with single spaces, at most NAME_MAX characters.
TEXT_PLAIN = re.compile(f"(?![ -~]{{{NAME_MAX + 1}}})[!-~]+(?: [!-~]+)*")
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def clean_text(value: object, label: str = "nama", limit: int = NAME_MAX, required: bool = True) -> str:
    """Text as stored: NFC, invisible characters removed, whitespace collapsed; ValueError when empty or too long."""
    if value is None:
        value = ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # the rare cell with control, invisible or separator characters: one by one
        text = "".join(" " if ch.isspace() else ch for ch in text if ch.isspace()
                       or unicodedata.category(ch) not in INVISIBLE)
    text = " ".join(text.split())
    if not text and required:
        raise ValueError(f"{label} kosong")
    if len(text) > limit:
        raise ValueError(f"{label} terlalu panjang ({len(text)} karakter; paling banyak {limit})")
    return text


def clean_name(value: object, label: str = "nama kader") -> str:
    """A person's name: clean_text, and ALL CAPS (as office lists type them) turned into Title Case."""
    text = clean_text(value, label)
    return text.title() if text.isupper() else text


@functools.lru_cache(maxsize=32768)  # names are keyed several times in an import; posyandu names on every row
def name_key(name: str) -> str:
    """What makes two names the same person's: case and spacing ignored (after clean_text)."""
    if type(name) is str and TEXT_PLAIN.fullmatch(name):  # clean_text would return it as it is
        return name.casefold()
    return clean_text(name, required=False).casefold()


def name_keys(names: list[str]) -> list[str]:
    """name_key of each name of a column, each distinct name once."""
    keys = {name: name_key(name) for name in set(names)}
    return list(map(keys.__getitem__, names))


def clean_nik(value: object) -> str | None:
    """A 16-digit NIK whose structure holds, None when empty; ValueError with the reason otherwise.

    A NIK typed into Excel as a number keeps only 15 significant digits (the last one becomes 0) and is refused
    with a hint to format the column as text.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("NIK harus 16 angka")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("NIK harus 16 angka")
        if abs(value) >= 1e15:
            raise ValueError("NIK tersimpan sebagai angka di Excel sehingga digit terakhir hilang; format kolom NIK "
                             "sebagai Teks lalu ketik ulang")
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        if len(digits) >= 16 and digits.endswith("0"):
            raise ValueError(f"{digits[:16]} tersimpan sebagai angka; Excel hanya menyimpan 15 angka pertama sehingga "
                             "angka terakhir hilang. Format kolom NIK sebagai Teks lalu ketik ulang")
        value = digits
    raw = str(value).strip()
    if SCIENTIFIC.fullmatch(raw):
        raise ValueError("NIK tertulis dalam format ilmiah (mis. 3,27E+15); format kolom NIK sebagai Teks")
    text = NIK_SEPARATORS.sub("", raw)
    if not (text.isascii() and text.isdigit()):
        odd = next((ch for ch in text if not (ch.isascii() and ch.isdigit())), "")
        kind = "angka selain 0–9 (mis. angka lebar penuh atau Arab)" if odd.isdigit() or odd.isnumeric() else \
            f"karakter '{odd}'" if odd.isprintable() and not odd.isspace() else "karakter tak terlihat"
        raise ValueError(f"NIK hanya boleh berisi angka 0–9; ada {kind}")
    if len(text) != 16:
        raise ValueError(f"NIK harus 16 angka (tertulis {len(text)})")
    check_nik_structure(text)
    return text


def check_nik_structure(nik: str) -> None:
    """Province code in use, kabupaten/kecamatan codes, birth date part (women: day + 40) and serial number."""
    if int(nik[:2]) not in PROVINCES:
        raise ValueError(f"NIK {nik[:2]}…: dua angka pertama bukan kode provinsi")
    if nik[2:4] == "00" or nik[4:6] == "00":
        raise ValueError("NIK: kode kabupaten/kota atau kecamatan (angka ke-3 sampai ke-6) tidak boleh 00")
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:
        day -= 40
    if not 1 <= month <= 12:
        raise ValueError(f"NIK: bulan lahir (angka ke-9 dan ke-10) '{nik[8:10]}' bukan 01–12")
    longest = DAYS_IN_MONTH[month - 1]
    if not 1 <= day <= longest:
        raise ValueError(f"NIK: tanggal lahir (angka ke-7 dan ke-8) '{nik[6:8]}' tidak mungkin (perempuan: tanggal "
                         "+ 40)")
    if nik[12:] == "0000":
        raise ValueError("NIK: nomor urut (empat angka terakhir) tidak boleh 0000")


def clean_phone(value: object) -> str:
    """A phone number as stored (0812…), '' when empty; ValueError when it is not a 9–14 digit number."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value or not value.is_integer():
            raise ValueError(f"'{value}' bukan nomor HP")
        value = int(value)
    raw = clean_text(value, "nomor HP", limit=40, required=False) if not isinstance(value, int) else str(value)
    text = PHONE_PUNCTUATION.sub("", raw)
    if not text:
        return ""
    if text.startswith("+"):
        text = text[1:]
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"'{raw[:30]}' bukan nomor HP (hanya angka, boleh diawali +62)")
    if text.startswith("62"):
        text = "0" + text[2:]
    elif text.startswith("8"):  # typed as a number, Excel (or the typist) dropped the leading 0
        text = "0" + text
    low, high = PHONE_DIGITS
    if not low <= len(text) <= high:
        raise ValueError(f"'{raw[:30]}' bukan nomor HP ({low}–{high} angka)")
    return text


def check_birth_date(birth: dt.date, today: dt.date) -> None:
    """A kader is 15–90 years old."""
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if not AGE_MIN <= age <= AGE_MAX:
        raise ValueError(f"{birth:%d/%m/%Y} membuat umur kader di luar {AGE_MIN}–{AGE_MAX} tahun")


def clean_start_year(value: object, today: dt.date) -> int | None:
    """The year she became a kader: 1970 up to this year, None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not START_YEAR_MIN <= int(text) <= today.year:
        raise ValueError(f"'{text[:30]}' bukan tahun antara {START_YEAR_MIN} dan {today.year}")
    return int(text)


# --- whole columns --------------------------------------------------------------------------------------------------
# A roster of 10,000 rows asks a rule 10,000 times. Most cells are already written as stored; each pattern below
# recognises exactly such text cells, for which the rule returns the text itself, so an import judges a column with
# one compiled pattern and calls the rule only for the other cells (tests check that the pattern never accepts a
# value the rule would change or refuse). The patterns are built from the rules' own constants.


def _months_with(day: int) -> str:
    return "|".join(f"{month:02d}" for month, longest in enumerate(DAYS_IN_MONTH, start=1) if longest >= day)


_NIK_BIRTH = (f"(?:0[1-9]|[12][0-9]|4[1-9]|[56][0-9])(?:{_months_with(29)})"  # day (women: + 40), then month
              f"|(?:30|70)(?:{_months_with(30)})|(?:31|71)(?:{_months_with(31)})")
NIK_PLAIN = re.compile(f"(?:{'|'.join(map(str, sorted(PROVINCES)))})(?!00)[0-9]{{2}}(?!00)[0-9]{{2}}"
                       f"(?:{_NIK_BIRTH})[0-9]{{2}}(?!0000)[0-9]{{4}}")
PHONE_PLAIN = re.compile(f"0[0-9]{{{PHONE_DIGITS[0] - 1},{PHONE_DIGITS[1] - 1}}}")  # 0812…, 9–14 digits
NAME_PLAIN = re.compile(f"(?=[^a-z]*[a-z]){TEXT_PLAIN.pattern}")  # ... with a small letter (so not ALL CAPS)
PLAIN: dict[Callable[..., object], re.Pattern[str]] = {clean_name: NAME_PLAIN, clean_nik: NIK_PLAIN,
                                                       clean_phone: PHONE_PLAIN}


def unchanged(rule: Callable[..., object], values: list[object]) -> list[bool]:
    """For each value, whether it is a text cell `rule` would return as it is (False: ask the rule)."""
    pattern = PLAIN.get(rule)
    if pattern is None:
        return [False] * len(values)
    if set(map(type, values)) == {str}:  # a column of text (most are): the pattern over it without a call each
        return list(map(bool, map(pattern.fullmatch, values)))  # type: ignore[arg-type]
    return [type(value) is str and pattern.fullmatch(value) is not None for value in values]
