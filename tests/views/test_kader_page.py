import pytest

from desktop.models.nik import mask_nik
from desktop.models.people import Kader, Posyandu

from desktop.views.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_search_filter_and_masked_personal_data(qtbot, demo_db, tmp_path):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.show_section("Posyandu & Kader")
    page = window.page("Posyandu & Kader")
    active = Kader.select().join(Posyandu).where(Kader.active, Posyandu.active).count()
    assert page.kader_count.text() == f"{active} kader"
    window.grab().save(str(tmp_path / "kader.png"))
    qtbot.keyClicks(page.search, "Rina")
    names = [page.kader_table.item(r, 0).text() for r in range(page.kader_table.rowCount())]
    assert "Rina Marlina" in names and all("rina" in n.lower() for n in names)
    rina = Kader.get(Kader.name == "Rina Marlina")
    row = names.index("Rina Marlina")
    assert page.kader_table.item(row, 1).text() == mask_nik(rina.nik)
    assert rina.nik is None or rina.nik not in page.kader_table.item(row, 1).text()
    page.search.clear()
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    page.desa.setCurrentIndex(page.desa.findData(melati.desa_id))
    page.posyandu.setCurrentIndex(page.posyandu.findData(melati.id))
    assert page.kader_table.rowCount() == melati.kader.where(Kader.active).count()
    assert {page.kader_table.item(r, 4).text() for r in range(page.kader_table.rowCount())} == {"Melati 2"}
    page.tabs.setCurrentIndex(1)
    shown = Posyandu.select().where(Posyandu.desa == melati.desa_id, Posyandu.active).count()
    assert page.posyandu_count.text() == f"{shown} posyandu"
