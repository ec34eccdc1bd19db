"""v11: the supervision cycle reasons per kader and skill. Follow-ups say what they are (finding or RTL), the item
they were rated on, what closes them and which findings an RTL answers; `record_kader` indexes every kader a record
names (subject, participant, attendance by name), kept apart per puskesmas on a server like record_answer.

Columns are added only where missing: step 5 creates follow_up from today's model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

COLUMNS = (
    ("kind", "VARCHAR(255) NOT NULL DEFAULT 'temuan'"),
    ("item", "VARCHAR(255)"),
    ("closes_by", "VARCHAR(255) NOT NULL DEFAULT 'keterampilan'"),
    ("answers", "TEXT NOT NULL DEFAULT '[]'"),
)


def tables() -> list:
    """The models whose tables v11 adds."""
    from desktop.models.records import RecordKader

    return [RecordKader]


def migrate(migrator: SchemaMigrator) -> None:
    """Add the follow_up columns and create record_kader."""
    database = migrator.database
    have = {c.name for c in database.get_columns("follow_up")}
    for column, kind in COLUMNS:
        if column not in have:
            database.execute_sql(f'ALTER TABLE "follow_up" ADD COLUMN "{column}" {kind}')
    # RTL items of earlier mentoring/coaching records were stored as descriptions starting "RTL "
    # (values as parameters: psycopg reads a literal "%" as a placeholder)
    mark = database.param
    database.execute_sql(f'UPDATE "follow_up" SET "kind" = {mark} WHERE "description" LIKE {mark}', ("rtl", "RTL %"))
    database.create_tables(tables())
    from desktop.models import security

    security.install(database)  # on a server: record_kader's trigger and policies
