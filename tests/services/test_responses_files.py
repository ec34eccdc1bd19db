"""Response files as offices bring them: locked with a real password, saved as CSV, missing their Data sheet, or
dated 1900 and 2100 — refused in Indonesian, naming sheet, row and column; nothing written on refusal.
(.ods and .xls re-saved by LibreOffice: tests/services/test_responses_import.py.)"""

import datetime as dt

import pytest
from openpyxl import load_workbook

from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.records import InstrumentRecord
from desktop.services import responses_import
from tests.helpers.sheets import fill
from tests.services.test_responses_import import _examples

INSTRUMENT = "observasi_individu"


def _filled(tmp_path, count=2):
    inst = load_instrument(INSTRUMENT)
    path = fill(inst, responses_import.write_template(inst, tmp_path / "isi.xlsx"), _examples(INSTRUMENT, count))
    return inst, path


def test_refusals_are_indonesian_and_write_nothing(demo_db, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    inst, path = _filled(tmp_path, 1)
    before = InstrumentRecord.select().count()
    locked = tmp_path / "terkunci.xlsx"
    with path.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("rahasia", target)
    csv = tmp_path / "isi.csv"
    csv.write_text("Nama Kader;Tanggal\nSiti;01/11/2026\n", encoding="utf-8")
    book = load_workbook(path)
    book.remove(book["Data"])
    book.save(tmp_path / "tanpa-data.xlsx")
    for bad, words in ((locked, "terkunci dengan kata sandi"), (csv, "berformat CSV"),
                       (tmp_path / "tanpa-data.xlsx", "Lembar kerja 'Data' tidak ada")):
        with pytest.raises(UserError, match=words):
            responses_import.import_responses(inst, bad)
    assert InstrumentRecord.select().count() == before


def test_activity_dates_outside_a_plausible_window_are_refused(demo_db, tmp_path):
    inst, path = _filled(tmp_path, 2)
    book = load_workbook(path)
    sheet = book["Data"]
    column = next(c.column for c in sheet[3] if isinstance(c.value, dt.datetime))
    header = sheet.cell(1, column).value.removesuffix(" *")
    sheet.cell(3, column, dt.date(1900, 1, 1))
    sheet.cell(4, column, dt.date(2100, 1, 1))
    book.save(path)
    before = InstrumentRecord.select().count()
    with pytest.raises(UserError) as error:
        responses_import.import_responses(inst, path)
    text = str(error.value)
    assert f"Lembar kerja 'Data', baris 3, kolom '{header}': tanggal 01/01/1900 di luar rentang yang masuk " \
           "akal" in text, text
    assert f"Lembar kerja 'Data', baris 4, kolom '{header}': tanggal 01/01/2100 di luar rentang" in text, text
    assert InstrumentRecord.select().count() == before
