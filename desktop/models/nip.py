"""NIP (Nomor Induk Pegawai) of a civil servant who signs a print: the one check used by every form, service and
command that stores one."""

from __future__ import annotations

NIP_LENGTH = 18


def check_nip(text: str, label: str = "NIP") -> tuple[str, str | None]:
    """(the NIP without spaces, an Indonesian message naming `label` when it is given but not 18 digits)."""
    nip = "".join(text.split())
    if not nip:
        return "", None
    if len(nip) != NIP_LENGTH:
        return nip, f"{label} harus {NIP_LENGTH} angka (tertulis {len(nip)} karakter)."
    if not (nip.isascii() and nip.isdigit()):  # '²' or '١' pass str.isdigit
        return nip, f"{label} harus {NIP_LENGTH} angka (tertulis '{nip}': ada karakter selain angka 0–9)."
    return nip, None
