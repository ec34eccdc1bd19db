"""The supervision report on a month built by hand (January 2027 of the demo office has nothing yet)."""

import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.cli import run
from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.settings import current_puskesmas
from desktop.services import printing, records, report_data, schedule

TODAY = dt.date(2027, 2, 3)


@pytest.fixture
def january(demo_db):
    pkm = current_puskesmas()
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    pelangi = Posyandu.get(Posyandu.name == "Pelangi A")
    staff = Staff.get(Staff.role == "pj_promkes")
    for p in (melati, pelangi):
        schedule.save_activity(pkm, schedule.PlanRow("observasi_posyandu", dt.date(2027, 1, 12), p.id, [staff.id],
                                                     start="08:00" if p == melati else "11:00",
                                                     end="10:00" if p == melati else "12:00"))
    cancelled = schedule.save_activity(pkm, schedule.PlanRow("mentoring", dt.date(2027, 1, 20), melati.id,
                                                             [staff.id]))
    schedule.set_status(cancelled, "batal", "Banjir")
    rina = Kader.get(Kader.name == "Rina Marlina")
    records.save_answers(load_instrument("observasi_individu"), {
        "kader": rina.id, "posyandu": melati.id, "tanggal": "2027-01-12", "setting": "hari_buka",
        "supervisor": staff.id, "A1": {"nilai": "belum"}, "A2": {"nilai": "tidak"}, "B1": {"nilai": "sesuai"}},
        today=TODAY)
    return pkm, melati, rina


def test_gather_counts_a_hand_built_month(january):
    pkm, melati, rina = january
    data = report_data.gather(report_data.Scope(pkm), report_data.parse_period(month="2027-01"), TODAY)
    by_kind = {a.label: a for a in data.activities}
    assert (by_kind["Observasi layanan posyandu"].planned, by_kind["Observasi layanan posyandu"].done) == (2, 0)
    assert (by_kind["Mentoring"].planned, by_kind["Mentoring"].cancelled) == (1, 1)
    individual = by_kind["Observasi keterampilan individu / kunjungan rumah"]
    assert (individual.planned, individual.done, individual.unplanned) == (0, 1, 1)
    coverage = {c.what: c.reached for c in data.coverage}
    assert coverage["Posyandu dengan observasi layanan posyandu (posyandu × bulan)"] == 0
    assert coverage["Observasi keterampilan individu / kunjungan rumah (kader × bulan)"] == 1
    assert sorted(n for _, _, n in data.findings) == [1, 1]
    assert {item for _, item, _ in data.findings} == {
        "A.1a Pengukuran antropometri: penimbangan berat badan (Penilaian)",
        "A.2 Interpretasi hasil pengukuran (Penilaian)"}
    melati_only = report_data.gather(report_data.find_scope(pkm, posyandu="melati 2"),
                                     report_data.parse_period(month="2027-01"), TODAY)
    assert melati_only.heading.scope_label == f"Posyandu Melati 2, Desa {melati.desa.name}"
    assert {a.label: a.planned for a in melati_only.activities}["Observasi layanan posyandu"] == 1


def test_periods_and_scope_errors(demo_db):
    assert report_data.parse_period(quarter="2026-Q4").first == dt.date(2026, 10, 1)
    assert report_data.parse_period(quarter="2026-q4").last == dt.date(2026, 12, 31)
    assert report_data.parse_period(year="2026").label == "Tahun 2026"
    for bad in ({"month": "2026-13"}, {"quarter": "2026-Q5"}, {}):
        with pytest.raises(UserError, match="Periode tidak sah"):
            report_data.parse_period(**bad)
    with pytest.raises(UserError, match="tidak ada di wilayah"):
        report_data.find_scope(current_puskesmas(), desa="Entah")


def test_pdf_and_excel_read_back(january, tmp_path):
    pkm, melati, _ = january
    period = report_data.parse_period(month="2027-01")
    pdf = printing.report(tmp_path / "laporan.pdf", period, report_data.Scope(pkm), "F4", today=TODAY)
    reader = PdfReader(pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for part in ("LAPORAN BULANAN SUPERVISI SUPORTIF KADER POSYANDU", "Periode: Januari 2027",
                 "1. Kegiatan supervisi", "2. Cakupan", "3. Temuan utama", "4. Mentoring dan coaching",
                 "5. Tindak lanjut", "6. Tim supervisor dan SK", "7. Tren 6 periode terakhir",
                 "8. Status kompetensi kader", "Kepala Puskesmas", "Cibarusah, 3 Februari 2027",
                 "A.1a Pengukuran antropometri"):
        assert part in text, part
    assert round(float(reader.pages[0].mediabox.height) / 72 * 25.4) == 330
    assert len(reader.pages) <= 12

    xlsx = printing.report(tmp_path / "laporan.xlsx", period, report_data.Scope(pkm), today=TODAY)
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Kegiatan", "Cakupan", "Temuan", "Keterampilan", "Awal-Akhir", "Mentoring",
                               "Coaching", "Sesudah pendampingan", "Tindak lanjut", "Tim dan SK", "Tren keterampilan",
                               "Tren posyandu", "Status kompetensi"]
    kegiatan = book["Kegiatan"]
    assert kegiatan.freeze_panes == "A7"
    row = next(r for r in kegiatan.iter_rows(min_row=7, values_only=True) if r[0] == "Observasi layanan posyandu")
    assert row[1:3] == (2, 0) and isinstance(row[1], int)
    assert book["Cakupan"]["D7"].number_format == "0%" and isinstance(book["Cakupan"]["D8"].value, (int, float))
    with pytest.raises(UserError, match=".pdf atau .xlsx"):
        printing.report(tmp_path / "laporan.docx", period, report_data.Scope(pkm))


def test_cli_report(demo_db, tmp_path, capsys):
    out = tmp_path / "q.pdf"
    assert run(["--db", str(demo_db), "report", "monthly", "--quarter", "2026-Q4", "--desa", "Nagacipta",
                "-o", str(out)]) == 0
    assert "Triwulan IV 2026 (Desa Nagacipta)" in capsys.readouterr().out
    assert "LAPORAN TRIWULAN" in PdfReader(out).pages[0].extract_text()
    assert run(["--db", str(demo_db), "report", "monthly", "--month", "2026-11", "--posyandu", "Tidak Ada",
                "-o", str(tmp_path / "x.pdf")]) == 1
    assert "tidak ditemukan" in capsys.readouterr().err


def test_a_40_posyandu_month_renders_and_reads_back_with_pandas(demo_db, tmp_path):
    import pandas as pd

    pkm = current_puskesmas()
    desa = Posyandu.get(Posyandu.name == "Melati 2").desa
    for n in range(10):
        Posyandu.create(desa=desa, name=f"Tambahan {n + 1}", service_day=n + 1)
    assert Posyandu.select().where(Posyandu.active).count() >= 40
    schedule.accept_plan(pkm, schedule.propose_month(pkm, 2026, 12, dt.date(2026, 11, 24)))
    period = report_data.parse_period(month="2026-12")
    pdf = printing.report(tmp_path / "des.pdf", period, report_data.Scope(pkm), today=TODAY)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Observasi layanan posyandu" in text and "Tim supervisor dan SK" in text
    xlsx = printing.report(tmp_path / "des.xlsx", period, report_data.Scope(pkm), today=TODAY)
    sheets = pd.read_excel(xlsx, sheet_name=None, engine="calamine", header=5)
    kegiatan = sheets["Kegiatan"].set_index("Kegiatan")
    active = Posyandu.select().where(Posyandu.active).count()
    assert kegiatan.loc["Observasi layanan posyandu", "Direncanakan"] == active
    assert str(kegiatan["Direncanakan"].dtype).startswith("int")


def test_an_empty_month_says_so(demo_db, tmp_path):
    period = report_data.parse_period(month="2025-01")
    pdf = printing.report(tmp_path / "kosong.pdf", period, report_data.Scope(current_puskesmas()), today=TODAY)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    for sentence in ("Tidak ada kegiatan supervisi yang direncanakan atau tercatat pada periode ini.",
                     "Tidak ada temuan observasi pada periode ini.", "Tidak ada mentoring tercatat pada periode ini.",
                     "Tidak ada coaching tercatat pada periode ini."):
        assert sentence in text
    assert "Tidak ada penilaian mandiri kader pada periode ini." in text
    assert "Belum ada observasi keterampilan individu pada periode-periode ini." in text
