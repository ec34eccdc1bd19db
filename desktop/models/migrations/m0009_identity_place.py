"""v9: the puskesmas identity gets its kode pos and the place written above signatures (kecamatan or kota).

Plain ADD COLUMN statements (valid in SQLite and PostgreSQL) avoid SQLite's table rebuild, which foreign keys forbid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def migrate(migrator: SchemaMigrator) -> None:
    """Add puskesmas.postal_code and puskesmas.sign_place."""
    database = migrator.database
    present = {c.name for c in database.get_columns("puskesmas")}
    for column in ("postal_code", "sign_place"):
        if column not in present:
            database.execute_sql(f'ALTER TABLE "puskesmas" ADD COLUMN "{column}" VARCHAR(255) NOT NULL DEFAULT \'\'')
