"""Reading and saving the puskesmas identity printed in every kop surat."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import peewee

from desktop.models.db import DB
from desktop.models.errors import UserError
from desktop.models.nip import check_nip
from desktop.models.regions import split_region
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
    postal_code: str = ""
    sign_place: str = ""  # written above signatures; empty: the kecamatan of the puskesmas's desa
    version: int | None = None  # the puskesmas row's version when the form was filled (optimistic locking)


FIELD_LABELS = {
    "name": "Nama puskesmas",
    "kabupaten": "Kabupaten/Kota",
    "kepala_nip": "NIP Kepala Puskesmas",
    "pj_promkes_nip": "NIP PJ Promkes",
    "postal_code": "Kode pos",
    "sign_place": "Tempat penandatanganan",
}


def normalise_place(text: str) -> str:
    """A typed place as printed above signatures: spaces collapsed, "Kecamatan"/"Kec." dropped, one-case text
    capitalised ("kec. cibarusah" -> "Cibarusah"); a kabupaten/kota prefix is kept only for a kota."""
    words = " ".join(text.replace(",", " ").split()).split(" ")
    while len(words) > 1 and words[0].lower() in ("kecamatan", "kec.", "kec", "kabupaten", "kab.", "kab"):
        words.pop(0)
    prefix, name = split_region(" ".join(words))
    return name if prefix != "Kota" else f"Kota {name}"


def default_place(puskesmas: Puskesmas) -> str:
    """Where the puskesmas signs when no place was set: a kota's name, else the kecamatan most of its desa lie in."""
    from peewee import fn

    from desktop.models.wilayah import Desa, Kecamatan

    if puskesmas.kabupaten.is_kota:
        return f"Kota {puskesmas.kabupaten.name}"
    row = (Kecamatan.select(Kecamatan.name, fn.COUNT(Desa.id).alias("n")).join(Desa)
           .where(Desa.puskesmas == puskesmas).group_by(Kecamatan.id, Kecamatan.name)
           .order_by(fn.COUNT(Desa.id).desc(), Kecamatan.name).first())
    return normalise_place(row.name) if row else puskesmas.kabupaten.name


def signing_place(puskesmas: Puskesmas) -> str:
    """The place written above signatures: the one set in Identitas, else the default."""
    return puskesmas.sign_place or default_place(puskesmas)


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
        postal_code=pkm.postal_code, sign_place=pkm.sign_place,
    )


def validate_identity(form: IdentityForm) -> list[str]:
    """Indonesian messages naming each field that is missing or malformed."""
    errors = []
    for key in ("name", "kabupaten"):
        if not getattr(form, key).strip():
            errors.append(f"{FIELD_LABELS[key]} wajib diisi.")
    for key in ("kepala_nip", "pj_promkes_nip"):
        _, problem = check_nip(getattr(form, key), FIELD_LABELS[key])
        if problem:
            errors.append(problem)
    code = form.postal_code.strip()
    if code and not (code.isdigit() and len(code) == 5):
        errors.append(f"{FIELD_LABELS['postal_code']} harus 5 angka (tertulis '{code}').")
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
    prefix, kabupaten_name = split_region(kabupaten_name)  # "Kabupaten Bekasi" typed: stored once as "Bekasi"
    is_kota = is_kota or prefix == "Kota"
    values["sign_place"] = normalise_place(values["sign_place"]) if values["sign_place"] else ""
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
    PJ Promkes then gets an account and fills in the identity, wilayah and kader. On a server with one login per
    puskesmas the new puskesmas gets its login too: `server_login` holds (login, password) to hand over once."""
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
    from desktop.models import security

    if not security.logins_prepared(DB.obj):
        return Puskesmas.create(kabupaten=here.kabupaten, name=name)
    from desktop.models import audit
    from desktop.services.server import add_puskesmas_with_login

    with DB.atomic():  # the server's function writes the row and makes its login; the trail notes it here
        added, credentials = add_puskesmas_with_login(DB.obj, here.kabupaten_id, name)
        audit.record("buat", "puskesmas", added, {"name": [None, name]}, detail=f"login {credentials[0]}")
    pkm = Puskesmas.get_by_id(added)
    pkm.server_login = credentials
    return pkm
