"""Backups of the SQLite file with SQLite's online backup API, daily rotation and restore."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from desktop.models.db import DB

AUTO_PREFIX = "otomatis-"
DEFAULT_KEEP = 14


def stamp(now: dt.datetime | None = None) -> str:
    """A sortable timestamp for backup file names."""
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def backups_dir(db_path: Path) -> Path:
    """The `backups/` folder beside the database file."""
    return db_path.parent / "backups"


def backup_to(dest: Path) -> Path:
    """Copy the bound (open) database into `dest` consistently, even while it is in WAL mode."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(tmp)
    try:
        DB.connection().backup(target)
    finally:
        target.close()
    tmp.replace(dest)  # a power cut never leaves a half-written file under the final name
    return dest


def auto_backups(db_path: Path) -> list[Path]:
    """The automatic daily backups of this database, oldest first."""
    folder = backups_dir(db_path)
    return sorted(folder.glob(f"{AUTO_PREFIX}*.db")) if folder.is_dir() else []


def daily_backup(db_path: Path, keep: int = DEFAULT_KEEP, today: dt.date | None = None) -> Path | None:
    """Make today's automatic backup unless one exists; keep only the newest `keep`. Returns the new file."""
    today = today or dt.date.today()
    existing = auto_backups(db_path)
    if any(p.name.startswith(f"{AUTO_PREFIX}{today:%Y%m%d}") for p in existing):
        return None
    made = backup_to(backups_dir(db_path) / f"{AUTO_PREFIX}{today:%Y%m%d}-{stamp()[9:]}.db")
    for old in auto_backups(db_path)[:-keep]:
        old.unlink()
    return made


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup beside this database that passes the integrity check."""
    from desktop.models.schema import check_file

    folder = backups_dir(db_path)
    if not folder.is_dir():
        return None
    for candidate in sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True):
        if check_file(candidate)[0]:
            return candidate
    return None


def restore(source: Path, db_path: Path) -> Path | None:
    """Replace the database at `db_path` by `source` (already validated); return the copy kept of the old one.

    The bound database must be closed first. The old file is kept as `backups/sebelum-pulih-*.db`.
    """
    kept = None
    if db_path.exists():
        kept = backups_dir(db_path) / f"sebelum-pulih-{stamp()}.db"
        kept.parent.mkdir(parents=True, exist_ok=True)
        try:
            _sqlite_copy(db_path, kept)  # folds in what is still in the -wal file
        except sqlite3.DatabaseError:
            shutil.copy2(db_path, kept)  # a damaged file is kept byte for byte
    tmp = db_path.with_name(db_path.name + ".restore-tmp")
    _sqlite_copy(source, tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    tmp.replace(db_path)
    return kept


def _sqlite_copy(source: Path, dest: Path) -> None:
    """Copy one SQLite file to another path with the backup API."""
    dest.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
