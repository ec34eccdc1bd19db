import pytest
from pypdf import PdfReader

from desktop.instruments.answers import skill_items
from desktop.instruments.loader import ORDER, load_instrument
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentRecord
from desktop.services import printing
from desktop.services.printing import long_date
from tests.reports.geometry import read


def _text(path):
    reader = PdfReader(str(path))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages), reader


@pytest.mark.parametrize("instrument_id", ORDER)
@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_blank_print_has_kop_title_every_item_and_paper_size(demo_db, tmp_path, instrument_id, paper):
    out = printing.print_blank(instrument_id, tmp_path / "blank.pdf", paper)
    pages, text, reader = _text(out)
    inst = load_instrument(instrument_id)
    assert 1 <= pages <= 4
    assert "PUSKESMAS CIBARUSAH" in text and "PEMERINTAH KABUPATEN BEKASI" in text
    assert inst.title in text
    assert f"Halaman {pages} dari {pages}" in text
    for section in inst.sections:
        assert section.title in text
        for item in section.items:
            assert item.label.split()[0] in text
            for column in item.columns:
                assert (f"({column.number})" if column.number else column.label.split()[0]) in text
    for role in inst.signatures:
        assert role in text
    height_mm = float(reader.pages[0].mediabox.height) / 72 * 25.4
    assert round(height_mm) == {"A4": 297, "F4": 330}[paper]


def test_blank_self_assessment_prefilled_one_sheet_per_kader(demo_db, tmp_path):
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    names = sorted(k.name for k in melati.kader.where(Kader.active))
    out = printing.print_blank("penilaian_mandiri", tmp_path / "pm.pdf", "A4", "MELATI 2")
    pages, text, _ = _text(out)
    assert pages == 2 * len(names)
    assert text.count(f"Desa/Kelurahan : {melati.desa.name}") == len(names)
    read_back = read(out)
    for n, name in enumerate(names):  # numbering restarts per kader; every page names the kader and posyandu
        first, second = read_back[2 * n], read_back[2 * n + 1]
        assert "Halaman 1 dari 2" in first.text and "Halaman 2 dari 2" in second.text
        running = second.text.split("\n")[0]
        assert name in first.text and name in running and "Melati 2" in running and "(lanjutan)" in running
    for name in names:
        assert name in text
    assert "Saya menimbang berat badan bayi dan balita sesuai standar." in text
    assert text.count("Pengelolaan Posyandu") == len(names)


def test_blank_mentoring_lists_the_kader_for_attendance(demo_db, tmp_path):
    _, text, _ = _text(printing.print_blank("mentoring", tmp_path / "m.pdf", "A4", "Pelangi A"))
    assert "Aminah Rahayu" in text and "Daftar hadir peserta" in text


@pytest.mark.parametrize("instrument_id", ORDER)
def test_filled_print_shows_the_answers(demo_db, tmp_path, instrument_id):
    record = InstrumentRecord.select().where(InstrumentRecord.instrument == instrument_id).first()
    pages, text, _ = _text(printing.print_filled(record.id, tmp_path / "f.pdf"))
    assert pages <= 4
    date = record.activity_date.strftime("%d/%m/%Y")
    assert date in text
    if record.posyandu_id:
        assert record.posyandu.name in text
        if "desa" in {f.key for f in load_instrument(instrument_id).header}:  # saved before the desa line: derived
            assert f"Desa/Kelurahan : {record.posyandu.desa.name}" in text
    if record.supervisor_id:
        assert record.supervisor.name in text
    if record.kader_id:
        assert record.kader.name in text
    assert sum(len(p.ticked) for p in read(tmp_path / "f.pdf")) >= 1  # at least one ticked box
    assert long_date(printing.signing_date(load_instrument(instrument_id), record.answers)) in text


def test_filled_mentoring_and_coaching_texts(demo_db, tmp_path):
    mentoring = InstrumentRecord.get(InstrumentRecord.instrument == "mentoring",
                                     InstrumentRecord.posyandu == Posyandu.get(Posyandu.name == "Melati 2"))
    _, text, _ = _text(printing.print_filled(mentoring.id, tmp_path / "m.pdf"))
    assert "Peningkatan Ketepatan Pengukuran Tinggi/Panjang Badan Balita <5 Tahun" in text
    assert "150" in text and "boneka latihan" in text
    coaching = InstrumentRecord.get(InstrumentRecord.instrument == "coaching")
    _, text, _ = _text(printing.print_filled(coaching.id, tmp_path / "c.pdf"))
    assert coaching.kader.name in text and "meminta pendampingan" in text


def test_print_needs_identity(db, tmp_path):
    from desktop.models.errors import UserError

    with pytest.raises(UserError, match="Identitas puskesmas belum diisi"):
        printing.print_blank("coaching", tmp_path / "x.pdf")


def test_team_roster_pdf_for_the_puskesmas_and_one_desa(demo_db, tmp_path):
    from desktop.models.teams import SkDecree
    from desktop.models.wilayah import Desa
    from desktop.services.teams import technical_rows

    pages, text, _ = _text(printing.print_teams(tmp_path / "tim.pdf", "F4"))
    assert "SUSUNAN TIM SUPERVISOR KADER POSYANDU" in text and "A. Tim Supervisor Teknis" in text
    for row in technical_rows(printing.current_puskesmas()):
        assert row.staff.name in text
    for decree in SkDecree.select():
        assert decree.number in text
    assert "Kepala Puskesmas" in text and "NIP." in text
    desa = Desa.select().join(SkDecree).first()
    _, one, _ = _text(printing.print_teams(tmp_path / "desa.pdf", "A4", desa.name.upper()))
    assert desa.name in one and all(d.name not in one.split("B. Tim Supervisor Manajerial")[1]
                                    for d in Desa.select().where(Desa.id != desa.id))
    with pytest.raises(UserError, match="tidak ada di wilayah"):
        printing.print_teams(tmp_path / "x.pdf", "A4", "Desa Entah")


def test_filled_akhir_shows_the_latest_awal_answers_and_their_date(demo_db, tmp_path):
    akhir = (InstrumentRecord.select().where(InstrumentRecord.instrument == "penilaian_mandiri",
                                             InstrumentRecord.round == "akhir").first())
    awal = (InstrumentRecord.select().where(InstrumentRecord.instrument == "penilaian_mandiri",
                                            InstrumentRecord.round == "awal", InstrumentRecord.kader == akhir.kader)
            .order_by(InstrumentRecord.activity_date.desc()).first())
    out = printing.print_filled(akhir.id, tmp_path / "akhir.pdf")
    _, text, _ = _text(out)
    assert f"Tanggal Awal : {awal.activity_date:%d/%m/%Y}" in text
    assert f"Tanggal Akhir : {akhir.activity_date:%d/%m/%Y}" in text
    assert f"jawaban Tahap Awal tanggal {long_date(awal.activity_date)}" in text
    inst = load_instrument("penilaian_mandiri")
    skills = [(code, area, label) for code, (area, label) in akhir.skills.items()]
    keys = [f.key for _, items in skill_items(inst.sections[0], skills) for f in items]
    expected = sum(bool(awal.answers.get(k)) for k in keys) + sum(bool(akhir.answers.get(k)) for k in keys)
    ticked = sum(len(p.ticked) for p in read(out))
    assert ticked == expected > 0  # the Awal column ticked from the Awal record, the Akhir from this one
    assert inst.sections[0].rounds == "putaran"


def test_filled_akhir_without_an_awal_says_so(demo_db, tmp_path):
    akhir = (InstrumentRecord.select().where(InstrumentRecord.instrument == "penilaian_mandiri",
                                             InstrumentRecord.round == "akhir").first())
    InstrumentRecord.update(deleted_at=akhir.created_at).where(
        InstrumentRecord.kader == akhir.kader, InstrumentRecord.round == "awal").execute()
    _, text, _ = _text(printing.print_filled(akhir.id, tmp_path / "akhir.pdf"))
    assert "Belum ada Penilaian Awal yang tersimpan untuk kader ini." in text


def test_a_filled_form_is_never_signed_before_the_activity_it_records(demo_db, tmp_path):
    import datetime as dt

    record = InstrumentRecord.select().where(InstrumentRecord.instrument == "mentoring").first()
    # Bagian A agreed weeks before the session (the sheet's date), Bagian B filled at the session
    record.answers = {**record.answers, "bagian_b": [{**row, "tanggal_pelaksanaan": (
        record.activity_date + dt.timedelta(days=14)).isoformat()} for row in record.answers["bagian_b"]]}
    record.save()
    held = max(dt.date.fromisoformat(row["tanggal_pelaksanaan"]) for row in record.answers["bagian_b"])
    assert held > record.activity_date
    _, text, _ = _text(printing.print_filled(record.id, tmp_path / "m.pdf"))
    assert f"{printing.print_identity().place}, {long_date(held)}" in text
