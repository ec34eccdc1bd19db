"""v4: supervisor teams — technical assignments to posyandu, SK Kepala Desa/Lurah with its members.

Like v3, this step creates the tables as they stand in v4; a later change needs its own step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def tables() -> list:
    """The models whose tables v4 adds."""
    from desktop.models.teams import SkDecree, SkMember, TechnicalAssignment

    return [TechnicalAssignment, SkDecree, SkMember]


def migrate(migrator: SchemaMigrator) -> None:
    """Create the v4 tables."""
    migrator.database.create_tables(tables())
