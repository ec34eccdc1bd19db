"""Schema version bookkeeping, the list of tables, and opening a database safely."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee

from desktop.models import audit, backup, security
from desktop.models.db import (
    DB,
    BaseModel,
    Location,
    connect_postgres,
    connect_sqlite,
    data_dir,
    display_location,
    is_server,
    rows,
    take_open_marker,
)
from desktop.models.errors import DatabaseCorrupt, DatabaseMissing, SchemaTooNew, UserError
from desktop.models.integrity import check_file, private_dir, private_file
from desktop.models.migrations import MIGRATIONS, SCHEMA_VERSION, step
from desktop.models.migrations.m0003_supervision_tables import tables as v3_tables
from desktop.models.migrations.m0004_teams import tables as v4_tables
from desktop.models.migrations.m0005_schedule import tables as v5_tables
from desktop.models.migrations.m0006_users import tables as v6_tables
from desktop.models.migrations.m0011_cycle import tables as v11_tables
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.security import ServerLogin
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
    *v3_tables(), *v4_tables(), *v5_tables(), *v6_tables(), ServerLogin, *v11_tables(),
]


def current_version() -> int:
    """The highest schema version recorded in the bound database (0 when none)."""
    return SchemaVersion.select(peewee.fn.MAX(SchemaVersion.version)).scalar() or 0


def _is_empty(database: peewee.Database) -> bool:
    return not database.get_tables()


def open_database(path: Location, password: str | None = None, create: bool | None = None,
                  thorough: bool = True) -> peewee.Database:
    """Open the database at `path` (a SQLite file or a PostgreSQL URL): create it, or check and upgrade it; bind
    the proxy.

    A missing file is created, unless `create` is False or backups of it exist (DatabaseMissing: the newest good
    backup is offered). Raises DatabaseCorrupt (with the newest good backup, if any), SchemaTooNew, or
    ServerUnavailable. `thorough=False` leaves PRAGMA quick_check to the caller (the GUI runs it right after the
    first paint, before the daily backup: `services.maintenance.check_open_file`).
    """
    audit.install()
    if is_server(path):
        return _open_server(str(path), password)
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        # PRAGMA quick_check on every start: a page damaged after a clean shutdown is found before it is used (and
        # before it is copied into the daily backups)
        ok, detail, version = check_file(path, thorough)
        if not ok:
            raise DatabaseCorrupt(path, detail, backup.newest_good_backup(path))
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(path, version, SCHEMA_VERSION)
    elif not path.exists() and create is False:
        raise DatabaseMissing(path, backup.newest_good_backup(path))
    elif not path.exists() and create is None and (good := backup.newest_good_backup(path)) is not None:
        raise DatabaseMissing(path, good)  # gone while backups exist: say so, never start empty silently
    private_dir(path.parent, ours=path.parent == data_dir())
    database = connect_sqlite(path)
    if _is_empty(database):
        with database.atomic():
            database.create_tables(ALL_MODELS)
            SchemaVersion.create(version=SCHEMA_VERSION)
    else:
        upgrade(path)
    seed_skills()
    private_file(path)
    take_open_marker(path)
    _table_statistics(database)
    return database


def _table_statistics(database: peewee.Database) -> None:
    """Keep SQLite's table statistics in step with the data: a sampled ANALYZE of every table that holds rows but
    has no statistics, or has grown to more than twice what they say (so a few times over an office's life; ≈0.2 s
    for a kabupaten). Without them the planner took the index on `deleted_at` — NULL on nearly every record — for
    one kabupaten's records and read the whole table: the Rekap Kabupaten grew with the number of kabupaten in the
    file (bench --growth). A file analysed while empty (every new database) would otherwise never get them."""
    try:
        known: dict[str, int] = {}
        if database.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            for table, stat in rows(database.execute_sql("SELECT tbl, stat FROM sqlite_stat1")):
                known[table] = max(known.get(table, 0), int(str(stat).split()[0]))
        stale = []
        for table in database.get_tables():
            size = database.execute_sql(f'SELECT MAX(rowid) FROM "{table}"').fetchone()[0] or 0  # O(log n)
            if size >= STATISTICS_MIN_ROWS and size > 2 * known.get(table, 0):
                stale.append(table)
        if stale:
            database.execute_sql("PRAGMA analysis_limit = 1000")
            for table in stale:
                database.execute_sql(f'ANALYZE "{table}"')
    except peewee.OperationalError:  # busy or read-only: the statistics wait for the next opening
        pass


STATISTICS_MIN_ROWS = 200  # below this a full scan costs nothing and the planner's defaults do


SERVER_LOCK = 7_205_501  # pg_advisory_xact_lock key: one PC at a time creates or upgrades a shared database


def _open_server(url: str, password: str | None) -> peewee.PostgresqlDatabase:
    database = connect_postgres(url, password)
    with database.atomic():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SERVER_LOCK,))
        if _is_empty(database):
            database.create_tables(ALL_MODELS)
            security.install(database)
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
            try:
                step(version)(migrator)
                # inside the try: a step that only changes rows runs under a puskesmas login too (on its own rows),
                # and stamping the version is where that login is refused — the whole step is rolled back
                SchemaVersion.create(version=version)
            except peewee.ProgrammingError as exc:
                if is_server(path) and ("owner" in str(exc) or "permission denied" in str(exc)):
                    raise UserError(f"Basis data bersama perlu diperbarui ke skema v{version}, dan hanya login "
                                    "pemilik (pengelola server) yang boleh mengubah tabelnya. Minta pengelola "
                                    "server menjalankan: bina-kader --db postgresql://PEMILIK@SERVER/BASISDATA db "
                                    "upgrade") from exc
                raise
    if is_server(path) and security.logins_prepared(DB.obj):
        with DB.atomic():
            security.grant(DB.obj)  # tables a migration added get the logins' rights too
    return pending
