"""v6: users (roles, village admins' desa) and the audit trail.

Like v3, this step creates the tables as they stand in v6; a later change needs its own step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def tables() -> list:
    """The models whose tables v6 adds."""
    from desktop.models.audit import AuditLog
    from desktop.models.users import User, UserDesa

    return [User, UserDesa, AuditLog]


def migrate(migrator: SchemaMigrator) -> None:
    """Create the v6 tables."""
    migrator.database.create_tables(tables())
