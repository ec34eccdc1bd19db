import datetime as dt
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from desktop.instruments.loader import ORDER, load_instrument
from desktop.models.errors import UserError
from desktop.models.records import InstrumentRecord
from desktop.services import responses_import
from tests.helpers.sheets import fill

TODAY = dt.date(2026, 11, 20)


def _examples(instrument_id, n=3):
    """Demo sheets as new sheets (a new date each): a sheet already recorded is refused."""
    return [{**r.answers, "tanggal": f"2026-07-{i + 1:02d}"}
            for i, r in enumerate(InstrumentRecord.select().where(InstrumentRecord.instrument == instrument_id)
                                  .order_by(InstrumentRecord.id).limit(n))]


@pytest.mark.parametrize("instrument_id", ORDER)
def test_template_round_trip_with_repeating_tables(demo_db, tmp_path, instrument_id):
    inst = load_instrument(instrument_id)
    examples = _examples(instrument_id)
    path = fill(inst, responses_import.write_template(inst, tmp_path / "t.xlsx"), examples)
    before = InstrumentRecord.select().count()
    assert responses_import.import_responses(inst, path, TODAY).count == len(examples)
    saved = list(InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).limit(len(examples)))[::-1]
    assert InstrumentRecord.select().count() == before + len(examples)
    assert [r.answers for r in saved] == examples


def test_template_has_numbered_headers_dropdowns_and_a_sheet_per_table(demo_db, tmp_path):
    inst = load_instrument("observasi_posyandu")
    ws = load_workbook(responses_import.write_template(inst, tmp_path / "t.xlsx"))["Data"]
    headers = [c.value for c in ws[1]]
    assert headers[0] == "No. lembar" and "A.2a Penimbangan dan Pengukuran: berat badan — Sesuai standar" in headers
    assert "D.6 Temuan utama *" in headers
    assert ws.freeze_panes == "B3"
    assert len(ws.data_validations.dataValidation) >= 10
    book = load_workbook(responses_import.write_template(load_instrument("mentoring"), tmp_path / "m.xlsx"))
    assert book.sheetnames[:1] + [s for s in book.sheetnames if book[s].sheet_state == "visible"][1:] == [
        "Data", "Rencana topik mentoring", "Dokumentasi sesi", "Daftar hadir peserta", "Petunjuk"]
    assert [c.value for c in book["Rencana topik mentoring"][1]][:4] == [
        "No. lembar", "(1) Sumber Identifikasi Temuan *", "(2) Uraian Temuan *", "(3) Topik Mentoring *"]
    assert "RTL" not in load_workbook(responses_import.write_template(
        load_instrument("coaching"), tmp_path / "c.xlsx")).sheetnames
    assert "Rencana tindak lanjut" in load_workbook(tmp_path / "c.xlsx").sheetnames


def test_bad_rows_are_all_named_by_sheet_row_and_column_and_nothing_is_written(demo_db, tmp_path):
    inst = load_instrument("observasi_individu")
    good = _examples("observasi_individu", 1)[0]
    path = fill(inst, responses_import.write_template(inst, tmp_path / "t.xlsx"),
                [{**good, "tanggal": f"2026-07-0{n}"} for n in (1, 2, 3)])
    wb = load_workbook(path)
    ws = wb["Data"]
    headers = {c.value: c.column for c in ws[1]}
    ws.cell(4, headers["A.1a Pengukuran antropometri: penimbangan berat badan — Penilaian"], "Lumayan")
    ws.cell(5, headers["Nama Kader *"], "Kader Fiktif")
    wb.save(path)
    before = InstrumentRecord.select().count()
    with pytest.raises(UserError) as info:
        responses_import.import_responses(inst, path, TODAY)
    message = str(info.value)
    assert "Tidak ada yang disimpan" in message
    assert ("Lembar kerja 'Data', baris 4, kolom 'A.1a Pengukuran antropometri: penimbangan berat badan — "
            "Penilaian': 'Lumayan' bukan pilihan yang sah") in message
    assert "Lembar kerja 'Data', baris 5, kolom 'Nama Kader': kader 'Kader Fiktif' tidak dikenal di posyandu ini." \
        in message
    assert "baris 3," not in message
    assert InstrumentRecord.select().count() == before


def test_table_rows_name_their_sheet_row_and_column(demo_db, tmp_path):
    inst = load_instrument("mentoring")
    example = _examples("mentoring", 1)[0]
    path = fill(inst, responses_import.write_template(inst, tmp_path / "m.xlsx"), [example])
    wb = load_workbook(path)
    plan = wb["Rencana topik mentoring"]
    plan.cell(4, 1, 7)  # a row for sheet 7, which Data does not have
    plan.cell(4, 4, "Topik tanpa lembar")
    session = wb["Dokumentasi sesi"]
    session.cell(3, 2, "kemarin")
    session.cell(3, 4).value = None  # (8) Jumlah dan Nama Peserta, required
    wb.save(path)
    with pytest.raises(UserError) as info:
        responses_import.import_responses(inst, path, TODAY)
    message = str(info.value)
    assert "Lembar kerja 'Rencana topik mentoring', baris 4, kolom 'No. lembar': lembar 7 tidak ada di lembar " \
           "kerja 'Data'." in message
    assert "Lembar kerja 'Dokumentasi sesi', baris 3, kolom '(6) Tanggal Pelaksanaan': tanggal 'kemarin' tidak " \
           "sah (tulis hh/bb/tttt)." in message
    # a required cell left empty: the form's own words, after the worksheet and row of the table
    assert "Lembar kerja 'Dokumentasi sesi', baris 3 (lembar 1): Dokumentasi sesi, baris 1, kolom (8) Jumlah dan " \
           "Nama Peserta yang Hadir: wajib diisi." in message


def test_wrong_instrument_missing_column_csv_locked_and_not_a_spreadsheet(demo_db, tmp_path):
    coaching = load_instrument("coaching")
    path = responses_import.write_template(load_instrument("observasi_posyandu"), tmp_path / "op.xlsx")
    with pytest.raises(UserError, match="bukan templat Instrumen Pendampingan Individu .* 'observasi_posyandu'"):
        responses_import.import_responses(coaching, path)
    path = responses_import.write_template(coaching, tmp_path / "c.xlsx")
    wb = load_workbook(path)
    wb["Data"].cell(2, 4).value = None  # a column removed from the key row
    wb.save(path)
    with pytest.raises(UserError, match="Kolom hilang di lembar kerja 'Data'"):
        responses_import.import_responses(coaching, path)
    junk = tmp_path / "x.xlsx"
    junk.write_text("bukan excel")
    with pytest.raises(UserError, match="tidak dapat dibaca sebagai lembar kerja .xlsx: berkas rusak"):
        responses_import.import_responses(coaching, junk)
    csv = tmp_path / "isi.csv"
    csv.write_text("Posyandu,Supervisor\n")
    with pytest.raises(UserError, match="berformat CSV.*simpan berkasnya sebagai .xlsx, .ods atau .xls"):
        responses_import.import_responses(coaching, csv)
    locked = tmp_path / "terkunci.xlsx"  # Excel stores a password-protected workbook in an OLE compound file
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(UserError, match="terkunci dengan kata sandi"):
        responses_import.import_responses(coaching, locked)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (scripts/test installs it) re-saves files")
def test_ods_and_xls_saved_by_libreoffice_import_the_same(demo_db, tmp_path):
    inst = load_instrument("mentoring")
    for month, kind in ((8, "ods"), (9, "xls")):  # each file other sheets: a sheet already recorded is refused
        examples = [{**a, "tanggal": f"2026-{month:02d}-{a['tanggal'][-2:]}"} for a in _examples("mentoring", 2)]
        path = fill(inst, responses_import.write_template(inst, tmp_path / f"mentoring{kind}.xlsx"), examples)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", kind,
                        "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
        before = InstrumentRecord.select().count()
        assert responses_import.import_responses(inst, tmp_path / f"mentoring{kind}.{kind}", TODAY).count == 2
        saved = list(InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).limit(2))[::-1]
        assert InstrumentRecord.select().count() == before + 2 and [r.answers for r in saved] == examples
