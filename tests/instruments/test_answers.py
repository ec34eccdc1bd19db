import copy

import pytest

from desktop.instruments.answers import answer_rows, skill_item_key, skill_items, validate
from desktop.instruments.loader import load_all, load_instrument

SKILLS = [
    ("B1", "Bayi dan Balita", "Menimbang berat badan bayi dan balita sesuai standar"),
    ("B2", "Bayi dan Balita", "Mengukur panjang badan"),
    ("E1", "Usia Dewasa dan Lansia", "Mengukur tekanan darah"),
]


def test_self_assessment_statements_come_from_the_catalogue():
    section = load_instrument("penilaian_mandiri").sections[0]
    groups = skill_items(section, SKILLS)
    assert [area for area, _ in groups] == ["Bayi dan Balita", "Usia Dewasa dan Lansia"]
    first = groups[0][1][0]
    assert first.label == "Saya menimbang berat badan bayi dan balita sesuai standar."
    assert (first.number, first.skill) == ("1", "B1") and groups[1][1][0].number == "3"


def test_missing_required_answers_are_named_with_their_numbers():
    errors = validate(load_instrument("observasi_posyandu"), {"tanggal": "2026-10-14"})
    assert "Nama Posyandu: wajib diisi." in errors
    assert "Supervisor: wajib diisi." in errors
    assert "D.6 Temuan utama: wajib diisi." in errors
    assert not any("Tanggal" in e for e in errors)


def test_values_that_do_not_fit_are_rejected():
    inst = load_instrument("observasi_posyandu")
    errors = validate(inst, {"B1": 80, "B2": "mungkin", "tanggal": "2026-02-30", "A1": {"dilaksanakan": "x"}})
    assert "B.1 Jumlah kader aktif: 80 di luar rentang 0–50." in errors
    assert "B.2 Tenaga kesehatan puskesmas hadir: jawaban 'mungkin' tidak ada dalam pilihan." in errors
    assert "Tanggal observasi: tanggal '2026-02-30' tidak sah." in errors
    assert "A.1 Pendaftaran: jawaban 'x' tidak ada dalam pilihan (kolom Dilaksanakan)." in errors


def test_table_rows_and_kader_count():
    coaching = load_instrument("coaching")
    errors = validate(coaching, {"kader": [1, 2, 3, 4], "rtl": [{"siapa": "Bidan", "apa": ""}]})
    assert "2. Nama kader (1–3 orang): pilih 1–3 kader (terpilih 4)." in errors
    assert "7. Rencana tindak lanjut, baris 1, kolom Apa yang dilakukan: wajib diisi." in errors
    mentoring = load_instrument("mentoring")
    errors = validate(mentoring, {"bagian_a": [{"sumber": "observasi_posyandu", "topik": "Pengukuran PB"}]})
    assert "Rencana topik mentoring, baris 1, kolom (2) Uraian Temuan: wajib diisi." in errors


def test_answer_rows_mark_findings_with_skills():
    inst = load_instrument("observasi_individu")
    rows = answer_rows(inst, {"A1": {"nilai": "belum", "catatan": "papan tidak rata"}, "A2": {"nilai": "sesuai"},
                              "D1": "sebagian"}, kader_id=7)
    found = {(r.item, r.value, r.skill, r.priority, r.kader_id) for r in rows}
    assert found == {("A1.nilai", "belum", "B1", True, 7), ("A2.nilai", "sesuai", "B4", False, 7),
                     ("D1", "sebagian", "A5", True, 7)}
    pm = load_instrument("penilaian_mandiri")
    rows = answer_rows(pm, {skill_item_key("B1"): "1", skill_item_key("E1"): "3"}, SKILLS)
    assert [(r.skill, r.priority) for r in rows] == [("B1", True), ("E1", False)]


def _every_picker(instrument):
    """Answers with an id in every picker field the definition declares (header, items, table columns, grid
    columns), and the paths to them."""
    from desktop.instruments.definition import PICKER_TYPES

    answers, paths = {}, []

    def pick(f, path):
        paths.append((*path, f.type))
        return [7, 8] if f.type in ("kaders", "findings") else 7

    for f in instrument.all_fields():
        if f.type in PICKER_TYPES:
            answers[f.key] = pick(f, (f.key,))
        elif f.type == "table":
            answers[f.key] = [{c.key: pick(c, (f.key, 0, c.key)) if c.type in PICKER_TYPES else "x"
                               for c in f.columns}]
    for section in instrument.sections:
        if section.kind == "grid":
            for item in section.items:
                answers[item.key] = {c.key: pick(c, (item.key, c.key)) if c.type in PICKER_TYPES else "x"
                                     for c in section.columns}
    return answers, paths


@pytest.mark.parametrize("instrument_id", [i.id for i in load_all()])
def test_every_declared_id_field_is_remapped_wherever_it_sits(instrument_id):
    from desktop.instruments.answers import map_picked_ids

    instrument = load_instrument(instrument_id)
    answers, paths = _every_picker(instrument)
    before = copy.deepcopy(answers)
    assert paths, "every instrument names its posyandu, kader or supervisor"
    offset = {"kader": 100, "kaders": 100, "posyandu": 200, "supervisor": 300, "findings": 400}
    mapped = map_picked_ids(instrument, answers, lambda kind, old: old + offset[kind])
    for *path, kind in paths:
        value = mapped
        for step in path:
            value = value[step]
        assert value == ([7 + offset[kind], 8 + offset[kind]] if kind in ("kaders", "findings")
                         else 7 + offset[kind]), path
    assert answers == before  # the input is left as it was
    assert map_picked_ids(instrument, {"catatan": "7"}, lambda kind, old: 0) == {"catatan": "7"}
