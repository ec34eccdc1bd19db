"""The renderer on its own (no database): every instrument blank, pre-filled and filled, on A4 and F4."""

import struct
import zlib

import pytest
from pypdf import PdfReader

from desktop.instruments.answers import skill_items
from desktop.instruments.loader import ORDER, load_instrument, load_skills
from desktop.reports.instrument_pdf import Sheet, render_instrument_pdf
from desktop.reports.kop import Identity
from tests.instruments.samples import LONG, NAMES, expected_ticks, sample_answers
from tests.reports.geometry import read

SKILLS = list(load_skills().skills)
IDENTITY = Identity(name="Puskesmas Sukamaju", address="Jl. Merdeka No. 1, Kecamatan Sukamaju",
                    kabupaten="Kabupaten Bogor", phone="0251-123456", place="Sukamaju")
HEIGHT_MM = {"A4": 297, "F4": 330}


def _read(path):
    reader = PdfReader(str(path))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return reader, text


def _printed_words(inst) -> set[str]:
    """Every word of every label a print must show whole (section titles, items, table and grid headings)."""
    rounds = {s.rounds for s in inst.sections if s.rounds}  # printed as "Tanggal <round>" lines instead
    labels = [inst.title, *(f.label for f in inst.header if not rounds or f.key not in rounds | {"tanggal"})]
    for section in inst.sections:
        labels += [section.title, *(i.label for i in section.items), *(c.label for c in section.columns)]
        labels += [c.label for i in section.items for c in i.columns]
        if section.kind == "skills":
            labels += [f.label for _, items in skill_items(section, SKILLS) for f in items]
    return {word for label in labels for word in label.split() if len(word) > 3}


@pytest.mark.parametrize("paper", ["A4", "F4"])
@pytest.mark.parametrize("instrument_id", ORDER)
def test_blank_print_shows_every_label_whole(tmp_path, instrument_id, paper):
    inst = load_instrument(instrument_id)
    reader, text = _read(render_instrument_pdf(inst, tmp_path / "b.pdf", IDENTITY, paper=paper, skills=SKILLS))
    pages = len(reader.pages)
    assert 1 <= pages <= 3
    assert round(float(reader.pages[0].mediabox.height) / 72 * 25.4) == HEIGHT_MM[paper]
    assert "PUSKESMAS SUKAMAJU" in text and "PEMERINTAH KABUPATEN BOGOR" in text
    assert f"{inst.title} — versi {inst.version}" in text and f"Halaman {pages} dari {pages}" in text
    missing = sorted(w for w in _printed_words(inst) if w not in text)
    assert not missing, missing  # a word broken across lines would be missing
    for role in inst.signatures:
        assert role in text


@pytest.mark.parametrize("instrument_id", ORDER)
def test_prefilled_blank_has_one_sheet_per_kader(tmp_path, instrument_id):
    inst = load_instrument(instrument_id)
    single, _ = _read(render_instrument_pdf(inst, tmp_path / "one.pdf", IDENTITY, skills=SKILLS))
    sheets = [Sheet({"posyandu": "Mawar 3", "kader": name}) for name in ("Ani Suryani", "Wati Kurniasih")]
    reader, text = _read(render_instrument_pdf(inst, tmp_path / "two.pdf", IDENTITY, skills=SKILLS, sheets=sheets))
    assert len(reader.pages) == 2 * len(single.pages)
    firsts = [" ".join(reader.pages[n].extract_text().split()) for n in (0, len(single.pages))]
    assert all("Mawar 3" in page for page in firsts)
    if any(f.key == "kader" for f in inst.header):
        assert "Ani Suryani" in text and "Wati Kurniasih" in text


def test_prefilled_attendance_keeps_room_for_more_names(tmp_path):
    inst = load_instrument("mentoring")
    attendance = [{"nama": f"Kader Nomor {n}", "posyandu": "Mawar 3"} for n in range(1, 13)]
    _, text = _read(render_instrument_pdf(inst, tmp_path / "m.pdf", IDENTITY,
                                          sheets=[Sheet({"daftar_hadir": attendance})]))
    assert all(f"Kader Nomor {n}" in text for n in range(1, 13))


@pytest.mark.parametrize("paper", ["A4", "F4"])
@pytest.mark.parametrize("instrument_id", ORDER)
def test_filled_print_ticks_each_answer_and_shows_texts(tmp_path, instrument_id, paper):
    inst = load_instrument(instrument_id)
    answers = sample_answers(inst, SKILLS)
    sheet = Sheet(answers, signers={"Supervisor": ("Rina Marlina, Amd.Keb.", "")}, signed_on="14 Oktober 2026")
    out = render_instrument_pdf(inst, tmp_path / "f.pdf", IDENTITY, paper=paper, skills=SKILLS, sheets=[sheet],
                                filled=True)
    reader, text = _read(out)
    assert len(reader.pages) <= 4
    assert sum(len(p.ticked) for p in read(out)) == expected_ticks(inst, answers, SKILLS)
    assert "14/10/2026" in text and "2026-10-14" not in text
    assert "Sukamaju, 14 Oktober 2026" in text  # place of signing and the long date
    for picker in ("kader", "posyandu", "supervisor"):
        if any(f.type == picker for f in inst.all_fields()):
            assert NAMES[picker] in text
    if any(f.type == "longtext" or any(c.type == "longtext" for c in f.columns) for f in inst.all_fields()):
        assert " ".join(LONG.split()[:6]) in text
    body = text.split("Sukamaju, 14 Oktober 2026")[0]
    assert "...." not in body  # no write-on lines in a filled print (signature names may still be blank)


def _png(width: int, height: int) -> bytes:
    raw = b"".join(b"\x00" + b"\x30\x80\x30" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_kop_with_logo_and_a_very_long_name_still_prints_the_name(tmp_path):
    long_name = "UPTD Puskesmas Rawat Inap dan PONED Kecamatan Sukamaju Kidul Kabupaten Bogor Barat Daya"
    identity = Identity(name=long_name, address="Jl. Raya " + "Panjang " * 12, kabupaten="Kabupaten Bogor",
                        logo=_png(40, 40))
    reader, text = _read(render_instrument_pdf(load_instrument("coaching"), tmp_path / "k.pdf", identity))
    assert long_name.upper() in text
    assert reader.pages[0].images, "logo missing"
