"""Issue 16, one use-case in one place: the main window's backup and restore go through services.maintenance, so
they refuse what the CLI refuses (a newer-schema backup, a role without the right) and leave the office data open."""

import shutil
import sqlite3

import pytest

from desktop.models.audit import AuditLog
from desktop.models.people import Kader
from desktop.services import auth

from PySide6.QtWidgets import QMessageBox

pytestmark = pytest.mark.gui
PASSWORD = "rahasia-kuat"


def test_window_restore_refuses_a_newer_schema_backup_and_keeps_working(qtbot, open_section, demo_db, tmp_path,
                                                                          monkeypatch):
    newer = tmp_path / "dari-versi-baru.db"
    shutil.copy(demo_db, newer)
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_version (version, applied_at) VALUES (999, '2030-01-01')")
    con.commit()
    con.close()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    window, page = open_section(demo_db, "Posyandu & Kader")
    before = Kader.select().count()
    assert not window.restore_from_file(str(newer), confirm=False)
    assert "lebih baru" in warnings[-1] and "tidak diubah" in warnings[-1]
    assert Kader.select().count() == before  # the office database is still the one open
    assert not list(demo_db.parent.glob("backups/sebelum-pulih-*"))
    window.show_section("Beranda")  # and the window keeps working


def test_window_backup_and_restore_need_the_pj_promkes(qtbot, open_section, demo_db, tmp_path, monkeypatch):
    auth.create_user("Siti", "siti", PASSWORD, "admin")
    auth.create_user("Staf", "staf", PASSWORD, "cetak")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    window, page = open_section(demo_db, "Beranda")
    good = window.backup_to_file(str(tmp_path / "cadangan.db"))
    assert good is not None and AuditLog.select().where(AuditLog.action == "cadangkan").exists()
    auth.log_in("staf", PASSWORD)
    assert window.backup_to_file(str(tmp_path / "curian.db")) is None and "PJ Promkes" in warnings[-1]
    assert not (tmp_path / "curian.db").exists()
    assert not window.restore_from_file(str(good), confirm=False) and "PJ Promkes" in warnings[-1]
    auth.log_in("siti", PASSWORD)
    assert window.restore_from_file(str(good), confirm=False)
    assert auth.current().username == "siti"  # the same account carries on in the restored database
    last = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert (last.username, last.action) == ("siti", "pulihkan")
