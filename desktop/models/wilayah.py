"""Administrative areas: kabupaten/kota, kecamatan, desa/kelurahan, and the puskesmas."""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee

from desktop.models.db import BaseModel, VersionedModel


class Kabupaten(BaseModel):
    """A kabupaten or kota."""

    name = peewee.CharField()
    is_kota = peewee.BooleanField(default=False)

    @property
    def label(self) -> str:
        return f"{'Kota' if self.is_kota else 'Kabupaten'} {self.name}"


class Puskesmas(VersionedModel):
    """A puskesmas and the identity printed in the kop surat of every document."""

    kabupaten = peewee.ForeignKeyField(Kabupaten, backref="puskesmas", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `kabupaten`
        kabupaten_id = peewee.IntegerField[int]()
    name = peewee.CharField()
    address = peewee.CharField(default="")
    phone = peewee.CharField(default="")
    email = peewee.CharField(default="")
    logo = peewee.BlobField(null=True)
    kepala_name = peewee.CharField(default="")
    kepala_nip = peewee.CharField(default="")
    pj_promkes_name = peewee.CharField(default="")
    pj_promkes_nip = peewee.CharField(default="")
    postal_code = peewee.CharField(default="")  # kode pos, printed in the kop
    sign_place = peewee.CharField(default="")  # written above signatures; empty: the kecamatan of its desa

    server_login: tuple[str, str] | None = None  # (login, password) made with it on a server: shown once


class Kecamatan(BaseModel):
    """A kecamatan (sub-district) within a kabupaten/kota."""

    kabupaten = peewee.ForeignKeyField(Kabupaten, backref="kecamatan", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `kabupaten`
        kabupaten_id = peewee.IntegerField[int]()
    name = peewee.CharField()


class Desa(VersionedModel):
    """A desa or kelurahan, in the work area of one puskesmas."""

    kecamatan = peewee.ForeignKeyField(Kecamatan, backref="desa", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `kecamatan`
        kecamatan_id = peewee.IntegerField[int]()
    puskesmas = peewee.ForeignKeyField(Puskesmas, backref="desa", on_delete="RESTRICT")
    if TYPE_CHECKING:  # the id column peewee adds for `puskesmas`
        puskesmas_id = peewee.IntegerField[int]()
    name = peewee.CharField()
    is_kelurahan = peewee.BooleanField(default=False)

    @property
    def label(self) -> str:
        return f"{'Kelurahan' if self.is_kelurahan else 'Desa'} {self.name}"
