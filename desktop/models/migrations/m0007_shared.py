"""v7: shared mode. Edited tables get a `version` column (optimistic locking) and accounts a puskesmas.

Columns are added only where missing: tables that steps 3-6 create from today's models already have them. Plain
ADD COLUMN statements (valid in SQLite and PostgreSQL) avoid SQLite's table rebuild, which foreign keys forbid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

VERSIONED = ("puskesmas", "desa", "posyandu", "kader", "staff", "sk_decree", "activity", "follow_up",
             "instrument_record")


def migrate(migrator: SchemaMigrator) -> None:
    """Add the version columns and user.puskesmas_id (with its index)."""
    database = migrator.database

    def missing(table: str, column: str) -> bool:
        return column not in {c.name for c in database.get_columns(table)}

    for table in VERSIONED:
        if missing(table, "version"):
            database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1')
    if missing("user", "puskesmas_id"):
        database.execute_sql('ALTER TABLE "user" ADD COLUMN "puskesmas_id" INTEGER '
                             'REFERENCES "puskesmas" ("id") ON DELETE RESTRICT')
        database.execute_sql('CREATE INDEX "user_puskesmas_id" ON "user" ("puskesmas_id")')
