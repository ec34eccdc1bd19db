"""Kader and posyandu lists for the Posyandu & Kader section: filtered and counted in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from desktop.models.people import Kader, Posyandu
from desktop.models.wilayah import Desa, Puskesmas

NOT_ASSESSED = "belum_dinilai"


@dataclass
class KaderFilter:
    """What the kader list shows. `new_only`: kader who started this calendar year (less than a year)."""

    puskesmas_id: int | None = None
    text: str = ""  # name, or the start of a NIK
    desa_id: int | None = None
    posyandu_id: int | None = None
    classification: str | None = None  # purwa/madya/utama, or NOT_ASSESSED
    training: str | None = None  # belum/sedang/sudah
    new_only: bool = False
    include_inactive: bool = False


def query_kader(f: KaderFilter, today: dt.date | None = None):
    """Kader with their posyandu and desa joined, by name."""
    query = (Kader.select(Kader, Posyandu, Desa).join(Posyandu).join(Desa)
             .order_by(Kader.name.collate("NOCASE"), Kader.id))
    if f.puskesmas_id:
        query = query.where(Desa.puskesmas == f.puskesmas_id)
    if not f.include_inactive:
        query = query.where(Kader.active, Posyandu.active)
    text = f.text.strip()
    if text:
        query = query.where(Kader.nik.startswith(text) if text.isdigit() else Kader.name.contains(text))
    for column, wanted in ((Desa.id, f.desa_id), (Posyandu.id, f.posyandu_id), (Kader.training_status, f.training)):
        if wanted:
            query = query.where(column == wanted)
    if f.classification == NOT_ASSESSED:
        query = query.where(Kader.classification.is_null())
    elif f.classification:
        query = query.where(Kader.classification == f.classification)
    if f.new_only:
        query = query.where(Kader.start_year >= (today or dt.date.today()).year)
    return query


def posyandu_rows(puskesmas: Puskesmas | None, desa_id: int | None = None, include_inactive: bool = False):
    """Posyandu with desa and counts of active, trained and not-yet-assessed kader (one aggregate query)."""
    active = Kader.active == True  # noqa: E712 (peewee expression)
    query = (Posyandu.select(
        Posyandu, Desa,
        peewee.fn.COUNT(Kader.id).filter(active).alias("kader_count"),
        peewee.fn.COUNT(Kader.id).filter(active & (Kader.training_status == "sudah")).alias("trained"),
        peewee.fn.COUNT(Kader.id).filter(active & Kader.classification.is_null()).alias("not_assessed"),
    ).join(Desa).switch(Posyandu).join(Kader, peewee.JOIN.LEFT_OUTER)
        .group_by(Posyandu.id).order_by(Desa.name, Posyandu.name))
    if puskesmas is not None:
        query = query.where(Desa.puskesmas == puskesmas)
    if desa_id:
        query = query.where(Desa.id == desa_id)
    if not include_inactive:
        query = query.where(Posyandu.active)
    return query
