"""The puskesmas' working area: kecamatan and the desa/kelurahan it serves."""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from desktop.models.db import dict_rows
from desktop.models.errors import UserError
from desktop.models.people import Posyandu
from desktop.models.wilayah import Desa, Kecamatan, Puskesmas
from desktop.services import auth


@dataclass(frozen=True)
class DesaRow:
    id: int
    kecamatan: str
    name: str
    is_kelurahan: bool
    posyandu: int


def rows(puskesmas: Puskesmas) -> list[DesaRow]:
    """Every desa/kelurahan of the puskesmas with its kecamatan and posyandu count."""
    query = (Desa.select(Desa.id, Kecamatan.name.alias("kecamatan"), Desa.name, Desa.is_kelurahan,
                         peewee.fn.COUNT(Posyandu.id).alias("posyandu"))
             .join(Kecamatan).switch(Desa).join(Posyandu, peewee.JOIN.LEFT_OUTER)
             .where(Desa.puskesmas == puskesmas).group_by(Desa.id, Kecamatan.id)
             .order_by(Kecamatan.name, Desa.name).dicts())
    return [DesaRow(**r) for r in dict_rows(query)]


def kecamatan_names(puskesmas: Puskesmas) -> list[str]:
    return [k.name for k in Kecamatan.select().where(Kecamatan.kabupaten == puskesmas.kabupaten)
            .order_by(Kecamatan.name)]


def _clean(text: str) -> str:
    return " ".join(text.split())


def add_desa(puskesmas: Puskesmas, kecamatan: str, name: str, is_kelurahan: bool = False) -> Desa:
    """Add a desa/kelurahan (and its kecamatan when new); UserError names the field that is wrong."""
    auth.require("edit_master")
    kecamatan, name = _clean(kecamatan), _clean(name)
    errors = []
    if not kecamatan:
        errors.append("Nama kecamatan wajib diisi.")
    if not name:
        errors.append("Nama desa/kelurahan wajib diisi.")
    if errors:
        raise UserError(" ".join(errors))
    same = (Desa.select().join(Kecamatan)
            .where(Desa.puskesmas == puskesmas, peewee.fn.LOWER(Desa.name) == name.lower(),
                   peewee.fn.LOWER(Kecamatan.name) == kecamatan.lower()))
    if same.exists():
        raise UserError(f"{'Kelurahan' if is_kelurahan else 'Desa'} {name} di Kecamatan {kecamatan} sudah ada.")
    found = Kecamatan.get_or_none(Kecamatan.kabupaten == puskesmas.kabupaten,
                                  peewee.fn.LOWER(Kecamatan.name) == kecamatan.lower())
    found = found or Kecamatan.create(kabupaten=puskesmas.kabupaten, name=kecamatan)
    return Desa.create(kecamatan=found, puskesmas=puskesmas, name=name, is_kelurahan=is_kelurahan)


def rename_desa(desa: Desa, name: str, is_kelurahan: bool) -> Desa:
    """Correct a desa's name or kind (its posyandu and records keep pointing at it)."""
    auth.require("edit_master")
    name = _clean(name)
    if not name:
        raise UserError("Nama desa/kelurahan wajib diisi.")
    clash = Desa.select().where(Desa.puskesmas == desa.puskesmas, Desa.kecamatan == desa.kecamatan,
                                peewee.fn.LOWER(Desa.name) == name.lower(), Desa.id != desa.id)
    if clash.exists():
        raise UserError(f"Desa/kelurahan {name} sudah ada di kecamatan yang sama.")
    desa.name, desa.is_kelurahan = name, is_kelurahan
    desa.save()
    return desa
