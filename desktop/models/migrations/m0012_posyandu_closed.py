"""v12: a posyandu carries the day it was deactivated, so reports of periods before it still count the posyandu
(with its kader) and later periods do not. Posyandu already inactive take the day of their deactivation from the
audit trail (the newest change that set them inactive); without such an entry it stays empty: inactive since an
unknown day, i.e. counted in no period (as inactive kader were in v8). Like steps 10 and 11, the step may run again
on a database that has the column (it is then added only where missing)."""

import datetime as dt
import json

import peewee
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator
from playhouse.migrate import migrate as run


def _day(value: object) -> dt.date | None:
    """The date part of an audit timestamp (a datetime on PostgreSQL, ISO text on SQLite)."""
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def migrate(migrator: SchemaMigrator) -> None:
    """Add posyandu.inactive_since; fill it for inactive posyandu from the audit trail."""
    database, param = migrator.database, migrator.database.param
    if isinstance(migrator, PostgresqlMigrator):  # only the owner may (a puskesmas login gets "must be owner")
        database.execute_sql('ALTER TABLE "posyandu" ADD COLUMN IF NOT EXISTS "inactive_since" DATE')
    elif "inactive_since" not in {c.name for c in database.get_columns("posyandu")}:
        run(migrator.add_column("posyandu", "inactive_since", peewee.DateField(null=True)))
    closed = {pid for (pid,) in database.execute_sql('SELECT "id" FROM "posyandu" WHERE NOT "active" '
                                                     'AND "inactive_since" IS NULL').fetchall()}
    if not closed:
        return
    found: dict[int, dt.date] = {}
    entries = database.execute_sql('SELECT "entity_id", "at", "changes" FROM "audit_log" '
                                   "WHERE \"entity\" = 'posyandu' ORDER BY \"at\", \"id\"").fetchall()
    for entity_id, at, changes in entries:
        try:
            active = json.loads(changes or "{}").get("active")
            pid = int(entity_id)
        except (ValueError, AttributeError):
            continue
        day = _day(at)
        if pid in closed and isinstance(active, list) and len(active) == 2 and active[1] in (False, 0) and day:
            found[pid] = day  # the newest deactivation wins (entries come oldest first)
    for pid, day in found.items():
        database.execute_sql(f'UPDATE "posyandu" SET "inactive_since" = {param} WHERE "id" = {param}', (day, pid))
