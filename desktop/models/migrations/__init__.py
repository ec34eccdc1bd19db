"""Ordered schema migrations: one module per step, registered by the version it produces.

Version 1 is the first released schema; a fresh database is created from the models and stamped with
SCHEMA_VERSION directly. Each step module has `migrate(migrator)`, run inside a transaction. Step modules
import playhouse.migrate, so they are imported only when a step actually runs (keeps start-up fast).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

MIGRATIONS: dict[int, str] = {
    2: "m0002_posyandu_service_day",
    3: "m0003_supervision_tables",
    4: "m0004_teams",
    5: "m0005_schedule",
    6: "m0006_users",
    7: "m0007_shared",
    8: "m0008_kader_dates",
    9: "m0009_identity_place",
    10: "m0010_puskesmas_logins",
    11: "m0011_cycle",
    12: "m0012_posyandu_closed",
    13: "m0013_found_again",
}

SCHEMA_VERSION = max(MIGRATIONS)


def step(version: int) -> Callable:
    """The `migrate(migrator)` function producing `version`."""
    return importlib.import_module(f"{__name__}.{MIGRATIONS[version]}").migrate
