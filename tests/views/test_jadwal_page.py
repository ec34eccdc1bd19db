import datetime as dt

import pytest

from desktop.models.records import InstrumentRecord
from desktop.models.schedule import Activity

from PySide6.QtCore import Qt

from desktop.views.pages.jadwal_page import JadwalPage

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 24)


def _page(qtbot, window_size=(1176, 700)):
    page = JadwalPage(today=TODAY)
    qtbot.addWidget(page)
    page.resize(*window_size)
    page.show()
    return page


def test_plan_december_resolve_a_conflict_and_complete_an_activity(qtbot, demo_db, tmp_path):
    page = _page(qtbot)
    page.grab().save(str(tmp_path / "jadwal-november.png"))
    assert "November 2026" in page.period.text()
    assert page.empty.isHidden()
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    assert "Desember 2026" in page.period.text()
    assert page.empty.isVisible() and "Susun jadwal bulan ini" in page.empty.text()
    due_before = page.due_list.count()
    assert due_before > 1

    plan = page.open_plan()
    assert plan.table.rowCount() == len(plan.rows) > 0
    dates = [d.value() for d in plan.dates]
    assert [plan.row_of(i) for i in range(len(plan.rows))] == list(range(len(plan.rows)))
    assert dates == sorted(dates)  # by date, not by posyandu

    def shown():
        return plan.conflicts()

    before = shown()
    # make a conflict: two observations on the same day and hour with the same supervisor
    first, second = [r for r, row in enumerate(plan.rows) if row.kind == "observasi_posyandu"][:2]
    plan.rows[second].staff_ids = list(plan.rows[first].staff_ids)
    plan.dates[second].set_value(plan.rows[first].date)
    made = [c for c in shown() if c not in before]
    assert any("dua tempat" in c for c in made)
    second_row = plan.row_of(second)
    assert plan.table.item(second_row, 3).background().color().name() == "#ffe0e0"
    assert any("dua tempat" in line for line in plan.table.item(second_row, 8).text().splitlines())
    assert "dua tempat" in plan.table.item(plan.row_of(first), 8).text()  # marked on both rows it concerns
    plan.grab().save(str(tmp_path / "susun-jadwal.png"))
    plan.table.item(second_row, 0).setCheckState(Qt.CheckState.Unchecked)  # resolve it by leaving one out
    assert not [c for c in shown() if c in made]
    assert "dua tempat" not in plan.table.item(plan.row_of(first), 8).text()
    chosen = len(plan.chosen())
    assert plan.save_button.text() == f"Simpan {chosen} kegiatan"
    qtbot.mouseClick(plan.save_button, Qt.MouseButton.LeftButton)
    december = Activity.select().where(Activity.date >= dt.date(2026, 12, 1))
    assert december.count() == chosen
    assert page.due_list.count() < due_before
    again = page.open_plan()  # a month already planned shows what is planned, in grey, by date
    assert len(again.existing) == chosen and again.table.rowCount() == len(again.rows) + chosen
    assert again.table.item(next(iter(again.saved_row.values())), 0).text() == "sudah"
    again.close()

    activity = december.where(Activity.kind == "observasi_posyandu").order_by(Activity.date).first()
    day = activity.date
    page.selected = page.today = day  # the sheet is typed in on the day of the activity (not before)
    page.refresh()
    row = next(r for r in range(page.day_table.rowCount())
               if page.day_table.item(r, 2).text() == activity.posyandu.name)
    page.day_table.selectRow(row)
    dialog = page.fill_selected()
    form = dialog.form
    assert form.widgets["posyandu"].value() == activity.posyandu_id
    assert form.widgets["tanggal"].value() == day.isoformat()
    for cells in form.grid_widgets.values():
        cells["dilaksanakan"].set_value("ya")
        cells["sesuai_standar"].set_value("ya")
    form.widgets["D6"].set_value("Alur lima langkah berjalan baik")
    form.widgets["B1"].set_value(6)
    form.widgets["C2"].set_value("ya")
    if day > dt.date.today():  # a record is never dated in the future: enter it as held today (same month)
        form.widgets["tanggal"].set_value(dt.date.today().isoformat())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.messages.text() == ""
    done = Activity.get_by_id(activity.id)
    assert done.status == "selesai" and InstrumentRecord.get_by_id(done.record_id).posyandu_id == activity.posyandu_id
    late = JadwalPage(today=day + dt.timedelta(days=1))
    qtbot.addWidget(late)
    late.selected = day
    late.refresh()
    texts = [late.due_list.item(i).text() for i in range(late.due_list.count())]
    assert not any(f"Posyandu {activity.posyandu.name} " in t and "Observasi layanan" in t for t in texts)


def test_add_an_activity_with_a_conflict_needs_a_second_click(qtbot, demo_db):
    page = _page(qtbot)
    existing = Activity.select().where(Activity.kind == "observasi_posyandu").first()
    page.selected = existing.date
    dialog = page.open_activity(None)
    dialog.kind.setCurrentIndex(dialog.kind.findData("observasi_posyandu"))
    other = next(i for i in range(1, dialog.posyandu.count()) if dialog.posyandu.itemData(i) != existing.posyandu_id)
    dialog.posyandu.setCurrentIndex(other)
    staff = [link.staff_id for link in existing.supervisor_links]
    dialog.supervisors.set_value(staff[:1])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "dua tempat" in dialog.messages.text() and dialog.save_button.text() == "Simpan walau bentrok"
    before = Activity.select().count()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Activity.select().count() == before + 1


def test_week_view_and_postponing(qtbot, demo_db, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    page = _page(qtbot)
    page.view.setCurrentIndex(1)
    assert page.calendar.rowCount() == 1 and "–" in page.period.text()
    activity = Activity.select().where(Activity.status == "rencana").order_by(Activity.date).first()
    page.selected = activity.date
    page.refresh()
    page.day_table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Ditunda", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Supervisor sakit", True))
    target = Activity.get_by_id(page.day_table.item(0, 0).data(Qt.ItemDataRole.UserRole))
    page.postpone_selected()
    assert Activity.get_by_id(target.id).status == "ditunda"
    assert "Ditunda (Supervisor sakit)" in page.day_table.item(0, 5).text()


def test_follow_ups_grouped_filtered_and_closed_by_hand(qtbot, demo_db, monkeypatch):
    from desktop.models.schedule import FollowUp

    from PySide6.QtWidgets import QInputDialog

    page = _page(qtbot)
    page.tabs.setCurrentIndex(2)
    panel = page.follow
    shown = panel.shown_ids()
    open_ = FollowUp.select().where(FollowUp.status == "terbuka")
    assert len(shown) == open_.count() > 0
    assert "lewat batas" in page.tabs.tabText(2)
    overdue = {f.id for f in open_ if f.due and f.due < TODAY}
    # grouped by posyandu (default): the first group holds the most overdue, overdue items come first in a group
    first_group = panel.proxy.index(0, 0)
    assert "terbuka" in first_group.data() and panel.proxy.rowCount(first_group) > 0
    children = [panel.proxy.index(r, 0, first_group).data(Qt.ItemDataRole.UserRole)
                for r in range(panel.proxy.rowCount(first_group))]
    flags = [c in overdue for c in children]
    assert flags == sorted(flags, reverse=True)
    for grouping in range(panel.grouping.count()):
        panel.grouping.setCurrentIndex(grouping)
        assert sorted(panel.shown_ids()) == sorted(f.id for f in open_)
    panel.grouping.setCurrentIndex(0)
    panel.overdue_only.setChecked(True)
    assert set(panel.shown_ids()) == overdue
    assert f"{len(overdue)} lewat batas" in panel.count.text()
    panel.overdue_only.setChecked(False)
    some = open_.first()
    panel.search.setText(some.posyandu.name)
    assert some.id in panel.shown_ids() and len(panel.shown_ids()) < len(shown)
    panel.search.setText("")
    assert page.follow.tree.horizontalScrollBar().maximum() == 0

    key = panel.shown_ids()[0]
    panel.select(key)
    record = panel.open_source()  # the record the finding came from
    assert record.record.id == FollowUp.get_by_id(key).source_id
    record.close()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("23/11/2026", True))
    panel.close_selected()
    assert FollowUp.get_by_id(key).closed_on == dt.date(2026, 11, 23)
    assert len(page.follow.shown_ids()) == len(shown) - 1


def test_print_the_attendance_sheet_of_a_mentoring_activity(qtbot, demo_db, tmp_path, monkeypatch):
    from pypdf import PdfReader

    from desktop.models.people import Kader

    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    mentoring = Activity.select().where(Activity.kind == "mentoring").first()
    page = _page(qtbot)
    page.selected = mentoring.date
    page.refresh()
    row = next(r for r in range(page.day_table.rowCount())
               if page.day_table.item(r, 0).data(Qt.ItemDataRole.UserRole) == mentoring.id)
    page.day_table.selectRow(row)
    out = page.print_sheet(str(tmp_path / "hadir.pdf"))
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "BEKAL KUNJUNGAN SUPERVISI" in text and "Daftar hadir peserta" in text
    for kader in Kader.select().where(Kader.posyandu == mentoring.posyandu_id, Kader.active):
        assert kader.name in text
