"""Every section and dialog on a 1366×768 screen less a 40 px taskbar: nothing lies outside the available area and
no table or list needs a horizontal scroll bar at its default size."""

import pytest

from desktop.instruments.loader import load_instrument
from desktop.models.errors import EditConflict
from desktop.models.people import Kader, Staff

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QTabWidget, QWidget

from desktop.views import style
from desktop.views.main_window import SECTIONS, MainWindow

pytestmark = pytest.mark.gui
AVAILABLE = QRect(0, 0, 1366, 728)


@pytest.fixture
def small_screen():
    style.pin_available(AVAILABLE)
    yield AVAILABLE
    style.pin_available(None)


def _problems(top: QWidget, name: str) -> list[str]:
    """What does not fit: the window beyond the screen, a child beyond its window, a view scrolling sideways."""
    QApplication.processEvents()
    out = []
    frame = top.frameGeometry()
    if frame.width() > AVAILABLE.width() or frame.height() > AVAILABLE.height() + 2:
        out.append(f"{name}: {frame.width()}×{frame.height()} is larger than the available screen")
    for view in top.findChildren(QAbstractItemView):
        if not view.isVisibleTo(top) or not view.isVisible():
            continue
        bar = view.horizontalScrollBar()
        if bar.maximum() > 0:
            out.append(f"{name}: {type(view).__name__} {view.objectName()} scrolls sideways by {bar.maximum()} px")
    for child in top.findChildren(QWidget):
        if not child.isVisible() or child.isWindow() or _scrolled(child, top):
            continue
        where = QRect(child.mapTo(top, child.rect().topLeft()), child.size())
        if where.right() > top.width() + 1 or where.bottom() > top.height() + 1:
            out.append(f"{name}: {type(child).__name__} '{getattr(child, 'text', lambda: '')()}' lies outside")
            break
    return out


def _scrolled(child: QWidget, top: QWidget) -> bool:
    """Inside a scroll area (its content may be longer than the area: that is what scrolling is for)."""
    parent = child.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _every_tab(top: QWidget, name: str) -> list[str]:
    out = _problems(top, name)
    for tabs in top.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            out += _problems(top, f"{name} › {tabs.tabText(i)}")
        tabs.setCurrentIndex(0)
    return out


def test_every_section_and_dialog_fits_1366x728(qtbot, demo_db, small_screen, tmp_path):
    window = MainWindow(demo_db, demo=True)
    qtbot.addWidget(window)
    window.show()
    assert AVAILABLE.contains(window.frameGeometry())
    problems = []
    for name in SECTIONS:
        window.show_section(name)
        problems += _every_tab(window, name)

    kader_page = window.page("Posyandu & Kader")
    jadwal = window.page("Jadwal")
    tim = window.page("Tim Supervisor")
    kader = Kader.select().where(Kader.active).first()
    staff = Staff.select().where(Staff.role == "bidan_desa").first()
    from desktop.views.dialogs.conflict_dialog import ConflictDialog
    from desktop.views.dialogs.crash_dialog import CrashDialog
    from desktop.views.dialogs.instruments.record_dialog import RecordDialog
    from desktop.views.dialogs.kader.detail_dialog import KaderDetailDialog
    from desktop.views.dialogs.login_dialog import LoginDialog
    from desktop.views.dialogs.password_dialog import PasswordDialog
    from desktop.views.dialogs.teams.assign_dialog import AssignDialog
    from desktop.views.dialogs.timeline_dialog import TimelineDialog

    stale = Kader.get_by_id(kader.id)
    stale.version -= 1
    dialogs = {
        "Tentang": lambda: window.show_about(),
        "Bantuan": lambda: window.show_help(),
        "Panduan pengguna": lambda: window.show_help("Panduan pengguna"),
        "Masuk": lambda: LoginDialog(window),
        "Kata sandi server": lambda: PasswordDialog("postgresql://promkes@10.0.0.1/bk", "Kata sandi salah.", window),
        "Bentrok simpan": lambda: ConflictDialog(EditConflict(stale, Kader.get_by_id(kader.id)), window),
        "Galat": lambda: CrashDialog("RuntimeError", tmp_path / "galat.log", window),
        "Tambah kader": lambda: kader_page.add_kader(),
        "Tambah posyandu": lambda: kader_page.open_posyandu(None),
        "Detail kader": lambda: KaderDetailDialog(kader, window),
        "Riwayat kader": lambda: TimelineDialog(kader=kader, parent=window),
        "Impor kader": lambda: kader_page.open_import(),
        "Tambah kegiatan": lambda: jadwal.open_activity(None),
        "Susun jadwal": lambda: jadwal.open_plan(),
        "Tambah petugas": lambda: tim._staff_dialog(None),
        "Catat SK": lambda: tim.add_sk(),
        "Posyandu binaan": lambda: AssignDialog(staff, window),
        "Isi instrumen": lambda: RecordDialog(load_instrument(_first_instrument()), parent=window),
        "Panduan awal": lambda: window.show_wizard(),  # last: finishing it reloads every page
    }
    for name, make in dialogs.items():
        dialog = make()
        dialog.show()
        qtbot.addWidget(dialog)
        problems += _every_tab(dialog, name)
        dialog.close()
    assert not problems, "\n".join(problems)


def _first_instrument() -> str:
    from desktop.instruments.loader import ORDER

    return ORDER[0]


def test_main_window_takes_the_available_screen_not_fixed_pixels(qtbot, db, db_path):
    for area in (QRect(0, 0, 1366, 728), QRect(0, 0, 1920, 1040), QRect(0, 30, 1280, 650)):
        style.pin_available(area)
        try:
            window = MainWindow(db_path)
            qtbot.addWidget(window)
            window.show()
            assert area.contains(window.frameGeometry()), (area, window.frameGeometry())
            assert window.width() >= area.width() * 0.9
        finally:
            style.pin_available(None)


def test_the_check_sees_what_does_not_fit(qtbot):
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QVBoxLayout

    top = QWidget()
    qtbot.addWidget(top)
    table = QTableWidget(1, 2)
    table.setItem(0, 0, QTableWidgetItem("x" * 400))
    table.resizeColumnsToContents()
    QVBoxLayout(top).addWidget(table)
    top.resize(1500, 300)
    top.show()
    found = _problems(top, "uji")
    assert any("larger than the available screen" in p for p in found)
    top.resize(600, 300)
    assert any("scrolls sideways" in p for p in _problems(top, "uji"))
