import datetime as dt

import pytest
from openpyxl import load_workbook

from desktop.instruments.columns import flat_columns
from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord
from desktop.services import responses_import
from desktop.services.printing import current_skills

FLAT = ["penilaian_mandiri", "observasi_posyandu", "observasi_individu", "coaching"]


def _cell_text(col, value):
    """What a person types or picks in Excel for an answer value."""
    f = col.field
    if f.type in ("scale", "choice"):
        return f.scale.label(value)
    if f.type == "multichoice":
        return ", ".join(f.scale.label(v) for v in value)
    if f.type == "date":
        return dt.date.fromisoformat(value)  # a real Excel date
    if f.type in ("posyandu", "kader", "supervisor"):
        return {"posyandu": Posyandu, "kader": Kader, "supervisor": Staff}[f.type].get_by_id(value).name
    if f.type == "kaders":
        return ", ".join(Kader.get_by_id(v).name for v in value)
    return value


def _fill(inst, path, answers_list):
    wb = load_workbook(path)
    ws = wb["Data"]
    columns, _ = flat_columns(inst, current_skills())
    for r, answers in enumerate(answers_list, start=3):
        for i, col in enumerate(columns, start=1):
            value = answers.get(col.key)
            if col.sub:
                value = (value or {}).get(col.sub)
            if value not in (None, "", [], {}):
                ws.cell(r, i, _cell_text(col, value))
    wb.save(path)


def _flat(answers):
    return {k: v for k, v in answers.items() if not isinstance(v, list) or not v or not isinstance(v[0], dict)}


@pytest.mark.parametrize("instrument_id", FLAT)
def test_template_round_trip(demo_db, tmp_path, instrument_id):
    inst = load_instrument(instrument_id)
    examples = [r.answers for r in InstrumentRecord.select().where(InstrumentRecord.instrument == instrument_id)
                .order_by(InstrumentRecord.id).limit(3)]
    path = responses_import.write_template(inst, tmp_path / "t.xlsx")
    _fill(inst, path, examples)
    before = InstrumentRecord.select().count()
    assert responses_import.import_responses(inst, path) == len(examples)
    saved = list(InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).limit(len(examples)))[::-1]
    assert InstrumentRecord.select().count() == before + len(examples)
    assert [_flat(r.answers) for r in saved] == [_flat(a) for a in examples]


def test_template_has_numbered_headers_and_dropdowns(demo_db, tmp_path):
    inst = load_instrument("observasi_posyandu")
    ws = load_workbook(responses_import.write_template(inst, tmp_path / "t.xlsx"))["Data"]
    headers = [c.value for c in ws[1]]
    assert "A.2 Penimbangan dan Pengukuran — Sesuai standar" in headers
    assert "D.6 Temuan utama *" in headers
    assert ws.freeze_panes == "A3"
    assert len(ws.data_validations.dataValidation) >= 10


def test_mentoring_is_not_offered_as_flat_template(demo_db, tmp_path):
    with pytest.raises(UserError, match="tabel berulang wajib"):
        responses_import.write_template(load_instrument("mentoring"), tmp_path / "m.xlsx")


def test_bad_rows_are_all_named_and_nothing_is_written(demo_db, tmp_path):
    inst = load_instrument("observasi_individu")
    good = InstrumentRecord.get(InstrumentRecord.instrument == "observasi_individu").answers
    path = responses_import.write_template(inst, tmp_path / "t.xlsx")
    _fill(inst, path, [good, good, good])
    wb = load_workbook(path)
    ws = wb["Data"]
    headers = {c.value: c.column for c in ws[1]}
    ws.cell(4, headers["A.1 Pengukuran antropometri — Penilaian"], "Lumayan")
    ws.cell(5, headers["Nama Kader *"], "Kader Fiktif")
    wb.save(path)
    before = InstrumentRecord.select().count()
    with pytest.raises(UserError) as info:
        responses_import.import_responses(inst, path)
    message = str(info.value)
    assert "Tidak ada yang disimpan" in message
    assert "Baris 4, kolom 'A.1 Pengukuran antropometri — Penilaian': 'Lumayan' bukan pilihan yang sah" in message
    assert "Baris 5, kolom 'Nama Kader': kader 'Kader Fiktif' tidak dikenal di posyandu ini." in message
    assert "Baris 3" not in message
    assert InstrumentRecord.select().count() == before


def test_wrong_instrument_missing_column_and_not_excel(demo_db, tmp_path):
    coaching = load_instrument("coaching")
    path = responses_import.write_template(load_instrument("observasi_posyandu"), tmp_path / "op.xlsx")
    with pytest.raises(UserError, match="bukan templat Instrumen Pendampingan Individu .* 'observasi_posyandu'"):
        responses_import.import_responses(coaching, path)
    path = responses_import.write_template(coaching, tmp_path / "c.xlsx")
    wb = load_workbook(path)
    wb["Data"].cell(2, 4).value = None  # a column removed from the key row
    wb.save(path)
    with pytest.raises(UserError, match="Kolom hilang"):
        responses_import.import_responses(coaching, path)
    junk = tmp_path / "x.xlsx"
    junk.write_text("bukan excel")
    with pytest.raises(UserError, match="bukan berkas XLSX yang sah"):
        responses_import.import_responses(coaching, junk)
