"""The province demo: several kabupaten, each with its own puskesmas (the bench's growth measurements use it)."""

import datetime as dt

from desktop.models.people import Kader, Posyandu
from desktop.models.wilayah import Desa, Kabupaten, Puskesmas
from desktop.services import demo


def test_a_multi_kabupaten_scale_gives_each_kabupaten_its_own_puskesmas_and_unique_niks():
    builder = demo._Builder(7, dt.date(2026, 11, 1))
    demo._fill(builder, demo.Scale(3, 1, 2, 4, (2, 3), kabupaten=2))
    kabupaten = builder.rows[Kabupaten]
    assert [k["name"] for k in kabupaten] == list(demo.KABUPATEN[:2])
    puskesmas = builder.rows[Puskesmas]
    assert [p["kabupaten_id"] for p in puskesmas] == [1, 1, 1, 2, 2, 2]
    assert all(f"Kabupaten {kabupaten[p['kabupaten_id'] - 1]['name']}" in p["address"] for p in puskesmas)
    assert len(builder.rows[Desa]) == 6 * 2 and len(builder.rows[Posyandu]) == 6 * 4
    assert len(builder.rows[Kader]) >= 6 * 4 * 2
    niks = [k["nik"] for k in builder.rows[Kader] if k["nik"]]  # some kader have none, as in real rosters
    assert niks and len(niks) == len(set(niks))


def test_the_province_scale_is_ten_kabupaten_of_the_kabupaten_demo():
    assert demo.SCALES["provinsi"].kabupaten == 10
    assert demo.SCALES["provinsi"].puskesmas == demo.SCALES["kabupaten"].puskesmas
