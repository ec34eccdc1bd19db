"""Names of kabupaten/kota as people type them, normalised once for storage and print (no database)."""

from __future__ import annotations

PREFIXES = {"kabupaten": "Kabupaten", "kab.": "Kabupaten", "kab": "Kabupaten", "kota": "Kota"}


def split_region(text: str) -> tuple[str, str]:
    """("Kabupaten"|"Kota"|"", bare name) of a typed kabupaten/kota name: "KAB. bekasi" -> ("Kabupaten", "Bekasi").

    Repeated prefixes ("Kabupaten Kabupaten Bekasi") count once; the bare name keeps its own capitals unless it
    was typed all in one case.
    """
    words, prefix = " ".join(text.split()).split(" "), ""
    while len(words) > 1 and words[0].lower() in PREFIXES:
        word = PREFIXES[words.pop(0).lower()]
        prefix = prefix or word
    name = " ".join(words)
    if name and (name.isupper() or name.islower()):
        name = name.title()
    return prefix, name


def region_label(text: str, is_kota: bool | None = None) -> str:
    """"Kabupaten Bekasi" / "Kota Bekasi" from a typed name, the prefix never doubled."""
    prefix, name = split_region(text)
    if is_kota is not None:
        prefix = "Kota" if is_kota else "Kabupaten"
    return f"{prefix} {name}".strip()
