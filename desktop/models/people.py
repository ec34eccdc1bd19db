"""Posyandu, their kader, and the staff who supervise them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

import peewee

from desktop.models.db import VersionedModel
from desktop.models.wilayah import Desa, Puskesmas

if TYPE_CHECKING:
    from desktop.models.kader_history import ClassificationAssessment, TrainingRecord
    from desktop.models.teams import TechnicalAssignment

SEX_CHOICES = (("P", "Perempuan"), ("L", "Laki-laki"))
TRAINING_CHOICES = (("belum", "Belum dilatih"), ("sedang", "Sedang dilatih"), ("sudah", "Sudah dilatih"))
CLASSIFICATION_CHOICES = (("purwa", "Purwa"), ("madya", "Madya"), ("utama", "Utama"))
STAFF_ROLE_CHOICES = (
    ("pj_promkes", "PJ Promkes"),
    ("bidan_desa", "Bidan desa"),
    ("pj_gizi", "PJ Gizi"),
    ("perawat", "Perawat"),
    ("nakes_lain", "Tenaga kesehatan lain"),
    ("kepala_puskesmas", "Kepala Puskesmas"),
    ("aparat_desa", "Aparat desa/kelurahan"),
    ("tp_posyandu", "Anggota TP Posyandu"),
)
TECHNICAL_ROLES = ("pj_promkes", "bidan_desa", "pj_gizi", "perawat", "nakes_lain")
MANAGERIAL_ROLES = ("aparat_desa", "tp_posyandu")


class DatedDeactivation:
    """A posyandu or kader carries the day it was deactivated (reports of earlier periods still count it);
    reactivating clears it. Set on every save, by the GUI, the CLI and the import alike."""

    active: bool
    inactive_since: dt.date | None

    def save(self, *args, **kwargs):
        if self.active:
            self.inactive_since = None
        elif self.inactive_since is None:
            self.inactive_since = dt.date.today()
        return super().save(*args, **kwargs)  # the model's save, next in the MRO


class Posyandu(DatedDeactivation, VersionedModel):
    """A posyandu: a community health post in one desa/kelurahan."""

    desa = peewee.ForeignKeyField(Desa, backref="posyandu", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `desa`
        desa_id = peewee.IntegerField[int]()
    name = peewee.CharField()
    address = peewee.CharField(default="")
    rt_rw = peewee.CharField(default="")
    established = peewee.DateField(null=True)
    service_day = peewee.IntegerField(null=True)  # hari buka: day of the month (1-28); added in schema v2
    active = peewee.BooleanField(default=True, index=True)
    inactive_since = peewee.DateField(null=True)  # deactivated on (None while active, or inactive since unknown)
    kader: ClassVar[peewee.ModelSelect[Kader]]  # backref of Kader.posyandu (typing only)
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int | None](null=True)


class Kader(DatedDeactivation, VersionedModel):
    """A posyandu kader (community health volunteer)."""

    posyandu = peewee.ForeignKeyField(Posyandu, backref="kader", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `posyandu`
        posyandu_id = peewee.IntegerField[int]()
    name = peewee.CharField()
    nik = peewee.CharField(null=True, unique=True)
    phone = peewee.CharField(default="")
    sex = peewee.CharField(max_length=1, choices=SEX_CHOICES, default="P")
    birth_date = peewee.DateField(null=True)
    start_year = peewee.IntegerField(null=True)
    training_status = peewee.CharField(choices=TRAINING_CHOICES, default="belum")
    classification = peewee.CharField(choices=CLASSIFICATION_CHOICES, null=True)
    classification_date = peewee.DateField(null=True)
    active = peewee.BooleanField(default=True)
    # Dated membership, so a past period's report counts the kader of then (None: since before records began).
    registered_on = peewee.DateField(null=True, default=dt.date.today)
    inactive_since = peewee.DateField(null=True)
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int | None](null=True)

    classifications: ClassVar[peewee.ModelSelect[ClassificationAssessment]]  # backrefs (typing only)
    trainings: ClassVar[peewee.ModelSelect[TrainingRecord]]

    class Meta:
        indexes = ((("posyandu", "active"), False),)


class Staff(VersionedModel):
    """A person who can supervise: puskesmas staff (technical) or village/TP Posyandu member (managerial)."""

    puskesmas = peewee.ForeignKeyField(Puskesmas, backref="staff", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int]()
    desa = peewee.ForeignKeyField(Desa, backref="staff", null=True, on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `desa`
        desa_id = peewee.IntegerField[int | None](null=True)
    name = peewee.CharField()
    nip = peewee.CharField(default="")
    role = peewee.CharField(choices=STAFF_ROLE_CHOICES)
    phone = peewee.CharField(default="")
    active = peewee.BooleanField(default=True)
    assignments: ClassVar[peewee.ModelSelect[TechnicalAssignment]]  # backref (typing only)

    @property
    def role_label(self) -> str:
        return dict(STAFF_ROLE_CHOICES).get(self.role, self.role)

    @property
    def is_technical(self) -> bool:
        return self.role in TECHNICAL_ROLES
