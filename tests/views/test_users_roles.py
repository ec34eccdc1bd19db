"""Issue 16 row 3: Pengaturan › Pengguna offers only the roles the signed-in manager may give."""

import pytest

from desktop.services import auth

pytestmark = pytest.mark.gui
PASSWORD = "rahasia-kuat"


def _offered(dialog) -> list[str]:
    return [dialog.role.itemData(i) for i in range(dialog.role.count())]


def test_the_add_user_dialog_offers_only_grantable_roles(qtbot, open_section, demo_db, tmp_path):
    auth.create_user("Siti", "siti", PASSWORD, "admin")
    auth.create_user("Dinkes", "dinkes", PASSWORD, "kabupaten")
    window, page = open_section(demo_db, "Pengaturan")
    page.tabs.setCurrentWidget(page.users)
    dialog = page.users.add()
    assert _offered(dialog) == ["admin", "supervisor", "desa", "cetak"]  # a kabupaten account exists already
    assert dialog.staff.isHidden() and dialog.desa.isHidden()  # a PJ Promkes has neither
    dialog.role.setCurrentIndex(dialog.role.findData("desa"))
    assert dialog.staff.isHidden() and not dialog.desa.isHidden()
    dialog.grab().save(str(tmp_path / "tambah-pengguna-pj.png"))
    dialog.reject()
    auth.log_in("dinkes", PASSWORD)
    page.users.refresh()
    dialog = page.users.add()
    assert _offered(dialog) == ["admin", "kabupaten"]
    dialog.grab().save(str(tmp_path / "tambah-pengguna-kabupaten.png"))
