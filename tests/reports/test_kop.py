"""The kop surat: the kabupaten/kota prefix printed once, the kode pos, and a logo placed inside its box."""

import struct
import zlib

import pytest

from desktop.instruments.loader import load_instrument
from desktop.models.regions import region_label, split_region
from desktop.reports.instrument_pdf import render_instrument_pdf
from desktop.reports.kop import KOP_HEIGHT, LOGO, Identity
from tests.reports.geometry import MM, read


@pytest.mark.parametrize(("typed", "expected"), [
    ("Kabupaten Bekasi", ("Kabupaten", "Bekasi")),
    ("kabupaten kabupaten BEKASI", ("Kabupaten", "Bekasi")),
    ("Kab. Bogor", ("Kabupaten", "Bogor")),
    ("KOTA  bekasi", ("Kota", "Bekasi")),
    ("Bekasi", ("", "Bekasi")),
    ("Kota", ("", "Kota")),  # a one-word name is a name
    ("Tanjung Jabung Barat", ("", "Tanjung Jabung Barat")),
])
def test_split_region(typed, expected):
    assert split_region(typed) == expected


def test_region_label_never_doubles_the_prefix():
    assert region_label("Kabupaten Bekasi", is_kota=False) == "Kabupaten Bekasi"
    assert region_label("Bekasi", is_kota=True) == "Kota Bekasi"
    assert region_label("Kabupaten Kabupaten Bekasi") == "Kabupaten Bekasi"


def _emblem_png(width: int, height: int) -> bytes:
    """A shield-shaped emblem (a green shield on a transparent ground), taller than wide like most logos."""
    rows = []
    for y in range(height):
        half = width / 2 * (1 if y < height * 0.6 else max(0.0, 1 - (y - height * 0.6) / (height * 0.4)))
        row = b""
        for x in range(width):
            inside = abs(x - width / 2) <= half - 1
            row += b"\x1b\x5e\x20\xff" if inside else b"\x00\x00\x00\x00"
        rows.append(b"\x00" + row)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def test_kop_prints_the_prefix_once_the_postal_code_and_places_the_logo(tmp_path):
    import pdfplumber

    identity = Identity(name="Puskesmas Cibarusah", address="Jl. Raya Cibarusah No. 41, Cibarusah",
                        kabupaten="Kabupaten Kabupaten Bekasi", postal_code="17340", logo=_emblem_png(100, 120),
                        place="Cibarusah")
    out = render_instrument_pdf(load_instrument("coaching"), tmp_path / "k.pdf", identity)
    text = read(out)[0].text
    assert "PEMERINTAH KABUPATEN BEKASI" in text and "KABUPATEN KABUPATEN" not in text
    assert "Kode Pos 17340" in text
    with pdfplumber.open(str(out)) as pdf:
        page = pdf.pages[0]
        (image,) = page.images
        name = next(w for w in page.extract_words() if w["text"] == "CIBARUSAH")
        kop_top = min(w["top"] for w in page.extract_words())
        rules = [ln for ln in page.lines if ln["width"] > 150 * MM]
    assert image["height"] <= LOGO + 0.5 and image["width"] <= LOGO + 0.5
    assert image["width"] / image["height"] == pytest.approx(100 / 120, rel=0.02)  # not stretched
    assert image["top"] >= kop_top - 2 * MM  # not above the kop
    assert image["bottom"] < min(r["top"] for r in rules)  # above the double rule
    assert image["x1"] < name["x0"]  # left of the name, never over the text
    assert image["bottom"] - image["top"] > 0.6 * (KOP_HEIGHT - 6 * MM)  # a visible size
