import subprocess
import sys

import pytest

from desktop.instruments.answers import priority_findings, skill_item_key, validate, verb_phrase
from desktop.instruments.loader import DefinitionError, load_all, load_file, load_instrument, load_skills
from tests.instruments.samples import sample_answers

AREAS = ["Pengelolaan Posyandu", "Bayi dan Balita", "Ibu Hamil dan Menyusui", "Usia Sekolah dan Remaja",
         "Usia Dewasa dan Lansia"]


def test_shipped_catalogue_has_25_skills_in_five_areas():
    catalogue = load_skills()
    assert catalogue.version == 1
    assert len(catalogue.skills) == 25
    assert list(dict.fromkeys(area for _, area, _ in catalogue.skills)) == AREAS
    assert [code for code, _, _ in catalogue.skills][:6] == ["A1", "A2", "A3", "A4", "A5", "B1"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('version = 1\n[[skills]]\nid = "A1"\narea = "X"\nlabel = "Y"\n'
         '[[skills]]\nid = "A1"\narea = "X"\nlabel = "Z"\n', "skills.toml: skills (id): 'A1' ganda"),
        ('version = 1\n[[skills]]\nid = "A1"\narea = "X"\n', "skills.toml: skills[0].label: wajib ada"),
        ('version = "1"\nskills = []\n', "skills.toml: (berkas).version: jenis nilai salah (str)"),
        ('version = 1\n[[skills]]\nid = "A1"\narea = " "\nlabel = "Y"\n', "skills.toml: skills[0]: id, area dan label"),
    ],
)
def test_broken_catalogue_names_file_and_key(tmp_path, text, message):
    path = tmp_path / "skills.toml"
    path.write_text(text)
    with pytest.raises(DefinitionError) as info:
        load_skills(path)
    assert message in str(info.value)


BASE = """
id = "uji"
title = "Uji"
version = 1
subject = "kader"
[[header]]
key = "tanggal"
label = "Tanggal"
type = "date"
required = true
[[sections]]
key = "A"
title = "A. Bagian"
kind = "fields"
items = [
  {{ number = "1", key = "x", label = "X", type = "text" }},
  {{ {second} }},
]
"""


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ('number = "1", key = "y", label = "Y", type = "text"', "sections[0].items (nomor): '1' ganda"),
        ('number = "2", key = "y", label = "Y", type = "text", required = "ya"',
         "sections[0].items[1].required: jenis nilai salah (str)"),
        ('number = "2", key = "y", label = "Y", type = "text", blank_rows = 4',
         "sections[0].items[1].blank_rows: hanya untuk tabel"),
        ('number = "2", key = "y", label = "Y", type = "choice"', "sections[0].items[1]: jenis pilihan membutuhkan"),
        ('number = "2", key = "y", label = "Y", type = "table", columns = [{ key = "a", label = "A", type = "tabel" }]',
         "sections[0].items[1].columns[0].type: 'tabel' tidak dikenal"),
        ('number = "2", key = "y", label = "Y", type = "choice", options = [["a", "A"], ["a", "B"]]',
         "sections[0].items[1].options: kode ganda"),
    ],
)
def test_more_broken_items_name_the_key_path(tmp_path, second, message):
    path = tmp_path / "uji.toml"
    path.write_text(BASE.format(second=second))
    with pytest.raises(DefinitionError) as info:
        load_file(path)
    assert str(info.value).startswith("uji.toml: ")
    assert message in str(info.value)


def test_statements_read_as_first_person_sentences():
    assert verb_phrase("Menimbang berat badan") == "menimbang berat badan"
    assert verb_phrase("Edukasi anemia dan TTD") == "melakukan edukasi anemia dan TTD"
    assert verb_phrase("Skrining ibu hamil berisiko (4T)") == "melakukan skrining ibu hamil berisiko (4T)"


def test_sample_answers_of_every_definition_are_valid():
    skills = list(load_skills().skills)
    for inst in load_all():
        assert validate(inst, sample_answers(inst, skills), skills) == [], inst.id


def test_wrong_value_types_are_reported_in_indonesian():
    coaching = load_instrument("coaching")
    errors = validate(coaching, {"tanggal": "2026-10-14", "alasan": 12, "area": "motivasi", "rtl": "besok",
                                 "durasi": 300})
    assert "3. Alasan dilakukan pembinaan: harus berupa teks." in errors
    assert "4. Area pengembangan: ada pilihan yang tidak dikenal." in errors
    assert "7. Rencana tindak lanjut: harus berupa daftar baris." in errors
    assert "5. Durasi sesi (menit): 300 di luar rentang 0–240." in errors
    assert "2. Nama kader (1–3 orang): wajib diisi." in errors


def test_priority_findings_are_the_items_in_priority_categories():
    skills = list(load_skills().skills)
    individu = load_instrument("observasi_individu")
    found = priority_findings(individu, {"A1": {"nilai": "belum"}, "A2": {"nilai": "sesuai"}, "B4": {"nilai": "tidak"},
                                         "C1": {"nilai": "tb"}, "D1": "sebagian"})
    assert [(f.where, f.value_label, f.skill) for f in found] == [
        ("A.1a Pengukuran antropometri: penimbangan berat badan (Penilaian)", "Belum sesuai", "B1"),
        ("B.4 Rujukan bagi ibu hamil dengan risiko tinggi (Penilaian)", "Tidak dilakukan", "C3"),
        ("E.1 Komunikasi sensitif GEDSI (setara, inklusif, tidak diskriminatif)", "Sebagian", "A5"),
    ]
    mandiri = load_instrument("penilaian_mandiri")
    answers = {skill_item_key("A1"): "1", skill_item_key("B1"): "2", skill_item_key("E1"): "3"}
    found = priority_findings(mandiri, answers, skills)
    assert [(f.skill, f.value_label) for f in found] == [("A1", "Belum Bisa"), ("B1", "Sedang Belajar")]
    assert found[1].where == "6. Saya menimbang berat badan bayi dan balita sesuai standar."
    assert priority_findings(mandiri, {skill_item_key("E1"): "3"}, skills) == []


def test_instrument_package_imports_neither_qt_nor_reportlab():
    code = ("import sys, desktop.instruments.loader, desktop.instruments.answers, desktop.instruments.columns\n"
            "desktop.instruments.loader.load_all()\n"
            "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'reportlab')]\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_catalogue_skill_has_an_observation_item_that_evidences_it():
    from desktop.instruments.definition import INDIVIDUAL_OBSERVATION, SERVICE_OBSERVATION
    from desktop.instruments.loader import by_step

    observed = {item.skill for step in (INDIVIDUAL_OBSERVATION, SERVICE_OBSERVATION)
                for section in by_step(step).sections for item in section.items if item.skill}
    assert observed == load_skills().ids()
    # the guideline's worked case: length measurement of under-twos is its own item, not weighing
    length = [i for s in by_step(INDIVIDUAL_OBSERVATION).sections for i in s.items if i.skill == "B2"]
    assert length and "panjang badan" in length[0].label
