"""The one bounded reader of office spreadsheets: .xlsx/.xlsm, .ods, .xls and .csv, for every import.

A file is checked before anything is read into memory: its size, the zip's unpacked size and compression ratio,
each sheet's declared dimension and the real extent of its cells (a 6 KB file with one cell at XFD1048576 would
otherwise make the reader ask for 512 GB), the number of cells and of characters they expand to. Encrypted or
password-protected files and files that are no spreadsheet are refused in Indonesian. CSV text is decoded with
its detected encoding (UTF-8, UTF-8 with BOM, UTF-16, Windows-1252) and never with replacement characters, and its
delimiter is sniffed. Every limit is stated in the refusal, so the user knows what to split or shorten.
"""

from __future__ import annotations

import csv
import io
import operator
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from desktop.models.errors import UserError

MAX_BYTES = 20 * 1024 * 1024  # a file on disk
MAX_UNPACKED = 150 * 1024 * 1024  # bytes unpacked from one .xlsx/.ods
MAX_RATIO = 500  # unpacked : packed, for any part bigger than RATIO_FLOOR (real sheets stay far below; bombs ~1000)
RATIO_FLOOR = 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 1_000
MAX_CELLS = 1_000_000  # rows x columns of a sheet's used range (the reader allocates all of it)
MAX_TEXT = 20_000_000  # characters of all text cells once shared strings are expanded
MAX_PARTS = 5_000
CSV_DELIMITERS = ";,\t|"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls", ".csv")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class SpreadsheetError(UserError):
    """A file that is refused before (or instead of) being read; the message says why, in Indonesian."""


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _n(number: int) -> str:
    """12345 -> 12.345, as Indonesian writes it."""
    return f"{number:,}".replace(",", ".")


def _limits(what: str) -> str:
    return f"{what}; batasnya {_n(MAX_ROWS)} baris, {_n(MAX_COLUMNS)} kolom dan {_n(MAX_CELLS)} sel per lembar"


@dataclass
class Workbook:
    """A checked file: its kind, its sheets' names and document properties; sheets are read on demand."""

    path: Path
    kind: str  # "xlsx", "ods", "xls" or "csv"
    sheet_names: list[str]
    properties: dict[str, str] = field(default_factory=dict)  # e.g. "subject", where the format keeps it
    _csv_rows: list[list[object]] | None = None
    encoding: str = ""  # CSV only: the detected encoding
    delimiter: str = ""  # CSV only: the sniffed delimiter

    def rows(self, sheet: int | str = 0) -> list[list[object]]:
        """Every row of one sheet (by position or name) as cell values; '' for an empty cell."""
        if self._csv_rows is not None:
            if sheet not in (0, self.sheet_names[0]):
                raise SpreadsheetError(f"Berkas {self.path.name} (CSV) hanya berisi satu lembar.")
            return self._csv_rows
        if isinstance(sheet, str) and sheet not in self.sheet_names:
            raise SpreadsheetError(f"Berkas {self.path.name} tidak berisi lembar “{sheet}” (yang ada: "
                                   f"{', '.join(self.sheet_names)}).")
        from python_calamine import CalamineWorkbook

        rows: list[list[object]] = []
        try:
            book = CalamineWorkbook.from_path(str(self.path))
            found = book.get_sheet_by_name(sheet) if isinstance(sheet, str) else book.get_sheet_by_index(sheet)
            left: list[object] = [""] * (found.start[1] if found.start else 0)  # rows from row 1, columns from A
            try:  # all at once (columns from A); a cell the reader cannot convert is then found row by row
                return cast("list[list[object]]", found.to_python(skip_empty_area=False))
            except BaseException as exc:  # noqa: BLE001 - the reader's Rust panics (PanicException)
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
            for row in found.iter_rows():
                rows.append([*left, *row])
            return rows
        except BaseException as exc:  # noqa: BLE001 - the reader's Rust panics (PanicException) are BaseExceptions
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            if rows or "out of bounds" in str(exc) or "out of range" in str(exc):
                raise SpreadsheetError(f"Berkas {self.path.name}, Baris {len(rows) + 1}: ada sel tanggal/waktu "
                                       "dengan nilai di luar jangkauan (mis. angka sangat besar dalam kolom "
                                       "tanggal). Perbaiki sel itu, simpan, lalu impor lagi.") from None
            raise SpreadsheetError(f"Berkas {self.path.name} rusak atau tidak dapat dibaca sebagai lembar kerja "
                                   f"({type(exc).__name__}). Buka di Excel/LibreOffice lalu simpan ulang.") from None


def open_workbook(path: Path) -> Workbook:
    """Check a file completely (format, size, extent, encryption) and return it ready to read."""
    path = Path(path)
    if not path.is_file():
        raise SpreadsheetError(f"Berkas {path} tidak ditemukan.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SpreadsheetError(f"Berkas {path.name} berukuran {_mb(size)}; batasnya {_mb(MAX_BYTES)}. Bagi menjadi "
                               "beberapa berkas.")
    with path.open("rb") as stream:
        head = stream.read(8)
    suffix = path.suffix.lower()
    if head.startswith(ZIP_MAGIC):
        return _open_zip(path)
    if head == OLE_MAGIC:
        return _open_ole(path)
    if suffix == ".csv" or (suffix == ".txt"):
        return _open_csv(path)
    if suffix in (".xlsx", ".xlsm", ".ods", ".xls"):
        hint = " (isinya teks/HTML, bukan lembar kerja)" if _looks_like_text(path) else ""
        raise SpreadsheetError(f"Berkas {path.name} bukan berkas {suffix[1:].upper()} yang sah{hint}. Buka di "
                               "Excel/LibreOffice lalu simpan sebagai .xlsx.")
    raise SpreadsheetError(f"Berkas {path.name} bukan lembar kerja yang dikenal; gunakan .xlsx, .xls, .ods atau "
                           ".csv.")


def read_rows(path: Path, sheet: int | str = 0) -> list[list[object]]:
    """Check then read one sheet (the first by default) of any supported file."""
    return open_workbook(path).rows(sheet)


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as stream:
        sample = stream.read(512)
    return bool(sample) and b"\0" not in sample


# --- zip containers: .xlsx and .ods ------------------------------------------------------------------------------


def _open_zip(path: Path) -> Workbook:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(f"Berkas {path.name} rusak (arsip zip tidak utuh). Buka di Excel/LibreOffice lalu "
                               "simpan ulang.") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise SpreadsheetError(f"Berkas {path.name} berisi {len(infos)} bagian; batasnya {MAX_PARTS}.")
        names = {info.filename for info in infos}
        if any(info.flag_bits & 0x1 for info in infos):
            raise _protected(path)
        declared = sum(info.file_size for info in infos)
        if declared > MAX_UNPACKED:
            raise _bomb(path, declared)
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _bomb(path, info.file_size, info.file_size / max(info.compress_size, 1))
        budget = _Budget(path)
        if "xl/workbook.xml" in names:
            return _check_xlsx(path, archive, infos, budget)
        if "content.xml" in names:
            return _check_ods(path, archive, infos, budget)
    raise SpreadsheetError(f"Berkas {path.name} adalah arsip zip, tetapi bukan lembar kerja Excel (.xlsx) atau "
                           "LibreOffice (.ods).")


def _protected(path: Path) -> SpreadsheetError:
    return SpreadsheetError(f"Berkas {path.name} dilindungi kata sandi (terenkripsi) sehingga tidak dapat dibaca. "
                            "Buka di Excel/LibreOffice, hapus kata sandinya, simpan, lalu impor lagi.")


def _bomb(path: Path, unpacked: int, ratio: float | None = None) -> SpreadsheetError:
    detail = (f"satu bagiannya memuai {ratio:.0f} kali (batas {MAX_RATIO} kali)" if ratio is not None else
              f"isinya memuai menjadi {_mb(unpacked)} (batas {_mb(MAX_UNPACKED)})")
    return SpreadsheetError(f"Berkas {path.name} ditolak: {detail}. Berkas semacam ini bukan daftar biasa; simpan "
                            "ulang dari Excel/LibreOffice atau bagi menjadi beberapa berkas.")


class _Budget:
    """Counts the bytes really unpacked (declared sizes can lie) and stops at the limits."""

    def __init__(self, path: Path) -> None:
        self.path, self.total = path, 0

    def stream(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
        limit = max(RATIO_FLOOR, MAX_RATIO * max(info.compress_size, 1))
        done = 0
        try:
            with archive.open(info) as part:
                while chunk := part.read(1 << 16):
                    done += len(chunk)
                    self.total += len(chunk)
                    if self.total > MAX_UNPACKED:
                        raise _bomb(self.path, self.total)
                    if done > limit:
                        raise _bomb(self.path, done, done / max(info.compress_size, 1))
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            if isinstance(exc, RuntimeError) or "encrypt" in str(exc).lower():
                raise _protected(self.path) from None
            raise SpreadsheetError(f"Berkas {self.path.name} rusak (bagian {info.filename} tidak utuh). Buka di "
                                   "Excel/LibreOffice lalu simpan ulang.") from None

    def read(self, archive: zipfile.ZipFile, name: str) -> bytes:
        return b"".join(self.stream(archive, archive.getinfo(name)))


class _Extent:
    """The used range of one sheet and what it expands to, checked against the limits as it grows."""

    def __init__(self, path: Path, sheet: str) -> None:
        self.path, self.sheet = path, sheet
        self.rows = self.columns = self.cells = self.text = 0

    def fail(self, what: str) -> SpreadsheetError:
        return SpreadsheetError(f"Berkas {self.path.name}, lembar “{self.sheet}”: {_limits(what)}. Hapus baris "
                                "dan kolom kosong di luar data (atau bagi berkasnya), simpan, lalu impor lagi.")

    def add(self, row: int, column: int, count: int = 1, text: int = 0) -> None:
        """A cell with content at 1-based (row, column); `count` cells, `text` characters in all."""
        if row > self.rows:
            self.rows = row
            if row > MAX_ROWS:
                raise self.fail(f"ada isi di baris {_n(row)}")
        if column > self.columns:
            self.columns = column
            if column > MAX_COLUMNS:
                raise self.fail(f"ada isi di kolom ke-{_n(column)}")
        if self.rows * self.columns > MAX_CELLS:
            raise self.fail(f"rentang datanya {_n(self.rows)} baris × {_n(self.columns)} kolom")
        self.cells += count
        self.text += text
        if self.text > MAX_TEXT:
            raise SpreadsheetError(f"Berkas {self.path.name}, lembar “{self.sheet}”: teks di dalam sel berjumlah lebih "
                                   f"dari {_n(MAX_TEXT)} karakter (batasnya). Bagi berkasnya menjadi beberapa berkas.")

    def declare(self, rows: int, columns: int) -> None:
        """The dimension a file claims for a sheet must fit the limits too (readers allocate it)."""
        if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
            raise self.fail(f"lembar ini menyatakan ukuran {_n(rows)} baris × {_n(columns)} kolom")


CELL_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c|dimension|v|t)\b([^>]*?)(/?)>")
ATTR = re.compile(rb'\b(r|t|ref)="([^"]*)"')
XML_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
XML_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _attrs(text: bytes) -> dict[bytes, bytes]:
    return dict(ATTR.findall(text))


def _unescape(text: bytes) -> str:
    import html

    return html.unescape(text.decode("utf-8", "replace"))


def _xlsx_sheets(archive: zipfile.ZipFile, budget: _Budget) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order."""
    workbook = budget.read(archive, "xl/workbook.xml")
    try:
        rels = budget.read(archive, "xl/_rels/workbook.xml.rels")
    except KeyError:
        rels = b""
    targets = {}
    for tag in XML_REL.findall(rels):
        attributes = dict(re.findall(rb'\b(Id|Target)="([^"]*)"', tag))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[attributes.get(b"Id", b"")] = target
    sheets = []
    for tag in XML_SHEET.findall(workbook):
        name = re.search(rb'\bname="([^"]*)"', tag)
        rid = re.search(rb'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', tag)
        rid_value = (rid.group(1) or rid.group(2)) if rid else b""
        sheets.append((_unescape(name.group(1)) if name else "?", targets.get(rid_value, "")))
    return sheets


def _shared_string_lengths(archive: zipfile.ZipFile, budget: _Budget, names: set[str]) -> list[int]:
    """An upper bound of each shared string's length: its `<si>` element's size less the plainest markup."""
    if "xl/sharedStrings.xml" not in names:
        return []
    lengths: list[int] = []
    tail = b""
    for chunk in budget.stream(archive, archive.getinfo("xl/sharedStrings.xml")):
        pieces = re.split(rb"</(?:\w+:)?si>", tail + chunk)
        tail = pieces.pop()
        lengths.extend(len(piece) - piece.rfind(b"<si") - 11 for piece in pieces)
    return lengths


def _document_properties(archive: zipfile.ZipFile, budget: _Budget, names: set[str], part: str) -> dict[str, str]:
    """Subject and title from the file's Dublin Core part (xlsx docProps/core.xml, ods meta.xml), within budget."""
    properties: dict[str, str] = {}
    if part in names:
        document = budget.read(archive, part)
        for key in ("subject", "title"):
            found = re.search(rb"<dc:" + key.encode() + rb">([^<]*)</dc:", document)
            if found:
                properties[key] = _unescape(found.group(1))
    return properties


def _check_xlsx(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], budget: _Budget) -> Workbook:
    names = {info.filename for info in infos}
    shared = _shared_string_lengths(archive, budget, names)
    sheets = _xlsx_sheets(archive, budget)
    for sheet_name, part in sheets:
        if part in names:
            _scan_xlsx_sheet(path, sheet_name, budget.stream(archive, archive.getinfo(part)), shared)
    checked = {part for _, part in sheets}
    for info in infos:  # parts calamine may load that are not sheets: unpack them too, so the budget is real
        if info.filename not in checked and info.filename.endswith((".xml", ".rels")):
            for _ in budget.stream(archive, info):
                pass
    properties = _document_properties(archive, budget, names, "docProps/core.xml")
    return Workbook(path, "xlsx", [name for name, _ in sheets], properties)


# Every cell tag (<c then a space, tab, line break, / or >) with the column letters and row of its reference where
# Excel, LibreOffice and openpyxl write it (first), else (b"", b""): the tag-by-tag scan then places it, so a cell
# written another way cannot hide a far reference. <x:c …>: the namespace-aware pattern (slower).
CELL = re.compile(rb'<c(?=[\s/>])(?: r="([A-Z]{1,3})([0-9]{1,7})")?')
CELL_AT = re.compile(rb'<(?:\w+:)?c(?=[\s/>])(?: r="([A-Z]{1,3})([0-9]{1,7})")?')
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
SHARED_INDEX = re.compile(rb'\st="s"[^>]*>\s*<(?:\w+:)?v>\s*([0-9]+)')
INLINE_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)")
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?ref="(?:[A-Z]+[0-9]+:)?([A-Z]{1,3})([0-9]{1,7})"')
MAX_ROW_BYTES = 32 * 1024 * 1024


def _scan_xlsx_sheet(path: Path, sheet: str, chunks: Iterator[bytes], shared: list[int]) -> None:
    """Column-wise over whole rows: the largest cell reference, the text the cells expand to."""
    extent = _Extent(path, sheet)
    tail, row = b"", 0
    longest_shared = max(shared, default=0)
    for number, chunk in enumerate(chunks):
        data = tail + chunk
        if number == 0 and (declared := DIMENSION.search(data)):
            extent.declare(int(declared.group(2)), _column_number(declared.group(1)))
        cut = max(data.rfind(b"row>") + 4, 0)  # whole rows only; the rest waits for the next chunk
        data, tail = data[:cut], data[cut:]
        if len(tail) > MAX_ROW_BYTES:
            raise extent.fail("satu baris berisi lebih dari 32 MB")
        if data:
            row = _scan_xlsx_rows(extent, data, shared, longest_shared, row)
    if tail:
        _scan_xlsx_rows(extent, tail, shared, longest_shared, row)


def _scan_xlsx_rows(extent: _Extent, data: bytes, shared: list[int], longest_shared: int, row: int) -> int:
    refs = (CELL_AT if b":c" in data else CELL).findall(data)  # (column letters, row) of every cell tag
    numbers = set(map(_SECOND, refs))
    if b"" in numbers:  # a cell whose reference is not first (or is missing): position by counting, tag by tag
        return _scan_xlsx_tags(extent, data, shared, row)
    if refs:
        last_row = max(map(int, numbers))  # C-level: 80,000 references of a 10,000-row roster
        last_column = max(map(_column_number, set(map(_FIRST, refs))))
        extent.add(last_row, last_column, len(refs))
        row = max(row, last_row)
    # Text: count it exactly only when a cheap upper bound could pass the limit.
    text = data.count(b't="s"') * longest_shared if longest_shared else 0
    if text + extent.text > MAX_TEXT:
        text = sum(shared[int(i)] for i in SHARED_INDEX.findall(data) if int(i) < len(shared))
    inline = len(data) if b"is>" in data and (b"<is>" in data or b":is>" in data) else 0
    if inline + text + extent.text > MAX_TEXT:
        inline = sum(len(t) for t in INLINE_TEXT.findall(data))
    if text + inline:
        extent.add(max(row, 1), 1, 0, text + inline)
    return row


def _scan_xlsx_tags(extent: _Extent, data: bytes, shared: list[int], row: int) -> int:
    """The slow path for writers that leave out cell references: position by counting, tag by tag."""
    column, shared_cell = 0, False
    for match in XLSX_TAG.finditer(data):
        tag, attributes, empty = match.group(1), match.group(2), match.group(3)
        if tag == b"row":
            found = _attrs(attributes).get(b"r")
            row, column = (int(found) if found and found.isdigit() else row + 1), 0
        elif tag == b"c":
            attrs = _attrs(attributes)
            ref = CELL_REF.fullmatch(attrs.get(b"r", b""))
            column, row = (_column_number(ref.group(1)), int(ref.group(2))) if ref else (column + 1, row)
            shared_cell = attrs.get(b"t") == b"s"
            if not empty:
                extent.add(max(row, 1), max(column, 1))
        elif tag in (b"v", b"t") and not empty:
            end = data.find(b"<", match.end())
            value = data[match.end():end if end >= 0 else None]
            if tag == b"t":
                extent.add(max(row, 1), max(column, 1), 0, len(value))
            elif shared_cell and value.strip().isdigit() and int(value) < len(shared):
                extent.add(max(row, 1), max(column, 1), 0, shared[int(value)])
    return row


# --- .ods ----------------------------------------------------------------------------------------------------------

TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _check_ods(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], budget: _Budget) -> Workbook:
    names = {info.filename for info in infos}
    if "META-INF/manifest.xml" in names and b"encryption-data" in budget.read(archive, "META-INF/manifest.xml"):
        raise _protected(path)
    from xml.parsers import expat

    scan = _OdsScan(path)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler, parser.EndElementHandler = scan.start, scan.end
    parser.CharacterDataHandler = scan.text
    try:
        for chunk in budget.stream(archive, archive.getinfo("content.xml")):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise SpreadsheetError(f"Berkas {path.name} rusak (isi lembar kerja tidak utuh). Buka di LibreOffice lalu "
                               "simpan ulang.") from None
    sheets = scan.sheets
    for info in infos:
        if info.filename.endswith(".xml") and info.filename != "content.xml":
            for _ in budget.stream(archive, info):
                pass
    properties = _document_properties(archive, budget, names, "meta.xml")
    if not sheets:
        raise SpreadsheetError(f"Berkas {path.name} tidak berisi lembar kerja.")
    return Workbook(path, "ods", sheets, properties)


class _OdsScan:
    """Follows content.xml's tables, rows and cells, with their repeat counts, into each sheet's extent."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheets: list[str] = []
        self.extent = _Extent(path, "")
        self.row = 0
        self.row_repeat = 1
        self.column = 0
        self.cell: tuple[int, int] | None = None  # (first column, repeat) of the open cell
        self.used = False
        self.characters = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{TABLE_NS} table":
            self.sheets.append(attrs.get(f"{TABLE_NS} name", f"Lembar {len(self.sheets) + 1}"))
            self.extent, self.row = _Extent(self.path, self.sheets[-1]), 0
        elif tag == f"{TABLE_NS} table-row":
            self.row_repeat, self.column = _count(attrs.get(f"{TABLE_NS} number-rows-repeated")), 0
        elif tag in (f"{TABLE_NS} table-cell", f"{TABLE_NS} covered-table-cell"):
            repeat = _count(attrs.get(f"{TABLE_NS} number-columns-repeated"))
            self.cell, self.used, self.characters = (self.column, repeat), f"{OFFICE_NS} value-type" in attrs, 0
            self.column += repeat
        elif self.cell is not None:
            self.used = True  # a paragraph or annotation inside: the cell has content

    def end(self, tag: str) -> None:
        if tag in (f"{TABLE_NS} table-cell", f"{TABLE_NS} covered-table-cell") and self.cell is not None:
            first, repeat = self.cell
            if self.used:
                cells = repeat * self.row_repeat
                self.extent.add(self.row + self.row_repeat, first + repeat, cells, self.characters * cells)
            self.cell = None
        elif tag == f"{TABLE_NS} table-row":
            self.row += self.row_repeat

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.characters += len(data)


def _count(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


# --- OLE compound files: .xls and encrypted Office files ------------------------------------------------------------


class _Ole:
    """The few parts of a compound file needed to find a stream (the reader itself is calamine's)."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data, self.path = data, path
        try:
            self.sector = 1 << struct.unpack_from("<H", data, 30)[0]
            self.mini_sector = 1 << struct.unpack_from("<H", data, 32)[0]
            fat_count, self.dir_start = struct.unpack_from("<I", data, 44)[0], struct.unpack_from("<I", data, 48)[0]
            self.mini_cutoff, self.minifat_start = struct.unpack_from("<II", data, 56)
            difat_start, difat_count = struct.unpack_from("<II", data, 68)
            fat_sectors = list(struct.unpack_from("<109I", data, 76))[:fat_count]
            seen = 0
            while difat_start < 0xFFFFFFFA and seen <= difat_count and len(fat_sectors) < fat_count:
                seen += 1
                words = struct.unpack_from(f"<{self.sector // 4}I", data, self._offset(difat_start))
                fat_sectors.extend(words[:-1])
                difat_start = words[-1]
            fat_sectors = fat_sectors[:fat_count]
            self.fat: list[int] = []
            for number in fat_sectors:
                self.fat.extend(struct.unpack_from(f"<{self.sector // 4}I", data, self._offset(number)))
            directory = self._chain(self.dir_start)
            self.entries = {}
            for index in range(len(directory) // 128):
                entry = directory[index * 128:(index + 1) * 128]
                name_len = struct.unpack_from("<H", entry, 64)[0]
                name = entry[:max(name_len - 2, 0)].decode("utf-16-le", "replace")
                kind = entry[66]
                start, size = struct.unpack_from("<IQ", entry, 116)
                if kind in (1, 2, 5):
                    self.entries[name.lower()] = (kind, start, size & 0xFFFFFFFF)
            root = next((v for v in self.entries.values() if v[0] == 5), None)
            self.ministream = self._chain(root[1]) if root else b""
        except (struct.error, IndexError, ValueError, KeyError):
            raise SpreadsheetError(f"Berkas {path.name} rusak (berkas Excel lama tidak utuh). Buka di "
                                   "Excel/LibreOffice lalu simpan sebagai .xlsx.") from None

    def _offset(self, sector: int) -> int:
        offset = (sector + 1) * self.sector
        if offset + self.sector > len(self.data):
            raise ValueError("sector outside the file")
        return offset

    def _chain(self, start: int, mini: bool = False) -> bytes:
        parts, seen, sector = [], 0, start
        table = self.minifat if mini else self.fat
        size = self.mini_sector if mini else self.sector
        while sector < 0xFFFFFFFA:
            seen += 1
            if seen > len(table) + 1:
                raise ValueError("loop in the sector chain")
            if mini:
                parts.append(self.ministream[sector * size:(sector + 1) * size])
            else:
                offset = self._offset(sector)
                parts.append(self.data[offset:offset + size])
            sector = table[sector]
        return b"".join(parts)

    def stream(self, name: str) -> bytes | None:
        found = self.entries.get(name.lower())
        if found is None or found[0] != 2:
            return None
        _, start, size = found
        if size < self.mini_cutoff:
            try:
                self.minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw)) if (
                    raw := self._chain(self.minifat_start)) else []
                return self._chain(start, mini=True)[:size]
            except (struct.error, IndexError, ValueError):
                return None
        return self._chain(start)[:size]


BIFF_CELLS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00BD, 0x00D6}  # formula, sst, number, label …
BIFF_BOF, BIFF_EOF, BIFF_DIMENSIONS, BIFF_FILEPASS, BIFF_SST, BIFF_CONTINUE, BIFF_SHEET = (
    0x0809, 0x000A, 0x0200, 0x002F, 0x00FC, 0x003C, 0x0085)


def _open_ole(path: Path) -> Workbook:
    ole = _Ole(path.read_bytes(), path)
    if "encryptedpackage" in ole.entries or "encryptioninfo" in ole.entries:
        raise _protected(path)
    stream = ole.stream("Workbook") or ole.stream("Book")
    if stream is None:
        raise SpreadsheetError(f"Berkas {path.name} adalah dokumen Office, tetapi bukan lembar kerja Excel.")
    sheets, shared = _scan_biff(path, stream)
    return Workbook(path, "xls", sheets, {})


def _records(stream: bytes) -> Iterator[tuple[int, int, bytes]]:
    position = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        yield position, kind, stream[position + 4:position + 4 + length]
        position += 4 + length


def _sst_lengths(first: bytes, continues: list[bytes]) -> list[int]:
    """Characters of each shared string of a BIFF8 SST record (spread over CONTINUE records)."""
    blocks = [first[8:], *continues]
    lengths: list[int] = []
    block, position = 0, 0

    def take(count: int) -> bytes:
        nonlocal block, position
        out = b""
        while count > 0 and block < len(blocks):
            piece = blocks[block][position:position + count]
            out += piece
            count -= len(piece)
            position += len(piece)
            if position >= len(blocks[block]):
                block, position = block + 1, 0
        return out

    total = struct.unpack_from("<I", first, 4)[0] if len(first) >= 8 else 0
    while len(lengths) < total and block < len(blocks):
        header = take(3)
        if len(header) < 3:
            break
        chars, flags = struct.unpack("<HB", header)
        runs = struct.unpack("<H", take(2))[0] if flags & 0x08 else 0
        ext = struct.unpack("<I", take(4))[0] if flags & 0x04 else 0
        remaining, wide = chars, flags & 0x01
        while remaining > 0 and block < len(blocks):
            available = len(blocks[block]) - position
            step = min(remaining, available // (2 if wide else 1))
            take(step * (2 if wide else 1))
            remaining -= step
            if remaining > 0:  # continues in the next CONTINUE record, which starts with a fresh flags byte
                if position != 0 and position < len(blocks[block]):
                    take(len(blocks[block]) - position)
                wide = take(1)[0] & 0x01 if block < len(blocks) else 0
        take(4 * runs + ext)
        lengths.append(chars)
    return lengths


def _scan_biff(path: Path, stream: bytes) -> tuple[list[str], list[int]]:
    sheets: list[str] = []
    shared: list[int] = []
    extent: _Extent | None = None
    worksheets = 0
    records = list(_records(stream))
    for index, (_, kind, body) in enumerate(records):
        if kind == BIFF_FILEPASS:
            raise _protected(path)
        if kind == BIFF_SHEET and len(body) >= 8:
            length, wide = body[6], body[7] & 0x01
            raw = body[8:8 + length * (2 if wide else 1)]
            sheets.append(raw.decode("utf-16-le" if wide else "latin-1", "replace"))
        elif kind == BIFF_SST and not shared:
            continues = []
            for _, next_kind, next_body in records[index + 1:]:
                if next_kind != BIFF_CONTINUE:
                    break
                continues.append(next_body)
            shared = _sst_lengths(body, continues)
        elif kind == BIFF_BOF and len(body) >= 4 and struct.unpack_from("<H", body, 2)[0] in (0x0010, 0x0020):
            worksheets += 1
            extent = _Extent(path, sheets[worksheets - 1] if worksheets <= len(sheets) else f"Lembar {worksheets}")
        elif extent is not None and kind == BIFF_DIMENSIONS and len(body) >= 12:
            rows, columns = struct.unpack_from("<I", body, 4)[0], struct.unpack_from("<H", body, 10)[0]
            extent.declare(rows, columns)
        elif extent is not None and kind in BIFF_CELLS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body, 0)
            last = column
            if kind == 0x00BD and len(body) >= 6:  # MULRK: several columns in one record
                last = max(column, struct.unpack_from("<H", body, len(body) - 2)[0])
            text = 0
            if kind == 0x00FD and len(body) >= 10:
                string = struct.unpack_from("<I", body, 6)[0]
                text = shared[string] if string < len(shared) else 0
            elif kind == 0x0204 and len(body) >= 8:  # LABEL: the text is in the record itself
                text = struct.unpack_from("<H", body, 6)[0]
            extent.add(row + 1, last + 1, last - column + 1, text)
        elif kind == BIFF_EOF:
            extent = None
    return sheets or ["Lembar 1"], shared


# --- CSV ----------------------------------------------------------------------------------------------------------

ENCODING_LABELS = {"utf_8": "UTF-8", "utf_8_sig": "UTF-8 (BOM)", "cp1252": "Windows-1252", "utf_16": "UTF-16"}


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and its encoding: UTF-8 (with or without BOM), UTF-16 with BOM, else detected
    (Windows-1252 for Indonesian Windows); never with replacement characters."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf_8_sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf_16"]
    else:
        candidates = ["utf_8"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    if candidates != ["utf_8"]:
        raise SpreadsheetError(f"Berkas {name}: teksnya rusak (penanda {ENCODING_LABELS[candidates[0]]} ada, tetapi "
                               "isinya tidak sesuai). Simpan ulang sebagai CSV UTF-8.")
    from charset_normalizer import from_bytes

    # Windows in Indonesia saves "ANSI" text as Windows-1252; other single-byte code pages decode the same bytes to
    # other letters just as happily (Ñ becomes Ń in Windows-1250), so they are not candidates.
    guess = from_bytes(data, cp_isolation=["cp1252"], preemptive_behaviour=False).best()
    for encoding in [guess.encoding] if guess else []:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if "\ufffd" not in text and not any(0x80 <= ord(ch) < 0xA0 for ch in text):
            return text, encoding
    raise SpreadsheetError(f"Berkas {name}: penyandian teksnya tidak dikenali (bukan UTF-8 atau Windows-1252). "
                           "Di Excel pilih Simpan Sebagai › CSV UTF-8, lalu impor lagi.")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (> 1) of columns most often."""
    sample = text[:65536]
    best, best_score = ",", -1.0
    for delimiter in CSV_DELIMITERS:
        try:
            widths = [len(row) for _, row in zip(range(50), csv.reader(io.StringIO(sample, newline=""),
                                                                        delimiter=delimiter), strict=False)]
        except csv.Error:
            continue
        widths = [w for w in widths if w > 0]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        if common < 2:
            continue
        score = widths.count(common) / len(widths) + common / 1000  # consistency first, then more columns
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_csv(path: Path) -> Workbook:
    data = path.read_bytes()
    sample = data[:4096]
    control = sum(sample.count(bytes([c])) for c in range(32) if c not in (9, 10, 13))
    if control > len(sample) // 10 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetError(f"Berkas {path.name} bukan teks CSV (berisi data biner).")  # a stray NUL: cleaned later
    text, encoding = decode_text(data, path.name)
    delimiter = sniff_delimiter(text)
    extent = _Extent(path, path.stem)
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if row:
                extent.add(number, len(row), len(row), sum(len(cell) for cell in row))
            rows.append(list(row))
    except csv.Error as exc:
        raise SpreadsheetError(f"Berkas {path.name}, baris {reader.line_num}: CSV tidak utuh ({exc}).") from None
    return Workbook(path, "csv", [path.stem], {}, rows, encoding=encoding, delimiter=delimiter)
