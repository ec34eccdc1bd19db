"""Copy a whole Bina Kader database between a SQLite file and a PostgreSQL server (either way), verifying the
row count of every table. The target must be new or empty; on any failure it is left as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import peewee

from desktop.models.db import DB, Location, bulk_insert, close_db, display_location, is_server, postgres_database
from desktop.models.errors import UserError

BATCH = 5000


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
            raise UserError(f"Basis data tujuan {display_location(target)} sudah berisi tabel; salin hanya ke "
                            "basis data yang masih kosong.")
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
