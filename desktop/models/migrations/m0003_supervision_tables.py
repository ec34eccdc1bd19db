"""v3: tables for supervision work (instrument records, kader history, ...), created as they stand in v3.

A later change to one of these tables needs its own migration step, and this step must then keep creating
the table as v3 had it (see tests/models/test_schema.py, which compares a fresh and an upgraded database).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def tables() -> list:
    """The models whose tables v3 adds (imported here, not at module load, to keep import order simple)."""
    from desktop.models.kader_history import ClassificationAssessment, TrainingRecord
    from desktop.models.records import InstrumentDraft, InstrumentRecord, RecordAnswer, Skill

    return [ClassificationAssessment, TrainingRecord, Skill, InstrumentRecord, RecordAnswer, InstrumentDraft]


def migrate(migrator: SchemaMigrator) -> None:
    """Create the v3 tables."""
    migrator.database.create_tables(tables())
