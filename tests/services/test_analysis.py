"""Analysis figures on hand-built records (a fresh office with two kader)."""

from desktop.instruments.loader import load_instrument
from desktop.models import skills as catalogue
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.settings import CURRENT_PUSKESMAS, set_setting
from desktop.models.wilayah import Desa, Kabupaten, Kecamatan, Puskesmas
from desktop.services import analysis, records


def _office():
    kab = Kabupaten.create(name="Kampar")
    pkm = Puskesmas.create(kabupaten=kab, name="Puskesmas Uji")
    set_setting(CURRENT_PUSKESMAS, str(pkm.id))
    desa = Desa.create(kecamatan=Kecamatan.create(kabupaten=kab, name="K"), puskesmas=pkm, name="Hangtuah")
    posyandu = Posyandu.create(desa=desa, name="Mawar")
    staff = Staff.create(puskesmas=pkm, name="Bidan", role="bidan_desa")
    return pkm, posyandu, staff, [Kader.create(posyandu=posyandu, name=n) for n in ("Ani", "Budi")]


def _self(kader, posyandu, day, round_, values):
    codes = [s.code for s in catalogue.skills()]
    answers = {"kader": kader.id, "posyandu": posyandu.id, "putaran": round_, "tanggal": day,
               **{f"K_{c}": values.get(c, "3") for c in codes}}
    records.save_answers(load_instrument("penilaian_mandiri"), answers)


def test_grid_awal_akhir_and_disagreements(db):
    pkm, posyandu, staff, (ani, budi) = _office()
    _self(ani, posyandu, "2026-03-01", "awal", {"B1": "1", "B2": "2"})
    _self(ani, posyandu, "2026-09-01", "akhir", {"B2": "2"})
    _self(budi, posyandu, "2026-03-01", "awal", {"B1": "1"})
    records.save_answers(load_instrument("observasi_individu"), {
        "kader": ani.id, "posyandu": posyandu.id, "tanggal": "2026-10-01", "setting": "hari_buka",
        "supervisor": staff.id, "A1": {"nilai": "belum"}})  # A1 observes skill B1

    grid = analysis.skill_grid(pkm)
    assert grid.cells[(ani.id, "B1")] == 1  # the later observation wins over "Sudah Bisa" in Akhir
    assert grid.cells[(ani.id, "B2")] == 2 and grid.cells[(budi.id, "B1")] == 1
    assert [k[1] for k in grid.kader] == ["Ani", "Budi"]  # Ani: 2 weak skills, Budi: 1
    assert [code for code, _ in grid.skills[:2]] == ["B1", "B2"]  # B1 weak for both

    rows = {code: (a, b, n) for code, _, a, b, n in analysis.awal_akhir(pkm)}
    assert rows["B1"] == (0.0, 1.0, 1) and rows["B2"] == (0.0, 0.0, 1) and rows["A1"] == (1.0, 1.0, 1)
    assert analysis.disagreements(pkm) == [
        ("Ani", "Mawar", f"B1 {catalogue.labels()['B1']}", "Sudah Bisa", "Belum sesuai")]


def test_service_trend_counts_ya_per_month(db):
    pkm, posyandu, staff, _ = _office()
    inst = load_instrument("observasi_posyandu")
    for day, value in (("2026-10-05", "ya"), ("2026-10-20", "tidak"), ("2026-11-05", "ya")):
        answers = {"posyandu": posyandu.id, "tanggal": day, "supervisor": staff.id, "D6": "-",
                   **{f"A{i}": {"dilaksanakan": "ya", "sesuai_standar": value} for i in range(1, 6)}}
        records.save_answers(inst, answers)
    trend = analysis.service_trend(pkm, [(2026, 9), (2026, 10), (2026, 11)])
    assert [(m, n) for m, n, _ in trend] == [("09/2026", 0), ("10/2026", 2), ("11/2026", 1)]
    assert trend[1][2][0] == 0.5 and trend[2][2][0] == 1.0 and trend[0][2][0] is None
