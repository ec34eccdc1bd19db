"""Fuzzing the importers with generated bad rows and files: no crash, nothing partly written, every rejected row
named. The number of generated cases is printed (pytest -s) and asserted."""

import datetime as dt

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.settings import current_puskesmas
from desktop.services import responses_import, roster_import
from desktop.services.roster_import import RosterError

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl warns about the absurd dates we feed it
CASES = 120
SETTINGS = settings(max_examples=CASES, deadline=None, database=None, derandomize=True,  # same cases every CI run
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=24)
TYPICAL = st.sampled_from(["Melati 2", "Pelangi A", "31/02/1990", "12/03/1985", "L", "P", "sudah", ""])
cell = st.one_of(st.none(), TEXT, st.integers(-10**17, 10**17), st.floats(allow_nan=True, allow_infinity=False),
                 st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), TYPICAL)
ROSTER_HEADER = ["Nama Kader", "NIK", "No. HP/WA", "L/P", "Tgl Lahir", "Nama Posyandu", "Tahun Mulai", "Pelatihan"]


def _counts():
    return Kader.select().count(), Posyandu.select().count(), InstrumentRecord.select().count(), \
        RecordAnswer.select().count()


def _save(path, header, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DAFTAR KADER (uji acak)"])
    sheet.append(header)
    for row in rows:
        sheet.append([float("nan") if isinstance(v, float) and v != v else v for v in row])
    book.save(path)


@pytest.fixture
def seen():
    box = {"cases": 0, "rejected": 0}
    yield box
    print(f"{box['cases']} generated files, {box['rejected']} rejected")
    assert box["cases"] >= CASES * 0.9


def test_roster_import_never_crashes_or_half_writes(demo_db, tmp_path, seen):
    path = tmp_path / "acak.xlsx"

    @SETTINGS
    @given(st.lists(st.lists(cell, min_size=len(ROSTER_HEADER), max_size=len(ROSTER_HEADER)), min_size=1,
                    max_size=12), st.booleans())
    def run(rows, create_missing):
        seen["cases"] += 1
        _save(path, ROSTER_HEADER, rows)
        before = _counts()
        try:
            plan = roster_import.import_file(path, current_puskesmas(), create_missing)
        except RosterError as exc:
            seen["rejected"] += 1
            assert _counts() == before  # nothing partly written
            assert exc.problems and all(p.startswith(("Baris ", "Kolom ", "Desa baru")) for p in exc.problems)
            return
        except UserError:
            seen["rejected"] += 1
            assert _counts() == before
            return
        assert _counts()[0] == before[0] + plan.creates

    run()


def test_response_import_never_crashes_or_half_writes(demo_db, tmp_path, seen):
    inst = load_instrument("observasi_posyandu")
    template = responses_import.write_template(inst, tmp_path / "templat.xlsx")
    from desktop.reports.instrument_excel import DATA_SHEET, FIRST_ROW

    width = openpyxl.load_workbook(template)[DATA_SHEET].max_column

    @SETTINGS
    @given(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=6))
    def run(rows):
        seen["cases"] += 1
        book = openpyxl.load_workbook(template)
        sheet = book[DATA_SHEET]
        for r, row in enumerate(rows):
            for c, value in enumerate(row, start=1):
                sheet.cell(FIRST_ROW + r, c, float("nan") if isinstance(value, float) and value != value else value)
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
        assert _counts()[2] == before[2] + count

    run()
