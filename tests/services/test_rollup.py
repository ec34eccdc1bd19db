"""Several puskesmas in one database: each account sees its own; a kabupaten admin reads all, read-only, and gets
the kabupaten roll-up."""

import datetime as dt
import shutil

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.models.db import close_db
from desktop.models.errors import UserError
from desktop.models.nip import check_nip
from desktop.models.people import Kader, Posyandu
from desktop.models.schema import open_database
from desktop.models.settings import current_puskesmas
from desktop.models.users import User, hash_password
from desktop.models.wilayah import Desa, Kecamatan, Puskesmas
from desktop.services import auth, kader_service, printing, rollup
from desktop.services.report_data import parse_period
from tests.helpers.terminal import cli_in_terminal
from tests.test_cli import cli

PASSWORD = "rahasia-123"


def _second_puskesmas() -> Puskesmas:
    first = current_puskesmas()
    other = Puskesmas.create(kabupaten=first.kabupaten, name="Puskesmas Serang Baru")
    kecamatan = Kecamatan.create(kabupaten=first.kabupaten, name="Serang Baru")
    desa = Desa.create(kecamatan=kecamatan, puskesmas=other, name="Sukaragam")
    posyandu = Posyandu.create(desa=desa, name="Anggrek 1")
    for name in ("Dewi Lestari", "Nur Aini", "Yuli Astuti"):
        Kader.create(posyandu=posyandu, name=name, training_status="sudah", registered_on=dt.date(2026, 1, 5))
    return other


def test_accounts_see_their_own_puskesmas_and_the_kabupaten_admin_reads_all(demo_db):
    first = current_puskesmas()
    other = _second_puskesmas()
    auth.create_user("Siti Promkes", "siti", PASSWORD, "admin")  # the first account: the office's PJ Promkes
    assert auth.current().puskesmas_id == first.id
    # the kabupaten account as the server's first set-up made it; it then gives the new puskesmas its PJ Promkes
    User.create(name="Dinkes Bekasi", username="dinkes", role="kabupaten", password_hash=hash_password(PASSWORD))
    with pytest.raises(UserError, match="puskesmas lain"):  # not siti: another puskesmas' accounts
        auth.create_user("Rudi Serang", "rudi", PASSWORD, "admin", puskesmas_id=other.id)
    auth.log_in("dinkes", PASSWORD)
    auth.create_user("Rudi Serang", "rudi", PASSWORD, "admin", puskesmas_id=other.id)

    auth.log_in("rudi", PASSWORD)
    assert current_puskesmas() == other
    names = {k.name for k in kader_service.query_kader(kader_service.KaderFilter(puskesmas_id=other.id))}
    assert names == {"Dewi Lestari", "Nur Aini", "Yuli Astuti"}
    assert not auth.can_switch_puskesmas()
    with pytest.raises(UserError):
        auth.choose_puskesmas(first.id)
    with pytest.raises(UserError):
        rollup.gather_rollup(other.kabupaten, parse_period(month="2026-10"))
    assert [u.username for u, _ in auth.user_rows()] == ["rudi"]  # not siti's office, not the kabupaten admin

    auth.log_in("dinkes", PASSWORD)
    assert auth.can_switch_puskesmas()
    auth.choose_puskesmas(other.id)
    assert current_puskesmas() == other
    with pytest.raises(UserError, match="tidak berhak"):  # read-only
        kader_service.save_kader(kader_service.KaderForm(posyandu_id=Posyandu.get().id, name="X"))
    data = rollup.gather_rollup(other.kabupaten, parse_period(month="2026-10"), today=dt.date(2026, 11, 1))
    assert [line.name for line in data.lines] == sorted([first.name, other.name])
    serang = next(line for line in data.lines if line.name == other.name)
    assert (serang.posyandu, serang.kader, serang.trained, serang.supervisors) == (1, 3, 3, 0)
    office = next(line for line in data.lines if line.name == first.name)
    active = (Kader.select().join(Posyandu).join(Desa)
              .where(Desa.puskesmas == first, Kader.active, Posyandu.active).count())
    assert office.kader == active and office.observed > 0
    assert data.total.kader == active + 3


def test_rollup_pdf_and_excel_read_back(demo_db, tmp_path):
    other = _second_puskesmas()
    period = parse_period(month="2026-10")
    pdf = printing.rollup(tmp_path / "rekap.pdf", period, today=dt.date(2026, 11, 1))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "REKAP KABUPATEN" in text and other.name.removeprefix("Puskesmas ") in text and "Jumlah kabupaten" in text
    xlsx = printing.rollup(tmp_path / "rekap.xlsx", period, today=dt.date(2026, 11, 1))
    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(min_row=6, max_row=6 + len(rollup.gather_rollup(
        other.kabupaten, period, today=dt.date(2026, 11, 1)).lines) + 1, values_only=True))
    assert rows[0][0] == "Puskesmas" and rows[-1][0] == "Jumlah kabupaten" and sheet.freeze_panes == "B7"
    assert rows[-1][2] == sum(r[2] for r in rows[1:-1])  # kader column sums up
    assert sheet["A3"].value == "Periode" and sheet["C3"].value.date() == dt.date(2026, 10, 1)  # a date cell


def test_cli_rollup(demo_template, tmp_path):
    out, db = tmp_path / "rekap.pdf", tmp_path / "kantor.db"
    shutil.copy(demo_template, db)  # the session's template stays untouched
    done = cli("--db", str(db), "report", "kabupaten", "--quarter", "2026-Q4", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Rekap kabupaten Triwulan IV 2026" in done.stdout
    assert len(PdfReader(out).pages) >= 1


def test_the_rekap_carries_the_dinkes_kop_and_its_signer(demo_db, tmp_path):
    with pytest.raises(UserError, match="NIP penanda tangan harus 18 angka"):
        rollup.set_signer("Kepala Dinas Kesehatan", "dr. Hj. Nani", "1975")
    rollup.set_signer("Kepala Dinas Kesehatan", "dr. Hj. Nani Suryani, M.Kes", "197501012003122001",
                      "Jl. Kesehatan No. 1, Cikarang")
    pdf = printing.rollup(tmp_path / "rekap.pdf", parse_period(month="2026-10"), today=dt.date(2026, 11, 2))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    for part in ("PEMERINTAH KABUPATEN BEKASI DINAS KESEHATAN Jl. Kesehatan No. 1, Cikarang",
                 "dr. Hj. Nani Suryani, M.Kes", "NIP. 197501012003122001", "Kepala Dinas Kesehatan"):
        assert part in text, part
    assert "sementara" not in text.lower()
    provisional = printing.rollup(tmp_path / "q4.pdf", parse_period(quarter="2026-Q4"), today=dt.date(2026, 12, 1))
    pages = [p.extract_text() for p in PdfReader(provisional).pages]
    assert all("SEMENTARA (per 01/12/2026)" in p for p in pages) and "Rekap sementara" in pages[-1]


def test_trained_kader_are_counted_as_of_the_period_end(demo_db):
    other = _second_puskesmas()  # three kader marked "sudah dilatih" without a dated certificate
    dewi, nur, yuli = Kader.select().join(Posyandu).join(Desa).where(Desa.puskesmas == other).order_by(Kader.name)
    today = dt.date(2026, 12, 1)
    kader_service.save_training(nur, "Angkatan 7", 100, certificate_on="2026-11-15", today=today)  # after October
    kader_service.save_training(yuli, "Angkatan 5", 100, certificate_on="2026-09-30", today=today)

    def trained(month: str) -> int:
        data = rollup.gather_rollup(other.kabupaten, parse_period(month=month), today=today)
        return next(line.trained for line in data.lines if line.name == other.name)

    assert (trained("2026-09"), trained("2026-10"), trained("2026-11")) == (2, 2, 3)  # Dewi all along, Yuli, Nur
    assert Kader.get_by_id(nur.id).training_status == "sudah"  # the flag says trained; October still does not


def test_the_rekap_signer_set_from_the_command_line_by_the_kabupaten_admin_only(demo_template, tmp_path):
    db = tmp_path / "kantor.db"
    shutil.copy(demo_template, db)
    open_database(db)
    auth.create_user("Siti Promkes", "siti", PASSWORD, "admin")
    auth.create_user("Dinkes Bekasi", "dinkes", PASSWORD, "kabupaten")
    auth.log_out()
    close_db()
    signer = ("report", "penandatangan-kabupaten", "--jabatan", "Plt. Kepala Dinas Kesehatan", "--nama",
              "dr. Hj. Nani Suryani, M.Kes", "--nip", "19750101 200312 2 001", "--alamat", "Jl. Kesehatan No. 1")
    code, out = cli_in_terminal("--db", str(db), "--user", "siti", *signer, passwords=(PASSWORD,))
    assert code == 1 and "tidak berhak" in out, out  # the PJ Promkes may not, as in the GUI
    code, out = cli_in_terminal("--db", str(db), "--user", "dinkes", *signer[:-4], "--nip", "1975 0101",
                                passwords=(PASSWORD,))
    assert code == 1 and "NIP penanda tangan harus 18 angka (tertulis 8 karakter)." in out, out
    shown = cli("--db", str(db), "report", "penandatangan-kabupaten")
    assert shown.returncode == 0 and "Nama    : —" in shown.stdout, shown.stderr  # nothing stored by the refusals
    code, out = cli_in_terminal("--db", str(db), "--user", "dinkes", *signer, passwords=(PASSWORD,))
    assert code == 0 and "disimpan" in out and "NIP     : 197501012003122001" in out, out
    code, out = cli_in_terminal("--db", str(db), "--user", "dinkes", "report", "penandatangan-kabupaten",
                                "--nama", "dr. Budi Santoso", passwords=(PASSWORD,))  # one field; the rest stays
    assert code == 0 and "Jabatan : Plt. Kepala Dinas Kesehatan" in out and "Nama    : dr. Budi Santoso" in out, out
    open_database(db)
    auth.log_in("dinkes", PASSWORD)
    assert rollup.signer() == ("Plt. Kepala Dinas Kesehatan", "dr. Budi Santoso", "197501012003122001",
                               "Jl. Kesehatan No. 1")
    pdf = printing.rollup(tmp_path / "rekap.pdf", parse_period(month="2026-10"), today=dt.date(2026, 11, 2))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "dr. Budi Santoso" in text and "NIP. 197501012003122001" in text and "Jl. Kesehatan No. 1" in text


@pytest.mark.parametrize(("typed", "message"), [
    ("197501012003122001", None), (" 19750101 200312 2 001 ", None), ("", None),
    ("1975", "NIP harus 18 angka (tertulis 4 karakter)."),
    ("19750101200312200²", "NIP harus 18 angka (tertulis '19750101200312200²': ada karakter selain angka 0–9)."),
    ("1975010120031220O1", "NIP harus 18 angka (tertulis '1975010120031220O1': ada karakter selain angka 0–9)."),
])
def test_one_nip_rule(typed, message):
    assert check_nip(typed)[1] == message
