import tomllib

import pytest

from desktop.models import skills
from desktop.models.errors import UserError
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
