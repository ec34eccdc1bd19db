import datetime as dt
import sqlite3

import pytest

from desktop.models.db import close_db
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.stats import counts
from desktop.services.demo import build_demo
from tests.helpers.fixtures import ANCHOR


def test_small_demo_is_one_puskesmas_of_realistic_size(demo_db):
    c = counts()
    assert c.desa == 8
    assert 28 <= c.posyandu <= 30
    assert 130 <= c.kader <= 170
    assert c.supervisors_technical >= 10 and c.supervisors_managerial >= 16
    names = [p.name for p in Posyandu.select()]
    assert len(names) == len(set(names))  # a posyandu name says which one it is
    assert {"Melati 2", "Pelangi A"} <= set(names)  # the guideline's example posyandu
    rina = Kader.get(Kader.name == "Rina Marlina")
    assert rina.posyandu.name == "Melati 2"
    assert Staff.select().where(Staff.role == "pj_promkes").count() == 1
    niks = [k.nik for k in Kader.select() if k.nik]
    assert all(len(n) == 16 and n.isdigit() for n in niks)
    assert Kader.select().where(Kader.classification_date >= ANCHOR - dt.timedelta(days=180)).count() > 10


def test_demo_is_deterministic(tmp_path):
    dumps = []
    for name in ("a.db", "b.db"):
        build_demo(tmp_path / name, "small", anchor=ANCHOR)
        close_db()
        con = sqlite3.connect(tmp_path / name)
        dumps.append(list(con.execute("SELECT id, name, nik, phone, birth_date FROM kader ORDER BY id")))
        con.close()
    assert dumps[0] == dumps[1]


def test_demo_refuses_a_database_with_data(demo_db):
    close_db()
    with pytest.raises(UserError, match="sudah berisi data"):
        build_demo(demo_db, "small")


@pytest.mark.parametrize("scale", ["nope"])
def test_unknown_scale(tmp_path, scale):
    with pytest.raises(UserError, match="tidak dikenal"):
        build_demo(tmp_path / "x.db", scale)


def test_kabupaten_scale(tmp_path):
    build_demo(tmp_path / "kab.db", "kabupaten", anchor=ANCHOR)
    c = counts()
    assert c.desa == 240
    assert 1400 <= Posyandu.select().count() <= 1600
    assert 9000 <= Kader.select().count() <= 11000
    assert len({k.nik for k in Kader.select(Kader.nik).where(Kader.nik.is_null(False))}) == Kader.select().where(
        Kader.nik.is_null(False)).count()
