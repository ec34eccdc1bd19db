"""v2: posyandu get their service day (hari buka) and kader lists get an index on (posyandu, active)."""

import peewee
from playhouse.migrate import SchemaMigrator
from playhouse.migrate import migrate as run


def migrate(migrator: SchemaMigrator) -> None:
    """Add posyandu.service_day and the kader (posyandu_id, active) index."""
    run(
        migrator.add_column("posyandu", "service_day", peewee.IntegerField(null=True)),
        migrator.add_index("kader", ("posyandu_id", "active"), False),
    )
