"""NIK (Nomor Induk Kependudukan) and phone numbers: validation and masking for lists and prints."""

from __future__ import annotations

import re


def validate_nik(value: object) -> str:
    """A clean 16-digit NIK, or ValueError with the reason in Indonesian.

    A NIK typed into Excel as a number keeps only 15 significant digits (the last one becomes 0); such values
    are refused with a hint to format the column as text.
    """
    if isinstance(value, float):
        if value >= 1e15:
            raise ValueError("NIK tersimpan sebagai angka di Excel sehingga digit terakhir hilang; "
                             "format kolom NIK sebagai Teks lalu ketik ulang")
        value = int(value)
    text = re.sub(r"[\s.'\-]", "", str(value))
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", str(value).strip()):
        raise ValueError("NIK tertulis dalam format ilmiah (mis. 3,27E+15); format kolom NIK sebagai Teks")
    if not text.isdigit():
        raise ValueError("NIK hanya boleh berisi angka")
    if len(text) != 16:
        raise ValueError(f"NIK harus 16 angka (tertulis {len(text)})")
    return text


def mask_nik(nik: str | None) -> str:
    """3275010101010001 → 3275********0001 (region code and last four digits stay readable)."""
    if not nik:
        return ""
    return f"{nik[:4]}{'*' * (len(nik) - 8)}{nik[-4:]}" if len(nik) > 8 else "*" * len(nik)


def mask_phone(phone: str | None) -> str:
    """081234567890 → 0812****7890."""
    if not phone:
        return ""
    return f"{phone[:4]}{'*' * (len(phone) - 8)}{phone[-4:]}" if len(phone) > 8 else "*" * len(phone)
