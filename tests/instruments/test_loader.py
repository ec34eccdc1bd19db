import re
from pathlib import Path

import pytest

from desktop.instruments.loader import INSTRUMENTS_DIR, ORDER, DefinitionError, load_all, load_file, load_instrument

DOMAIN = Path(__file__).resolve().parents[3] / "shared" / "domain.md"


def _labels(instrument_id: str) -> set[str]:
    inst = load_instrument(instrument_id)
    out = {f.label for f in inst.header} | {label for f in inst.header if f.scale for _, label in f.scale.options}
    for s in inst.sections:
        out |= {i.label for i in s.items} | {c.label for c in s.columns}
        out |= {c.label for i in s.items for c in i.columns}
        out |= {label for i in s.items if i.scale for _, label in i.scale.options}
        out |= {label for c in s.columns if c.scale for _, label in c.scale.options}
    out |= {label for sc in inst.scales.values() for _, label in sc.options}
    # a paper item split into lettered sub-items (1a, 1b, ...) keeps the paper's wording before the colon
    out |= {i.label.split(":")[0] for s in inst.sections for i in s.items if i.number[-1:].isalpha() and ":" in i.label}
    return out


def test_every_shipped_definition_loads_in_cycle_order():
    instruments = load_all()
    assert [i.id for i in instruments] == list(ORDER)
    assert {p.stem for p in INSTRUMENTS_DIR.glob("*.toml")} == set(ORDER)
    assert all(i.version >= 1 and i.signatures for i in instruments)


@pytest.mark.skipif(not DOMAIN.exists(), reason="shared/domain.md sits beside the repository in CI")
def test_every_item_of_the_domain_file_is_in_its_definition():
    text = DOMAIN.read_text()
    # §4.3: the 13 sub-items of the three service areas, verbatim
    areas = re.findall(r"\* \*\*[abc]\. Layanan [^*]+\*\*: (.+)\.", text)
    sub_items = [s.strip() for line in areas for s in line.split(";")]
    assert len(sub_items) == 13
    individu = {label.lower() for label in _labels("observasi_individu")}
    assert {s.lower() for s in sub_items} <= individu
    # §4.4: mentoring columns with their source numbering
    columns = re.findall(r"^\s*\| ([AB]) \| \((\d+)\) \| ([^|]+?) \|", text, re.M)
    assert len(columns) == 16
    mentoring = load_instrument("mentoring")
    tables = {s.key: next(i for i in s.items if i.type == "table") for s in mentoring.sections[:2]}
    for part, number, label in columns:
        assert (number, label) in {(c.number, c.label) for c in tables[part].columns}, (part, number, label)
    # §4.2 / Part 1 item 4: the five langkah and the answer scales
    posyandu = _labels("observasi_posyandu")
    for langkah in ("Pendaftaran", "Penimbangan dan Pengukuran", "Pencatatan", "Pemeriksaan", "Penyuluhan"):
        assert langkah in posyandu
    assert {"Ya", "Sebagian", "Tidak", "Baik", "Cukup", "Kurang", "Tinggi", "Sedang", "Rendah"} <= posyandu
    # Part 1 items 2, 5, 7
    assert {"Belum Bisa", "Sedang Belajar", "Sudah Bisa", "Awal", "Akhir"} <= _labels("penilaian_mandiri")
    assert {"Sesuai standar", "Belum sesuai", "Tidak dilakukan", "Tidak berlaku"} <= _labels("observasi_individu")
    coaching = _labels("coaching")
    for label in ("Tanggal pelaksanaan", "Alasan dilakukan pembinaan", "Area pengembangan", "Motivasi", "Relasi",
                  "Kemandirian", "Catatan mengenai praktik baik", "Rencana tindak lanjut"):
        assert label in coaching


def test_skill_links_line_up_between_self_assessment_and_observation():
    individu = load_instrument("observasi_individu")
    linked = {i.skill for s in individu.sections for i in s.items if i.skill}
    assert {"B1", "B4", "C1", "E1"} <= linked


GOOD = """
id = "{id}"
title = "Uji"
version = 1
subject = "kader"
[scales.s]
options = [["1", "A"], ["2", "B"]]
priority = ["1"]
[[header]]
key = "tanggal"
label = "Tanggal"
type = "date"
required = true
[[sections]]
key = "A"
title = "A"
kind = "fields"
items = [{{ number = "1", key = "x", label = "X", type = "scale", scale = "s", skill = "B1" }}]
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("kind = \"fields\"", "kind = \"fields\"\ncolour = 1"), "sections[0].colour: kunci tidak dikenal"),
        (("type = \"scale\"", "type = \"scalee\""), "sections[0].items[0].type: 'scalee' tidak dikenal"),
        (("scale = \"s\"", "scale = \"t\""), "sections[0].items[0].scale: skala 't' tidak didefinisikan"),
        (("skill = \"B1\"", "skill = \"Z9\""), "sections[0].items[0].skill: keterampilan 'Z9' tidak ada"),
        (("priority = [\"1\"]", "priority = [\"9\"]"), "scales.s.priority"),
        (("title = \"Uji\"\n", ""), "(berkas).title: wajib ada"),
        (("type = \"date\"", "type = \"date\"\n[[header]]\nkey = \"x\"\nlabel = \"Dua\"\ntype = \"text\""),
         "kunci butir: 'x' ganda"),
        (("version = 1", "version = = 1"), "TOML tidak sah"),
        (("required = true\n", ""), "tanggal: setiap instrumen membutuhkan butir wajib 'tanggal'"),
        # plausibility declarations are checked as strictly as the rest
        (("type = \"date\"", "type = \"date\"\nusual_max = 3"), "header[0].usual_max: hanya untuk jenis number"),
        (("type = \"date\"", "type = \"date\"\nmax_days_ahead = \"0\""), "header[0].max_days_ahead: jenis nilai salah"),
        (("kind = \"fields\"", "kind = \"fields\"\nrequired = 1"), "sections[0].required: jenis nilai salah"),
        (("\"B1\" }]\n", "\"B1\" }]\n[[checks]]\nrule = \"x >= tanggal\"\n"),
         "checks[0].rule: 'x' bukan butir angka"),
        (("\"B1\" }]\n", "\"B1\" }]\n[[checks]]\nrule = \"x >\"\n"),
         "checks[0].rule: 'x >' harus berbentuk"),
        (("\"B1\" }]\n", "\"B1\" }]\n[[checks]]\nrule = \"x >= x\"\nlevel = \"keras\"\n"),
         "checks[0].level: 'keras' tidak dikenal"),
    ],
)
def test_broken_definition_names_file_and_key(tmp_path, change, message):
    path = tmp_path / "uji.toml"
    path.write_text(GOOD.format(id="uji").replace(*change, 1))
    with pytest.raises(DefinitionError) as info:
        load_file(path)
    assert str(info.value).startswith("uji.toml: ")
    assert message in str(info.value)


def test_good_test_definition_loads_and_id_must_match_file(tmp_path):
    path = tmp_path / "uji.toml"
    path.write_text(GOOD.format(id="uji"))
    assert load_file(path).sections[0].items[0].scale.priority == {"1"}
    path.write_text(GOOD.format(id="lain"))
    with pytest.raises(DefinitionError, match="uji.toml: id: 'lain' harus sama"):
        load_file(path)
