"""A kabupaten admin in the main window: moves between puskesmas in the status bar and previews the roll-up."""

import pytest

from desktop.models.settings import current_puskesmas
from desktop.services import auth
from tests.services.test_rollup import PASSWORD, _second_puskesmas

from PySide6.QtPdf import QPdfDocument

pytestmark = pytest.mark.gui


def test_kabupaten_admin_switches_puskesmas_and_previews_the_rollup(qtbot, open_section, demo_db, tmp_path):
    auth.create_user("Siti Promkes", "siti", PASSWORD, "admin")
    auth.create_user("Dinkes Bekasi", "dinkes", PASSWORD, "kabupaten")  # while the database holds one puskesmas
    other = _second_puskesmas()
    auth.log_in("dinkes", PASSWORD)
    window, beranda = open_section(demo_db, "Beranda")
    switch = window.puskesmas_switch
    assert switch.isVisibleTo(window) and switch.count() == 2
    switch.setCurrentIndex(switch.findData(other.id))
    switch.activated.emit(switch.currentIndex())  # as a click on the item does
    assert current_puskesmas() == other
    assert window.puskesmas_switch.currentText() == other.name
    window.show_section("Laporan")
    page = window.page("Laporan")
    assert page.scope.itemData(0) == "kabupaten"
    page.scope.setCurrentIndex(0)
    page.kind.setCurrentIndex(0)
    page.part.setCurrentIndex(9)  # Oktober
    page.year.setValue(2026)
    page.build()
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    assert page.document.pageCount() >= 1
    assert "REKAP KABUPATEN" in page.document.getAllText(0).text()
    window.grab().save(str(tmp_path / "rekap-kabupaten.png"))


def test_kabupaten_admin_adds_a_puskesmas_and_its_first_account(qtbot, open_section, demo_db):
    auth.create_user("Siti Promkes", "siti", PASSWORD, "admin")
    auth.create_user("Dinkes Bekasi", "dinkes", PASSWORD, "kabupaten")
    auth.log_in("dinkes", PASSWORD)
    window, page = open_section(demo_db, "Pengaturan")
    editor = page.server
    assert not editor.add_button.isHidden()
    assert not editor.add_puskesmas("Cibarusah")  # already there
    assert "sudah ada" in editor.message.text()
    assert editor.add_puskesmas("Sukamukti")
    assert current_puskesmas().name == "Puskesmas Sukamukti"
    assert window.puskesmas_switch.currentText() == "Puskesmas Sukamukti"
    rudi = auth.create_user("Rudi Hartono", "rudi", PASSWORD, "admin")
    assert rudi.puskesmas_id == current_puskesmas().id
    auth.log_in("rudi", PASSWORD)
    assert current_puskesmas().name == "Puskesmas Sukamukti" and not auth.can_switch_puskesmas()
