"""Roster import from messy office files: title rows, merged header cells, variant headers, mixed dates, phone
numbers as numbers, a duplicate, a bad NIK, a NIK that Excel truncated — good rows import exactly, bad files are
rejected naming row and column, and nothing is written."""

import datetime as dt

import openpyxl
import pytest

from desktop.cli import run
from desktop.models.people import Kader, Posyandu
from desktop.models.settings import current_puskesmas
from desktop.models.wilayah import Desa
from desktop.services import roster_import
from desktop.services.roster_import import RosterError
from desktop.services.roster_values import DateReader

TODAY = dt.date(2026, 11, 24)


def _messy(path, rows, header=("No", "NAMA", "nik", "No. HP/WA", "L/P", "Tgl Lahir", "Nama Posyandu",
                                "Desa/Kel", "Tahun mulai jadi kader", "Pelatihan")):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "DAFTAR KADER POSYANDU"
    sheet.merge_cells("A1:J1")
    sheet["A2"] = "PUSKESMAS CIBARUSAH — TAHUN 2026"
    sheet.merge_cells("A2:J2")
    sheet["B3"] = "IDENTITAS KADER"
    sheet.merge_cells("B3:F3")  # a merged group title above the real header
    sheet.append(list(header))
    sheet.append([])  # a blank row
    for n, row in enumerate(rows, start=1):
        sheet.append([n, *row])
    book.save(path)
    return path


def _counts():
    return Kader.select().count(), Posyandu.select().count(), Desa.select().count()


GOOD = [
    ["SITI  AMINAH", "3216014503850001", 81234567801, "P", dt.datetime(1985, 3, 5), "Melati 2", "", 2019, "Sudah"],
    ["Rina Marlina", "", "0812-3456-7802", "Perempuan", "", "melati 2", "", "", "belum"],
    ["Joko Susilo", "3216010101800003", "+62 813 4567 8803", "L", "01-01-1980", "Pelangi A", "", 2024, "sedang"],
]


def test_messy_file_imports_exactly_and_reimport_updates(demo_db, tmp_path):
    path = _messy(tmp_path / "daftar kader.xlsx", GOOD)
    roster = roster_import.read_roster(path)
    assert roster.header_row == 4 and [n for n, _ in roster.rows] == [6, 7, 8]
    assert set(roster.mapping) == {"name", "nik", "phone", "sex", "birth_date", "posyandu", "desa", "start_year",
                                   "training"}
    before = Kader.select().count()
    rina = Kader.get(Kader.name == "Rina Marlina")
    birth = rina.birth_date  # the file has none: the stored one stays
    plan = roster_import.check(roster, current_puskesmas(), today=TODAY)
    assert plan.problems == [] and (plan.creates, plan.updates) == (2, 1)  # Rina exists already (same posyandu)
    roster_import.apply(plan)
    assert Kader.select().count() == before + 2
    siti = Kader.get(Kader.nik == "3216014503850001")
    assert (siti.name, siti.phone, siti.sex, siti.birth_date, siti.start_year, siti.training_status) == (
        "Siti Aminah", "081234567801", "P", dt.date(1985, 3, 5), 2019, "sudah")
    assert siti.posyandu.name == "Melati 2"
    joko = Kader.get(Kader.name == "Joko Susilo")
    assert (joko.phone, joko.sex, joko.birth_date, joko.training_status) == ("081345678803", "L", dt.date(1980, 1, 1),
                                                                             "sedang")
    rina = Kader.get_by_id(rina.id)
    assert (rina.phone, rina.birth_date, rina.training_status) == ("081234567802", birth, "belum")
    again = roster_import.check(roster_import.read_roster(path), current_puskesmas(), today=TODAY)
    assert (again.creates, again.updates, again.unchanged) == (0, 0, 3)  # same NIK / person: matched, not duplicated
    roster_import.apply(again)
    assert Kader.select().count() == before + 2


def test_bad_rows_are_named_and_nothing_is_written(demo_db, tmp_path):
    rows = [
        GOOD[0],
        ["Dewi", "3216014503850001", "0812", "X", "31/02/1990", "Melati 2", "", "2030", "mungkin"],
        ["", 3216014503850000, "", "P", "", "Posyandu Hilang", "", "", ""],
        ["Siti Aminah", "3216014503850099", "", "P", dt.date(1985, 3, 5), "Melati 2", "", "", ""],
    ]
    path = _messy(tmp_path / "salah.xlsx", rows)
    before = _counts()
    with pytest.raises(RosterError) as error:
        roster_import.import_file(path, current_puskesmas())
    problems = error.value.problems
    expected = [
        "Baris 7, kolom No. HP/WA: '0812' bukan nomor HP (9–14 angka).",
        "Baris 7, kolom Tgl Lahir: '31/02/1990' bukan tanggal",
        "Baris 7, kolom L/P: 'X' bukan L atau P.",
        "Baris 7, kolom Pelatihan: 'mungkin' bukan Belum/Sedang/Sudah.",
        "Baris 7, kolom Tahun mulai jadi kader: '2030' bukan tahun",
        "Baris 8, kolom nik: NIK tersimpan sebagai angka di Excel sehingga digit terakhir hilang",
        "Baris 8, kolom NAMA: nama kader kosong.",
        "Baris 9: Siti Aminah di Posyandu Melati 2 dengan tanggal lahir yang sama sudah ada di baris 6.",
    ]
    for part in expected:
        assert any(p.startswith(part) for p in problems), (part, problems)
    assert _counts() == before


def test_missing_posyandu_is_created_only_on_confirmation(demo_db, tmp_path):
    desa = Desa.select().first()
    rows = [["Nur Aini", "", "", "P", "", "Mawar Baru", desa.name.upper(), "", ""],
            ["Lia Amalia", "", "", "P", "", "Kenanga Baru", "Desa Baru Sekali", "", ""]]
    path = _messy(tmp_path / "baru.xlsx", rows)
    with pytest.raises(RosterError, match="belum tercatat"):
        roster_import.import_file(path, current_puskesmas())
    before = _counts()
    plan = roster_import.import_file(path, current_puskesmas(), create_missing=True)
    assert plan.summary() == "2 kader baru, 0 kader diperbarui, 2 posyandu baru, 1 desa/kelurahan baru"
    assert _counts() == (before[0] + 2, before[1] + 2, before[2] + 1)
    assert Kader.get(Kader.name == "Nur Aini").posyandu.desa == desa


def test_csv_with_semicolons_and_a_file_without_header(demo_db, tmp_path):
    csv = tmp_path / "kader.csv"
    csv.write_text("Daftar kader\n\nNama Kader;Nama Posyandu;Tanggal Lahir\nAni Lestari;Melati 2;05/06/1991\n",
                   encoding="utf-8")
    plan = roster_import.import_file(csv, current_puskesmas())
    assert plan.creates == 1 and Kader.get(Kader.name == "Ani Lestari").birth_date == dt.date(1991, 6, 5)
    odd = tmp_path / "bukan.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    book.save(odd)
    with pytest.raises(roster_import.UserError, match="baris judul kolom tidak ditemukan"):
        roster_import.read_roster(odd)
    word = tmp_path / "kader.docx"
    word.write_text("bukan lembar kerja")
    with pytest.raises(roster_import.UserError, match="bukan lembar kerja yang dikenal"):
        roster_import.read_roster(word)
    broken = tmp_path / "rusak.xlsx"
    broken.write_text("bukan lembar kerja")
    with pytest.raises(roster_import.UserError, match="bukan berkas XLSX yang sah"):
        roster_import.read_roster(broken)


def test_export_then_import_round_trip_and_template(demo_db, tmp_path):
    out = tmp_path / "roster.xlsx"
    count = roster_import.export_roster(out, current_puskesmas())
    active = Kader.select().join(Posyandu).where(Kader.active, Posyandu.active).count()
    assert count == active
    snapshot = {k.id: (k.name, k.nik, k.phone, k.sex, k.birth_date, k.posyandu_id, k.start_year, k.training_status)
                for k in Kader.select()}
    plan = roster_import.import_file(out, current_puskesmas())
    assert (plan.creates, plan.updates, plan.unchanged) == (0, 0, count)
    assert {k.id: (k.name, k.nik, k.phone, k.sex, k.birth_date, k.posyandu_id, k.start_year, k.training_status)
            for k in Kader.select()} == snapshot
    template = roster_import.template(tmp_path / "templat.xlsx", current_puskesmas())
    book = openpyxl.load_workbook(template)
    sheet = book["Kader"]
    assert [c.value for c in sheet[1]][:2] == ["Nama Kader", "NIK"]
    assert {str(v.sqref) for v in sheet.data_validations.dataValidation} == {"D2:D201", "I2:I201", "J2:J201", "F2:F201"}
    assert book["Pilihan"].sheet_state == "hidden" and book["Pilihan"]["A1"].value


def test_cli_import_export_and_template(demo_db, tmp_path, capsys):
    path = _messy(tmp_path / "cli.xlsx", GOOD)
    assert run(["--db", str(demo_db), "import", "roster", str(path)]) == 0
    assert "2 kader baru, 1 kader diperbarui" in capsys.readouterr().out
    assert run(["--db", str(demo_db), "export", "roster", "-o", str(tmp_path / "out.xlsx")]) == 0
    assert (tmp_path / "out.xlsx").exists()
    assert run(["--db", str(demo_db), "template", "roster", "-o", str(tmp_path / "t.xlsx")]) == 0
    bad = _messy(tmp_path / "bad.xlsx", [["", "", "", "", "", "Melati 2", "", "", ""]])
    assert run(["--db", str(demo_db), "import", "roster", str(bad)]) == 1
    assert "Baris 6, kolom NAMA: nama kader kosong." in capsys.readouterr().err


@pytest.mark.parametrize(("text", "expected"), [
    ("12/03/1985", dt.date(1985, 3, 12)), ("12-3-1985", dt.date(1985, 3, 12)), ("12.03.85", dt.date(1985, 3, 12)),
    ("1985-03-12", dt.date(1985, 3, 12)), ("05/06/02", dt.date(2002, 6, 5)), (31121.0, dt.date(1985, 3, 15)),
])
def test_dates_as_offices_type_them(text, expected):
    assert DateReader("dmy").read(text) == expected


@pytest.mark.parametrize("text", ["31/02/1990", "12/13/1985", "kemarin", "1985"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError, match="bukan tanggal"):
        DateReader("dmy").read(text)


def test_overflowing_number_cells_are_rejected_by_row(demo_db, tmp_path):
    # found by the fuzz test: 1.7976931348623155e+308 in a NIK cell is read back as infinity
    path = _messy(tmp_path / "angka.xlsx", [["Ani", 1.7976931348623155e+308, "", "P", 1e300, "Melati 2", "", 1e300,
                                             ""]])
    with pytest.raises(RosterError) as error:
        roster_import.import_file(path, current_puskesmas())
    assert any(p.startswith("Baris 6, kolom nik:") for p in error.value.problems)
    assert "Baris 6, kolom Tgl Lahir: '100000000000000005250476025520…' bukan tanggal (tulis hh/bb/tttt, mis. " \
           "12/03/1985)." in error.value.problems


# Cells as Windows Excel, LibreOffice and typists leave them, mostly plain (so the column-wise fast path runs) with
# every kind of odd cell among them.
WINDOWS_CELLS = [
    ["Ani Lestari", "3216014503850001", "081234567801", "P", "12/03/1985", "Melati 2", "", "", ""],
    ["BUDI  SANTOSO", "'3216010101800003", 81234567802.0, "L", 31121.0, "Melati 2", "", 2019.0, "Sudah"],
    ["Citra\u00a0Dewi", "3216 0145 0385 0002", "0812-3456-7803", "p", "01/01/1980", "melati 2", "", "", ""],
    ["Dian", 3216014503850003.0, "+62 812 3456 7804", "P", "15/08/1990", "Melati 2", "", "", ""],
    ["Eka", "3216013002850004", "0812", "P", "31/02/1990", "Melati 2", "", "", ""],
    ["Fitri", "3,21601E+15", "081234567806", "P", "1990-08-15", "Melati 2", "", "", ""],
    ["Gita", "3216O14503850007", "08123456780x", "P", "15/08/90", "Melati 2", "", "", ""],
    ["x" * 101, "3216014503850008", "081234567808", "P", "15/08/1990", "Melati 2", "", "", ""],
    ["Hani", "3216014503850009", "081234567809", "P", "15/08/1990", "Melati 2", "", "", ""],
]


@pytest.mark.parametrize("text_dates", [False, True], ids=["dates-mixed", "dates-as-text"])
def test_the_column_fast_paths_judge_as_the_rules_do(demo_db, tmp_path, monkeypatch, text_dates):
    """The same file checked with the patterns of kader_rules.PLAIN and the plain-date column reader, then value by
    value through the rules alone: the same rows, values and messages (naming row and column)."""
    from desktop.models import kader_rules
    from desktop.services import roster_values

    rows = [*WINDOWS_CELLS, *([f"Kader {n:03d}", f"32160145038{n + 10:05d}", f"0812345{n:05d}", "P",
                               f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/1985", "Melati 2", "", "", ""] for n in range(40))]
    if text_dates:  # every birth date a dd/mm/yyyy text (or blank): the column is read as a whole
        rows = [[*row[:4], {31121.0: "15/03/1985", "1990-08-15": "", "15/08/90": "15/08/1990",
                                                "31/02/1990": "28/02/1990"}.get(row[4], row[4]),
                 *row[5:]] for row in rows]
    path = _messy(tmp_path / "windows.xlsx", rows)
    roster = roster_import.read_roster(path)
    births = [cells[roster.mapping["birth_date"]] for _, cells in roster.rows]
    assert (roster_values._plain_dates(births) is not None) == text_dates
    fast = roster_import.check(roster, current_puskesmas(), today=TODAY)
    monkeypatch.setattr(kader_rules, "PLAIN", {})
    monkeypatch.setattr(roster_values, "_plain_dates", lambda values: None)
    slow = roster_import.check(roster_import.read_roster(path), current_puskesmas(), today=TODAY)
    assert fast.problems == slow.problems and fast.rows == slow.rows and fast.notes == slow.notes
    expected = ["Baris 10, kolom nik: NIK: tanggal lahir (angka ke-7 dan ke-8) '30' tidak mungkin",
                "Baris 10, kolom No. HP/WA: '0812' bukan nomor HP", "Baris 9, kolom nik: NIK tersimpan sebagai "
                "angka di Excel", "Baris 11, kolom nik: NIK tertulis dalam format ilmiah", "Baris 12, kolom nik: NIK "
                "hanya boleh berisi angka 0–9; ada karakter 'O'", "Baris 12, kolom No. HP/WA: '08123456780x' bukan "
                "nomor HP", "Baris 13, kolom NAMA: nama kader terlalu panjang (101 karakter"]
    expected += [] if text_dates else ["Baris 10, kolom Tgl Lahir: '31/02/1990' bukan tanggal"]
    for part in expected:
        assert any(p.startswith(part) for p in fast.problems), (part, fast.problems)
    assert len(fast.problems) == len(expected), fast.problems
    good = {r.row: r for r in fast.rows}
    assert (good[7].name, good[7].nik, good[7].phone, good[7].birth_date, good[7].start_year) == (
        "Budi Santoso", "3216010101800003", "081234567802", dt.date(1985, 3, 15), 2019)
    assert (good[8].name, good[8].nik, good[8].sex, good[8].birth_date) == (
        "Citra Dewi", "3216014503850002", "P", dt.date(1980, 1, 1))


def test_repeated_headers_and_blank_rows_are_dropped_whatever_their_case(tmp_path):
    """A printed roster repeats its header on every page (here in other case and punctuation), has blank rows and
    rows of spaces; a row whose name cell only looks like the title stays. Without them the file reads the same."""
    header = ["No", "Nama Kader", "NIK", "Nama Posyandu"]
    ani, budi = [1, "Ani Lestari", "3216014503850001", "Melati 2"], [2, "Budi Santoso", "", "Melati 2"]

    def book(name, rows):
        made = openpyxl.Workbook()
        for row in [["DAFTAR KADER"], header, *rows]:
            made.active.append(row)
        made.save(tmp_path / name)
        return roster_import.read_roster(tmp_path / name)

    clean = book("bersih.xlsx", [ani, budi])
    assert [n for n, _ in clean.rows] == [3, 4]
    printed = book("cetak.xlsx", [ani, [], [None, "  ", " "], ["NO.", "nama  kader", "nik", "NAMA POSYANDU:"], budi,
                                  [3, "NAMA KADER", "", "Melati 2"]])
    assert [(n, cells[1]) for n, cells in printed.rows] == [(3, "Ani Lestari"), (7, "Budi Santoso"),
                                                             (8, "NAMA KADER")]
    assert printed.mapping == clean.mapping and printed.headers == clean.headers
