"""The start-up paints the main window before it opens the database; Beranda says "memuat…" until it fills; then
the file is checked page by page (a damaged one offers the newest good backup) and today's backup is made."""

import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.models import backup
from desktop.models.db import DB, close_db
from desktop.models.integrity import check_file
from desktop.services import crash_log

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from desktop.views import app as gui

pytestmark = pytest.mark.gui


@pytest.fixture
def start(qtbot, monkeypatch, tmp_path):
    """start_window on a closed database file; restores the hooks the start-up installs."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    before_hook = sys.excepthook
    previous = qInstallMessageHandler(None)
    windows = []

    def _start(path: Path):
        close_db()
        window = gui.start_window(QApplication.instance(), path)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield _start
    sys.excepthook = before_hook
    qInstallMessageHandler(previous)
    logger = logging.getLogger(crash_log.LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    close_db()


def test_main_window_paints_before_beranda_loads_then_fills(qtbot, start, demo_db):
    window = start(demo_db)
    beranda = window.page("Beranda")
    assert DB.obj is None or DB.is_closed()  # nothing opened before the first paint
    assert "memuat" in beranda.hint.text() and beranda.cards["kader"].value.text() == "–"
    assert window.db_label.text() == "Membuka basis data…"
    with qtbot.waitSignal(window.ready, timeout=20_000):
        pass
    assert window.first_paint_at is not None and window.loaded_at is not None
    assert window.first_paint_at < window.loaded_at  # painted first, filled after
    con = sqlite3.connect(demo_db)
    expected = con.execute("SELECT COUNT(*) FROM kader k JOIN posyandu p ON p.id = k.posyandu_id "
                           "WHERE k.active AND p.active").fetchone()[0]
    con.close()
    assert beranda.cards["kader"].value.text() == str(expected)
    assert "memuat" not in beranda.hint.text() and "Perlu perhatian" in beranda.hint.text()
    assert str(demo_db) in window.db_label.text()
    assert backup.auto_backups(demo_db)  # the daily backup ran after the check
    window.show_section("Posyandu & Kader")  # the window works as before
    assert window.stack.currentWidget() is window.page("Posyandu & Kader")


def test_damage_found_after_the_first_paint_offers_the_newest_good_backup(qtbot, start, demo_db, monkeypatch):
    backup.daily_backup(demo_db)
    close_db()
    for suffix in ("-wal", "-shm"):
        Path(str(demo_db) + suffix).unlink(missing_ok=True)
    size = demo_db.stat().st_size
    with demo_db.open("r+b") as f:  # a data page in the middle: the header and schema still read fine
        f.seek(size // 2)
        f.write(b"\xff" * 8192)
    assert check_file(demo_db, thorough=False)[0] and not check_file(demo_db)[0]
    asked = []
    monkeypatch.setattr(gui, "_ask_restore", lambda exc: asked.append(exc) or True)
    window = start(demo_db)
    with qtbot.waitSignal(window.ready, timeout=20_000):
        pass
    assert asked and asked[0].good_backup is not None and "rusak" in str(asked[0])
    assert check_file(demo_db)[0]  # the good backup is in place
    assert int(window.page("Beranda").cards["kader"].value.text()) > 100
    assert list((demo_db.parent / "backups").glob("sebelum-pulih-*.db"))  # the damaged file is kept


def test_declining_the_backup_closes_the_window_with_an_error_code(qtbot, start, demo_db, monkeypatch):
    backup.daily_backup(demo_db)
    close_db()
    size = demo_db.stat().st_size
    with demo_db.open("r+b") as f:
        f.seek(size // 2)
        f.write(b"\xff" * 8192)
    monkeypatch.setattr(gui, "_ask_restore", lambda exc: False)
    shown = []
    monkeypatch.setattr(gui.QMessageBox, "critical", lambda *args: shown.append(args[2]))
    window = start(demo_db)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "rusak" in shown[0] and window.exit_code == 1 and not window.isVisible()
    assert not check_file(demo_db)[0]  # nothing replaced


def test_nothing_before_the_first_paint_imports_the_data_layer_or_a_heavy_library():
    """The GUI's path from the entry point to the shown window imports no peewee, service, report or office
    library (they load after the first paint or on first use)."""
    code = """
import sys
import desktop.cli
args = desktop.cli._gui_args(["--db", "x.db"])
desktop.cli._db_path(args)
import desktop.views.app
heavy = ("peewee", "psycopg2", "psycopg", "keyring", "reportlab", "openpyxl", "python_calamine", "pandas",
         "desktop.services", "desktop.reports", "desktop.instruments", "desktop.models.db")
print(sorted(m for m in sys.modules if m.startswith(heavy) and sys.modules[m] is not None))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]", out.stdout
