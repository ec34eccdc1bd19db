"""Copy a whole Bina Kader database between a SQLite file and a PostgreSQL server (either way), verifying the
row count of every table. The target must be new or empty; on any failure it is left as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import peewee

from desktop.models.db import DB, Location, bulk_insert, close_db, display_location, is_server, postgres_database
from desktop.models.errors import UserError

BATCH = 5000


class TargetNotEmpty(UserError):
    """The server database already holds data: copy refused; merging (merge_database) is the way in."""


def _plain_database(location: Location, password: str | None) -> peewee.Database:
    """An unbound connection for reading (the models stay bound to the target)."""
    if is_server(location):
        return postgres_database(str(location), password)
    return peewee.SqliteDatabase(str(location))


def _convert(field: peewee.Field) -> Callable[[object], object]:
    """Raw value read from one engine -> a value the other engine stores in the same column."""
    if isinstance(field, peewee.BlobField):
        return lambda v: None if v is None else bytes(v)
    if isinstance(field, peewee.ForeignKeyField):
        return lambda v: v
    return lambda v: None if v is None else field.db_value(field.python_value(v))


def copy_database(source: Location, target: Location, source_password: str | None = None,
                  target_password: str | None = None, progress: Callable[[str, int], None] | None = None
                  ) -> dict[str, int]:
    """Copy every table of `source` into the empty `target`; returns {table: rows}. Raises UserError."""
    from desktop.models.schema import ALL_MODELS, open_database

    if str(source) == str(target):
        raise UserError("Basis data asal dan tujuan sama.")
    if not is_server(target) and Path(target).exists() and Path(target).stat().st_size > 0:
        raise UserError(f"Berkas tujuan {target} sudah ada; pilih nama berkas baru.")
    open_database(source, source_password)  # checks it and brings it to this version's schema
    close_db()
    reader = _plain_database(source, source_password)
    created_file = not is_server(target)
    try:
        counts = _copy_into(reader, ALL_MODELS, target, target_password, progress)
    except BaseException:
        close_db()
        if created_file:
            for suffix in ("", "-wal", "-shm", ".terbuka"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        reader.close()
    close_db()
    return counts


def _copy_into(reader: peewee.Database, models: list, target: Location, target_password: str | None,
               progress: Callable[[str, int], None] | None) -> dict[str, int]:
    from desktop.models.db import connect_postgres, connect_sqlite
    from desktop.models.errors import ServerUnavailable

    if is_server(target):
        try:
            database = connect_postgres(str(target), target_password)
        except peewee.OperationalError as exc:
            raise ServerUnavailable(display_location(target), str(exc)) from exc
        if database.get_tables():
            raise TargetNotEmpty(f"Basis data tujuan {display_location(target)} sudah berisi data. Salin hanya ke "
                                 "basis data kosong, atau gabungkan puskesmas ini ke dalamnya (db copy --gabung).")
    else:
        connect_sqlite(Path(target))
    counts: dict[str, int] = {}
    ordered = peewee.sort_models(models)
    with DB.atomic():
        DB.create_tables(ordered)
        for model in ordered:
            table = model._meta.table_name
            fields = model._meta.sorted_fields
            columns = [f.column_name for f in fields]
            convert = [_convert(f) for f in fields]
            names = ", ".join(f'"{c}"' for c in columns)
            cursor = reader.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY 1')
            copied = 0
            while batch := cursor.fetchmany(BATCH):
                bulk_insert(table, columns, [tuple(c(v) for c, v in zip(convert, row, strict=True)) for row in batch])
                copied += len(batch)
                if progress:
                    progress(table, copied)
            counts[table] = copied
        for table, expected in counts.items():  # verify before committing
            found = DB.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            source_now = reader.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            if not found == expected == source_now:
                raise UserError(f"Penyalinan tabel {table} tidak lengkap ({found} dari {source_now} baris); "
                                "tujuan tidak diubah.")
    return counts


# --- merging an office into a shared database that already holds other puskesmas ------------------------------

SKIPPED = {"schema_version", "setting"}  # the server keeps its own version and settings
NATURAL_KEYS = {"kabupaten": ("name", "is_kota"), "kecamatan": ("kabupaten_id", "name"), "skill": ("code",)}
ID_FIELDS = {"posyandu": "posyandu", "kader": "kader", "kaders": "kader", "supervisor": "staff", "desa": "desa"}


def merge_database(source: Location, target: str, source_password: str | None = None,
                   target_password: str | None = None) -> dict[str, int]:
    """Add an office's whole database to a shared server that already holds other puskesmas: every row gets a
    new id after the server's, and every reference to it (foreign keys, the ids inside instrument answers, the
    audit trail) follows. Kabupaten, kecamatan and skills already on the server are matched by name/code. A
    puskesmas, account name or NIK already on the server stops the merge before anything is written; row
    counts are checked before the commit. Returns {table: rows added}."""
    from desktop.models.schema import ALL_MODELS, open_database

    if not is_server(target):
        raise UserError("Penggabungan hanya ke basis data bersama (postgresql://...).")
    open_database(source, source_password)
    close_db()
    reader = _plain_database(source, source_password)
    try:
        open_database(target, target_password)  # the server at this version's schema (created when empty)
        return _merge(reader, peewee.sort_models(ALL_MODELS))
    finally:
        reader.close()
        close_db()


def _merge(reader: peewee.Database, models: list) -> dict[str, int]:
    import json

    from desktop.instruments.loader import load_instrument

    ids: dict[str, dict[int, int] | int] = {}  # table -> old id -> new id (matched tables) or an id offset

    def new_id(table: str, old: object) -> object:
        if old is None or table not in ids:
            return old
        mapping = ids[table]
        return mapping.get(old, old) if isinstance(mapping, dict) else old + mapping

    def remap_answers(instrument: str, text: str | None) -> str | None:
        if not text:
            return text
        answers = json.loads(text)
        try:
            header = load_instrument(instrument).header
        except Exception:  # noqa: BLE001 - an unknown definition: its answers are copied as they are
            return text
        for field in header:
            table = ID_FIELDS.get(field.type)
            value = answers.get(field.key)
            if table and isinstance(value, list):
                answers[field.key] = [new_id(table, v) for v in value]
            elif table and isinstance(value, int):
                answers[field.key] = new_id(table, value)
        return json.dumps(answers, ensure_ascii=False, sort_keys=True)

    added: dict[str, int] = {}
    with DB.atomic():
        before = {m._meta.table_name: m.select().count() for m in models}
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
                here = {natural(key): i for i, *key in DB.execute_sql(f'SELECT id, {key_sql} FROM "{table}"')}
                offset = DB.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
                mapping, fresh = {}, []
                for row in rows:
                    key = natural([row[i] for i in key_at])
                    if key in here:
                        mapping[row[pk]] = here[key]
                    else:
                        mapping[row[pk]] = row[pk] + offset
                        fresh.append(row)
                ids[table], rows = mapping, fresh
            else:
                ids[table] = DB.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
            for row in rows:
                row[pk] = new_id(table, row[pk])
            _refuse_clashes(table, columns, rows)
            if table in ("instrument_record", "instrument_draft"):
                at, inst = columns.index("answers"), columns.index("instrument")
                for row in rows:
                    row[at] = remap_answers(row[inst], row[at])
            if table == "audit_log":
                at, entity = columns.index("entity_id"), columns.index("entity")
                for row in rows:
                    if str(row[at]).isdigit() and row[entity] in ids:
                        row[at] = str(new_id(row[entity], int(row[at])))
            convert = [_convert(f) for f in fields]
            for start in range(0, len(rows), BATCH):
                bulk_insert(table, columns, [tuple(c(v) for c, v in zip(convert, row, strict=True))
                                             for row in rows[start:start + BATCH]])
            added[table] = len(rows)
        for model in models:  # verify before committing
            table = model._meta.table_name
            if table in SKIPPED:
                continue
            found = model.select().count()
            if found != before[table] + added[table]:
                raise UserError(f"Penggabungan tabel {table} tidak lengkap ({found} baris, seharusnya "
                                f"{before[table] + added[table]}); server tidak diubah.")
    return added


def _refuse_clashes(table: str, columns: list[str], rows: list[list]) -> None:
    """What may exist only once stops the merge, naming the first clashes."""
    checks = {"puskesmas": ("name", "Puskesmas {} sudah ada di server"),
              "user": ("username", "Nama pengguna {} sudah dipakai di server"),
              "kader": ("nik", "NIK {} sudah tercatat di server")}
    if table not in checks or not rows:
        return
    column, message = checks[table]
    at = columns.index(column)
    values = {str(row[at]).lower(): row[at] for row in rows if row[at]}
    existing = {str(v).lower() for (v,) in DB.execute_sql(f'SELECT "{column}" FROM "{table}"')}
    clashes = sorted(values[v] for v in values.keys() & existing)
    if clashes:
        from desktop.models.nik import mask_nik

        shown = [mask_nik(c) if table == "kader" else c for c in clashes[:3]]
        more = f" (dan {len(clashes) - 3} lainnya)" if len(clashes) > 3 else ""
        raise UserError(message.format(", ".join(shown)) + more + "; tidak ada yang digabungkan.")
