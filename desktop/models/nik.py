"""NIK (Nomor Induk Kependudukan) and phone numbers: masking for lists and prints (the rules that check them are
in kader_rules.py)."""

from __future__ import annotations


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
