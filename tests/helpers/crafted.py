"""Hand-made spreadsheet files for the reader's tests: hostile ones (far cells, zip bombs, expanding strings) and a
legitimate one at the size limits. Written straight as XML parts, so even huge sheets take a moment to build."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
    '+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sharedStrings+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Kader" sheetId="1" r:id="rId1"/></sheets>'
            '</workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'


def xlsx(path: Path, sheet: Iterable[str], shared: Iterable[str] = (), level: int = 1) -> Path:
    """An .xlsx from the sheet XML given in pieces (streamed into the zip) and optional shared strings."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with book.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">'.encode())
            for text in shared:
                part.write(f"<si><t>{text}</t></si>".encode())
            part.write(b"</sst>")
        with book.open("xl/worksheets/sheet1.xml", "w") as part:
            for piece in sheet:
                part.write(piece.encode())
    return path


def far_cell(path: Path, declare: bool = True, tag: str = '<c r="XFD1048576" t="inlineStr">') -> Path:
    """A 1 KB roster whose second cell sits at XFD1048576 (readers allocate the whole range); `tag` opens that cell
    (XML allows a tab or a line break before an attribute, and attributes in any order)."""
    return xlsx(path, [SHEET_HEAD, '<dimension ref="A1:XFD1048576"/>' if declare else "",
                       '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nama Kader</t></is></c></row>'
                       f'<row r="1048576">{tag}<is><t>x</t></is></c></row></sheetData>'
                       "</worksheet>"])


def zip_bomb(path: Path, megabytes: int = 200) -> Path:
    """Hundreds of MB of empty-looking row markup packed into well under 1 MB."""
    filler = "<row/>" * (1024 * 1024 // 6)

    def pieces():
        yield SHEET_HEAD + '<dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nama' \
                           "</t></is></c></row>"
        for _ in range(megabytes):
            yield filler
        yield "</sheetData></worksheet>"

    return xlsx(path, pieces(), level=9)


def lying_zip_bomb(path: Path, megabytes: int = 200) -> Path:
    """The same bomb whose zip directory claims the sheet unpacks to 1 KB."""
    zip_bomb(path, megabytes)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at:start + name_at + len(name)] == name:
                data[start + size_at:start + size_at + 4] = (1024).to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))
    return path


def string_bomb(path: Path) -> Path:
    """One 30,000-character shared string referenced by 40,000 cells: 1.2 billion characters once expanded."""
    def pieces():
        yield SHEET_HEAD + "<sheetData>"
        for r in range(1, 41):
            yield f'<row r="{r}">' + "".join(f'<c r="{_letters(c)}{r}" t="s"><v>0</v></c>' for c in range(1, 1001)) \
                + "</row>"
        yield "</sheetData></worksheet>"

    return xlsx(path, pieces(), ["x" * 30_000])


def at_the_limits(path: Path, rows: int = 1000, columns: int = 1000) -> Path:
    """A legitimate sheet of a million distinct short texts: the largest the reader accepts."""
    def pieces():
        yield SHEET_HEAD + "<sheetData>"
        for r in range(1, rows + 1):
            yield f'<row r="{r}">' + "".join(f'<c r="{_letters(c)}{r}" t="s"><v>{(r - 1) * columns + c - 1}</v></c>'
                                             for c in range(1, columns + 1)) + "</row>"
        yield "</sheetData></worksheet>"

    return xlsx(path, pieces(), (f"Kader nomor {n:07d}" for n in range(rows * columns)))


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


ODS_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml">{extra}</manifest:file-entry>'
                "</manifest:manifest>")
ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
            'opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
            '<office:spreadsheet><table:table table:name="Kader">')
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def ods(path: Path, rows_xml: str, encrypted: bool = False) -> Path:
    """An .ods with the given table rows."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        extra = ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
                 "</manifest:encryption-data>") if encrypted else ""
        book.writestr("META-INF/manifest.xml", ODS_MANIFEST.format(extra=extra))
        book.writestr("content.xml", ODS_HEAD + rows_xml + ODS_TAIL)
    return path


def ods_repeated(path: Path) -> Path:
    """A filled cell repeated 16,384 columns across, in a row repeated a million times."""
    return ods(path, '<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type='
                     '"string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
                     "</table:table-row>")
