"""Copy a whole Bina Kader database between a SQLite file and a PostgreSQL server (either way), or merge an
office into a shared server, verifying the row count of every table; on any failure the target is left as it
was. Works on its own connections (never the app's bound one), so the GUI runs it in a worker thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import peewee

from desktop.models import security
from desktop.models.db import (
    SQLITE_PRAGMAS,
    BaseModel,
    Location,
    bulk_insert,
    connect_server,
    display_location,
    is_server,
)
from desktop.models.errors import UserError
from desktop.models.migrations import SCHEMA_VERSION

BATCH = 5000
Progress = Callable[[str, int], None]  # (table, rows copied so far)


class TargetNotEmpty(UserError):
    """The server database already holds data: copy refused; merging (merge_database) is the way in."""


def _connect(location: Location, password: str | None, create: bool = False) -> peewee.Database:
    """Its own connection: the app's bound database is left alone, so a copy can run in a worker thread."""
    if is_server(location):
        return connect_server(str(location), password)
    path = Path(location)
    if not create and not path.is_file():
        raise UserError(f"Basis data {path} tidak ditemukan.")
    path.parent.mkdir(parents=True, exist_ok=True)
    database = peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)
    database.connect()
    return database


def _require_current(database: peewee.Database, location: Location) -> None:
    """Both sides must be at this version's schema (opening a database with the app upgrades it)."""
    tables = database.get_tables()
    version = (database.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
               if "schema_version" in tables else 0)
    if version != SCHEMA_VERSION:
        raise UserError(f"Basis data {display_location(location)} berskema v{version}, aplikasi ini v{SCHEMA_VERSION}. "
                        "Buka sekali dengan aplikasi ini (atau `bina-kader db upgrade`), lalu ulangi.")


def _blob(value: object) -> bytes | None:
    """A BLOB read from either engine (sqlite3 gives bytes, psycopg bytes or a memoryview) as bytes."""
    if value is None or isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"not a BLOB value: {type(value).__name__}")


def _convert(field: peewee.Field) -> Callable[[object], object]:
    """Raw value read from one engine -> a value the other engine stores in the same column."""
    if isinstance(field, peewee.BlobField):
        return _blob
    if isinstance(field, peewee.ForeignKeyField):
        return lambda v: v
    return lambda v: None if v is None else field.db_value(field.python_value(v))


def _require_right(reader: peewee.Database) -> None:
    """A whole copy holds every NIK, phone and password hash: once the source has accounts, only a signed-in PJ
    Promkes may take one."""
    from desktop.services import auth

    if "user" in reader.get_tables() and reader.execute_sql('SELECT 1 FROM "user" LIMIT 1').fetchone():
        auth.require_role("backup")


def _audit(writer: peewee.Database, action: str, detail: str) -> None:
    """The copy's own audit entry, in the target's transaction (so it exists exactly when the rows do)."""
    import datetime as dt

    from desktop.models.session import SESSION

    mark = writer.param
    writer.execute_sql(f'INSERT INTO "audit_log" ("at", "username", "action", "entity", "entity_id", "changes", '
                       f'"detail") VALUES ({", ".join([mark] * 7)})',
                       (dt.datetime.now().isoformat(sep=" ") if not isinstance(writer, peewee.PostgresqlDatabase)
                        else dt.datetime.now(), SESSION.username, action, "", "", "{}", detail[:250]))


def _models_in_order() -> list[type[BaseModel]]:
    """Every table's model, each after the tables its foreign keys point to."""
    from desktop.models.schema import ALL_MODELS

    # peewee defines and exports sort_models (create_tables uses it); its bundled stubs leave it out
    return peewee.sort_models(ALL_MODELS)  # type: ignore[attr-defined]


def _count(database: peewee.Database, table: str) -> int:
    return database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


def copy_database(source: Location, target: Location, source_password: str | None = None,
                  target_password: str | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Copy every table of `source` into the empty `target`; returns {table: rows}. Raises UserError
    (TargetNotEmpty when the server already holds data: merge_database is the way in)."""
    if str(source) == str(target):
        raise UserError("Basis data asal dan tujuan sama.")
    new_file = not is_server(target)
    if new_file and Path(target).exists() and Path(target).stat().st_size > 0:
        raise UserError(f"Berkas tujuan {target} sudah ada; pilih nama berkas baru.")
    reader = _connect(source, source_password)
    try:
        _require_current(reader, source)
        _require_right(reader)
        writer = _connect(target, target_password, create=True)
        try:
            if writer.get_tables():
                raise TargetNotEmpty(f"Basis data tujuan {display_location(target)} sudah berisi data. Salin hanya "
                                     "ke basis data kosong, atau gabungkan puskesmas ini ke dalamnya "
                                     "(db copy --gabung).")
            counts = _copy(reader, writer, progress)
            if not new_file:  # statistics before the first user reads: autovacuum gets there only later
                writer.execute_sql("ANALYZE")
        finally:
            writer.close()
        if new_file:  # a whole copy holds every NIK: readable by its user only
            from desktop.models.integrity import private_file

            private_file(Path(target))
        return counts
    except BaseException:
        if new_file:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        reader.close()


def _copy(reader: peewee.Database, writer: peewee.Database, progress: Progress | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    ordered = _models_in_order()
    with writer.atomic(), reader.atomic():  # the reader sees one moment of the source, even while people work
        for model in ordered:
            peewee.SchemaManager(model, writer).create_all()
        security.install(writer)  # on a server: policies, and triggers that fill puskesmas_id as rows arrive
        for model in ordered:
            table = model._meta.table_name
            fields = model._meta.sorted_fields
            columns = [f.column_name for f in fields]
            convert = [_convert(f) for f in fields]
            names = ", ".join(f'"{c}"' for c in columns)
            cursor = reader.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY 1')
            copied = 0
            while batch := cursor.fetchmany(BATCH):
                bulk_insert(table, columns, [tuple(c(v) for c, v in zip(convert, row, strict=True)) for row in batch],
                            writer)
                copied += len(batch)
                if progress:
                    progress(table, copied)
            counts[table] = copied
        for table, expected in counts.items():  # verify before committing
            found, source_now = _count(writer, table), _count(reader, table)
            if not found == expected == source_now:
                raise UserError(f"Penyalinan tabel {table} tidak lengkap ({found} dari {source_now} baris); "
                                "tujuan tidak diubah.")
        _audit(writer, "salin", f"seluruh basis data disalin ke sini ({sum(counts.values())} baris)")
        if security.is_postgres(writer):
            security.fill(writer)  # the trail and drafts belong to their accounts' puskesmas
    return counts


# --- merging an office into a shared database that already holds other puskesmas ------------------------------

SKIPPED = {"schema_version", "setting", "server_login"}  # the server keeps its own version, settings and logins
NATURAL_KEYS = {"kabupaten": ("name", "is_kota"), "kecamatan": ("kabupaten_id", "name"), "skill": ("code",)}
# PICKER_TYPES -> the table their ids point into
ID_FIELDS = {"posyandu": "posyandu", "kader": "kader", "kaders": "kader", "supervisor": "staff",
             "findings": "follow_up"}


def merge_database(source: Location, target: str, source_password: str | None = None,
                   target_password: str | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Add an office's whole database to a shared server that already holds other puskesmas: every row gets a
    new id after the server's, and every reference to it (foreign keys, the ids inside instrument answers, the
    audit trail) follows. Kabupaten, kecamatan and skills already on the server are matched by name/code. A
    puskesmas, account name or NIK already on the server stops the merge before anything is written; row
    counts are checked before the commit. Returns {table: rows added}."""
    if not is_server(target):
        raise UserError("Penggabungan hanya ke basis data bersama (postgresql://...).")
    reader = _connect(source, source_password)
    try:
        _require_current(reader, source)
        _require_right(reader)
        writer = _connect(target, target_password)
        try:
            if not writer.get_tables():  # an empty server: this office is simply copied in
                return _copy(reader, writer, progress)
            _require_current(writer, target)
            return _merge(reader, writer, progress)
        finally:
            writer.close()
    finally:
        reader.close()


def _merge(reader: peewee.Database, writer: peewee.Database, progress: Progress | None) -> dict[str, int]:
    import json

    from desktop.instruments.answers import map_picked_ids
    from desktop.instruments.loader import load_instrument
    models = _models_in_order()
    ids: dict[str, dict[int, int] | int] = {}  # table -> old id -> new id (matched tables) or an id offset

    def moved(table: str, old: int) -> int:
        """The id a row of `table` gets on the server (unchanged while that table is not merged yet)."""
        mapping = ids.get(table)
        if mapping is None:
            return old
        return mapping.get(old, old) if isinstance(mapping, dict) else old + mapping

    def new_id(table: str, old: int | None) -> int | None:
        return None if old is None else moved(table, old)

    def remap_answers(instrument: str, text: str | None) -> str | None:
        if not text:
            return text
        try:
            definition = load_instrument(instrument)
        except Exception:  # noqa: BLE001 - an unknown definition: its answers are copied as they are
            return text
        answers = map_picked_ids(definition, json.loads(text), lambda kind, old: moved(ID_FIELDS[kind], old))
        return json.dumps(answers, ensure_ascii=False, sort_keys=True)

    added: dict[str, int] = {}
    with writer.atomic(), reader.atomic():
        before = {m._meta.table_name: _count(writer, m._meta.table_name) for m in models}
        for model in models:  # offsets up front: a record's answers name follow-ups merged after it
            table = model._meta.table_name
            if table not in SKIPPED and table not in NATURAL_KEYS:
                ids[table] = writer.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
        for model in models:
            table = model._meta.table_name
            if table in SKIPPED:
                continue
            fields = model._meta.sorted_fields
            columns = [f.column_name for f in fields]
            names = ", ".join(f'"{c}"' for c in columns)
            rows = [list(r) for r in reader.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY 1').fetchall()]
            for row in rows:  # references first: the tables they point to are already merged
                for i, field in enumerate(fields):
                    if isinstance(field, peewee.ForeignKeyField):
                        row[i] = new_id(field.rel_model._meta.table_name, row[i])
            pk = columns.index("id")
            if table in NATURAL_KEYS:
                key_at = [columns.index(c) for c in NATURAL_KEYS[table]]

                def natural(values: list, key_at: list[int] = key_at, fields: list = fields) -> tuple:
                    """The same key from either engine (0/1 or false/true, any letter case)."""
                    return tuple(str(fields[i].python_value(values[n])).lower() for n, i in enumerate(key_at))

                key_sql = ", ".join(f'"{c}"' for c in NATURAL_KEYS[table])
                here = {natural(key): i for i, *key in writer.execute_sql(f'SELECT id, {key_sql} FROM "{table}"')}
                offset = writer.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
                mapping, fresh = {}, []
                for row in rows:
                    key = natural([row[i] for i in key_at])
                    if key in here:
                        mapping[row[pk]] = here[key]
                    else:
                        mapping[row[pk]] = row[pk] + offset
                        fresh.append(row)
                ids[table], rows = mapping, fresh
            for row in rows:
                row[pk] = new_id(table, row[pk])
            _refuse_clashes(writer, table, columns, rows)
            if table in ("instrument_record", "instrument_draft"):
                at, inst = columns.index("answers"), columns.index("instrument")
                for row in rows:
                    row[at] = remap_answers(row[inst], row[at])
            if table == "follow_up":  # an RTL item lists the findings its session answered
                at = columns.index("answers")
                for row in rows:
                    row[at] = json.dumps([new_id("follow_up", i) for i in json.loads(row[at] or "[]")])
            if table == "audit_log":
                at, entity = columns.index("entity_id"), columns.index("entity")
                for row in rows:
                    if str(row[at]).isdigit() and row[entity] in ids:
                        row[at] = str(new_id(row[entity], int(row[at])))
            convert = [_convert(f) for f in fields]
            for start in range(0, len(rows), BATCH):
                bulk_insert(table, columns, [tuple(c(v) for c, v in zip(convert, row, strict=True))
                                             for row in rows[start:start + BATCH]], writer)
            added[table] = len(rows)
            if progress:
                progress(table, len(rows))
        for model in models:  # verify before committing
            table = model._meta.table_name
            if table in SKIPPED:
                continue
            found = _count(writer, table)
            if found != before[table] + added[table]:
                raise UserError(f"Penggabungan tabel {table} tidak lengkap ({found} baris, seharusnya "
                                f"{before[table] + added[table]}); server tidak diubah.")
        _audit(writer, "gabung", f"satu puskesmas digabungkan ke sini ({sum(added.values())} baris)")
        security.fill(writer)  # the trail and drafts of the office's accounts belong to its puskesmas
        from desktop.services.server import give_logins

        merged = [moved("puskesmas", pid) for (pid,) in reader.execute_sql('SELECT id FROM "puskesmas"')]
        result = MergeResult(added)
        result.logins = give_logins(writer, merged)  # one login per puskesmas: the newcomer gets its own
    return result


class MergeResult(dict):
    """{table: rows added}; `logins` {puskesmas name: (login, password)} made for the merged puskesmas."""

    logins: dict[str, tuple[str, str]] = {}


def _refuse_clashes(writer: peewee.Database, table: str, columns: list[str], rows: list[list]) -> None:
    """What may exist only once stops the merge, naming the first clashes."""
    checks = {"puskesmas": ("name", "Puskesmas {} sudah ada di server"),
              "user": ("username", "Nama pengguna {} sudah dipakai di server"),
              "kader": ("nik", "NIK {} sudah tercatat di server")}
    if table not in checks or not rows:
        return
    column, message = checks[table]
    at = columns.index(column)
    values = {str(row[at]).lower(): row[at] for row in rows if row[at]}
    existing = {str(v).lower() for (v,) in writer.execute_sql(f'SELECT "{column}" FROM "{table}"')}
    clashes = sorted(values[v] for v in values.keys() & existing)
    if clashes:
        from desktop.models.nik import mask_nik

        shown = [mask_nik(c) if table == "kader" else c for c in clashes[:3]]
        more = f" (dan {len(clashes) - 3} lainnya)" if len(clashes) > 3 else ""
        raise UserError(message.format(", ".join(shown)) + more + "; tidak ada yang digabungkan.")
