"""Database proxy, connection set-up and the base model."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import peewee

from desktop.models.errors import EditConflict, ServerUnavailable
from desktop.models.location import (  # noqa: F401 - re-exported: callers name them through db
    CONNECTION_FILE,
    ENV_VAR,
    SERVER_SCHEMES,
    Location,
    choose_server,
    chosen_server,
    data_dir,
    default_db_path,
    demo_db_path,
    display_location,
    is_server,
    resolve_db_path,
)

if sys.modules.get("psycopg", False) is None:  # hidden by desktop/__init__.py while peewee loaded
    del sys.modules["psycopg"]

DB = peewee.DatabaseProxy()

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

    if TYPE_CHECKING:  # peewee's implicit primary key
        id = peewee.AutoField[int]()
    _pk: Any  # peewee's primary-key value of this row
    audited = True  # tables of derived or high-volume rows (answer index, drafts, the trail itself) turn this off

    def save(self, *args, **kwargs):
        with self._meta.database.atomic():  # the change and its audit entry land together or not at all
            return self._save_audited(*args, **kwargs)

    def _save_audited(self, *args, **kwargs):
        created = self._pk is None or bool(kwargs.get("force_insert"))
        expected = None if created or not isinstance(self, VersionedModel) else self.version
        audit = self.audited and AUDIT_HOOK is not None
        before = None
        if not created and (audit or expected is not None):
            before = type(self).get_or_none(type(self)._meta.primary_key == self._pk)
        if expected is not None:
            if before is None or before.version != expected:
                raise _conflict(self, before)
            self.version, self._version_guard = expected + 1, expected
            try:
                rows = super().save(*args, **kwargs)
            except BaseException:
                self.version = expected
                raise
            finally:
                self._version_guard = None
            if not rows:  # changed by someone else between our read and our write
                self.version = expected
                raise _conflict(self, type(self).get_or_none(type(self)._meta.primary_key == self._pk))
        else:
            rows = super().save(*args, **kwargs)
        if audit:
            AUDIT_HOOK("buat" if created or before is None else "ubah", self, before)
        return rows

    def delete_instance(self, *args, **kwargs):
        with self._meta.database.atomic():
            if self.audited and AUDIT_HOOK is not None:
                AUDIT_HOOK("hapus", self, self)
            return super().delete_instance(*args, **kwargs)


def _conflict(mine: BaseModel, current: BaseModel | None) -> EditConflict:
    """The conflict, with who changed what since `mine` was read (from the audit trail, when one is registered)."""
    if current is None or CONFLICT_HISTORY is None:
        return EditConflict(mine, current)
    changes, labels = CONFLICT_HISTORY(mine, mine.version)
    return EditConflict(mine, current, changes, labels)


class VersionedModel(BaseModel):
    """A table people edit from several PCs (shared mode): optimistic locking. Every save bumps `version`, and
    an update only lands on the version it was read at; otherwise EditConflict says who changed what, so no
    change is lost without the user deciding."""

    version = peewee.IntegerField(default=1, constraints=[peewee.SQL("DEFAULT 1")])  # DEFAULT for bulk inserts
    _version_guard: int | None = None

    def _pk_expr(self):
        expr = super()._pk_expr()
        return expr if self._version_guard is None else expr & (type(self).version == self._version_guard)


# set by desktop.models.audit: (action, instance, previous instance or None) -> None
AUDIT_HOOK: Callable[[str, BaseModel, BaseModel | None], None] | None = None
# set by desktop.models.audit: (instance, version read) -> ([(username, when, {field: [old, new]})], {field: label})
CONFLICT_HISTORY: Callable[[BaseModel, int], tuple[list, dict[str, str]]] | None = None


def rows(query: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a `.tuples()` query (peewee's stubs type iterating any select as model instances)."""
    return iter(query)


def dict_rows(query: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """The rows of a `.dicts()` query, typed as dicts."""
    return iter(query)


def postgres_database(url: str, password: str | None = None) -> peewee.PostgresqlDatabase:
    """An unconnected PostgreSQL database object, loading the psycopg driver on first use (see desktop/__init__)."""
    driver: Any = peewee  # the module attributes below exist only when peewee found the driver at import
    if driver.psycopg is None:
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb

        driver.psycopg, driver.TransactionStatus, driver.Json_pg3, driver.Jsonb_pg3 = psycopg, TransactionStatus, \
            Json, Jsonb
        adapter = peewee.Psycopg3Adapter  # its class body read these only when the driver was there at import
        adapter.txn_idle = TransactionStatus.IDLE
        adapter.txn_inerror = TransactionStatus.INERROR
        adapter.txn_unknown = TransactionStatus.UNKNOWN
    options: dict[str, Any] = {"connect_timeout": 10, **tls_options(url)}
    if password:
        options["password"] = password
    return _reconnecting()(url, **options)


SERVER_CERTIFICATE = "sertifikat-server.crt"  # the server's (CA) certificate, put in the data folder by the keeper


def tls_options(url: str) -> dict[str, str]:
    """Encrypted connections by default: `verify-full` against the server's certificate when this PC has it (in
    the data folder), else `require`; an sslmode written in the URL wins (the keeper's choice)."""
    from urllib.parse import parse_qs, urlsplit

    if "sslmode" in parse_qs(urlsplit(url).query):
        return {}
    certificate = data_dir() / SERVER_CERTIFICATE
    if certificate.is_file():
        return {"sslmode": "verify-full", "sslrootcert": str(certificate)}
    return {"sslmode": "require"}


_RECONNECTING: list[type] = []


def _reconnecting() -> type[peewee.PostgresqlDatabase]:
    """PostgreSQL that connects again after the server restarted or the office network dropped the connection,
    but only between transactions (inside one the error stands, so nothing half-done is retried)."""
    if not _RECONNECTING:
        from playhouse.shortcuts import ReconnectMixin

        class ReconnectingPostgres(ReconnectMixin, peewee.PostgresqlDatabase):
            reconnect_errors = (
                (peewee.OperationalError, "terminating connection"),
                (peewee.OperationalError, "the connection is closed"),
                (peewee.OperationalError, "server closed the connection"),
                (peewee.OperationalError, "consuming input failed"),
                (peewee.InterfaceError, "connection already closed"),
            )

        _RECONNECTING.append(ReconnectingPostgres)
    return _RECONNECTING[0]


def connect_server(url: str, password: str | None = None) -> peewee.PostgresqlDatabase:
    """A connected PostgreSQL database, not bound to the proxy; ServerUnavailable (in Indonesian) when the server
    cannot be reached or refuses the login."""
    database = postgres_database(url, password)
    try:
        database.connect()
    except peewee.OperationalError as exc:
        raise ServerUnavailable(display_location(url), str(exc)) from exc
    return database


def connect_postgres(url: str, password: str | None = None) -> peewee.PostgresqlDatabase:
    """Connect to a PostgreSQL database (shared mode) and bind the proxy to it."""
    database = connect_server(url, password)
    DB.initialize(database)
    return database


class _WatchedSqlite(peewee.SqliteDatabase):
    """SQLite that refuses to commit once its file was deleted or replaced under it (the writes would go to a
    file nobody can open again, and the save would seem to succeed)."""

    _identity: tuple[int, int] | None = None

    def _connect(self):
        conn = super()._connect()
        if self.database != ":memory:":
            try:
                stat = os.stat(self.database)
                self._identity = (stat.st_dev, stat.st_ino)
            except OSError:
                self._identity = None
        return conn

    def file_gone(self) -> bool:
        """Whether the file at the path is no longer the one this connection writes to."""
        if self._identity is None:
            return False
        try:
            stat = os.stat(self.database)
        except FileNotFoundError:
            return True
        return (stat.st_dev, stat.st_ino) != self._identity

    def rollback(self):
        if not self.is_closed() and not self._state.conn.in_transaction:
            return None  # SQLite already undid it (a full disk, an I/O error): nothing left to roll back
        return super().rollback()

    def commit(self):
        if self.file_gone():
            from desktop.models.errors import DatabaseMissing

            raise DatabaseMissing(Path(self.database), while_open=True)
        return super().commit()


def connect_sqlite(path: Path) -> peewee.SqliteDatabase:
    """Open (creating the folder if needed) a SQLite file and bind the proxy to it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    database = _WatchedSqlite(str(path), pragmas=SQLITE_PRAGMAS)
    database.connect()
    DB.initialize(database)
    return database


@contextmanager
def exclusive_transaction(key: int) -> Iterator[None]:
    """A transaction that holds the write lock from its first read, so what it reads is still true when it
    writes, even with another process doing the same: SQLite's BEGIN IMMEDIATE, PostgreSQL's transaction-scoped
    advisory lock on `key`. Nested in another transaction it is that transaction."""
    database = DB.obj
    if database.in_transaction():
        with DB.atomic():
            yield
        return
    if isinstance(database, peewee.PostgresqlDatabase):
        with DB.atomic():
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (key,))
            yield
        return
    with database.atomic("IMMEDIATE"):
        yield


def nocase(column: peewee.Field) -> peewee.Node:
    """A text column for case-blind sorting: SQLite's NOCASE collation (index-friendly), LOWER() elsewhere."""
    if isinstance(DB.obj, peewee.PostgresqlDatabase):
        return peewee.fn.LOWER(column)
    return column.collate("NOCASE")


def bulk_insert(table: str, columns: list[str], rows: list[tuple], database: peewee.Database | None = None) -> None:
    """Insert many rows with one prepared statement in SQLite (≈6× faster than peewee's insert_many), with COPY in
    PostgreSQL, into the bound database or `database`. When ids are given, PostgreSQL's id sequence is moved past
    them."""
    if not rows:
        return
    database = database or DB.obj
    names = ", ".join(f'"{c}"' for c in columns)
    if not isinstance(database, peewee.PostgresqlDatabase):
        marks = ", ".join(database.param for _ in columns)
        database.cursor().executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        return
    with database.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:  # ≈4× an executemany
        for row in rows:
            copy.write_row(row)
    if "id" in columns:
        database.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                             f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)')


def current_location() -> Location | None:
    """Where the bound database lives: its file, or its server URL (None when nothing is open)."""
    if DB.obj is None:
        return None
    if isinstance(DB.obj, peewee.PostgresqlDatabase):
        return DB.obj.database
    return Path(DB.obj.database)


def open_marker(path: Path) -> Path:
    """Present while the database is open: left behind by a crash or power cut. It names its owner process."""
    return path.with_name(path.name + ".terbuka")


def _marker_pid(path: Path) -> int | None:
    try:
        return int(open_marker(path).read_text().strip() or 0)
    except (OSError, ValueError):
        return None


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (on this machine)."""
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but belongs to someone else
    return True


def open_elsewhere(path: Location) -> int | None:
    """The process id of another running program that has this database file open (its marker names a live
    process). A server database is made to be shared: never."""
    if is_server(path):
        return None
    pid = _marker_pid(Path(path))
    if not pid or pid <= 0 or pid == os.getpid():
        return None
    return pid if process_alive(pid) else None


def take_open_marker(path: Path) -> bool:
    """Mark the file as open by this process, unless another live process owns the marker (a CLI command while
    the window is open leaves the window's marker alone). Returns whether this process owns it now."""
    if open_elsewhere(path):
        return False
    open_marker(path).write_text(str(os.getpid()))
    return True


def close_db() -> None:
    """Close the bound database, if any, and remove its open marker when this process owns it (a clean
    shutdown)."""
    if DB.obj is not None and not DB.is_closed():
        DB.close()
        if isinstance(DB.obj, peewee.SqliteDatabase) and DB.obj.database != ":memory:":
            path = Path(DB.obj.database)
            if _marker_pid(path) == os.getpid():
                open_marker(path).unlink(missing_ok=True)
