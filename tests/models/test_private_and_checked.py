"""Issue 16, files and faults: data files private to their user, SK scans never written through a planted link,
a damaged page found on every start, backups checked before they count, a deleted database noticed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop.models import backup
from desktop.models.db import close_db
from desktop.models.errors import DatabaseCorrupt, DatabaseMissing
from desktop.models.integrity import check_file
from desktop.models.people import Kader
from desktop.models.schema import open_database
from desktop.services import maintenance


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_row10_database_backups_and_kept_copies_are_private(tmp_path: Path):
    path = tmp_path / "data" / "BinaKader" / "bina-kader.db"
    open_database(path)
    made = backup.daily_backup(path, today=dt.date(2026, 11, 1))
    manual = maintenance.make_backup(path)
    close_db()
    kept = backup.restore(made, path)
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
    assert mode(path.parent / "backups") == 0o700
    for file in (made, manual, kept):
        assert mode(file) == 0o600, file


def test_row10_a_folder_the_user_chose_keeps_its_mode(tmp_path: Path):
    """Opening `--db /tmp/k.db` once made /tmp 0700 for the whole machine: only folders we create (or our own data
    and backups folders) are tightened; the database file itself is private wherever it lives."""
    chosen = tmp_path / "Dokumen"
    chosen.mkdir()
    chosen.chmod(0o1777)
    path = chosen / "kantor.db"
    open_database(path)
    backup.daily_backup(path, today=dt.date(2026, 11, 1))
    close_db()
    assert mode(chosen) == 0o1777
    assert mode(path) == 0o600 and mode(chosen / "backups") == 0o700


def test_row10_sk_scan_uses_a_private_unique_temp_file_and_ignores_a_planted_link(demo_db, tmp_path):
    from desktop.models.teams import SkDecree
    from desktop.models.wilayah import Desa
    from desktop.services import teams

    scan = tmp_path / "sk.pdf"
    scan.write_bytes(b"%PDF-1.4 rahasia desa")
    desa = Desa.select().first()
    decree = teams.save_sk(teams.SkForm(desa_id=desa.id, number="1/2026", signed_on="2026-01-05", signer="Kades",
                                        members=[teams.MemberForm("Ani", "Ketua")], file_path=str(scan)))
    decree = SkDecree.get_by_id(decree.id)
    first, second = teams.sk_file(decree), teams.sk_file(decree)
    assert first != second and first.read_bytes() == b"%PDF-1.4 rahasia desa"
    assert mode(first) == 0o600 and mode(first.parent) == 0o700
    # the attack: a link planted at the name a viewer folder would use, pointing at a file to overwrite
    folder = tmp_path / "shared"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("jangan ditimpa")
    (folder / f"SK-{decree.id}.pdf").symlink_to(victim)
    out = teams.sk_file(decree, folder)
    assert victim.read_text() == "jangan ditimpa" and not out.is_symlink() and out.read_bytes().startswith(b"%PDF")


def _corrupt_page(path: Path, page: int) -> None:
    size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as f:
        f.seek(size * (page - 1) + 8)
        f.write(os.urandom(size - 16))


def test_row11_a_page_damaged_after_a_clean_shutdown_is_found_at_start(demo_db: Path):
    backup.daily_backup(demo_db, today=dt.date(2026, 11, 1))
    close_db()  # a clean shutdown: no open marker is left
    pages = demo_db.stat().st_size // 4096
    _corrupt_page(demo_db, min(301, pages - 1))
    with pytest.raises(DatabaseCorrupt) as caught:
        open_database(demo_db)
    assert caught.value.good_backup is not None and check_file(caught.value.good_backup)[0]


def test_row11_a_corrupt_copy_never_replaces_the_last_good_backup(db, db_path: Path):
    good = backup.daily_backup(db_path, today=dt.date(2026, 11, 1))
    folder = backup.backups_dir(db_path)
    for day in range(2, 17):  # fifteen daily backups that are all damaged copies (made by an older version)
        bad = folder / f"{backup.AUTO_PREFIX}202611{day:02d}-080000.db"
        bad.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    removed = backup.rotate(db_path, keep=14)
    assert good.exists() and good not in removed  # the known-good one stays
    assert backup.newest_good_backup(db_path) == good


def test_row12_a_database_deleted_while_open_does_not_report_a_save(demo_db: Path):
    kader = Kader.select().first()
    demo_db.unlink()
    kader.name = "Hilang"
    with pytest.raises(DatabaseMissing, match="hilang"):
        kader.save()


def test_row12_missing_at_start_offers_the_newest_good_backup(demo_db: Path):
    good = backup.daily_backup(demo_db, today=dt.date(2026, 11, 1))
    kader = Kader.select().count()
    close_db()
    demo_db.unlink()
    with pytest.raises(DatabaseMissing, match="tidak ditemukan") as caught:
        open_database(demo_db)
    assert caught.value.good_backup == good and not demo_db.exists()  # no empty database made silently
    offered = []
    maintenance.open_or_recover(demo_db, lambda exc: offered.append(exc) or True)
    assert offered and Kader.select().count() == kader


def test_row14_empty_schema_version_is_refused_before_anything_is_replaced(demo_db: Path, tmp_path: Path):
    broken = tmp_path / "kosong.db"
    shutil.copy(demo_db, broken)
    con = sqlite3.connect(broken)
    con.execute("DELETE FROM schema_version")
    con.commit()
    con.close()
    before = Kader.select().count()
    with pytest.raises(Exception, match="schema_version"):
        maintenance.restore(demo_db, broken)
    assert Kader.select().count() == before and not list(demo_db.parent.glob("backups/sebelum-pulih-*"))


def test_restore_refuses_a_newer_schema_and_leaves_the_database_open(demo_db: Path, tmp_path: Path):
    """The GUI once put a newer-schema backup in place, said the old one was reopened, then crashed."""
    newer = tmp_path / "baru.db"
    shutil.copy(demo_db, newer)
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_version (version, applied_at) VALUES (999, '2030-01-01')")
    con.commit()
    con.close()
    with pytest.raises(Exception, match="lebih baru"):
        maintenance.restore(demo_db, newer)
    assert Kader.select().count() > 0  # still open, still the office data


def test_no_import_circles_errors_audit_or_backup_schema():
    """errors no longer reads the audit trail (EditConflict is filled by db), backup no longer imports schema."""
    import subprocess
    import sys

    code = ("import sys, desktop.models.errors\n"
            "assert [m for m in sys.modules if m.startswith('desktop.models.')] == ['desktop.models.errors']\n"
            "import desktop.models.backup\n"
            "assert 'desktop.models.schema' not in sys.modules and 'desktop.models.audit' not in sys.modules\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_edit_conflict_is_a_plain_carrier():
    from desktop.models.errors import EditConflict

    conflict = EditConflict("mine", "now", [("rina", dt.datetime(2026, 11, 2), {"phone": [1, 2]})], {"phone": "HP"})
    assert "rina" in str(conflict) and "(HP)" in str(conflict) and conflict.changes[0][0] == "rina"
    assert "dihapus" in str(EditConflict("mine", None))


def test_two_databases_in_one_folder_never_share_backups(tmp_path: Path):
    """A new database in a folder where another one keeps backups (two office files on a flash disk, /tmp) was
    told it was missing and offered the other's backup to restore; each now has its own backups."""
    office, other = tmp_path / "kantor.db", tmp_path / "cadangan-desa.db"
    open_database(office)
    backup.daily_backup(office, today=dt.date(2026, 11, 1))
    close_db()
    assert backup.newest_good_backup(other) is None
    open_database(other, create=None)  # created, not "missing with backups"
    close_db()
    assert backup.newest_good_backup(office) is not None and backup.backups_dir(office) != backup.backups_dir(other)
