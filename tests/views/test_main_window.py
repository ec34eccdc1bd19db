import html
import re
import sqlite3
from pathlib import Path

import pytest

from desktop.models import backup
from desktop.models.db import close_db
from desktop.models.errors import DatabaseCorrupt
from desktop.models.people import Kader

from desktop.views.main_window import SECTIONS, MainWindow
from desktop.views.opening import open_or_recover

pytestmark = pytest.mark.gui


def test_main_window_on_demo_db_shows_real_counts_and_every_section(qtbot, demo_db, tmp_path):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    beranda = window.page("Beranda")
    con = sqlite3.connect(demo_db)
    expected = con.execute(
        "SELECT COUNT(*) FROM kader k JOIN posyandu p ON p.id = k.posyandu_id WHERE k.active AND p.active"
    ).fetchone()[0]
    con.close()
    assert beranda.cards["kader"].value.text() == str(expected)
    assert beranda.cards["posyandu"].value.text() not in ("", "0", "–")
    assert "Puskesmas Cibarusah" in window.puskesmas_label.text()
    assert str(demo_db) in window.db_label.text()
    for name in SECTIONS:
        window.show_section(name)
        assert window.stack.currentWidget() is window.page(name)
        shot = tmp_path / f"{SECTIONS.index(name)}-{name.replace(' & ', '-').replace(' ', '-')}.png"
        assert window.grab().save(str(shot))
        assert shot.stat().st_size > 5000
    dialog = window.show_about()
    assert "Versi" in dialog.findChildren(type(window.db_label))[0].text()
    dialog.close()


def test_empty_database_says_what_to_do(qtbot, db, db_path):
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    hint = window.page("Beranda").hint.text()
    assert "Basis data masih kosong" in hint and "Panduan awal" in hint and "scripts/run" not in hint
    assert window.puskesmas_label.text() == "Puskesmas belum diisi"
    from desktop.views.style import NEEDS_PUSKESMAS

    window.show()
    for name in ("Jadwal", "Tim Supervisor"):  # a greyed-out section says why and what to click
        window.show_section(name)
        assert NEEDS_PUSKESMAS in [label.text() for label in window.page(name).findChildren(type(window.db_label))
                                   if label.isVisible()]
    window.show_section("Posyandu & Kader")
    assert "Klik «Tambah kader…»" in window.page("Posyandu & Kader").kader_count.text()


def test_corrupt_database_is_recovered_from_newest_good_backup(demo_db: Path):
    backup.daily_backup(demo_db)
    close_db()
    demo_db.write_bytes(b"\x00rusak" * 2000)
    for suffix in ("-wal", "-shm"):
        Path(str(demo_db) + suffix).unlink(missing_ok=True)
    asked = []
    open_or_recover(demo_db, lambda exc: asked.append(exc) or True)
    assert asked and asked[0].good_backup is not None
    assert Kader.select().count() > 100
    close_db()
    demo_db.write_bytes(b"\x00rusak" * 2000)
    with pytest.raises(DatabaseCorrupt):
        open_or_recover(demo_db, lambda exc: False)  # the user declines: nothing is replaced
    assert demo_db.read_bytes().startswith(b"\x00rusak")


def test_beranda_lists_team_problems_and_links_to_tim_supervisor(open_section, demo_db):
    from desktop.models.settings import current_puskesmas
    from desktop.services.teams import team_check

    window, beranda = open_section(demo_db, "Beranda")
    problems = team_check(current_puskesmas()).problems()
    assert "Perlu perhatian" in beranda.hint.text() and problems
    assert html.escape(problems[0]) in beranda.hint.text()
    assert "Tindak lanjut:" in beranda.hint.text() and "href='Jadwal#tindak-lanjut'" in beranda.hint.text()
    beranda.hint.linkActivated.emit("Tim Supervisor")
    assert window.stack.currentWidget() is window.page("Tim Supervisor")


def test_help_opens_for_every_section_and_keyboard_moves_between_them(qtbot, open_section, demo_db, tmp_path):
    from PySide6.QtCore import Qt

    window, _ = open_section(demo_db, "Beranda")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for n, name in enumerate(SECTIONS, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + n), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is window.page(name)
        dialog = window.show_help()
        assert dialog.windowTitle() == f"Bantuan — {name}"
        assert dialog.text.toPlainText().startswith(name.split(" ")[0])
        dialog.close()
    dialog = window.show_help("Pintasan")
    assert "Ctrl+1" in dialog.text.toPlainText()
    dialog.grab().save(str(tmp_path / "pintasan.png"))
    guide = window.show_help("Panduan pengguna")
    text = guide.text.toPlainText()
    for chapter in ("1. Menyiapkan aplikasi", "2. Mengimpor daftar kader", "3. Membentuk tim", "4. Menyusun jadwal",
                    "5. Mengisi instrumen", "6. Menindaklanjuti temuan", "7. Mencetak laporan",
                    "8. Mencadangkan dan memulihkan"):
        assert chapter in text
    from desktop.views.dialogs.help_dialog import GUIDE

    images = re.findall(r"\(img/([\w-]+\.png)\)", GUIDE.read_text(encoding="utf-8"))
    assert images and all((GUIDE.parent / "img" / name).exists() for name in images)
    jadwal = window.show_help("Jadwal")
    assert "Paling banyak 3 kader per posyandu per bulan" in jadwal.text.toPlainText()


def test_backup_and_restore_from_the_file_menu(qtbot, open_section, demo_db, tmp_path, monkeypatch):
    from desktop.models.people import Kader
    from desktop.models.records import InstrumentDraft

    from PySide6.QtWidgets import QMessageBox

    window, beranda = open_section(demo_db, "Beranda")
    assert "Cadangan:" in beranda.hint.text()  # no backup yet beside this copy
    InstrumentDraft.create(instrument="observasi_posyandu", answers={})
    beranda.refresh()
    assert "1 formulir instrumen belum selesai" in beranda.hint.text()
    copy = window.backup_to_file(str(tmp_path / "flashdisk" / "cadangan.db"))
    assert copy.exists()
    active_before = Kader.select().where(Kader.active).count()
    Kader.update(active=False).execute()  # a mistake after the backup
    assert Kader.select().where(Kader.active).count() == 0
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    assert not window.restore_from_file(str(tmp_path / "bukan.db"))  # a missing file is refused
    assert window.restore_from_file(str(copy), confirm=False)
    assert Kader.select().where(Kader.active).count() == active_before > 0
    assert list((demo_db.parent / "backups").glob("sebelum-pulih-*.db"))  # the mistaken state was kept
    from desktop.models.audit import AuditLog

    assert AuditLog.select().where(AuditLog.action == "pulihkan").exists()
    assert window.page("Beranda").cards["kader"].value.text() != "0"


def test_beranda_lines_open_the_place_to_fix_them(open_section, demo_db):
    window, beranda = open_section(demo_db, "Beranda")
    text = beranda.hint.text()
    assert "href='Tim Supervisor#masalah-0'" in text
    beranda.hint.linkActivated.emit("Jadwal#tindak-lanjut")
    jadwal = window.page("Jadwal")
    assert window.stack.currentWidget() is jadwal and jadwal.tabs.currentIndex() == 2
    assert jadwal.follow.overdue_only.isChecked() and jadwal.follow.shown_ids()
    beranda.hint.linkActivated.emit("Tim Supervisor#masalah-0")
    tim = window.page("Tim Supervisor")
    assert tim.tabs.currentIndex() in (0, 2) and tim.problems.currentRow() == 0
    for dialog in window.findChildren(type(window.show_about())):
        dialog.close()


def test_status_bar_names_the_signed_in_user_and_role(open_section, demo_db):
    from desktop.services import auth

    auth.create_user("Siti Promkes", "siti", "rahasia-panjang-1", "admin")
    auth.log_in("siti", "rahasia-panjang-1")
    window, _ = open_section(demo_db, "Beranda")
    assert window.user_label.text() == "Masuk: Siti Promkes (PJ Promkes / Admin)"
    auth.log_out()
    window.update_status()
    assert window.user_label.text().startswith("Belum masuk")
