"""Saved instrument records, their answers indexed for reports, drafts, and the skill catalogue."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import peewee

from desktop.models.db import BaseModel, VersionedModel
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.wilayah import Puskesmas

ORIGIN_CHOICES = (("kertas", "Disalin dari formulir kertas"), ("langsung", "Diisi langsung di aplikasi"))
TRASH_DAYS = 30


class JSONField(peewee.TextField):
    """A dict stored as JSON text."""

    def db_value(self, value: object) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value: str | None) -> object:
        return None if value is None else json.loads(value)


class Skill(BaseModel):
    """One basic kader skill in the editable catalogue; retired skills stay for old records."""

    code = peewee.CharField(unique=True)  # stable id used by instrument items, e.g. "B1"
    area = peewee.CharField()
    label = peewee.TextField()
    position = peewee.IntegerField(default=0)
    retired = peewee.BooleanField(default=False)


class InstrumentRecord(VersionedModel):
    """One filled instrument sheet."""

    instrument = peewee.CharField(index=True)  # definition id (resources/instruments/<id>.toml)
    instrument_version = peewee.IntegerField()
    puskesmas = peewee.ForeignKeyField(Puskesmas, backref="records", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int]()
    posyandu = peewee.ForeignKeyField(Posyandu, backref="records", null=True, on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `posyandu`
        posyandu_id = peewee.IntegerField[int | None](null=True)
    kader = peewee.ForeignKeyField(Kader, backref="records", null=True, on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `kader`
        kader_id = peewee.IntegerField[int | None](null=True)
    supervisor = peewee.ForeignKeyField(Staff, backref="records", null=True, on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `supervisor`
        supervisor_id = peewee.IntegerField[int | None](null=True)
    activity_date = peewee.DateField(index=True)
    round = peewee.CharField(null=True)  # "awal"/"akhir" for Penilaian Mandiri
    answers = JSONField()
    skills = JSONField(default=dict)  # {skill code: label} as the catalogue read when the record was made
    origin = peewee.CharField(choices=ORIGIN_CHOICES, default="kertas")
    paper_date = peewee.DateField(null=True)
    created_at = peewee.DateTimeField(default=dt.datetime.now)
    updated_at = peewee.DateTimeField(default=dt.datetime.now)
    deleted_at = peewee.DateTimeField(null=True, index=True)  # in the trash for TRASH_DAYS, then purged

    class Meta:
        indexes = ((("puskesmas", "instrument", "activity_date"), False),)


class RecordAnswer(BaseModel):
    """A scale or choice answer of a record, one row per item, so reports aggregate in SQL."""

    audited = False  # derived from the record's answers, which are audited

    record = peewee.ForeignKeyField(InstrumentRecord, backref="answer_rows", on_delete="CASCADE")
    if TYPE_CHECKING:  # the id column peewee adds for `record`
        record_id = peewee.IntegerField[int]()
    item = peewee.CharField()  # item key within the definition
    skill = peewee.CharField(null=True, index=True)  # skill code the item assesses
    kader = peewee.ForeignKeyField(Kader, null=True, on_delete="RESTRICT")  # whose answer (mentoring rows: none)
    if TYPE_CHECKING:  # the id column peewee adds for `kader`
        kader_id = peewee.IntegerField[int | None](null=True)
    value = peewee.CharField()
    priority = peewee.BooleanField(default=False)  # answered in a priority category (a finding)
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server

    class Meta:
        indexes = ((("record", "item"), False),)


class RecordKader(BaseModel):
    """Every kader a record names and in which part: its subject, a participant, or attendance by name."""

    audited = False  # derived from the record's answers, which are audited

    record = peewee.ForeignKeyField(InstrumentRecord, backref="kader_rows", on_delete="CASCADE")
    kader = peewee.ForeignKeyField(Kader, backref="record_rows", on_delete="RESTRICT")
    role = peewee.CharField()  # "subjek", "peserta", or an attendance code: "hadir", "tidak_hadir", "izin"
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server

    class Meta:
        indexes = ((("kader", "role"), False),)


class InstrumentDraft(BaseModel):
    """An unfinished form, saved as the user types so a crash or a closed window loses nothing."""

    audited = False  # autosaved every few seconds; the record saved from it is audited

    instrument = peewee.CharField()
    record = peewee.ForeignKeyField(InstrumentRecord, null=True, on_delete="CASCADE")  # editing an existing one
    if TYPE_CHECKING:  # the id column peewee adds for `record`
        record_id = peewee.IntegerField[int | None](null=True)
    answers = JSONField()
    updated_at = peewee.DateTimeField(default=dt.datetime.now)
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server
