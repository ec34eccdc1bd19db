"""Response files as offices bring them: re-saved by LibreOffice as .ods or .xls, saved as CSV, locked with a
password, missing their Data sheet, or dated 1900 and 2100 — each read through the bounded reader or refused in
Indonesian, naming row and column; nothing written on refusal."""

import datetime as dt
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.records import InstrumentRecord
from desktop.services import responses_import
from tests.services.test_responses_import import _fill, _flat

INSTRUMENT = "observasi_individu"


def _filled(tmp_path, count=2):
    inst = load_instrument(INSTRUMENT)
    examples = [r.answers for r in InstrumentRecord.select().where(InstrumentRecord.instrument == INSTRUMENT)
                .order_by(InstrumentRecord.id).limit(count)]
    path = responses_import.write_template(inst, tmp_path / "isi.xlsx")
    _fill(inst, path, examples)
    return inst, path, examples


def test_ods_and_xls_resaved_by_libreoffice_import_like_the_xlsx(demo_db, tmp_path):
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is missing: run ./scripts/test, which installs libreoffice-calc-nogui")
    inst, path, examples = _filled(tmp_path)
    for to, suffix in (("ods", ".ods"), ("xls:MS Excel 97", ".xls")):
        folder = tmp_path / suffix[1:]
        folder.mkdir()
        done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
                               "--convert-to", to, "--outdir", str(folder), str(path)], capture_output=True,
                              text=True, timeout=240)
        assert done.returncode == 0, done.stderr
        assert responses_import.import_responses(inst, folder / f"isi{suffix}") == len(examples)
        saved = list(InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).limit(len(examples)))[::-1]
        assert [_flat(r.answers) for r in saved] == [_flat(a) for a in examples], suffix


def test_refusals_are_indonesian_and_write_nothing(demo_db, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    inst, path, _ = _filled(tmp_path, 1)
    before = InstrumentRecord.select().count()
    locked = tmp_path / "terkunci.xlsx"
    with path.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("rahasia", target)
    csv = tmp_path / "isi.csv"
    csv.write_text("Nama Kader;Tanggal\nSiti;01/11/2026\n", encoding="utf-8")
    book = load_workbook(path)
    book.remove(book["Data"])
    book.save(tmp_path / "tanpa-data.xlsx")
    for bad, words in ((locked, "dilindungi kata sandi"), (csv, "berupa CSV"),
                       (tmp_path / "tanpa-data.xlsx", "tidak berisi lembar “Data”")):
        with pytest.raises(UserError, match=words):
            responses_import.import_responses(inst, bad)
    assert InstrumentRecord.select().count() == before


def test_activity_dates_outside_a_plausible_window_are_refused(demo_db, tmp_path):
    inst, path, _ = _filled(tmp_path, 2)
    book = load_workbook(path)
    sheet = book["Data"]
    column = next(c.column for c in sheet[1] if str(c.value).startswith("Tanggal"))
    header = sheet.cell(1, column).value.rstrip(" *")
    sheet.cell(3, column, dt.date(1900, 1, 1))
    sheet.cell(4, column, dt.date(2100, 1, 1))
    book.save(path)
    before = InstrumentRecord.select().count()
    with pytest.raises(UserError) as error:
        responses_import.import_responses(inst, path)
    text = str(error.value)
    assert f"Baris 3, kolom '{header}': tanggal 01/01/1900 di luar rentang yang masuk akal" in text, text
    assert f"Baris 4, kolom '{header}': tanggal 01/01/2100 di luar rentang" in text
    assert InstrumentRecord.select().count() == before
