"""Supervisor teams: technical supervisors assigned to posyandu, and the SK Kepala Desa/Lurah that appoints a
desa's managerial team (with its members and the scanned decree)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

import peewee

from desktop.models.db import BaseModel, VersionedModel
from desktop.models.people import Posyandu, Staff
from desktop.models.wilayah import Desa, Puskesmas


class TechnicalAssignment(BaseModel):
    """A technical supervisor (nakes) responsible for a posyandu; ending it keeps the history."""

    staff = peewee.ForeignKeyField(Staff, backref="assignments", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `staff`
        staff_id = peewee.IntegerField[int]()
    posyandu = peewee.ForeignKeyField(Posyandu, backref="assignments", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `posyandu`
        posyandu_id = peewee.IntegerField[int]()
    since = peewee.DateField(default=dt.date.today)
    until = peewee.DateField(null=True, index=True)  # None: still assigned
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server

    class Meta:
        indexes = ((("posyandu", "until"), False),)


class SkDecree(VersionedModel):
    """SK Kepala Desa/Lurah appointing the managerial supervisor team of one desa/kelurahan."""

    desa = peewee.ForeignKeyField(Desa, backref="decrees", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `desa`
        desa_id = peewee.IntegerField[int]()
    number = peewee.CharField()
    signed_on = peewee.DateField()
    signer = peewee.CharField()  # name of the Kepala Desa/Lurah
    signer_title = peewee.CharField(default="Kepala Desa")  # "Kepala Desa" or "Lurah"
    valid_from = peewee.DateField()
    valid_until = peewee.DateField(null=True)  # None: no end date written in the SK
    file_name = peewee.CharField(default="")
    file_data = peewee.BlobField(null=True)  # the scanned SK (PDF/image), travels with backups
    created_at = peewee.DateTimeField(default=dt.datetime.now)
    members: ClassVar[peewee.ModelSelect[SkMember]]  # backref of SkMember.decree (typing only)
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int | None](null=True)


class SkMember(BaseModel):
    """A member of the managerial team as listed in the SK."""

    decree = peewee.ForeignKeyField(SkDecree, backref="members", on_delete="CASCADE")
    if TYPE_CHECKING:  # the id column peewee adds for `decree`
        decree_id = peewee.IntegerField[int]()
    position = peewee.IntegerField(default=0)  # order in the SK
    name = peewee.CharField()
    role = peewee.CharField(default="Anggota")  # jabatan dalam tim: Ketua, Sekretaris, Anggota
    origin = peewee.CharField(default="")  # unsur: Pemerintah Desa, TP Posyandu, PKK, ...
    phone = peewee.CharField(default="")
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server
