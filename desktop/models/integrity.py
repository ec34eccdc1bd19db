"""Checking a SQLite file without changing it, and keeping data files private to their user. Shared by opening
(`schema`) and backups (`backup`), which therefore need not import each other."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

PRIVATE_FILE = 0o600  # databases, backups and `sebelum-pulih` copies: readable by their user only
PRIVATE_DIR = 0o700


def check_file(path: Path, thorough: bool = True) -> tuple[bool, str, int]:
    """Check a SQLite file without modifying it: (ok, detail, schema version).

    `thorough` runs PRAGMA quick_check over every page (≈1 s per GB); without it only the header, schema and
    version are read. A file whose `schema_version` table is empty is not usable (its version is unknown).
    """
    if not path.is_file():
        return False, "berkas tidak ditemukan", 0
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA quick_check" if thorough else "PRAGMA schema_version").fetchone()[0]
            if thorough and result != "ok":
                return False, f"pemeriksaan integritas gagal: {result}", 0
            has_table = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'"
            ).fetchone()
            if not has_table:
                return False, "bukan basis data Bina Kader", 0
            version = con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            if not version:
                return False, "tabel versi skema (schema_version) kosong, versinya tidak diketahui", 0
            return True, "ok", version
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if any(word in str(exc).lower() for word in ("locked", "busy")):
            raise  # in use by another program: not damage (explained as a locked database)
        return False, f"bukan berkas SQLite yang sah: {exc}", 0
    except sqlite3.DatabaseError as exc:
        return False, f"bukan berkas SQLite yang sah: {exc}", 0


def private_dir(folder: Path, *, ours: bool = False) -> Path:
    """Create `folder` if needed and make it the user's own (0700) when we created it or it is the app's own
    (`ours`: the data folder, a backups folder). A folder the user chose and that already existed (their Documents,
    a USB stick, /tmp) keeps its mode: the files inside are still 0600. On Windows the folders live in the user
    profile, whose ACL already keeps other accounts out; chmod there only sets read-only flags, so it is skipped."""
    new = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if os.name != "nt" and (new or ours):
        os.chmod(folder, PRIVATE_DIR)
    return folder


def private_file(path: Path) -> Path:
    """Make a data file (and its -wal/-shm companions, when present) readable by its user only (0600)."""
    if os.name != "nt":
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if candidate.exists():
                os.chmod(candidate, PRIVATE_FILE)
    return path
