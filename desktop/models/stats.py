"""Counts shown on Beranda and by the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.models.people import MANAGERIAL_ROLES, TECHNICAL_ROLES, Kader, Posyandu, Staff
from desktop.models.wilayah import Desa, Puskesmas


@dataclass(frozen=True)
class Counts:
    """Active records in one puskesmas (or in the whole database when no puskesmas is given)."""

    desa: int
    posyandu: int
    kader: int
    kader_trained: int
    supervisors_technical: int
    supervisors_managerial: int


def counts(puskesmas: Puskesmas | None = None, desa_ids: list[int] | None = None) -> Counts:
    """Count desa, active posyandu, active kader and active supervisors (of some desa only, when given)."""
    desa = Desa.select()
    posyandu = Posyandu.select().join(Desa).where(Posyandu.active)
    kader = Kader.select().join(Posyandu).join(Desa).where(Kader.active, Posyandu.active)
    staff = Staff.select().where(Staff.active)
    if puskesmas is not None:
        desa = desa.where(Desa.puskesmas == puskesmas)
        posyandu = posyandu.where(Desa.puskesmas == puskesmas)
        kader = kader.where(Desa.puskesmas == puskesmas)
        staff = staff.where(Staff.puskesmas == puskesmas)
    if desa_ids is not None:
        desa = desa.where(Desa.id.in_(desa_ids or [0]))
        posyandu = posyandu.where(Desa.id.in_(desa_ids or [0]))
        kader = kader.where(Desa.id.in_(desa_ids or [0]))
        staff = staff.where(Staff.desa.in_(desa_ids or [0]))
    return Counts(
        desa=desa.count(),
        posyandu=posyandu.count(),
        kader=kader.count(),
        kader_trained=kader.where(Kader.training_status == "sudah").count(),
        supervisors_technical=staff.where(Staff.role.in_(TECHNICAL_ROLES)).count(),
        supervisors_managerial=staff.where(Staff.role.in_(MANAGERIAL_ROLES)).count(),
    )
