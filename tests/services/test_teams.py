"""Team checks and priorities on a small hand-built office (numbers computed by hand)."""

import datetime as dt

import pytest

from desktop.cli import run
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.settings import CURRENT_PUSKESMAS, set_setting
from desktop.models.teams import SkDecree, SkMember, TechnicalAssignment
from desktop.models.wilayah import Desa, Kabupaten, Kecamatan, Puskesmas
from desktop.services import teams
from desktop.services.priorities import priorities

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def office(db):
    kab = Kabupaten.create(name="Kampar")
    pkm = Puskesmas.create(kabupaten=kab, name="Puskesmas Uji")
    set_setting(CURRENT_PUSKESMAS, str(pkm.id))
    kec = Kecamatan.create(kabupaten=kab, name="Kec")
    desa_a = Desa.create(kecamatan=kec, puskesmas=pkm, name="Sukamaju")
    desa_b = Desa.create(kecamatan=kec, puskesmas=pkm, name="Hangtuah")
    posyandu = {}
    # (name, desa, active kader, new this year, untrained, established)
    for name, desa, n, new, untrained, est in (("Mawar", desa_a, 20, 0, 0, dt.date(2000, 1, 1)),
                                                ("Melati", desa_a, 16, 8, 2, dt.date(2026, 3, 1)),
                                                ("Anggrek", desa_b, 24, 1, 0, dt.date(2010, 1, 1))):
        p = Posyandu.create(desa=desa, name=name, established=est)
        posyandu[name] = p
        for k in range(n):
            Kader.create(posyandu=p, name=f"{name} {k}", start_year=2026 if k < new else 2015,
                         training_status="belum" if k >= n - untrained else "sudah")
    bidan = Staff.create(puskesmas=pkm, desa=desa_a, name="Bidan A", role="bidan_desa")
    gizi = Staff.create(puskesmas=pkm, name="Gizi", role="pj_gizi")
    Staff.create(puskesmas=pkm, desa=desa_a, name="Aparat", role="aparat_desa")
    teams.assign(bidan, [posyandu["Mawar"].id, posyandu["Melati"].id], TODAY)
    teams.assign(gizi, [posyandu["Melati"].id], TODAY)
    return {"pkm": pkm, "posyandu": posyandu, "bidan": bidan, "gizi": gizi, "desa": (desa_a, desa_b)}


def test_loads_shortfall_and_unassigned(office):
    rows = {r.staff.name: r for r in teams.technical_rows(office["pkm"], TODAY)}
    assert rows["Bidan A"].load == 20 + 16 / 2 and rows["Gizi"].load == 8
    assert "Aparat" not in rows  # managerial staff are not technical supervisors
    check = teams.team_check(office["pkm"], TODAY)
    assert (check.ratio.kader, check.ratio.supervisors, check.ratio.shortfall) == (60, 2, 0)
    assert [p.name for p in check.unassigned] == ["Anggrek"]
    assert check.over == []
    problems = check.problems()
    assert "Posyandu Anggrek (Desa Hangtuah) belum punya supervisor teknis." in problems
    assert any("Desa Sukamaju belum punya tim supervisor manajerial" in p for p in problems)


def test_over_capacity_and_reassigning_keeps_history(office):
    teams.assign(office["bidan"], [p.id for p in office["posyandu"].values()], TODAY)
    check = teams.team_check(office["pkm"], TODAY)
    assert [r.staff.name for r in check.over] == ["Bidan A"]  # 20 + 8 + 24 = 52 kader
    assert "Bidan A membina ±52 kader — melebihi 30 kader per supervisor." in check.problems()
    teams.assign(office["bidan"], [office["posyandu"]["Anggrek"].id], TODAY + dt.timedelta(days=1))
    ended = TechnicalAssignment.select().where(TechnicalAssignment.staff == office["bidan"],
                                               TechnicalAssignment.until.is_null(False))
    assert ended.count() == 2  # Mawar and Melati ended, not deleted
    with pytest.raises(UserError, match="bukan tenaga kesehatan"):
        teams.assign(Staff.get(Staff.name == "Aparat"), [], TODAY)


def _sk_form(desa, **changes):
    values = dict(desa_id=desa.id, number="141/Kep.12/Ds/2026", signed_on="2026-01-10", signer="H. Nurdin",
                  valid_from="", valid_until="2026-12-10",
                  members=[teams.MemberForm("Siti", "Ketua", "Pemerintah Desa"), teams.MemberForm("", "Anggota")])
    values.update(changes)
    return teams.SkForm(**values)


def test_sk_register_status_and_validation(office, tmp_path):
    desa_a, desa_b = office["desa"]
    scan = tmp_path / "sk.pdf"
    scan.write_bytes(b"%PDF-1.4 test")
    decree = teams.save_sk(_sk_form(desa_a, file_path=str(scan)), today=TODAY)
    assert decree.valid_from == dt.date(2026, 1, 10)  # empty start: the SK date
    assert [m.name for m in decree.members] == ["Siti"]  # a row with only a role is ignored
    status = {t.desa.name: t.status for t in teams.desa_teams(office["pkm"], TODAY)}
    assert status == {"Hangtuah": "tidak_ada", "Sukamaju": "segera_berakhir"}  # 16 days left
    assert teams.sk_file(decree, tmp_path / "open").read_bytes() == b"%PDF-1.4 test"
    before = (SkDecree.select().count(), SkMember.select().count())
    with pytest.raises(UserError) as bad:
        teams.save_sk(_sk_form(desa_b, number="", signed_on="2026-02-30", valid_until="2025-01-01",
                               members=[teams.MemberForm("", "Ketua", "PKK")], file_path=str(tmp_path / "x.docx")),
                      today=TODAY)
    for part in ("Nomor SK wajib diisi", "Tanggal SK: '2026-02-30' bukan tanggal yang sah",
                 "Anggota baris 1: nama wajib diisi", "Berkas SK harus PDF atau gambar"):
        assert part in str(bad.value)
    with pytest.raises(UserError, match="sudah tercatat"):
        teams.save_sk(_sk_form(desa_a), today=TODAY)
    assert (SkDecree.select().count(), SkMember.select().count()) == before


def test_priorities_with_reasons(office):
    found = priorities(office["pkm"], TODAY)
    assert [p.posyandu.name for p in found] == ["Melati"]
    assert found[0].reasons == ["Posyandu baru (berdiri 01/03/2026)",
                                "Banyak kader baru: 8 dari 16 kader mulai tahun 2026",
                                "2 dari 16 kader belum pernah dilatih"]


def test_cli_teams_check_priorities_and_sk_list(demo_db, capsys):
    assert run(["--db", str(demo_db), "teams", "check"]) == 1  # the demo has gaps on purpose
    out = capsys.readouterr().out
    assert "belum punya supervisor teknis" in out and "kader" in out.splitlines()[0]
    assert run(["--db", str(demo_db), "priorities"]) == 0
    assert "1. Posyandu" in capsys.readouterr().out
    assert run(["--db", str(demo_db), "sk", "list", "--expiring", "30"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("Desa/Kelurahan") and all(
        ("Kedaluwarsa" in line or "Segera berakhir" in line or "Belum ada SK" in line) for line in listed[1:])
