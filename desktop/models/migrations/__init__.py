"""Ordered schema migrations: one module per step, registered by the version it produces.

Version 1 is the first released schema; a fresh database is created from the models and stamped with
SCHEMA_VERSION directly. Each step receives a playhouse SchemaMigrator and runs inside a transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from playhouse.migrate import SchemaMigrator

from desktop.models.migrations import m0002_posyandu_service_day, m0003_supervision_tables

Step = Callable[[SchemaMigrator], None]

MIGRATIONS: dict[int, Step] = {
    2: m0002_posyandu_service_day.migrate,
    3: m0003_supervision_tables.migrate,
}

SCHEMA_VERSION = max(MIGRATIONS)
