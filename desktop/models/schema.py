"""Schema version bookkeeping, the list of tables, and opening a database safely."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import peewee

from desktop.models import backup
from desktop.models.db import (
    DB,
    BaseModel,
    Location,
    connect_postgres,
    connect_sqlite,
    display_location,
    is_server,
    open_marker,
)
from desktop.models.errors import DatabaseCorrupt, SchemaTooNew
from desktop.models.migrations import MIGRATIONS, SCHEMA_VERSION, step
from desktop.models.migrations.m0003_supervision_tables import tables as v3_tables
from desktop.models.migrations.m0004_teams import tables as v4_tables
from desktop.models.migrations.m0005_schedule import tables as v5_tables
from desktop.models.migrations.m0006_users import tables as v6_tables
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.settings import Setting
from desktop.models.skills import seed_skills
from desktop.models.wilayah import Desa, Kabupaten, Kecamatan, Puskesmas


class SchemaVersion(BaseModel):
    """One row per schema version applied to this database."""

    audited = False

    version = peewee.IntegerField(primary_key=True)
    applied_at = peewee.DateTimeField(default=dt.datetime.now)


ALL_MODELS: list[type[BaseModel]] = [
    SchemaVersion, Setting, Kabupaten, Puskesmas, Kecamatan, Desa, Posyandu, Kader, Staff,
    *v3_tables(), *v4_tables(), *v5_tables(), *v6_tables(),
]


def current_version() -> int:
    """The highest schema version recorded in the bound database (0 when none)."""
    return SchemaVersion.select(peewee.fn.MAX(SchemaVersion.version)).scalar() or 0


def check_file(path: Path, thorough: bool = True) -> tuple[bool, str, int]:
    """Check a SQLite file without modifying it: (ok, detail, schema version).

    `thorough` runs PRAGMA quick_check over every page (≈1 s per GB); without it only the header, schema and
    version are read.
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
            version = con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            return True, "ok", version
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return False, f"bukan berkas SQLite yang sah: {exc}", 0


def _is_empty(database: peewee.Database) -> bool:
    return not database.get_tables()


def open_database(path: Location, password: str | None = None) -> peewee.Database:
    """Open the database at `path` (a SQLite file or a PostgreSQL URL): create it, or check and upgrade it; bind
    the proxy.

    Raises DatabaseCorrupt (with the newest good backup, if any), SchemaTooNew, or ServerUnavailable.
    """
    if is_server(path):
        return _open_server(str(path), password)
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        # Full page check only when the last session did not close cleanly (crash, power cut).
        ok, detail, version = check_file(path, thorough=open_marker(path).exists())
        if not ok:
            raise DatabaseCorrupt(path, detail, backup.newest_good_backup(path))
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(path, version, SCHEMA_VERSION)
    database = connect_sqlite(path)
    if _is_empty(database):
        with database.atomic():
            database.create_tables(ALL_MODELS)
            SchemaVersion.create(version=SCHEMA_VERSION)
    else:
        upgrade(path)
    seed_skills()
    open_marker(path).write_text(str(os.getpid()))
    return database


SERVER_LOCK = 7_205_501  # pg_advisory_xact_lock key: one PC at a time creates or upgrades a shared database


def _open_server(url: str, password: str | None) -> peewee.PostgresqlDatabase:
    database = connect_postgres(url, password)
    with database.atomic():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SERVER_LOCK,))
        if _is_empty(database):
            database.create_tables(ALL_MODELS)
            SchemaVersion.create(version=SCHEMA_VERSION)
    version = current_version()
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(display_location(url), version, SCHEMA_VERSION)
    upgrade(url)
    seed_skills()
    return database


def upgrade(path: Location) -> list[int]:
    """Apply pending migrations to the bound database, after a backup copy of a file (a server is backed up by
    its administrator); return the versions applied."""
    version = current_version()
    pending = sorted(v for v in MIGRATIONS if v > version)
    if not pending:
        return []
    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

    if is_server(path):
        migrator = PostgresqlMigrator(DB.obj)
    else:
        backup.backup_to(backup.backups_dir(Path(path)) / f"sebelum-upgrade-v{version}-{backup.stamp()}.db")
        migrator = SqliteMigrator(DB.obj)
    for version in pending:
        with DB.atomic():
            if is_server(path):
                DB.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SERVER_LOCK,))
                if current_version() >= version:  # another PC applied it while we waited
                    continue
            step(version)(migrator)
            SchemaVersion.create(version=version)
    return pending
