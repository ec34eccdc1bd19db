"""The database upkeep use-cases — check, backup, restore, open-or-recover and the start-up chores — written once
and used by both the command line and the main window, with the same permissions and the same audit entries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.models import audit, backup
from desktop.models.db import Location, close_db, display_location, is_server
from desktop.models.errors import DatabaseCorrupt, UserError
from desktop.models.integrity import check_file
from desktop.models.migrations import SCHEMA_VERSION
from desktop.models.schema import current_version, open_database
from desktop.services import auth


@dataclass
class CheckResult:
    """What `check` found: where, whether the file is sound, its schema version and what to do about it."""

    location: str
    shared: bool
    version: int

    @property
    def needs_upgrade(self) -> bool:
        return self.version < SCHEMA_VERSION


def check(location: Location, open_server: Callable[[str], None] | None = None) -> CheckResult:
    """Integrity (PRAGMA quick_check) and schema version of a file, or the connection and version of a server;
    UserError when damaged or newer than this app."""
    if is_server(location):
        (open_server or open_database)(str(location))
        return CheckResult(display_location(location), True, current_version())
    path = Path(location)
    ok, detail, version = check_file(path)
    if not ok:
        raise UserError(f"Basis data {path} tidak lolos pemeriksaan: {detail}.")
    if version > SCHEMA_VERSION:
        raise UserError(f"Basis data {path} dibuat oleh versi Bina Kader yang lebih baru (skema v{version}; "
                        f"aplikasi ini sampai v{SCHEMA_VERSION}).")
    return CheckResult(str(path), False, version)


def make_backup(location: Location, output: Path | None = None) -> Path:
    """A consistent copy of the open database file (to `output`, or a new file in backups/). It holds every NIK,
    phone number and password hash, so once accounts exist only the PJ Promkes may make one; audited."""
    auth.require("backup")
    if is_server(location):
        raise UserError("Basis data bersama dicadangkan dengan menyalinnya ke berkas: backup -o BERKAS.db.")
    path = Path(location)
    dest = output or backup.backups_dir(path) / f"manual-{backup.stamp()}.db"
    audit.record("cadangkan", "", "", detail=f"ke {dest}"[:250])  # in the copy as well as in the database
    try:
        return backup.backup_to(dest)
    except UserError:
        audit.record("cadangkan", "", "", detail=f"gagal: {dest}"[:250])
        raise


def validate_backup(source: Path) -> int:
    """The schema version of a backup file fit to be restored; UserError (nothing changed) otherwise."""
    ok, detail, version = check_file(source)
    if not ok:
        raise UserError(f"Berkas cadangan {source} tidak dapat dipakai: {detail}. Basis data tidak diubah.")
    if version > SCHEMA_VERSION:
        raise UserError(f"Berkas cadangan {source} berasal dari versi Bina Kader yang lebih baru (skema v{version}; "
                        f"aplikasi ini sampai v{SCHEMA_VERSION}). Basis data tidak diubah.")
    return version


def _has_accounts(path: Path) -> bool:
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return bool(con.execute("SELECT 1 FROM sqlite_master WHERE name = 'user'").fetchone()
                    and con.execute('SELECT 1 FROM "user" LIMIT 1').fetchone())
    finally:
        con.close()


@dataclass
class Restored:
    source: Path
    kept: Path | None  # the copy of the replaced database (backups/sebelum-pulih-*.db)


def restore(location: Location, source: Path) -> Restored:
    """Put a checked backup in place of the database (which must be open and signed into once it has accounts):
    only the PJ Promkes may; the database before is kept in backups/; the restore is audited in both. The
    database is open again afterwards (upgraded when the backup is older)."""
    if is_server(location):
        raise UserError("Basis data bersama tidak dipulihkan dari sini: minta pengelola server menyiapkan basis data "
                        "kosong, lalu `bina-kader --db BERKAS.db db copy --to postgresql://...`.")
    path = Path(location)
    existed = path.exists()
    validate_backup(source)
    who = None
    if existed:  # the database being replaced is open: its rules and its trail apply
        auth.require("restore")
        if auth.users_exist() and not _has_accounts(source):
            auth.refused("restore", f"cadangan tanpa akun {source.name}")
            raise UserError(f"Berkas cadangan {source.name} tidak memiliki akun pengguna: setelah dipulihkan siapa "
                            "pun dapat membuka semua data tanpa kata sandi. Basis data tidak diubah.")
        who = auth.current()
        audit.record("pulihkan", "", "", detail=f"diganti dengan {source}"[:250])  # stays in the kept copy
        close_db()
    try:
        kept = backup.restore(source, path)
    finally:
        open_database(path, create=True)
    auth.resume(who)
    audit.record("pulihkan", "", "", detail=f"basis data ini dipulihkan dari {source}"[:250])
    return Restored(source, kept)


def open_or_recover(location: Location, ask_restore: Callable[[DatabaseCorrupt], bool],
                    open_server: Callable[[str], None] | None = None, thorough: bool = True) -> None:
    """Open the database; when the file is damaged or missing while backups exist, offer the newest good backup
    through `ask_restore` and restore it (before anyone signs in: there is nothing else to sign in to).
    `thorough=False` checks header, schema and version only; the caller then runs `check_open_file` (the GUI does
    so right after its first paint, before the daily backup)."""
    if is_server(location):
        (open_server or open_database)(str(location))
        return
    path = Path(location)
    try:
        open_database(path, thorough=thorough)
    except DatabaseCorrupt as exc:
        if not recover(path, exc, ask_restore):
            raise


def recover(path: Path, exc: DatabaseCorrupt, ask_restore: Callable[[DatabaseCorrupt], bool]) -> bool:
    """Offer the newest good backup of a damaged file and put it in place (the damaged file is kept in
    backups/); the database is open afterwards. False when there is no backup or the user declines."""
    if exc.good_backup is None or not ask_restore(exc):
        return False
    close_db()
    validate_backup(exc.good_backup)
    backup.restore(exc.good_backup, path)
    open_database(path, create=True)
    audit.record("pulihkan", "", "", detail=f"otomatis dari {exc.good_backup.name} ({exc})"[:250])
    return True


def check_open_file(path: Path) -> DatabaseCorrupt | None:
    """PRAGMA quick_check over every page of a file opened with `thorough=False` (≈0.5 s for a kabupaten), on a
    read-only connection of its own: safe to run in a worker thread. The damage found, with the newest good
    backup, or None."""
    ok, detail, _ = check_file(path)
    return None if ok else DatabaseCorrupt(path, detail, backup.newest_good_backup(path))


def start_chores(location: Location) -> Path | None:
    """At start: today's automatic backup of a file (checked, rotated keeping a known-good one) and the trash
    emptied of records older than 30 days. Returns the backup made, if any."""
    from desktop.services.records import purge_trash

    made = None if is_server(location) else backup.daily_backup(Path(location))
    purge_trash()
    return made
