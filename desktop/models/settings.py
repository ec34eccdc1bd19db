"""Application settings stored in the database (so they travel with backups)."""

from __future__ import annotations

import peewee

from desktop.models.db import BaseModel
from desktop.models.session import SESSION


class Setting(BaseModel):
    """A key/value setting."""

    key = peewee.CharField(primary_key=True)
    value = peewee.TextField(default="")


def get_setting(key: str, default: str = "") -> str:
    """Read a setting, or the default when it was never set."""
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else default


def set_setting(key: str, value: str) -> None:
    """Write a setting."""
    Setting.insert(key=key, value=value).on_conflict(conflict_target=[Setting.key],
                                                     update={Setting.value: value}).execute()


CURRENT_PUSKESMAS = "current_puskesmas_id"


def current_puskesmas():  # -> Puskesmas | None (imported lazily to keep this module at the bottom of the graph)
    """The puskesmas being worked on: this session's, else the one chosen in settings, else the first one."""
    from desktop.models.wilayah import Puskesmas

    if SESSION.puskesmas_id is not None:
        found = Puskesmas.get_or_none(Puskesmas.id == SESSION.puskesmas_id)
        if found is not None:
            return found
    chosen = get_setting(CURRENT_PUSKESMAS)
    found = Puskesmas.get_or_none(Puskesmas.id == int(chosen)) if chosen.isdigit() else None
    return found or Puskesmas.select().order_by(Puskesmas.id).first()
