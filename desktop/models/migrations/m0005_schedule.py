"""v5: the schedule (activities with their supervisors and kader) and follow-up items of the supervision cycle.

Like v3, this step creates the tables as they stand in v5; a later change needs its own step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def tables() -> list:
    """The models whose tables v5 adds."""
    from desktop.models.schedule import Activity, ActivityKader, ActivitySupervisor, FollowUp

    return [Activity, ActivitySupervisor, ActivityKader, FollowUp]


def migrate(migrator: SchemaMigrator) -> None:
    """Create the v5 tables."""
    migrator.database.create_tables(tables())
