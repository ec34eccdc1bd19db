import re

import pytest

from desktop.models.nik import mask_nik, mask_phone, validate_nik


@pytest.mark.parametrize(("raw", "clean"), [
    ("3275010101010001", "3275010101010001"),
    (" 3275 0101 0101 0001 ", "3275010101010001"),
    ("'3275010101010001", "3275010101010001"),
    (3275010101010001, "3275010101010001"),
])
def test_valid_niks_are_normalised(raw, clean):
    assert validate_nik(raw) == clean


@pytest.mark.parametrize(("raw", "reason"), [
    ("327501010101000", "harus 16 angka (tertulis 15)"),
    ("32750101010100011", "harus 16 angka (tertulis 17)"),
    ("3275O10101010001", "hanya boleh berisi angka"),
    (3.27501010101e15, "digit terakhir hilang"),
    ("3.27501E+15", "format ilmiah"),
])
def test_bad_niks_say_why(raw, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        validate_nik(raw)


def test_masking():
    assert mask_nik("3275010101010001") == "3275********0001"
    assert mask_phone("081234567890") == "0812****7890"
    assert mask_nik(None) == "" and mask_phone("") == ""
