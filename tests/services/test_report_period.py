"""A month built by hand on a fresh office (March 2026): every figure checked in the data, in the PDF text and in
the .xlsx cells; regenerating the month after later work gives the same cells; an unfinished quarter says
"sementara" on every page."""

import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.instruments.loader import load_instrument
from desktop.models import skills as catalogue
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.schedule import Activity
from desktop.models.settings import CURRENT_PUSKESMAS, current_puskesmas, set_setting
from desktop.models.teams import TechnicalAssignment
from desktop.models.wilayah import Desa, Kabupaten, Kecamatan, Puskesmas
from desktop.services import follow_up, kader_service, printing, records, report_data, rollup, schedule

D = dt.date
TODAY = D(2026, 6, 1)
MARCH = report_data.parse_period(month="2026-03")


def _observe(kader, staff, day, **values):
    return records.save_answers(load_instrument("observasi_individu"), {
        "kader": kader.id, "posyandu": kader.posyandu_id, "tanggal": day, "setting": "hari_buka",
        "supervisor": staff.id, **{k: {"nilai": v} for k, v in values.items()}})


def _mentoring(posyandu, staff, filled, held, names):
    return records.save_answers(load_instrument("mentoring"), {
        "posyandu": posyandu.id, "tanggal": filled, "supervisor": staff.id,
        "bagian_a": [{"sumber": "observasi_individu", "uraian_temuan": "Papan ukur miring", "topik": "Pengukuran PB"}],
        "bagian_b": [{"tanggal_pelaksanaan": held, "peserta": ", ".join(names), "durasi": 150}],
        "daftar_hadir": [{"nama": n} for n in names]})


def _self(kader, day, round_, values):
    answers = {"kader": kader.id, "posyandu": kader.posyandu_id, "putaran": round_, "tanggal": day,
               **{f"K_{s.code}": values.get(s.code, "3") for s in catalogue.skills()}}
    records.save_answers(load_instrument("penilaian_mandiri"), answers)


@pytest.fixture
def march(db):
    kab = Kabupaten.create(name="Kampar")
    pkm = Puskesmas.create(kabupaten=kab, name="Puskesmas Uji")
    set_setting(CURRENT_PUSKESMAS, str(pkm.id))
    desa = Desa.create(kecamatan=Kecamatan.create(kabupaten=kab, name="K"), puskesmas=pkm, name="Hangtuah")
    mawar, melati = (Posyandu.create(desa=desa, name=n) for n in ("Mawar", "Melati"))
    staff = Staff.create(puskesmas=pkm, name="Bidan Sari", role="bidan_desa")
    TechnicalAssignment.create(staff=staff, posyandu=mawar, since=D(2026, 1, 1))
    ani, budi, citra, dewi = (Kader.create(posyandu=mawar, name=n, registered_on=D(2026, 1, 5))
                              for n in ("Ani", "Budi", "Citra", "Dewi"))
    eka = Kader.create(posyandu=melati, name="Eka", registered_on=D(2026, 1, 5))
    kader_service.save_training(ani, "Angkatan 1", 100, certificate_on="2026-02-20", today=TODAY)  # trained by March
    kader_service.save_training(eka, "Angkatan 2", 60, today=TODAY)  # online course under way: not trained
    dewi.training_status = "sudah"  # typed in the kader dialog, no dated certificate: trained all along
    dewi.save()

    _observe(ani, staff, "2026-02-10", A1="belum")  # before the mentoring session
    _mentoring(mawar, staff, "2026-02-25", "2026-03-05", ["Ani", "Budi"])  # sheet in February, session in March
    _mentoring(mawar, staff, "2026-03-28", "2026-04-02", ["Ani"])  # sheet in March, session in April
    _self(ani, "2026-03-01", "awal", {"B1": "1"})
    _self(budi, "2026-03-02", "awal", {})
    planned = schedule.save_activity(pkm, schedule.PlanRow("observasi_posyandu", D(2026, 3, 10), mawar.id,
                                                           [staff.id]))
    posyandu_record = records.save_answers(load_instrument("observasi_posyandu"), {
        "posyandu": mawar.id, "tanggal": "2026-03-10", "supervisor": staff.id, "D6": "-",
        **{f"A{i}": {"dilaksanakan": "ya", "sesuai_standar": "ya"} for i in range(1, 6)}})
    schedule.complete(planned, posyandu_record.id)
    schedule.save_activity(pkm, schedule.PlanRow("observasi_posyandu", D(2026, 3, 17), melati.id, [staff.id]))
    postponed = schedule.save_activity(pkm, schedule.PlanRow("mentoring", D(2026, 3, 20), melati.id, [staff.id]))
    schedule.set_status(postponed, "ditunda", "Hujan")
    cancelled = schedule.save_activity(pkm, schedule.PlanRow("coaching", D(2026, 3, 25), mawar.id, [staff.id],
                                                             kader_ids=[citra.id]))
    schedule.set_status(cancelled, "batal", "Kader sakit")
    _observe(ani, staff, "2026-03-10", A1="belum", A2="tidak")
    _observe(budi, staff, "2026-03-10", A1="sesuai")
    _observe(citra, staff, "2026-03-11", A1="belum", A2="belum", A3="belum")
    _observe(dewi, staff, "2026-03-12", A1="sesuai")
    return pkm, mawar, melati, staff, (ani, budi, citra, dewi, eka)


def _later_work(pkm, mawar, melati, staff, kader):
    """Everything dated after March: re-observations that close findings, an Akhir round, a new kader, a new plan,
    a supervisor for Melati, a deactivated kader, a follow-up closed by hand."""
    ani, budi, citra, dewi, eka = kader
    _observe(ani, staff, "2026-04-15", A1="sesuai", A2="sesuai")
    _observe(eka, staff, "2026-04-16", A1="belum")
    _self(ani, "2026-05-03", "akhir", {})
    Kader.create(posyandu=melati, name="Fajar", registered_on=D(2026, 5, 2))
    kader_service.set_active(eka, False)
    TechnicalAssignment.create(staff=staff, posyandu=melati, since=D(2026, 5, 1))
    schedule.save_activity(pkm, schedule.PlanRow("observasi_posyandu", D(2026, 6, 9), melati.id, [staff.id]))
    schedule.save_activity(pkm, schedule.PlanRow("observasi_individu", D(2026, 7, 7), melati.id, [staff.id],
                                                     kader_ids=[eka.id]))
    kader_service.save_training(budi, "Angkatan 3", 100, certificate_on="2026-04-10", today=TODAY)  # after March
    kader_service.save_training(eka, "Angkatan 2", 100, certificate_on="2026-05-20", today=TODAY,
                                record=eka.trainings.get())  # the course finished after March
    for item in follow_up.open_items(pkm, kader_id=citra.id)[:1]:
        follow_up.close(item, D(2026, 4, 20), today=D(2026, 4, 20))


def test_the_hand_built_month_in_data(march):
    pkm, *_ = march
    data = report_data.gather(report_data.Scope(pkm), MARCH, TODAY)
    lines = {a.label: (a.planned, a.done, a.unplanned, a.postponed, a.cancelled, a.open) for a in data.activities}
    assert lines == {"Penilaian mandiri": (0, 2, 2, 0, 0, 0), "Observasi layanan posyandu": (2, 1, 0, 0, 0, 1),
                     "Observasi keterampilan individu / kunjungan rumah": (0, 4, 4, 0, 0, 0),
                     "Mentoring": (1, 1, 1, 1, 0, 0), "Coaching": (1, 0, 0, 0, 1, 0)}
    coverage = {c.what: (c.reached, c.target) for c in data.coverage}
    assert coverage == {
        "Kader yang mengisi penilaian mandiri": (2, 5),
        "Posyandu dengan observasi layanan posyandu (posyandu × bulan)": (1, 2),
        "Observasi keterampilan individu / kunjungan rumah (kader × bulan)": (3, 4),  # 3 of Mawar's 4, Melati's 1
        "Posyandu dengan mentoring (posyandu × bulan)": (1, 2),
        "Posyandu dengan mentoring ≥ 3 kali sejak 1 Januari 2026": (0, 2),
        "Kader yang mengikuti mentoring (daftar hadir)": (2, 5),
        "Kader yang mendapat coaching": (0, 5)}
    assert data.mentoring == [(D(2026, 3, 5), "Mawar", "Pengukuran PB", 150)]  # the session date, not 25/02
    [awal] = data.skill_rounds
    assert (awal.round_label, awal.n) == ("Tahap Awal", 2)
    assert next(r for r in awal.rows if r[0] == "B1")[2:] == (1, 0, 1)
    assert data.awal_akhir_n == 0  # Ani's Akhir comes in May
    assert [(item, n) for _, item, n in data.findings][:2] == [
        ("A.1a Pengukuran antropometri: penimbangan berat badan (Penilaian)", 2),
        ("A.2 Interpretasi hasil pengukuran (Penilaian)", 2)]
    # Ani's February finding on weighing was made again on 10/03: one open finding (the March one), not overdue
    assert dict(data.follow_up_counts) == {"Dibuka pada periode ini (temuan dan RTL)": 5,
                                           "Diselesaikan pada periode ini": 0, "Masih terbuka pada akhir periode": 5,
                                           "… di antaranya lewat batas waktu pada akhir periode": 0}
    assert not any(f.overdue for f in data.follow_ups) and min(f.opened for f in data.follow_ups) == D(2026, 3, 10)
    assert {(c.kader, c.observed, c.below, c.status) for c in data.competency} == {
        ("Ani", 2, 2, "Perlu pendampingan"), ("Budi", 1, 0, "Kompeten"), ("Citra", 3, 3, "Perlu coaching"),
        ("Dewi", 1, 0, "Kompeten")}
    assert [(o.kader, o.skill.split()[0], o.outcome) for o in data.support] == [("Ani", "B1", "belum membaik")]
    b1 = next(t for t in data.skill_trends if t.title.startswith("B1 "))
    assert b1.shares[-2:] == [0.0, 0.5] and b1.counts[-2:] == [1, 4]
    assert data.team_lines[0].endswith(
        "2 posyandu aktif, 5 kader aktif (2 kader terlatih), 1 supervisor teknis ditugaskan.")  # Ani, Dewi
    assert "1 posyandu belum punya supervisor teknis: Melati." in data.team_lines
    assert not data.heading.provisional


def test_the_hand_built_month_in_pdf_and_xlsx(march, tmp_path):
    pkm, *_ = march
    pdf = printing.report(tmp_path / "maret.pdf", MARCH, report_data.Scope(pkm), today=TODAY)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    for part in ("Periode: Maret 2026 — Wilayah kerja Puskesmas Uji", "Observasi layanan posyandu 2 1 0 0 0 1",
                 "Mentoring 1 1 1 1 0 0", "Coaching 1 0 0 0 1 0", "3 4 75%", "05/03/2026 Mawar Pengukuran PB 150",
                 "Penilaian mandiri Tahap Awal pada periode ini: 2 kader", "Masih terbuka pada akhir periode 5",
                 "Citra Mawar — 3 3 Perlu coaching", "Lampiran: aturan yang dipakai laporan ini", "12,5"):
        assert part in text, part
    assert "sementara" not in text.lower()
    book = openpyxl.load_workbook(printing.report(tmp_path / "maret.xlsx", MARCH, report_data.Scope(pkm),
                                                  today=TODAY))
    kegiatan = book["Kegiatan"]
    assert [kegiatan.cell(r, 1).value for r in range(1, 5)][1:] == ["Cakupan wilayah", "Periode", "Dibuat pada"]
    assert kegiatan["B3"].value == "Maret 2026" and kegiatan["C3"].value.date() == D(2026, 3, 1)
    assert kegiatan["B4"].value.date() == TODAY and kegiatan.freeze_panes == "A7"
    assert kegiatan.print_title_rows == "$6:$6" and kegiatan.page_setup.fitToWidth == 1
    rows = {r[0]: r[1:] for r in kegiatan.iter_rows(min_row=7, values_only=True) if r[0]}
    assert rows["Mentoring"] == (1, 1, 1, 1, 0, 0)
    cakupan = {r[0]: r[1:4] for r in book["Cakupan"].iter_rows(min_row=7, values_only=True) if r[0]}
    assert cakupan["Observasi keterampilan individu / kunjungan rumah (kader × bulan)"] == (3, 4, 0.75)
    mentoring = book["Mentoring"]
    assert mentoring["A7"].value.date() == D(2026, 3, 5) and mentoring["A7"].number_format == "DD/MM/YYYY"
    notes = [r[0] for r in book["Tindak lanjut"].iter_rows(min_row=7, values_only=True) if r[0]]
    assert "Masih terbuka pada akhir periode: 5" in notes
    opened = [r[0] for r in book["Tindak lanjut"].iter_rows(min_row=7, max_row=11, values_only=True)]
    assert all(isinstance(d, dt.datetime) for d in opened) and len(opened) == 5


def _cells(path):
    book = openpyxl.load_workbook(path)
    return {name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames}


def test_a_past_month_regenerated_after_later_work_is_identical(march, tmp_path):
    pkm, mawar, melati, staff, kader = march
    before = _cells(printing.report(tmp_path / "before.xlsx", MARCH, report_data.Scope(pkm), today=TODAY))
    pdf_before = " ".join(p.extract_text() for p in PdfReader(
        printing.report(tmp_path / "before.pdf", MARCH, report_data.Scope(pkm), today=TODAY)).pages)
    _later_work(pkm, mawar, melati, staff, kader)
    assert Activity.select().count() == 6 and Kader.select().count() == 6
    after = _cells(printing.report(tmp_path / "after.xlsx", MARCH, report_data.Scope(pkm), today=TODAY))
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    pdf_after = " ".join(p.extract_text() for p in PdfReader(
        printing.report(tmp_path / "after.pdf", MARCH, report_data.Scope(pkm), today=TODAY)).pages)
    assert pdf_after == pdf_before
    # the later work is there for the months it belongs to
    april = report_data.gather(report_data.Scope(pkm), report_data.parse_period(month="2026-04"), TODAY)
    # Ani's March findings (closed by her re-observation; the February one was made again, not done) and the one
    # closed by hand
    assert dict(april.follow_up_counts)["Diselesaikan pada periode ini"] == 3
    may = report_data.gather(report_data.Scope(pkm), report_data.parse_period(month="2026-05"), TODAY)
    assert april.team_lines[0].endswith("5 kader aktif (3 kader terlatih), 1 supervisor teknis ditugaskan.")
    assert may.awal_akhir_n == 1  # Fajar is new (Eka inactive only from today); Eka certified on 20/05
    assert may.team_lines[0].endswith("6 kader aktif (4 kader terlatih), 1 supervisor teknis ditugaskan.")


def test_a_desa_report_keeps_to_its_desa(march):
    pkm, mawar, melati, staff, kader = march
    other = Desa.create(kecamatan=mawar.desa.kecamatan, puskesmas=pkm, name="Lain")
    far = Posyandu.create(desa=other, name="Jauh")
    Kader.create(posyandu=far, name="Gita", registered_on=D(2026, 1, 5), training_status="sudah")
    data = report_data.gather(report_data.find_scope(pkm, desa="Hangtuah"), MARCH, TODAY)
    assert data.team_lines[0].startswith("Desa Hangtuah, per 31/03/2026: 2 posyandu aktif, 5 kader aktif "
                                         "(2 kader terlatih)")
    one = report_data.gather(report_data.find_scope(pkm, posyandu="Melati"), MARCH, TODAY)
    assert "1 posyandu aktif, 1 kader aktif (0 kader terlatih)" in one.team_lines[0]  # Eka: course under way
    assert {s[0] for s in data.sk} == {"Hangtuah"}
    assert dict((c.what, c.target) for c in data.coverage)["Kader yang mendapat coaching"] == 5


def test_an_unfinished_quarter_is_provisional_on_every_page(demo_db, tmp_path):
    q4 = report_data.parse_period(quarter="2026-Q4")
    pdf = printing.report(tmp_path / "q4.pdf", q4, report_data.Scope(current_puskesmas()), today=D(2026, 12, 1))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    assert len(pages) > 2 and all("SEMENTARA (per 01/12/2026)" in p for p in pages)
    assert "Periode: Triwulan IV 2026, sementara (per 1 Desember 2026)" in pages[0]
    assert "Laporan sementara (per 01/12/2026) — belum final." in " ".join(pages)
    book = openpyxl.load_workbook(printing.report(tmp_path / "q4.xlsx", q4, report_data.Scope(current_puskesmas()),
                                                  today=D(2026, 12, 1)))
    assert all(book[name]["B3"].value == "Triwulan IV 2026, sementara (per 1 Desember 2026)"
               for name in book.sheetnames)
    finished = printing.report(tmp_path / "q3.pdf", report_data.parse_period(quarter="2026-Q3"),
                               report_data.Scope(current_puskesmas()), today=D(2026, 12, 1))
    assert "sementara" not in " ".join(p.extract_text() for p in PdfReader(finished).pages).lower()


def test_a_deactivated_posyandu_counts_until_the_day_it_closed(march):
    pkm, mawar, melati, staff, kader = march
    kader_service.set_posyandu_active(melati, False, today=D(2026, 4, 15))
    assert Posyandu.get_by_id(melati.id).inactive_since == D(2026, 4, 15)
    kader_service.set_posyandu_active(Posyandu.get_by_id(melati.id), False, today=D(2026, 5, 2))  # again: kept
    assert Posyandu.get_by_id(melati.id).inactive_since == D(2026, 4, 15)
    april = report_data.parse_period(month="2026-04")

    def figures(period):
        data = report_data.gather(report_data.Scope(pkm), period, TODAY)
        target = dict((c.what, c.target) for c in data.coverage)
        return (data.team_lines[0].split(": ", 1)[1], target["Posyandu dengan observasi layanan posyandu (posyandu "
                                                             "× bulan)"], target["Kader yang mendapat coaching"])

    def rekap(period):
        [line] = rollup.gather_rollup(pkm.kabupaten, period, TODAY).lines
        return line.posyandu, line.kader, line.trained

    assert figures(MARCH) == ("2 posyandu aktif, 5 kader aktif (2 kader terlatih), 1 supervisor teknis ditugaskan.",
                              2, 5)  # before it closed: Melati and Eka still count
    assert rekap(MARCH) == (2, 5, 2)
    assert figures(april) == ("1 posyandu aktif, 4 kader aktif (2 kader terlatih), 1 supervisor teknis ditugaskan.",
                              1, 4)  # Eka's Melati closed on 15/04
    assert rekap(april) == (1, 4, 2)
    kader_service.set_posyandu_active(Posyandu.get_by_id(melati.id), True)
    assert Posyandu.get_by_id(melati.id).inactive_since is None
    assert figures(april)[1:] == (2, 5) and rekap(april) == (2, 5, 2)
