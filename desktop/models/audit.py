"""The append-only audit trail: who, when, what (entity, id) and which fields changed, old -> new."""

from __future__ import annotations

import datetime as dt
import json

import peewee

from desktop.models import db
from desktop.models.db import BaseModel

SECRET_FIELDS = {"password_hash", "logo", "file_data"}  # recorded as "(diubah)", never their content


class AuditLog(BaseModel):
    audited = False

    at = peewee.DateTimeField(default=dt.datetime.now, index=True)
    username = peewee.CharField(default="", index=True)  # "" before any user exists
    action = peewee.CharField()  # buat, ubah, hapus, masuk, gagal_masuk, ekspor, impor, pulihkan
    entity = peewee.CharField(default="", index=True)  # table name
    entity_id = peewee.CharField(default="")
    changes = peewee.TextField(default="")  # JSON {field: [old, new]}
    detail = peewee.CharField(default="")


CURRENT_USER = {"username": ""}  # set by the login (desktop.services.auth)


def _plain(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return "(berkas)"
    if isinstance(value, BaseModel):
        return value._pk
    return value


def _diff(instance: BaseModel, before: BaseModel | None) -> dict[str, list]:
    changes = {}
    for name, field in instance._meta.fields.items():
        if field.primary_key:
            continue
        new = _plain(instance.__data__.get(name))
        old = _plain(before.__data__.get(name)) if before is not None else None
        if new != old:
            changes[name] = ["(diubah)", "(diubah)"] if name in SECRET_FIELDS else [old, new]
    return changes


def record(action: str, entity: str = "", entity_id: object = "", changes: dict | None = None,
           detail: str = "") -> None:
    """Append one entry (also used by services for logins, exports, imports and restores)."""
    AuditLog.create(username=CURRENT_USER["username"], action=action, entity=entity, entity_id=str(entity_id or ""),
                    changes=json.dumps(changes or {}, ensure_ascii=False, default=str), detail=detail)


def _hook(action: str, instance: BaseModel, before: BaseModel | None) -> None:
    if action == "hapus":
        changes = {}
    else:
        changes = _diff(instance, before)
        if action == "ubah" and not changes:
            return  # saved without changes
    record(action, instance._meta.table_name, instance._pk, changes)


db.AUDIT_HOOK = _hook
