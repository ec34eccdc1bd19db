"""[roles]: what each instrument is in the supervision cycle, read by the strict loader."""

import pytest

from desktop.instruments.definition import (
    COACHING,
    INDIVIDUAL_OBSERVATION,
    MENTORING,
    SELF_ASSESSMENT,
    SERVICE_OBSERVATION,
    STEPS,
)
from desktop.instruments.loader import DefinitionError, by_step, load_all, load_file

BASE = """
id = "uji"
title = "Uji"
version = 1
subject = "kader"
[roles]
step = "individual_coaching"
activity = "Uji"
short = "Uji"
hours = ["08:00", "09:00"]
{roles}
[[header]]
key = "tanggal"
label = "Tanggal"
type = "date"
required = true
[[header]]
key = "posyandu"
label = "Posyandu"
type = "posyandu"
[[sections]]
key = "A"
title = "A. Bagian"
kind = "fields"
[[sections.items]]
number = "1"
key = "x"
label = "X"
type = "text"
[[sections.items]]
number = "2"
key = "t"
label = "T"
type = "table"
columns = [{{ key = "apa", label = "Apa", type = "text" }}]
"""


def test_every_shipped_instrument_declares_one_step_of_the_cycle():
    steps = [i.roles.step for i in load_all()]
    assert sorted(steps) == sorted(STEPS)
    assert by_step(SERVICE_OBSERVATION).roles.attendance.keys() == {"hadir", "tidak_hadir", "izin"}
    assert by_step(INDIVIDUAL_OBSERVATION).roles.findings == "kader"
    assert by_step(SERVICE_OBSERVATION).roles.findings == "posyandu"
    assert by_step(SELF_ASSESSMENT).roles.rounds == ("awal", "akhir")
    mentoring = by_step(MENTORING).roles
    assert mentoring.attendees and mentoring.answers_findings and mentoring.rtl[0].what == "rtl"
    assert by_step(COACHING).roles.minutes_range == (30, 60)


def test_a_good_roles_table_loads(tmp_path):
    path = tmp_path / "uji.toml"
    path.write_text(BASE.format(roles='posyandu = "posyandu"\nrtl = [{ table = "t", what = "apa" }]'))
    roles = load_file(path).roles
    assert roles.posyandu == "posyandu" and roles.rtl[0].table == "t"


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ('step = "x"', "uji.toml: TOML tidak sah"),
        ('warna = "merah"', "uji.toml: roles.warna: kunci tidak dikenal"),
        ('kader = "x"', "uji.toml: roles.kader: 'x' bukan butir bertipe kader/kaders"),
        ('posyandu = "tanggal"', "uji.toml: roles.posyandu: 'tanggal' bukan butir bertipe posyandu"),
        ('rtl = [{ table = "x", what = "apa" }]', "uji.toml: roles.rtl[0].table: 'x' bukan butir bertipe table"),
        ('rtl = [{ table = "t", what = "siapa" }]', "uji.toml: roles.rtl[0].what: kolom 'siapa' tidak ada di tabel t"),
        ('attendance = { hadir = "x" }', "uji.toml: roles.attendance: butuh ketiganya"),
        ('minutes_range = [60, 30]', "uji.toml: roles.minutes_range: harus [minimal, maksimal]"),
        ('findings = "desa"', "uji.toml: roles.findings: harus salah satu dari"),
    ],
)
def test_broken_roles_name_file_and_key_path(tmp_path, roles, message):
    path = tmp_path / "uji.toml"
    path.write_text(BASE.format(roles=roles))
    with pytest.raises(DefinitionError) as info:
        load_file(path)
    assert message in str(info.value)


def test_an_unknown_step_is_refused(tmp_path):
    path = tmp_path / "uji.toml"
    path.write_text(BASE.format(roles="").replace('step = "individual_coaching"', 'step = "rapat"'))
    with pytest.raises(DefinitionError, match="uji.toml: roles.step: 'rapat' tidak dikenal"):
        load_file(path)
