"""The print standards (desktop/reports/page_style.py) read back from the PDF geometry, for every instrument ×
paper × blank/filled: tick boxes ≥ 4 mm, handwriting rows ≥ 8 mm, free text ≥ five lines, table headers repeated,
no page holding only a signature block or a heading, signature blocks with place, date, name and NIP lines."""

import pytest

from desktop.instruments.answers import skill_items
from desktop.instruments.loader import ORDER, load_instrument, load_skills
from desktop.reports.instrument_pdf import Sheet, render_instrument_pdf
from desktop.reports.kop import Identity
from desktop.reports.page_style import FREE_TEXT_LINES, HAND_LETTER, WRITE_ROW, letter_size
from tests.instruments.samples import NAMES, expected_ticks, sample_answers
from tests.reports.geometry import MM, TOL, line_groups, read, table_rows

SKILLS = list(load_skills().skills)
IDENTITY = Identity(name="Puskesmas Sukamaju", address="Jl. Merdeka No. 1", kabupaten="Kabupaten Bogor",
                    place="Sukamaju", postal_code="16710")


def _render(tmp_path, instrument_id, paper, filled):
    inst = load_instrument(instrument_id)
    if filled:
        answers = sample_answers(inst, SKILLS)
        signers = {role: (NAMES["supervisor"] if "Supervisor" in role else NAMES["kader"], "198001012005012001")
                   for role in inst.signatures}
        sheet = Sheet(answers=answers, signers=signers, signed_on="14 Oktober 2026")
    else:
        answers, sheet = {}, Sheet()
    out = render_instrument_pdf(inst, tmp_path / f"{instrument_id}-{paper}-{filled}.pdf", IDENTITY, paper=paper,
                                skills=SKILLS, sheets=[sheet], filled=filled)
    return inst, answers, read(out)


def _free_text_fields(inst) -> int:
    """Longtext answers printed as free-text areas: section items and the columns of tables printed as blocks."""
    count = 0
    for f in inst.all_fields():
        count += f.type == "longtext"
        if f.type == "table" and f.layout == "blocks":
            count += sum(c.type == "longtext" for c in f.columns) * max(f.blank_rows, 1)
    return count


@pytest.mark.parametrize("filled", [False, True], ids=["blank", "filled"])
@pytest.mark.parametrize("paper", ["A4", "F4"])
@pytest.mark.parametrize("instrument_id", ORDER)
def test_print_meets_the_standards(tmp_path, instrument_id, paper, filled):
    inst, answers, pages = _render(tmp_path, instrument_id, paper, filled)
    headings = {s.title for s in inst.sections} | {f.label for f in inst.all_fields() if f.type == "table"}
    if any(s.kind == "skills" for s in inst.sections):
        headings |= {area for _, area, _ in SKILLS}
    boxes = [b for p in pages for b in p.boxes]
    assert boxes, "no tick box drawn"
    assert all(b["width"] >= 4 * MM - TOL and b["height"] >= 4 * MM - TOL for b in boxes), "a tick box under 4 mm"
    ticked = sum(len(p.ticked) for p in pages)
    assert ticked == (expected_ticks(inst, answers, SKILLS) if filled else 0)
    for p in pages:
        if not filled:
            for _top, height, header in table_rows(p):
                assert header or height >= WRITE_ROW - TOL, f"page {p.number}: a row {height / MM:.1f} mm tall"
            for group in line_groups(p):
                pitches = [b["top"] - a["top"] for a, b in zip(group, group[1:], strict=False)]
                assert all(d >= WRITE_ROW - TOL for d in pitches), f"page {p.number}: lines {pitches}"
        drawn = table_rows(p) or p.boxes or p.write_lines
        assert drawn, f"page {p.number} holds only text (a signature block, heading or caption)"
        body = p.lines_of_text()
        assert body and body[-1] not in headings, f"page {p.number} ends with the heading {body[-1]!r}"
        if p.number > 1:
            assert "(lanjutan)" in p.text
            rows = table_rows(p)
            first = min(rows, default=None)
            assert first is None or first[2], f"page {p.number}: a table continues without its header row"
    if not filled:
        areas = sum(len(g) >= FREE_TEXT_LINES for p in pages for g in line_groups(p))
        assert areas >= _free_text_fields(inst)
    last = pages[-1]
    signed_by = len(inst.signatures)
    assert last.text.count("Sukamaju, ") == signed_by  # place and date above every signer
    assert ("14 Oktober 2026" in last.text) == filled
    assert last.text.count("NIP.") == len(set(inst.signatures) - inst.without_nip)


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_the_guideline_mentoring_example_fits_at_handwriting_size(tmp_path, paper):
    """The guideline's scenario (Posyandu Melati 2), written by hand into the blank form's boxes."""
    example = {
        "(3)": "Peningkatan Ketepatan Pengukuran Tinggi/Panjang Badan Balita <5 Tahun",
        "(5)": "Kader mampu mengukur panjang badan balita di bawah dua tahun dan tinggi badan balita sesuai "
               "standar WHO: papan pengukur di permukaan datar, posisi anak tegak lurus.",
        "(6)": "Refleksi bersama; praktik langsung dengan papan pengukur dan boneka latihan",
        "(11)": "Refleksi bersama 30 menit: kader bercerita tentang praktik dan tantangan di lapangan, termasuk "
                "menenangkan anak yang aktif bergerak. Praktik langsung 90 menit dengan papan pengukur dan boneka "
                "latihan; kader mengukur bergantian, saling memberi masukan dan mendapat koreksi teknik sesuai "
                "standar WHO.",
        "(12)": "Kader menerapkan teknik pengukuran yang dipelajari pada hari buka Posyandu berikutnya; supervisor "
                "menjadwalkan observasi ulang bulan depan untuk memastikan perubahan.",
    }
    _, _, pages = _render(tmp_path, "mentoring", paper, False)
    found = {}
    for p in pages:
        groups = line_groups(p)
        for word in p.words:
            if word["text"] in example and word["x0"] < 40 * MM:
                below = [g for g in groups if g[0]["x0"] > word["x1"] and -2 < g[0]["top"] - word["top"] < WRITE_ROW]
                if not below or word["text"] in found:  # Part B numbers from (6) again: its (6) is a date
                    continue
                group = below[0]
                width = group[0]["x1"] - group[0]["x0"]
                found[word["text"]] = letter_size(example[word["text"]], width, len(group))
    assert set(found) == set(example)
    small = {k: round(v / MM, 2) for k, v in found.items() if v < HAND_LETTER}
    assert not small, f"letters below 3.5 mm: {small}"


def test_durasi_prints_its_unit_and_the_attendance_list_has_a_signature_column(tmp_path):
    _, _, pages = _render(tmp_path, "mentoring", "A4", False)
    text = " ".join(p.text for p in pages)
    assert "menit" in text and "Tanda tangan" in text


def test_filled_print_marks_priority_answers(tmp_path):
    inst, answers, pages = _render(tmp_path, "observasi_individu", "A4", True)
    text = " ".join(p.text for p in pages)
    priority = sum(1 for s in inst.sections if s.kind == "grid" for i in s.items
                   if answers[i.key]["nilai"] in s.columns[0].scale.priority)
    assert priority and text.count("!") >= priority


def test_letter_size_grows_with_room():
    text = "Peningkatan Ketepatan Pengukuran Tinggi/Panjang Badan Balita <5 Tahun"
    one, two = letter_size(text, 120 * MM, 1), letter_size(text, 120 * MM, 2)
    assert one < HAND_LETTER <= two <= WRITE_ROW / 2


def test_skills_rounds_print_as_dates_in_the_header(tmp_path):
    inst = load_instrument("penilaian_mandiri")
    out = render_instrument_pdf(inst, tmp_path / "pm.pdf", IDENTITY, skills=SKILLS)
    text = " ".join(p.text for p in read(out))
    assert "Tanggal Awal" in text and "Tanggal Akhir" in text and "Tahap penilaian" not in text
    assert len(skill_items(inst.sections[0], SKILLS))


@pytest.mark.parametrize("instrument_id", ["observasi_individu", "mentoring", "coaching", "observasi_posyandu"])
def test_f4_uses_its_extra_length(tmp_path, instrument_id):
    def written(paper):
        _, _, pages = _render(tmp_path, instrument_id, paper, False)
        return sum(len(g) for p in pages for g in line_groups(p) if len(g) >= FREE_TEXT_LINES)

    assert written("F4") > written("A4")
