"""Assessed facts about a kader over time: classification (Purwa/Madya/Utama) and training."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import peewee

from desktop.models.db import BaseModel
from desktop.models.people import CLASSIFICATION_CHOICES, Kader
from desktop.models.wilayah import Puskesmas


class ClassificationAssessment(BaseModel):
    """One assessment (uji kompetensi) result; the newest one is the kader's current classification."""

    kader = peewee.ForeignKeyField(Kader, backref="classifications", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `kader`
        kader_id = peewee.IntegerField[int]()
    level = peewee.CharField(choices=CLASSIFICATION_CHOICES)
    assessed_on = peewee.DateField()
    assessor = peewee.CharField(default="")
    source = peewee.CharField(default="")  # e.g. "Uji kompetensi Bapelkes 2026"
    created_at = peewee.DateTimeField(default=dt.datetime.now)
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server


class TrainingRecord(BaseModel):
    """Participation of a kader in a basic-skills training batch (angkatan)."""

    kader = peewee.ForeignKeyField(Kader, backref="trainings", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `kader`
        kader_id = peewee.IntegerField[int]()
    batch = peewee.CharField()  # angkatan / batch label, e.g. "Batch 3 - Angkatan 7"
    online_progress = peewee.IntegerField(default=0)  # percent, 0-100 (Satu Sehat)
    practice_done_on = peewee.DateField(null=True)
    certificate_date = peewee.DateField(null=True)
    notes = peewee.CharField(default="")
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server
