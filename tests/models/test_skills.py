import tomllib

import pytest

from desktop.models import skills
from desktop.models.errors import UserError
from desktop.models.people import Kader, Staff
from desktop.models.records import Skill
from desktop.paths import RESOURCES


def test_fresh_database_has_the_shipped_25_skills_in_five_areas(db):
    shipped = tomllib.loads((RESOURCES / "skills.toml").read_text())["skills"]
    stored = skills.skills()
    assert [s.code for s in stored] == [s["id"] for s in shipped]
    assert len(stored) == 25
    assert {s.area for s in stored} == {
        "Pengelolaan Posyandu", "Bayi dan Balita", "Ibu Hamil dan Menyusui", "Usia Sekolah dan Remaja",
        "Usia Dewasa dan Lansia",
    }
    assert skills.catalogue_version() == 1


def test_seeding_never_runs_twice(db):
    assert skills.seed_skills() == 0


def test_edit_rename_reorder_retire_bump_the_version(db):
    b1 = Skill.get(Skill.code == "B1")
    skills.save_skill("B1", b1.area, "Menimbang bayi dan balita dengan dacin/timbangan digital", b1)
    added = skills.save_skill("f1", "Lokal", "Mendampingi kelas ibu balita")
    assert added.code == "F1" and skills.skills()[-1].code == "F1"
    skills.move_skill(added, -1)
    assert [s.code for s in skills.skills()][-2:] == ["F1", "E5"]
    skills.set_retired(Skill.get(Skill.code == "E4"), True)
    assert "E4" not in [s.code for s in skills.skills()]
    assert "E4" in skills.labels()  # retired, never deleted: old records still name it
    assert skills.catalogue_version() == 5
    assert skills.labels()["B1"].startswith("Menimbang bayi dan balita dengan dacin")


@pytest.mark.parametrize(("code", "area", "label", "message"), [
    ("A1", "X", "Y", "sudah dipakai"),
    ("", "X", "Y", "wajib diisi"),
    ("Z9", "X", "   ", "wajib diisi"),
])
def test_bad_skill_input(db, code, area, label, message):
    with pytest.raises(UserError, match=message):
        skills.save_skill(code, area, label)
    assert Skill.select().count() == 25


def test_catalogue_exported_and_an_official_list_imported_with_an_old_to_new_mapping(demo_db, tmp_path):
    from desktop.instruments.definition import INDIVIDUAL_OBSERVATION
    from desktop.instruments.loader import by_step
    from desktop.models import skills as catalogue
    from desktop.models.records import RecordAnswer
    from desktop.models.schedule import FollowUp
    from desktop.services import records

    exported = tmp_path / "katalog.toml"
    assert catalogue.export_catalogue(exported) == len(catalogue.skills()) == 25
    before_b2 = RecordAnswer.select().where(RecordAnswer.skill == "B2").count()
    assert before_b2 > 0
    official = exported.read_text(encoding="utf-8").replace('id = "B2"', 'id = "K07"').replace(
        'id = "E5"', 'id = "K25"') + '\n[mapping]\nB2 = "K07"\n'
    official = official.replace('[[skills]]\nid = "E4"', '[[skills]]\nid = "K24"')
    path = tmp_path / "resmi.toml"
    path.write_text(official, encoding="utf-8")
    result = catalogue.import_catalogue(path)
    assert result == {"kept": 24 - 1, "added": 2, "retired": 2, "mapped": 1}
    codes = {s.code for s in catalogue.skills()}
    assert "K07" in codes and "B2" not in codes and {"E4", "E5"} & codes == set()
    assert RecordAnswer.select().where(RecordAnswer.skill == "K07").count() == before_b2
    assert RecordAnswer.select().where(RecordAnswer.skill == "B2").count() == 0
    assert not FollowUp.select().where(FollowUp.skills.contains('"B2"')).exists()
    # a new observation of the length item is indexed under the new id
    kader = Kader.select().where(Kader.active).first()
    inst = by_step(INDIVIDUAL_OBSERVATION)
    length = next(i.key for s in inst.sections if s.kind == "grid" for i in s.items if i.skill == "B2")
    staff = Staff.select().first()
    record = records.save_answers(inst, {"kader": kader.id, "posyandu": kader.posyandu_id, "tanggal": "2026-07-02",
                                         "setting": "hari_buka", "supervisor": staff.id, length: {"nilai": "belum"}})
    assert RecordAnswer.get(RecordAnswer.record == record, RecordAnswer.item == f"{length}.nilai").skill == "K07"
    assert FollowUp.get(FollowUp.source == record).skills == ["K07"]


def test_a_catalogue_file_with_a_bad_mapping_changes_nothing(demo_db, tmp_path):
    from desktop.models import skills as catalogue

    path = tmp_path / "resmi.toml"
    catalogue.export_catalogue(path)
    path.write_text(path.read_text(encoding="utf-8") + '\n[mapping]\nB2 = "X99"\n', encoding="utf-8")
    with pytest.raises(UserError, match="mapping.B2: kode baru 'X99' tidak ada di skills"):
        catalogue.import_catalogue(path)
    assert "B2" in {s.code for s in catalogue.skills()}
