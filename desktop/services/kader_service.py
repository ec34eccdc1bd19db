"""Kader and posyandu lists for the Posyandu & Kader section: filtered and counted in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from desktop.models import kader_rules
from desktop.models.db import nocase
from desktop.models.errors import UserError
from desktop.models.nik import mask_nik
from desktop.models.people import Kader, Posyandu
from desktop.models.wilayah import Desa, Puskesmas
from desktop.services import auth

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
             .order_by(nocase(Kader.name), Kader.id))
    if f.puskesmas_id:
        query = query.where(Desa.puskesmas == f.puskesmas_id)
    if not f.include_inactive:
        query = query.where(Kader.active, Posyandu.active)
    text = f.text.strip()
    if text:
        query = query.where(_nik_match(text) if text.isdigit() else Kader.name.contains(text))
    for column, wanted in ((Desa.id, f.desa_id), (Posyandu.id, f.posyandu_id), (Kader.training_status, f.training)):
        if wanted:
            query = query.where(column == wanted)
    if f.classification == NOT_ASSESSED:
        query = query.where(Kader.classification.is_null())
    elif f.classification:
        query = query.where(Kader.classification == f.classification)
    if f.new_only:
        query = query.where(Kader.start_year >= (today or dt.date.today()).year)
    query = auth.limit_to_desa(query, Desa.id)  # village admin: own desa
    return query


def _nik_match(digits: str):
    """Search by NIK: by its start for roles that see NIKs; others only find a kader by the whole NIK they already
    hold (a prefix would let them read a NIK digit by digit)."""
    if auth.allowed("view_personal"):
        return Kader.nik.startswith(digits)
    return Kader.nik == digits if len(digits) == 16 else Kader.id.is_null()  # IS NULL on the key: nothing


def posyandu_rows(puskesmas: Puskesmas | None, desa_id: int | None = None, include_inactive: bool = False):
    """Posyandu with desa and counts of active, trained and not-yet-assessed kader (one aggregate query)."""
    active = Kader.active == True  # noqa: E712 (peewee expression)
    query = (Posyandu.select(
        Posyandu, Desa,
        peewee.fn.COUNT(Kader.id).filter(active).alias("kader_count"),
        peewee.fn.COUNT(Kader.id).filter(active & (Kader.training_status == "sudah")).alias("trained"),
        peewee.fn.COUNT(Kader.id).filter(active & Kader.classification.is_null()).alias("not_assessed"),
    ).join(Desa).switch(Posyandu).join(Kader, peewee.JOIN.LEFT_OUTER)
        .group_by(Posyandu.id, Desa.id).order_by(Desa.name, Posyandu.name))
    if puskesmas is not None:
        query = query.where(Desa.puskesmas == puskesmas)
    if desa_id:
        query = query.where(Desa.id == desa_id)
    if not include_inactive:
        query = query.where(Posyandu.active)
    query = auth.limit_to_desa(query, Desa.id)  # village admin: own desa
    return query


@dataclass
class KaderForm:
    """Editable kader fields as plain values."""

    posyandu_id: int | None = None
    name: str = ""
    nik: str = ""
    phone: str = ""
    sex: str = "P"
    birth_date: str | None = None  # ISO, or the text typed when it is not a real date
    start_year: int | None = None
    training_status: str = "belum"


def save_kader(form: KaderForm, kader: Kader | None = None, today: dt.date | None = None) -> Kader:
    """Validate (models/kader_rules.py, the same rules as the roster import) and store a kader; UserError names
    every field that is wrong."""
    auth.require("edit_master")
    today = today or dt.date.today()
    errors: list[str] = []
    name = ""
    try:
        name = kader_rules.clean_name(form.name)
    except ValueError as exc:
        errors.append("Nama kader wajib diisi." if "kosong" in str(exc) else f"Nama kader: {exc}.")
    if not form.posyandu_id:
        errors.append("Posyandu wajib dipilih.")
    nik = None
    try:
        nik = kader_rules.clean_nik(form.nik)
    except ValueError as exc:
        errors.append(f"{exc}.")  # the reason already names the NIK
    if nik:
        other = Kader.get_or_none(Kader.nik == nik)
        if other is not None and (kader is None or other.id != kader.id):
            errors.append(f"NIK {mask_nik(nik)} sudah dipakai oleh {other.name} (Posyandu {other.posyandu.name}).")
    birth = None
    if form.birth_date:
        try:
            birth = dt.date.fromisoformat(form.birth_date)
        except ValueError:
            errors.append(f"Tanggal lahir '{form.birth_date}' tidak sah.")
        else:
            try:
                kader_rules.check_birth_date(birth, today)
            except ValueError as exc:
                errors.append(f"Tanggal lahir: {exc}.")
    start_year = None
    try:
        start_year = kader_rules.clean_start_year(form.start_year, today)
    except ValueError as exc:
        errors.append(f"Tahun mulai menjadi kader: {exc}.")
    phone = ""
    try:
        phone = kader_rules.clean_phone(form.phone)
    except ValueError as exc:
        errors.append(f"No. HP/WA: {exc}.")
    if errors or not form.posyandu_id:  # a missing posyandu is among the errors
        raise UserError(" ".join(errors))
    kader = kader or Kader()
    kader.posyandu_id, kader.name, kader.nik, kader.phone = form.posyandu_id, name, nik, phone
    kader.sex, kader.birth_date, kader.start_year = form.sex, birth, start_year
    kader.training_status = form.training_status
    kader.save()
    return kader


def set_active(kader: Kader, active: bool) -> None:
    """Deactivate (never delete: records keep pointing at the kader) or reactivate."""
    auth.require("edit_master")
    kader.active = active
    kader.save()


# --- posyandu ------------------------------------------------------------------------------------------------


@dataclass
class PosyanduForm:
    """Editable posyandu fields as plain values (dates as ISO text, possibly invalid)."""

    desa_id: int | None = None
    name: str = ""
    address: str = ""
    rt_rw: str = ""
    established: str | None = None
    service_day: int | None = None


def save_posyandu(form: PosyanduForm, posyandu: Posyandu | None = None, today: dt.date | None = None) -> Posyandu:
    """Validate and store a posyandu; UserError names every wrong field."""
    auth.require("edit_master")
    today = today or dt.date.today()
    errors = []
    name = " ".join(form.name.split())
    if not form.desa_id:
        errors.append("Desa/kelurahan wajib dipilih.")
    if not name:
        errors.append("Nama posyandu wajib diisi.")
    established = None
    if form.established:
        try:
            established = dt.date.fromisoformat(form.established)
        except ValueError:
            errors.append(f"Tanggal berdiri '{form.established}' tidak sah.")
        else:
            if established > today:
                errors.append("Tanggal berdiri tidak boleh di masa depan.")
    if form.service_day is not None and not 1 <= form.service_day <= 28:
        errors.append("Hari buka harus tanggal 1–28 (tanggal yang ada di setiap bulan).")
    if name and form.desa_id:
        clash = Posyandu.select().where(Posyandu.desa == form.desa_id, peewee.fn.LOWER(Posyandu.name) == name.lower())
        if posyandu is not None:
            clash = clash.where(Posyandu.id != posyandu.id)
        if clash.exists():
            errors.append(f"Posyandu {name} sudah ada di desa ini.")
    if errors or not form.desa_id:  # a missing desa is among the errors
        raise UserError(" ".join(errors))
    posyandu = posyandu or Posyandu()
    posyandu.desa_id, posyandu.name, posyandu.address = form.desa_id, name, form.address.strip()
    posyandu.rt_rw, posyandu.established, posyandu.service_day = form.rt_rw.strip(), established, form.service_day
    posyandu.save()
    return posyandu


def set_posyandu_active(posyandu: Posyandu, active: bool, today: dt.date | None = None) -> None:
    """Deactivate (kept with its kader and records; dated `today`, so reports of earlier periods still count it)
    or reactivate (the date is cleared)."""
    auth.require("edit_master")
    if active:
        posyandu.inactive_since = None
    elif posyandu.active:  # closed now (deactivating again keeps the first day)
        posyandu.inactive_since = today or dt.date.today()
    posyandu.active = active
    posyandu.save()


# --- kader history ----------------------------------------------------------------------------------------------


def add_classification(kader: Kader, level: str, assessed_on: str | None, assessor: str = "", source: str = "",
                       today: dt.date | None = None):
    """Record an assessed Purwa/Madya/Utama result; the newest assessment is the kader's classification."""
    auth.require("edit_master")
    from desktop.models.kader_history import ClassificationAssessment
    from desktop.models.people import CLASSIFICATION_CHOICES

    today = today or dt.date.today()
    errors = []
    if level not in dict(CLASSIFICATION_CHOICES):
        errors.append("Tingkat klasifikasi wajib dipilih (Purwa, Madya, atau Utama).")
    day = None
    try:
        day = dt.date.fromisoformat(assessed_on or "")
    except ValueError:
        errors.append(f"Tanggal penilaian '{assessed_on or ''}' tidak sah." if assessed_on else
                      "Tanggal penilaian wajib diisi.")
    if day and day > today:
        errors.append("Tanggal penilaian tidak boleh di masa depan.")
    if errors:
        raise UserError(" ".join(errors))
    from desktop.models.db import DB

    with DB.atomic():
        record = ClassificationAssessment.create(kader=kader, level=level, assessed_on=day,
                                                 assessor=assessor.strip(), source=source.strip())
        newest = kader.classifications.order_by(ClassificationAssessment.assessed_on.desc(),
                                                ClassificationAssessment.id.desc()).first()
        kader.classification, kader.classification_date = newest.level, newest.assessed_on
        kader.save()
    return record


def save_training(kader: Kader, batch: str, progress: int | None, practice_on: str | None = None,
                  certificate_on: str | None = None, notes: str = "", record=None, today: dt.date | None = None):
    """Record a training batch (online progress %, practice, certificate); the kader's status follows it."""
    auth.require("edit_master")
    from desktop.models.db import DB
    from desktop.models.kader_history import TrainingRecord

    today = today or dt.date.today()
    errors = []
    if not batch.strip():
        errors.append("Angkatan pelatihan wajib diisi.")
    if progress is None or not 0 <= progress <= 100:
        errors.append("Progres belajar daring harus 0–100%.")
    dates = {}
    for key, label, text in (("practice", "Tanggal praktik", practice_on), ("certificate", "Tanggal sertifikat",
                                                                            certificate_on)):
        if text:
            try:
                dates[key] = dt.date.fromisoformat(text)
            except ValueError:
                errors.append(f"{label} '{text}' tidak sah.")
            else:
                if dates[key] > today:
                    errors.append(f"{label} tidak boleh di masa depan.")
    if dates.get("certificate") and progress != 100:
        errors.append("Sertifikat hanya untuk progres 100%.")
    if errors:
        raise UserError(" ".join(errors))
    with DB.atomic():
        record = record or TrainingRecord(kader=kader)
        record.batch, record.online_progress, record.notes = batch.strip(), progress, notes.strip()
        record.practice_done_on, record.certificate_date = dates.get("practice"), dates.get("certificate")
        record.save()
        trainings = list(kader.trainings)
        kader.training_status = ("sudah" if any(t.certificate_date for t in trainings) else
                                 "sedang" if any(t.online_progress for t in trainings) else "belum")
        kader.save()
    return record
