"""Reading and saving the puskesmas identity printed in every kop surat."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import peewee

from desktop.models.db import DB
from desktop.models.errors import UserError
from desktop.models.settings import CURRENT_PUSKESMAS, current_puskesmas, set_setting
from desktop.models.wilayah import Kabupaten, Puskesmas


@dataclass
class IdentityForm:
    """The editable identity fields, as plain values."""

    name: str = ""
    address: str = ""
    kabupaten: str = ""
    is_kota: bool = False
    phone: str = ""
    email: str = ""
    kepala_name: str = ""
    kepala_nip: str = ""
    pj_promkes_name: str = ""
    pj_promkes_nip: str = ""
    logo: bytes | None = None
    version: int | None = None  # the puskesmas row's version when the form was filled (optimistic locking)


FIELD_LABELS = {
    "name": "Nama puskesmas",
    "kabupaten": "Kabupaten/Kota",
    "kepala_nip": "NIP Kepala Puskesmas",
    "pj_promkes_nip": "NIP PJ Promkes",
}


def load_identity() -> IdentityForm:
    """The current puskesmas identity, or an empty form on a new database."""
    pkm = current_puskesmas()
    if pkm is None:
        return IdentityForm()
    return IdentityForm(
        name=pkm.name, address=pkm.address, kabupaten=pkm.kabupaten.name, is_kota=pkm.kabupaten.is_kota,
        phone=pkm.phone, email=pkm.email, kepala_name=pkm.kepala_name, kepala_nip=pkm.kepala_nip,
        pj_promkes_name=pkm.pj_promkes_name, pj_promkes_nip=pkm.pj_promkes_nip,
        logo=bytes(pkm.logo) if pkm.logo else None, version=pkm.version,
    )


def validate_identity(form: IdentityForm) -> list[str]:
    """Indonesian messages naming each field that is missing or malformed."""
    errors = []
    for key in ("name", "kabupaten"):
        if not getattr(form, key).strip():
            errors.append(f"{FIELD_LABELS[key]} wajib diisi.")
    for key in ("kepala_nip", "pj_promkes_nip"):
        nip = getattr(form, key).replace(" ", "")
        if nip and not (nip.isdigit() and len(nip) == 18):
            errors.append(f"{FIELD_LABELS[key]} harus 18 angka (tertulis {len(nip)} karakter).")
    return errors


def save_identity(form: IdentityForm) -> Puskesmas:
    """Validate and store the identity, creating the puskesmas on a new database."""
    from desktop.services import auth

    auth.require("edit_master")
    errors = validate_identity(form)
    if errors:
        raise UserError(" ".join(errors))
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in asdict(form).items()}
    values["kepala_nip"] = values["kepala_nip"].replace(" ", "")
    values["pj_promkes_nip"] = values["pj_promkes_nip"].replace(" ", "")
    kabupaten_name, is_kota, version = values.pop("kabupaten"), values.pop("is_kota"), values.pop("version")
    with DB.atomic():
        pkm = current_puskesmas()
        if pkm is None:
            kab = Kabupaten.create(name=kabupaten_name, is_kota=is_kota)
            pkm = Puskesmas.create(kabupaten=kab, **values)
            set_setting(CURRENT_PUSKESMAS, str(pkm.id))
        else:
            kab = pkm.kabupaten
            kab.name, kab.is_kota = kabupaten_name, is_kota
            kab.save()
            for key, value in values.items():
                setattr(pkm, key, value)
            if version is not None:
                pkm.version = version  # saving over a newer change raises EditConflict
            pkm.save()
    return pkm


def add_puskesmas(name: str) -> Puskesmas:
    """A kabupaten admin brings another puskesmas into a shared database (in the kabupaten being looked at); its
    PJ Promkes then gets an account and fills in the identity, wilayah and kader."""
    from desktop.services import auth

    auth.require("add_puskesmas")
    name = " ".join(name.split())
    if not name:
        raise UserError("Nama puskesmas wajib diisi.")
    here = current_puskesmas()
    if here is None:
        raise UserError("Isi dahulu identitas puskesmas pertama (kabupaten/kota) di Pengaturan.")
    if not name.lower().startswith("puskesmas "):
        name = f"Puskesmas {name}"
    if Puskesmas.select().where(Puskesmas.kabupaten == here.kabupaten,
                                peewee.fn.LOWER(Puskesmas.name) == name.lower()).exists():
        raise UserError(f"{name} sudah ada di {here.kabupaten.label}.")
    return Puskesmas.create(kabupaten=here.kabupaten, name=name)
