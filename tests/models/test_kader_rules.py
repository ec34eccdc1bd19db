"""The kader rules on their own: names, NIK structure, phone, age and start year."""

import datetime as dt
import re

import pytest

from desktop.models import kader_rules as rules

TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize(("raw", "clean"), [
    ("3275010101010001", "3275010101010001"),
    (" 3275 0101 0101 0001 ", "3275010101010001"),
    ("'3275010101010001", "3275010101010001"),
    ("3275-0101-0101-0001", "3275010101010001"),
    (3275010101010001, "3275010101010001"),
    ("3216014503850001", "3216014503850001"),  # a woman born 05/03/1985: day + 40
    ("9471012902000001", "9471012902000001"),  # Papua, 29 February
    ("", None), (None, None), ("   ", None),
])
def test_valid_niks_are_normalised(raw, clean):
    assert rules.clean_nik(raw) == clean


@pytest.mark.parametrize(("raw", "reason"), [
    ("327501010101000", "harus 16 angka (tertulis 15)"),
    ("32750101010100011", "harus 16 angka (tertulis 17)"),
    ("3275O10101010001", "hanya boleh berisi angka 0–9; ada karakter 'O'"),
    (3.27501010101e15, "digit terakhir hilang"),
    (3275010101010000, "Excel hanya menyimpan 15 angka pertama"),
    ("3.27501E+15", "format ilmiah"),
    ("３２７５０１０１０１０１０００１", "angka selain 0–9"),  # fullwidth
    ("٣٢٧٥٠١٠١٠١٠١٠٠٠١", "angka selain 0–9"),  # Arabic-Indic
    ("³²⁷⁵⁰¹⁰¹⁰¹⁰¹⁰⁰⁰¹", "angka selain 0–9"),  # superscript
    ("3275\u200b010101010001", "karakter tak terlihat"),
    ("0000000000000000", "bukan kode provinsi"),
    ("9975010101010001", "bukan kode provinsi"),
    ("3200010101010001", "tidak boleh 00"),
    ("3275019901850001", "tanggal lahir (angka ke-7 dan ke-8) '99'"),
    ("3275013113850001", "bulan lahir (angka ke-9 dan ke-10) '13'"),
    ("3275013002850001", "'30' tidak mungkin"),  # 30 February
    ("3275017202850001", "'72' tidak mungkin"),  # a woman's 32 February
    ("3275010101850000", "nomor urut"),
])
def test_bad_niks_say_why(raw, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        rules.clean_nik(raw)


@pytest.mark.parametrize(("raw", "clean"), [
    ("  Siti   Aminah ", "Siti Aminah"),
    ("SITI AMINAH", "Siti Aminah"),
    ("Siti\u200bAminah", "SitiAminah"),
    ("Siti\u00a0Aminah", "Siti Aminah"),
    ("Siti\u2028Aminah", "Siti Aminah"),
    ("Siti\x00 Ami\x07nah", "Siti Aminah"),
    ("\ufeffWe\u0301dari", "Wédari"),  # BOM removed, decomposed é composed (NFC)
    ("=HYPERLINK(\"http://x\",\"Klik\")", "=HYPERLINK(\"http://x\",\"Klik\")"),  # stored as typed; exports are inert
])
def test_names_are_cleaned(raw, clean):
    assert rules.clean_name(raw) == clean
    assert unicode_nfc(rules.clean_name(raw))


def unicode_nfc(text):
    import unicodedata

    return unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(("raw", "reason"), [("\u200b", "kosong"), ("", "kosong"), (" \x00 ", "kosong"),
                                             ("x" * 101, "terlalu panjang (101 karakter; paling banyak 100)")])
def test_bad_names_are_refused(raw, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        rules.clean_name(raw)


def test_names_differing_only_by_invisible_characters_are_the_same_person():
    assert rules.name_key("Siti\u200b Aminah") == rules.name_key("siti  aminah") == rules.name_key("SITI AMINAH")


@pytest.mark.parametrize(("raw", "clean"), [
    ("081234567890", "081234567890"), ("81234567890", "081234567890"), (81234567890, "081234567890"),
    (81234567890.0, "081234567890"), ("+62 812-3456-7890", "081234567890"), ("(0812) 3456.7890", "081234567890"),
    ("", ""), (None, ""),
])
def test_phone_is_stored_one_way(raw, clean):
    assert rules.clean_phone(raw) == clean


@pytest.mark.parametrize("raw", ["abc", "12", "0812345678901234", "０８１２３４５６７８９０", "0812 3456 789x"])
def test_bad_phones_are_refused(raw):
    with pytest.raises(ValueError, match="bukan nomor HP"):
        rules.clean_phone(raw)


def test_age_and_start_year():
    rules.check_birth_date(dt.date(1985, 3, 5), TODAY)
    rules.check_birth_date(dt.date(2011, 11, 24), TODAY)  # 15 today
    for birth in (dt.date(2011, 11, 25), dt.date(1935, 11, 1)):
        with pytest.raises(ValueError, match="di luar 15–90 tahun"):
            rules.check_birth_date(birth, TODAY)
    assert rules.clean_start_year(2019.0, TODAY) == 2019 and rules.clean_start_year("", TODAY) is None
    for year in ("1969", 2027, "２０２０", "dua"):
        with pytest.raises(ValueError, match="bukan tahun antara 1970 dan 2026"):
            rules.clean_start_year(year, TODAY)


# --- the column-wise fast path (kader_rules.PLAIN) agrees with the rules ---------------------------------------------

CELLS = [  # as offices, Excel, LibreOffice and Windows leave them: good, bad, typos, spaces, numbers, odd characters
    "Siti Aminah", "siti aminah", "SITI AMINAH", "Siti  Aminah", " Siti Aminah", "Siti Aminah ", "Siti\tAminah",
    "Siti\u00a0Aminah", "Siti\u200bAminah", "Wédari", "Nur'aini", "Nur’aini", "Ibu R. Sari, S.Kep", "A", "a",
    "123", "x" * 100, "x" * 101, "Siti " + "a" * 95, "Siti " + "a" * 96, "=HYPERLINK(\"x\")", "", " ", "\n",
    "3216014503850001", "'3216014503850001", "3216 0145 0385 0001", "3216-0145-0385-0001", "3216014503850001 ",
    "3216014503850000", "321601450385000", "32160145038500011", "3216014503850001.0", "3,21601E+15", "3.21601E+15",
    "3216O14503850001", "３２１６０１４５０３８５０００１", "0016014503850001", "3200014503850001", "3216004503850001",
    "3216013002850001", "3216017002850001", "3216012902850001", "3216016902850001", "3216013104850001",
    "3216017104850001", "3216013101850001", "3216017101850001", "3216017202850001", "3216014013850001",
    "3216014000850001", "3216010012850001", "9471012902000001", "9971012902000001",
    "081234567801", "81234567801", "0812-3456-7801", "+6281234567801", "6281234567801", "(0812) 3456 7801",
    "08123456", "081234567", "08123456789012", "081234567890123", "0812345678O1", "０８１２３４５６７８０１",
    "0", "00000000000", "08", "081234567801\n",
    "12/03/1985", "1985-03-12", "12-03-1985", "31/02/1985", 31107.0, 31107, 3216014503850001, 3216014503850001.0,
    81234567801.0, 81234567801, 1.5, float("inf"), True, None, dt.date(1985, 3, 12), dt.datetime(1985, 3, 12),
]


def _outcome(rule, value):
    try:
        return rule(value)
    except ValueError as exc:
        return f"ValueError: {exc}"


@pytest.mark.parametrize("rule", list(rules.PLAIN), ids=lambda rule: rule.__name__)
def test_a_cell_the_pattern_takes_is_one_the_rule_returns_unchanged(rule):
    taken = rules.unchanged(rule, CELLS)
    assert taken == [rules.unchanged(rule, [value])[0] for value in CELLS]  # a whole column as value by value
    text_only = [value for value in CELLS if type(value) is str]
    assert rules.unchanged(rule, text_only) == [ok for value, ok in zip(CELLS, taken, strict=True)
                                                if type(value) is str]  # the all-text route too
    for value, ok in zip(CELLS, taken, strict=True):
        if ok:
            assert _outcome(rule, value) == value, value
    # ... and takes the ordinary ones, so the fast path is real
    assert sum(taken) >= 3
    plain = {rules.clean_name: ["Siti Aminah", "Ibu R. Sari, S.Kep", "x" * 99 + "a"],
             rules.clean_nik: ["3216014503850001", "9471012902000001", "3216017101850001"],
             rules.clean_phone: ["081234567801", "081234567", "08123456789012"]}[rule]
    assert rules.unchanged(rule, plain) == [True] * 3


def test_the_nik_pattern_is_exactly_the_structure_rule():
    """Every province code, every day (women: + 40) with every month, the zero codes and serials: the pattern takes
    a 16-digit text exactly when clean_nik returns it unchanged."""
    candidates = [f"{p:02d}16014503850001" for p in range(100)]
    candidates += [f"3216{day:02d}{month:02d}850001" for day in range(100) for month in range(14)]
    candidates += ["3200014503850001", "3216004503850001", "3216014503850000", "3216014503850010",
                   "3216014503009999", "3216014503990001"]
    for nik in candidates:
        assert bool(rules.NIK_PLAIN.fullmatch(nik)) == (_outcome(rules.clean_nik, nik) == nik), nik


@pytest.mark.parametrize("value", [v for v in CELLS if type(v) is str])
def test_the_name_key_shortcut_is_clean_text(value):
    if rules.TEXT_PLAIN.fullmatch(value):
        assert rules.clean_text(value, required=False) == value
    try:
        expected = rules.clean_text(value, required=False).casefold()
    except ValueError:
        with pytest.raises(ValueError):
            rules.name_key.__wrapped__(value)
        return
    assert rules.name_key.__wrapped__(value) == expected


def test_name_keys_of_a_column_are_each_name_key():
    names = [v for v in CELLS if type(v) is str and len(v) <= 100] * 2
    assert rules.name_keys(names) == [rules.name_key(name) for name in names]
    with pytest.raises(ValueError, match="terlalu panjang"):
        rules.name_keys(["Siti", "x" * 101])
