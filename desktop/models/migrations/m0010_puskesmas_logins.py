"""v10: the server keeps puskesmas apart (desktop.models.security). Tables that reach their puskesmas only through a
parent, the drafts and the audit trail get `puskesmas_id`; `server_login` lists the server's logins. On PostgreSQL
the step then installs the triggers that keep puskesmas_id right and the row-level security policies, and fills
the new columns.

Plain ADD COLUMN statements (valid in SQLite and PostgreSQL), only where missing: tables that steps 3-6 create
from today's models already have the column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def migrate(migrator: SchemaMigrator) -> None:
    """Add the puskesmas_id columns (with their indexes) and server_login; on a server, the policies."""
    from desktop.models import security

    database = migrator.database
    for table in security.ADDED_COLUMNS:
        if "puskesmas_id" not in {c.name for c in database.get_columns(table)}:
            database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "puskesmas_id" INTEGER '
                                 'REFERENCES "puskesmas" ("id") ON DELETE RESTRICT')
            database.execute_sql(f'CREATE INDEX "{table}_puskesmas_id" ON "{table}" ("puskesmas_id")')
    database.create_tables([security.ServerLogin])
    security.install(database)
