"""Backups of the SQLite file with SQLite's online backup API, daily rotation that always keeps a known-good copy,
and restore. Every file written here is private to its user (0600 in a 0700 folder); a failure (full disk)
leaves no temporary file behind."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from desktop.models.db import DB
from desktop.models.errors import UserError
from desktop.models.integrity import check_file, private_dir, private_file
from desktop.models.location import OFFICE_NAME

AUTO_PREFIX = "otomatis-"
DEFAULT_KEEP = 14


class BackupFailed(UserError):
    """A backup or restore copy could not be written (full disk, removed flash disk); nothing was replaced."""


def stamp(now: dt.datetime | None = None) -> str:
    """A sortable timestamp for backup file names."""
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def backups_dir(db_path: Path) -> Path:
    """The backups of this database: `backups/` beside the office database, `backups/<name>/` beside any other
    (the demo, a copy on a flash disk, a second office file in the same folder), so a database is never offered,
    rotated against or restored from another database's backups."""
    folder = db_path.parent / "backups"
    return folder if db_path.name == OFFICE_NAME else folder / db_path.stem


def _remove_partial(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _failed(dest: Path, exc: BaseException, what: str = "cadangan") -> BackupFailed:
    import errno

    if getattr(exc, "errno", None) == errno.ENOSPC or "full" in str(exc).lower():
        return BackupFailed(f"Ruang disk penuh, jadi {what} {dest.name} dibatalkan dan tidak ada berkas setengah "
                            "jadi yang tertinggal; kosongkan ruang disk lalu ulangi.")
    return BackupFailed(f"{what.capitalize()} {dest.name} tidak dapat ditulis ke {dest.parent} ({exc}); tidak ada "
                        "yang diubah.")


def backup_to(dest: Path, *, private: bool = True) -> Path:
    """Copy the bound (open) database into `dest` consistently, even while it is in WAL mode. The copy is checked
    before it takes the final name; BackupFailed (Indonesian) when it cannot be written."""
    folder = dest.parent
    if private and "backups" in folder.parts:
        if folder.name != "backups":
            private_dir(folder.parent, ours=folder.parent.name == "backups")
        private_dir(folder, ours=folder.name == "backups")
    else:
        folder.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    _remove_partial(tmp)
    try:
        target = sqlite3.connect(tmp)
        try:
            DB.connection().backup(target)
        finally:
            target.close()
        private_file(tmp)
        ok, detail, _ = check_file(tmp)
        if not ok:
            raise BackupFailed(f"Salinan cadangan tidak lolos pemeriksaan ({detail}); cadangan lama tetap disimpan.")
        tmp.replace(dest)  # a power cut never leaves a half-written file under the final name
    except BackupFailed:
        _remove_partial(tmp)
        raise
    except (OSError, sqlite3.Error) as exc:
        _remove_partial(tmp)
        raise _failed(dest, exc) from exc
    return dest


def auto_backups(db_path: Path) -> list[Path]:
    """The automatic daily backups of this database, oldest first."""
    folder = backups_dir(db_path)
    return sorted(folder.glob(f"{AUTO_PREFIX}*.db")) if folder.is_dir() else []


def daily_backup(db_path: Path, keep: int = DEFAULT_KEEP, today: dt.date | None = None) -> Path | None:
    """Make today's automatic backup unless one exists; keep only the newest `keep`, but never the last known-good
    one (a copy is checked before it counts). Returns the new file."""
    today = today or dt.date.today()
    existing = auto_backups(db_path)
    if any(p.name.startswith(f"{AUTO_PREFIX}{today:%Y%m%d}") for p in existing):
        return None
    made = backup_to(backups_dir(db_path) / f"{AUTO_PREFIX}{today:%Y%m%d}-{stamp()[9:]}.db")
    rotate(db_path, keep)
    return made


def rotate(db_path: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete automatic backups beyond the newest `keep`, except the newest one that passes the integrity check
    when none of the kept ones does. Returns what was deleted."""
    backups = auto_backups(db_path)
    kept, old = backups[-keep:], backups[:-keep]
    if not any(check_file(p)[0] for p in kept):
        good = next((p for p in reversed(old) if check_file(p)[0]), None)
        old = [p for p in old if p != good]
    for path in old:
        path.unlink()
    return old


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup beside this database that passes the integrity check."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return None
    for candidate in sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True):
        if check_file(candidate)[0]:
            return candidate
    return None


def restore(source: Path, db_path: Path) -> Path | None:
    """Replace the database at `db_path` by `source` (already validated); return the copy kept of the old one.

    The bound database must be closed first. The old file is kept as `backups/sebelum-pulih-*.db`. When a copy
    cannot be written (full disk) nothing is replaced and no temporary file stays.
    """
    kept = None
    tmp = db_path.with_name(db_path.name + ".restore-tmp")
    try:
        if db_path.exists():
            kept = private_dir(backups_dir(db_path), ours=True) / f"sebelum-pulih-{stamp()}.db"
            try:
                _sqlite_copy(db_path, kept)  # folds in what is still in the -wal file
            except sqlite3.DatabaseError:
                _remove_partial(kept)
                shutil.copy2(db_path, kept)  # a damaged file is kept byte for byte
            private_file(kept)
        _sqlite_copy(source, tmp)
        private_file(tmp)
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        tmp.replace(db_path)
    except (OSError, sqlite3.Error) as exc:
        _remove_partial(tmp)
        if kept is not None and not (kept.exists() and check_file(kept)[0]):
            _remove_partial(kept)
            kept = None
        raise _failed(db_path, exc, "pemulihan basis data") from exc
    return kept


def _sqlite_copy(source: Path, dest: Path) -> None:
    """Copy one SQLite file to another path with the backup API."""
    _remove_partial(dest)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    if os.name != "nt":
        os.chmod(dest, 0o600)
