"""v8: kader carry the dates they were registered and went inactive, so reports of a past period count the kader
of that period (existing kader: registered before records began; inactive ones: since an unknown day)."""

import peewee
from playhouse.migrate import SchemaMigrator
from playhouse.migrate import migrate as run


def migrate(migrator: SchemaMigrator) -> None:
    """Add kader.registered_on and kader.inactive_since."""
    run(
        migrator.add_column("kader", "registered_on", peewee.DateField(null=True)),
        migrator.add_column("kader", "inactive_since", peewee.DateField(null=True)),
    )
