"""The append-only audit trail: who, when, what (entity, id) and which fields changed, old -> new."""

from __future__ import annotations

import datetime as dt
import json

import peewee

from desktop.models import db
from desktop.models.db import BaseModel
from desktop.models.session import SESSION
from desktop.models.wilayah import Puskesmas

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
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server


FIELD_LABELS = {  # column -> what the forms call it
    "name": "Nama", "nik": "NIK", "phone": "No. HP/WA", "sex": "Jenis kelamin", "birth_date": "Tanggal lahir",
    "start_year": "Tahun mulai", "training_status": "Status pelatihan", "active": "Aktif", "posyandu": "Posyandu",
    "desa": "Desa", "address": "Alamat", "service_day": "Hari buka", "classification": "Strata kader",
    "answers": "Isian formulir", "activity_date": "Tanggal kegiatan", "supervisor": "Supervisor", "kader": "Kader",
    "role": "Jabatan", "nip": "NIP", "status": "Status", "planned_on": "Tanggal rencana", "notes": "Catatan",
    "description": "Uraian", "due": "Tenggat", "owner": "Penanggung jawab", "email": "Email",
}


def field_label(name: str) -> str:
    """A column as people know it from the forms."""
    return FIELD_LABELS.get(name, name.replace("_", " "))




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
    AuditLog.create(username=SESSION.username, action=action, entity=entity, entity_id=str(entity_id or ""),
                    changes=json.dumps(changes or {}, ensure_ascii=False, default=str), detail=detail)


def changes_since(instance: BaseModel, version: int) -> list[tuple[str, dt.datetime, dict]]:
    """Who changed this row after it was at `version`, oldest first: [(username, when, {field: [old, new]})]
    (each saved change of a versioned row records its version step)."""
    rows = (AuditLog.select().where(AuditLog.entity == instance._meta.table_name,
                                    AuditLog.entity_id == str(instance._pk), AuditLog.action == "ubah")
            .order_by(AuditLog.id.desc()).limit(50))
    found = []
    for row in rows:
        changes = json.loads(row.changes or "{}")
        step = changes.get("version")
        if step and isinstance(step[1], int) and step[1] > version:
            found.append((row.username, row.at, changes))
    return found[::-1]


def _hook(action: str, instance: BaseModel, before: BaseModel | None) -> None:
    if action == "hapus":
        changes = {}
    else:
        changes = _diff(instance, before)
        if action == "ubah" and not changes:
            return  # saved without changes
    record(action, instance._meta.table_name, instance._pk, changes)


def _conflict_history(instance: BaseModel, version: int) -> tuple[list, dict[str, str]]:
    changes = changes_since(instance, version)
    return changes, {name: field_label(name) for _, _, fields in changes for name in fields}


def install() -> None:
    """Register the audit trail with the base model (every save and delete of an audited table is written) and
    with the conflict check (who changed what). Called when a database is opened."""
    db.AUDIT_HOOK = _hook
    db.CONFLICT_HISTORY = _conflict_history
