"""The bounded reader: crafted files are refused before they are read (each in a child process under a memory
limit, so a regression aborts the child, not the suite), a sheet at the limits reads within 300 MB, encrypted and
unknown files get Indonesian refusals, CSV encodings and delimiters are found and never turn into "�"."""

import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.services import spreadsheet
from desktop.services.spreadsheet import SpreadsheetError
from tests.helpers import crafted

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import json, resource, sys
limit = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from desktop.services import spreadsheet
try:
    rows = spreadsheet.read_rows(sys.argv[1])
    outcome = {"rows": len(rows), "columns": max(map(len, rows), default=0)}
except spreadsheet.SpreadsheetError as exc:
    outcome = {"refused": str(exc)}
with open("/proc/self/status") as status:  # VmHWM: this image's own peak (ru_maxrss keeps the parent's across exec)
    outcome["peak_mb"] = int(next(l for l in status if l.startswith("VmHWM:")).split()[1]) / 1024
print(json.dumps(outcome))
"""


def _read_in_child(path: Path, limit_mb: int = 700) -> dict:
    """Read the file in a fresh interpreter whose address space is capped; a crash fails the test."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(limit_mb)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, f"reader died (exit {done.returncode}): {done.stderr[-800:]}"
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crafted")
    return folder


@pytest.mark.parametrize("build, words", [
    (lambda p: crafted.far_cell(p / "jauh.xlsx"), "1.048.576 baris × 16.384 kolom"),
    (lambda p: crafted.far_cell(p / "jauh-tanpa-dimensi.xlsx", declare=False), "ada isi di baris 1.048.576"),
    (lambda p: crafted.far_cell(p / "jauh-tab.xlsx", False, '<c\tr="XFD1048576" t="inlineStr">'), "baris 1.048.576"),
    (lambda p: crafted.far_cell(p / "jauh-baris-baru.xlsx", False, '<c\nr="XFD1048576" t="inlineStr">'),
     "baris 1.048.576"),
    (lambda p: crafted.far_cell(p / "jauh-t-dulu.xlsx", False, '<c t="inlineStr" r="XFD1048576">'),
     "baris 1.048.576"),
    (lambda p: crafted.zip_bomb(p / "bom.xlsx"), "memuai"),
    (lambda p: crafted.lying_zip_bomb(p / "bom-bohong.xlsx"), "rusak"),
    (lambda p: crafted.string_bomb(p / "bom-teks.xlsx"), "20.000.000 karakter"),
    (lambda p: crafted.ods_repeated(p / "ulang.ods"), "ada isi di baris 1.048.576"),
], ids=["xfd1048576", "xfd1048576-undeclared", "xfd1048576-after-a-tab", "xfd1048576-after-a-line-break",
        "xfd1048576-reference-second", "zip-bomb", "zip-bomb-lying-sizes", "shared-string-bomb",
        "ods-repeated-cells"])
def test_crafted_files_are_refused_before_reading_under_a_memory_limit(files, build, words):
    path = build(files)
    assert path.stat().st_size < 1024 * 1024  # small on disk: the danger is in what they expand to
    outcome = _read_in_child(path)
    assert "refused" in outcome, outcome
    assert words in outcome["refused"] and path.name in outcome["refused"]
    assert outcome["peak_mb"] < 150


def test_a_sheet_at_the_limits_reads_within_300_mb(files):
    path = crafted.at_the_limits(files / "sejuta-sel.xlsx")
    outcome = _read_in_child(path)
    assert outcome.get("rows") == 1000 and outcome["columns"] == 1000, outcome
    assert outcome["peak_mb"] < 300, outcome
    print(f"1,000,000 cells ({path.stat().st_size / 1e6:.1f} MB file): peak {outcome['peak_mb']:.0f} MB")


def test_a_20_mb_csv_at_the_limits_reads_within_300_mb(files):
    path = files / "sejuta-sel.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        for r in range(1000):
            out.write(";".join(f"Kader nomor {r * 1000 + c:07d}" for c in range(1000)) + "\n")
    assert 19 * 1024 * 1024 < path.stat().st_size <= spreadsheet.MAX_BYTES
    outcome = _read_in_child(path)
    assert outcome.get("rows") == 1000 and outcome["columns"] == 1000, outcome
    assert outcome["peak_mb"] < 300, outcome
    print(f"1,000,000 cells ({path.stat().st_size / 1e6:.1f} MB CSV): peak {outcome['peak_mb']:.0f} MB")


def test_limits_are_stated_in_the_refusal(tmp_path):
    book = openpyxl.Workbook()
    book.active.cell(60_000, 1, "x")
    book.save(tmp_path / "panjang.xlsx")
    with pytest.raises(SpreadsheetError, match=r"60\.000 baris × 1 kolom; batasnya 50\.000 baris, 1\.000 kolom"):
        spreadsheet.open_workbook(tmp_path / "panjang.xlsx")
    big = tmp_path / "besar.csv"
    big.write_bytes(b"a;b\n" * (spreadsheet.MAX_BYTES // 4 + 1))
    with pytest.raises(SpreadsheetError, match=r"berukuran 20 MB; batasnya 20 MB"):
        spreadsheet.open_workbook(big)


def _plain_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Kader"
    book.active.append(["Nama Kader", "Tanggal Lahir"])
    book.active.append(["Siti Aminah", dt.date(1985, 3, 5)])
    book.properties.subject = "bina-kader:uji:v1"
    book.save(path)
    return path


def test_password_protected_files_are_refused_in_indonesian(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _plain_xlsx(tmp_path / "biasa.xlsx")
    locked = tmp_path / "terkunci.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("rahasia", target)
    ods = crafted.ods(tmp_path / "terkunci.ods", "<table:table-row><table:table-cell office:value-type='string'>"
                      "<text:p>x</text:p></table:table-cell></table:table-row>", encrypted=True)
    for path in (locked, ods):
        with pytest.raises(SpreadsheetError, match="dilindungi kata sandi"):
            spreadsheet.open_workbook(path)


def test_unknown_and_damaged_files_are_refused_in_indonesian(tmp_path):
    cases = {
        "gambar.xlsx": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "laporan.xls": b"<html><body><table><tr><td>Nama</td></tr></table></body></html>",
        "biner.csv": b"\x00\x01\x02" * 100,
        "daftar.docx": b"PK\x03\x04" + bytes(50),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    archive = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("foto.txt", "bukan lembar kerja")
    expected = {"gambar.xlsx": "bukan berkas XLSX yang sah", "laporan.xls": "isinya teks/HTML",
                "biner.csv": "bukan teks CSV", "daftar.docx": "rusak", "arsip.xlsx": "bukan lembar kerja"}
    for name, words in expected.items():
        with pytest.raises(SpreadsheetError) as caught:
            spreadsheet.open_workbook(tmp_path / name)
        assert words in str(caught.value) and name in str(caught.value)
    with pytest.raises(SpreadsheetError, match="tidak ditemukan"):
        spreadsheet.open_workbook(tmp_path / "tidak-ada.xlsx")


def test_xlsx_sheets_and_properties(tmp_path):
    book = spreadsheet.open_workbook(_plain_xlsx(tmp_path / "biasa.xlsx"))
    assert (book.kind, book.sheet_names, book.properties["subject"]) == ("xlsx", ["Kader"], "bina-kader:uji:v1")
    assert book.rows("Kader") == book.rows(0) == [["Nama Kader", "Tanggal Lahir"], ["Siti Aminah", dt.date(1985, 3, 5)]]
    with pytest.raises(SpreadsheetError, match="tidak berisi lembar “Data”"):
        book.rows("Data")


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ";"), ("utf-8-sig", ","), ("cp1252", ";"),
                                                 ("utf-16", "\t"), ("cp1252", ",")])
def test_csv_encoding_and_delimiter_are_detected(tmp_path, encoding, delimiter):
    rows = [["Nama Kader", "Nama Posyandu", "Catatan"], ["Wédari Ñoño", "Melati 2", "kader “senior”; 10 th"],
            ["Siti Aminah", "Mawar", "baris\nkedua di sel"], ["Dewi € Sari", "Pelangi, A", ""]]
    import csv
    import io

    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = tmp_path / f"daftar-{encoding}.csv"
    path.write_bytes(text.getvalue().encode(encoding))
    book = spreadsheet.open_workbook(path)
    assert book.rows() == rows
    assert book.delimiter == delimiter
    assert "\ufffd" not in repr(book.rows())


def test_csv_line_separator_inside_a_cell_does_not_split_the_row(tmp_path):
    path = tmp_path / "pemisah.csv"
    path.write_text("Nama Kader;Nama Posyandu\nSiti\u2028Aminah;Melati\nRina;Mawar\n", encoding="utf-8")
    assert spreadsheet.read_rows(path) == [["Nama Kader", "Nama Posyandu"], ["Siti\u2028Aminah", "Melati"],
                                           ["Rina", "Mawar"]]


def test_csv_in_an_unknown_encoding_is_refused_not_garbled(tmp_path):
    path = tmp_path / "aneh.csv"
    path.write_bytes(b"Nama;Posyandu\n" + b"W\x81dari;Melati\x8d\n")  # undefined in Windows-1252
    with pytest.raises(SpreadsheetError, match="CSV UTF-8"):
        spreadsheet.read_rows(path)
