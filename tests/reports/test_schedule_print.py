"""The printed month schedule: rows needing attention flagged on the row, an empty month printed plainly."""

import datetime as dt

from desktop.models.people import Posyandu, Staff
from desktop.models.settings import current_puskesmas
from desktop.services import printing
from desktop.services.schedule import PlanRow, save_activity
from tests.reports.geometry import read, table_rows

TODAY = dt.date(2026, 11, 24)


def test_an_empty_month_prints_a_plain_sheet_without_signatures(demo_db, tmp_path):
    pages = read(printing.print_schedule(tmp_path / "j.pdf", 2027, 5, today=TODAY))
    assert len(pages) == 1
    text = pages[0].text
    assert "Tidak ada kegiatan supervisi yang direncanakan pada bulan Mei 2027." in text
    assert "NIP" not in text and "Kepala Puskesmas" not in text and not table_rows(pages[0])


def test_a_visit_on_a_national_holiday_is_flagged_with_the_holiday(demo_db, tmp_path):
    pkm = current_puskesmas()
    posyandu = Posyandu.select().where(Posyandu.active).first()
    bidan = Staff.select().where(Staff.puskesmas == pkm).first()
    save_activity(pkm, PlanRow("observasi_posyandu", dt.date(2026, 12, 25), posyandu.id, [bidan.id]),
                  allow_conflicts=True)
    pages = read(printing.print_schedule(tmp_path / "j.pdf", 2026, 12, today=TODAY))
    text = " ".join(" ".join(p.text.split()) for p in pages)
    assert "Libur nasional: Hari Raya Natal" in text


def test_conflicts_missing_supervisors_and_sundays_are_flagged_on_their_rows(demo_db, tmp_path):
    pkm = current_puskesmas()
    first, second = list(Posyandu.select().where(Posyandu.active).limit(2))
    bidan = Staff.select().where(Staff.puskesmas == pkm).first()
    monday, sunday = dt.date(2027, 3, 1), dt.date(2027, 3, 7)
    for posyandu in (first, second):  # one supervisor at two posyandu at the same hours
        save_activity(pkm, PlanRow("observasi_posyandu", monday, posyandu.id, [bidan.id], start="08:00",
                                   end="11:00"), allow_conflicts=True)
    save_activity(pkm, PlanRow("mentoring", sunday, first.id, [], start="13:00", end="15:00"),
                  allow_conflicts=True)
    pages = read(printing.print_schedule(tmp_path / "j.pdf", 2027, 3, today=TODAY))
    text = " ".join(" ".join(p.text.split()) for p in pages)
    assert text.count("dijadwalkan di dua tempat") == 2  # on both rows
    assert "Belum ada supervisor" in text and "Hari Minggu" in text
    assert "3 kegiatan perlu perhatian" in text
    last = pages[-1]
    assert table_rows(last), "the signature block stands alone on the last page"
    assert last.text.count("Cibarusah, 24 November 2026") == 2 and last.text.count("NIP.") == 2


def test_columns_fit_their_content(demo_db, tmp_path):
    pkm = current_puskesmas()
    posyandu = Posyandu.select().where(Posyandu.active).first()
    bidan = Staff.select().where(Staff.puskesmas == pkm).first()
    save_activity(pkm, PlanRow("observasi_posyandu", dt.date(2027, 4, 5), posyandu.id, [bidan.id]),
                  allow_conflicts=True)
    pages = read(printing.print_schedule(tmp_path / "j.pdf", 2027, 4, today=TODAY))
    lines = pages[0].text.splitlines()
    assert any("Direncanakan" in line for line in lines)  # the status on one line, not split letter by letter
    assert not any(line.strip() in ("Direncan", "akan") for line in lines)
