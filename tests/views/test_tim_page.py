import pytest

from desktop.models.people import Posyandu, Staff
from desktop.models.teams import SkDecree, TechnicalAssignment
from desktop.models.wilayah import Desa

from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


def _row_of(table, text, column=0):
    return next(r for r in range(table.rowCount()) if table.item(r, column).text() == text)


def test_add_a_supervisor_and_give_her_the_unassigned_posyandu(qtbot, open_section, demo_db, tmp_path):
    window, page = open_section(demo_db, "Tim Supervisor")
    window.grab().save(str(tmp_path / "tim.png"))
    assert "kader dan 11 supervisor teknis" in page.ratio.text()
    unassigned = page.tabs.tabText(2)
    assert unassigned.startswith("Pemeriksaan (")

    qtbot.mouseClick(page.add_staff_button, Qt.MouseButton.LeftButton)
    from desktop.views.dialogs.teams.staff_dialog import StaffDialog

    dialog = page.findChild(StaffDialog)
    qtbot.keyClicks(dialog.name, "Wulan Sari, S.Tr.Keb.")
    qtbot.keyClicks(dialog.nip, "12345")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "NIP harus 18 angka" in dialog.error.text() and "desanya" in dialog.error.text()
    dialog.nip.clear()
    dialog.desa.setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wulan = Staff.get(Staff.name == "Wulan Sari, S.Tr.Keb.")
    row = _row_of(page.staff_table, wulan.name)
    assert page.staff_table.item(row, 5).text() == "Belum ditugaskan"

    page.staff_table.selectRow(row)
    assign = page.assign()
    orphans = [i for i in range(assign.list.count()) if " · juga dibina " not in assign.list.item(i).text()
               and not TechnicalAssignment.select().where(
                   TechnicalAssignment.posyandu == assign.list.item(i).data(Qt.ItemDataRole.UserRole),
                   TechnicalAssignment.until.is_null()).exists()]
    assert orphans
    for i in orphans:
        assign.list.item(i).setCheckState(Qt.CheckState.Checked)
    assert f"{len(orphans)} posyandu dicentang" in assign.load.text()
    assign.grab().save(str(tmp_path / "assign.png"))
    qtbot.mouseClick(assign.save_button, Qt.MouseButton.LeftButton)
    assert not any("belum punya supervisor teknis" in page.problems.item(i).text()
                   for i in range(page.problems.count()))
    row = _row_of(page.staff_table, wulan.name)
    assert page.staff_table.item(row, 3).text().count(",") == len(orphans) - 1


def test_record_an_sk_with_members_and_scan(qtbot, open_section, demo_db, tmp_path):
    window, page = open_section(demo_db, "Tim Supervisor")
    page.tabs.setCurrentIndex(1)
    missing = 0  # a new SK replaces whatever the desa had
    desa_name = page.sk_table.item(missing, 0).text()
    page.sk_table.selectRow(missing)
    qtbot.mouseClick(page.add_sk_button, Qt.MouseButton.LeftButton)
    from desktop.views.dialogs.teams.sk_dialog import SkDialog

    dialog = page.findChild(SkDialog)
    assert dialog.desa.currentText().endswith(desa_name)
    qtbot.keyClicks(dialog.number, "140/Kep.07/Ds/2026")
    qtbot.keyClicks(dialog.signed_on, "02112026")
    qtbot.keyClicks(dialog.signer, "Ujang Suryana")
    qtbot.keyClicks(dialog.valid_until, "31122035")
    for row, (name, origin) in enumerate((("Euis Komariah", "Pemerintah Desa"), ("Tati Rohaeti", "TP Posyandu"))):
        dialog.members.item(row, 0).setText(name)
        dialog.members.item(row, 2).setText(origin)
    scan = tmp_path / "sk-scan.png"
    dialog.grab().save(str(scan))
    dialog.attach_file(str(scan))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == ""
    decree = SkDecree.get(SkDecree.number == "140/Kep.07/Ds/2026")
    assert decree.desa == Desa.get(Desa.name == desa_name) and decree.file_name == "sk-scan.png"
    assert [(m.name, m.role) for m in decree.members] == [("Euis Komariah", "Ketua"), ("Tati Rohaeti", "Sekretaris")]
    row = _row_of(page.sk_table, desa_name)
    assert page.sk_table.item(row, 5).text() == "Berlaku" and page.sk_table.item(row, 6).text() == "Ada"
    window.grab().save(str(tmp_path / "sk-list.png"))

    page.sk_table.selectRow(row)
    again = page.edit_sk()
    assert again.number.value() == "140/Kep.07/Ds/2026" and again.members.rowCount() == 2
    assert "sk-scan.png" in again.file_label.text()


def test_priorities_tab_lists_reasons(open_section, demo_db):
    _, page = open_section(demo_db, "Tim Supervisor")
    page.tabs.setCurrentIndex(3)
    assert page.priority_table.rowCount() > 0
    first = page.priority_table.item(0, 1).text()
    assert Posyandu.get(Posyandu.name == first)
    assert "kader" in page.priority_table.item(0, 3).text()


def test_a_supervisor_load_reads_the_same_in_the_table_and_in_the_assign_dialog(qtbot, open_section, demo_db):
    from desktop.models.people import Staff
    from desktop.models.settings import current_puskesmas
    from desktop.services import teams

    from desktop.views.dialogs.teams.assign_dialog import AssignDialog

    window, page = open_section(demo_db, "Tim Supervisor")
    rows = teams.technical_rows(current_puskesmas())
    counts = teams.kader_per_posyandu(current_puskesmas())
    shared = [r for r in rows if r.posyandu_ids and r.load != sum(counts[p] for p in r.posyandu_ids)]
    assert shared, "the demo should have a supervisor sharing a posyandu"
    for r in shared[:3]:
        row = next(i for i in range(page.staff_table.rowCount()) if page.staff_table.item(i, 0).text() == r.staff.name)
        dialog = AssignDialog(Staff.get_by_id(r.staff.id), page)
        qtbot.addWidget(dialog)
        assert f"±{page.staff_table.item(row, 4).text()} kader" in dialog.load.text()
        dialog.close()


def test_every_check_opens_the_place_to_fix_it(qtbot, open_section, demo_db):
    from desktop.views.dialogs.teams.assign_dialog import AssignDialog
    from desktop.views.dialogs.teams.sk_dialog import SkDialog

    window, page = open_section(demo_db, "Tim Supervisor")
    kinds = {}
    for index, issue in enumerate(page.issues):
        kinds.setdefault(issue.kind, index)
    assert kinds, "the demo should have something for the checks to find"
    for kind, index in kinds.items():
        opened = page.open_issue(index)
        if kind in ("over", "bidan_over"):
            assert isinstance(opened, AssignDialog) and opened.staff.id == page.issues[index].key
        elif kind.startswith("sk_"):
            assert isinstance(opened, SkDialog)
        else:
            assert opened is None and page.tabs.currentIndex() == 0 and page.hint.isVisible()
        if opened is not None:
            opened.close()
