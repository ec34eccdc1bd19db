"""Database proxy, connection set-up and the base model."""

from __future__ import annotations

import os
from pathlib import Path

import peewee
from platformdirs import user_data_dir

DB = peewee.DatabaseProxy()

ENV_VAR = "BINA_KADER_DB"
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",  # a saved record survives a power cut, not only a crashed program
    "busy_timeout": 5000,
}


class BaseModel(peewee.Model):
    """Base of every table: bound to the one database proxy. Saves and deletes of audited tables are written to
    the audit trail (desktop.models.audit) with the fields that changed, old -> new."""

    class Meta:
        database = DB
        legacy_table_names = False

    audited = True  # tables of derived or high-volume rows (answer index, drafts, the trail itself) turn this off

    def save(self, *args, **kwargs):
        if not self.audited or AUDIT_HOOK is None:
            return super().save(*args, **kwargs)
        created = self._pk is None or kwargs.get("force_insert")
        before = None if created else type(self).get_or_none(type(self)._meta.primary_key == self._pk)
        result = super().save(*args, **kwargs)
        AUDIT_HOOK("buat" if created or before is None else "ubah", self, before)
        return result

    def delete_instance(self, *args, **kwargs):
        if self.audited and AUDIT_HOOK is not None:
            AUDIT_HOOK("hapus", self, self)
        return super().delete_instance(*args, **kwargs)


AUDIT_HOOK = None  # set by desktop.models.audit: (action, instance, previous instance or None) -> None


def data_dir() -> Path:
    """The per-user folder where Bina Kader keeps its databases."""
    return Path(user_data_dir("BinaKader", appauthor=False))


def default_db_path() -> Path:
    """The office database used when neither --db nor BINA_KADER_DB is given."""
    return data_dir() / "bina-kader.db"


def demo_db_path() -> Path:
    """The demo database opened by `--demo`."""
    return data_dir() / "demo.db"


def resolve_db_path(cli_value: str | None) -> Path:
    """Pick the database file: --db, then BINA_KADER_DB, then the default."""
    value = cli_value or os.environ.get(ENV_VAR)
    return Path(value).expanduser() if value else default_db_path()


def connect_sqlite(path: Path) -> peewee.SqliteDatabase:
    """Open (creating the folder if needed) a SQLite file and bind the proxy to it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    database = peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)
    database.connect()
    DB.initialize(database)
    return database


def open_marker(path: Path) -> Path:
    """Present while the database is open: left behind by a crash or power cut, it asks for a full check."""
    return path.with_name(path.name + ".terbuka")


def open_elsewhere(path: Path) -> int | None:
    """The process id of another running program that has this database open (its marker names a live process)."""
    import os

    try:
        pid = int(open_marker(path).read_text().strip() or 0)
    except (OSError, ValueError):
        return None
    if pid <= 0 or pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return None
    except (PermissionError, OSError):
        return pid  # exists but belongs to someone else
    return pid


def close_db() -> None:
    """Close the bound database, if any, and remove its open marker (a clean shutdown)."""
    if DB.obj is not None and not DB.is_closed():
        DB.close()
        if isinstance(DB.obj, peewee.SqliteDatabase) and DB.obj.database != ":memory:":
            open_marker(Path(DB.obj.database)).unlink(missing_ok=True)
