"""Planned supervision activities (Jadwal) and the follow-up items (RTL) the cycle tracks to their end."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import peewee

from desktop.models.db import BaseModel, VersionedModel
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord, JSONField
from desktop.models.wilayah import Puskesmas

# An activity's kind is the id of the instrument filled when it is done; names come from its [roles].
STATUS_CHOICES = (("rencana", "Direncanakan"), ("selesai", "Selesai"), ("ditunda", "Ditunda"),
                  ("batal", "Dibatalkan"))
# "diganti": a finding made again later (same skill, same kader or posyandu service) while still open; the newer
# one carries it on (cycle_rules.found_again). It is not "selesai": only matching evidence closes a finding.
FOLLOW_UP_STATUS = (("terbuka", "Terbuka"), ("selesai", "Selesai"), ("diganti", "Ditemukan lagi"))
FOUND_AGAIN = "diganti"
FOLLOW_UP_KINDS = (("temuan", "Temuan"), ("rtl", "RTL"))
# What closes an item: a later observation rating its skill(s) to standard (same kader; posyandu-level: a later
# service observation), the kader attending a later posyandu service (coaching for absence), or a person.
CLOSES_BY = (("keterampilan", "Observasi ulang sesuai standar"), ("kehadiran", "Hadir pada layanan berikutnya"),
             ("manual", "Ditandai selesai"))


def _kinds() -> dict[str, tuple[str, str]]:
    from desktop.instruments.loader import load_all

    return {i.id: (i.roles.activity, i.roles.short) for i in load_all() if i.roles}


def activity_kinds() -> list[tuple[str, str]]:
    """(instrument id, activity name) of every instrument that can be planned, in cycle order."""
    return [(k, names[0]) for k, names in _kinds().items()]


def short_kind(kind: str) -> str:
    """The short calendar name of an activity kind."""
    return _kinds().get(kind, (kind, kind))[1]


class Activity(VersionedModel):
    """One supervision activity on the calendar."""

    puskesmas = peewee.ForeignKeyField(Puskesmas, backref="activities", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int]()
    kind = peewee.CharField()  # instrument id (activity_kinds())
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
        return dict(activity_kinds()).get(self.kind, self.kind)

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
    kind = peewee.CharField(choices=FOLLOW_UP_KINDS, default="temuan")
    skills = JSONField(default=list)  # a finding: its skill; an RTL item: the skills of the findings it answers
    item = peewee.CharField(null=True)  # a finding: the item key it was rated on
    closes_by = peewee.CharField(choices=CLOSES_BY, default="keterampilan")
    answers = JSONField(default=list)  # an RTL item: ids of the findings its session answered
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


def __getattr__(name: str) -> Any:
    """ACTIVITY_KINDS / SHORT_KINDS as before, read from the instruments' [roles] (no ids typed here)."""
    if name == "ACTIVITY_KINDS":
        return tuple(activity_kinds())
    if name == "SHORT_KINDS":
        return {k: names[1] for k, names in _kinds().items()}
    raise AttributeError(name)
