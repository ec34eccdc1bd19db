"""Planned supervision activities (Jadwal) and the follow-up items (RTL) the cycle tracks to their end."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import peewee

from desktop.models.db import BaseModel, VersionedModel
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord, JSONField
from desktop.models.wilayah import Puskesmas

# An activity's kind is the id of the instrument filled when it is done.
ACTIVITY_KINDS = (
    ("observasi_posyandu", "Observasi layanan posyandu"),
    ("observasi_individu", "Observasi keterampilan individu / kunjungan rumah"),
    ("mentoring", "Mentoring"),
    ("coaching", "Coaching"),
    ("penilaian_mandiri", "Penilaian mandiri"),
)
SHORT_KINDS = {"observasi_posyandu": "Obs. posyandu", "observasi_individu": "Obs. individu", "mentoring": "Mentoring",
               "coaching": "Coaching", "penilaian_mandiri": "Penilaian mandiri"}
STATUS_CHOICES = (("rencana", "Direncanakan"), ("selesai", "Selesai"), ("ditunda", "Ditunda"),
                  ("batal", "Dibatalkan"))
FOLLOW_UP_STATUS = (("terbuka", "Terbuka"), ("selesai", "Selesai"))


class Activity(VersionedModel):
    """One supervision activity on the calendar."""

    puskesmas = peewee.ForeignKeyField(Puskesmas, backref="activities", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int]()
    kind = peewee.CharField(choices=ACTIVITY_KINDS)
    date = peewee.DateField()
    start = peewee.CharField(default="08:00")  # HH:MM
    end = peewee.CharField(default="11:00")
    posyandu = peewee.ForeignKeyField(Posyandu, backref="activities", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `posyandu`
        posyandu_id = peewee.IntegerField[int]()
    status = peewee.CharField(choices=STATUS_CHOICES, default="rencana")
    reason = peewee.CharField(default="")  # why postponed or cancelled
    round = peewee.CharField(null=True)  # awal/akhir for penilaian mandiri
    record = peewee.ForeignKeyField(InstrumentRecord, null=True, backref="activities", on_delete="SET NULL")
    if TYPE_CHECKING:  # the id column peewee adds for `record`
        record_id = peewee.IntegerField[int | None](null=True)
    notes = peewee.CharField(default="")
    created_at = peewee.DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = ((("puskesmas", "date"), False),)

    @property
    def kind_label(self) -> str:
        return dict(ACTIVITY_KINDS)[self.kind]

    @property
    def status_label(self) -> str:
        return dict(STATUS_CHOICES)[self.status]


class ActivitySupervisor(BaseModel):
    activity = peewee.ForeignKeyField(Activity, backref="supervisor_links", on_delete="CASCADE")
    if TYPE_CHECKING:  # the id column peewee adds for `activity`
        activity_id = peewee.IntegerField[int]()
    staff = peewee.ForeignKeyField(Staff, backref="activity_links", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `staff`
        staff_id = peewee.IntegerField[int]()
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int | None](null=True)


class ActivityKader(BaseModel):
    activity = peewee.ForeignKeyField(Activity, backref="kader_links", on_delete="CASCADE")
    if TYPE_CHECKING:  # the id column peewee adds for `activity`
        activity_id = peewee.IntegerField[int]()
    kader = peewee.ForeignKeyField(Kader, backref="activity_links", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `kader`
        kader_id = peewee.IntegerField[int]()
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")  # set by the server
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int | None](null=True)


class FollowUp(VersionedModel):
    """An open item of the cycle: a finding to act on, or an RTL agreed in mentoring/coaching."""

    puskesmas = peewee.ForeignKeyField(Puskesmas, backref="follow_ups", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int]()
    posyandu = peewee.ForeignKeyField(Posyandu, backref="follow_ups", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `posyandu`
        posyandu_id = peewee.IntegerField[int]()
    kader = peewee.ForeignKeyField(Kader, null=True, backref="follow_ups", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `kader`
        kader_id = peewee.IntegerField[int | None](null=True)
    skills = JSONField(default=list)  # closed by a re-observation that sees all these skills done correctly
    source = peewee.ForeignKeyField(InstrumentRecord, backref="follow_ups", on_delete="CASCADE")
    if TYPE_CHECKING:  # the id column peewee adds for `source`
        source_id = peewee.IntegerField[int]()
    description = peewee.TextField()
    owner = peewee.CharField(default="")  # who acts (as agreed in the RTL)
    due = peewee.DateField(null=True, index=True)
    status = peewee.CharField(choices=FOLLOW_UP_STATUS, default="terbuka", index=True)
    closed_on = peewee.DateField(null=True)
    closed_by = peewee.ForeignKeyField(InstrumentRecord, null=True, backref="closed_follow_ups",
                                       on_delete="SET NULL")
    if TYPE_CHECKING:  # the id column peewee adds for `closed_by`
        closed_by_id = peewee.IntegerField[int | None](null=True)
    created_at = peewee.DateTimeField(default=dt.datetime.now)
