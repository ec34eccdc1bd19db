"""Choices for the pickers of the entry form (id, label), limited to the current puskesmas."""

from __future__ import annotations

from desktop.instruments.definition import Instrument
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.settings import current_puskesmas
from desktop.models.wilayah import Desa
from desktop.services import auth


def posyandu_choices() -> list[tuple[int, str]]:
    """Active posyandu as "Name — Desa"."""
    query = (Posyandu.select(Posyandu.id, Posyandu.name, Desa.name.alias("desa")).join(Desa)
             .where(Desa.puskesmas == current_puskesmas(), Posyandu.active).order_by(Posyandu.name).dicts())
    query = auth.limit_to_desa(query, Desa.id)  # village admin: own desa
    return [(r["id"], f"{r['name']} — {r['desa']}") for r in query]


def desa_of(posyandu_id: int | None) -> str:
    """The desa/kelurahan name of a posyandu ("" when none is chosen)."""
    if not posyandu_id:
        return ""
    row = Desa.select(Desa.name).join(Posyandu).where(Posyandu.id == posyandu_id).first()
    return row.name if row else ""


def with_desa(inst: Instrument, answers: dict) -> dict:
    """The answers with every derived "desa" field set from the chosen posyandu."""
    keys = [f.key for f in inst.header if f.type == "desa"]
    if not keys or not answers.get("posyandu"):
        return answers
    desa = desa_of(answers["posyandu"])
    return {**answers, **dict.fromkeys(keys, desa)} if desa else answers


def kader_choices(posyandu_id: int | None) -> list[tuple[int, str]]:
    """Active kader of one posyandu."""
    if not posyandu_id:
        return []
    query = Kader.select(Kader.id, Kader.name).where(Kader.posyandu == posyandu_id, Kader.active).order_by(Kader.name)
    return [(k.id, k.name) for k in query]


def supervisor_choices() -> list[tuple[int, str]]:
    """Active staff of the puskesmas, technical roles first."""
    query = Staff.select().where(Staff.puskesmas == current_puskesmas(), Staff.active).order_by(Staff.name)
    people = sorted(query, key=lambda s: (not s.is_technical, s.name))
    return [(s.id, f"{s.name} ({s.role_label})") for s in people]


def desa_choices() -> list[tuple[int, str]]:
    """Desa/kelurahan of the current puskesmas."""
    query = Desa.select().where(Desa.puskesmas == current_puskesmas()).order_by(Desa.name)
    query = auth.limit_to_desa(query, Desa.id)  # village admin: own desa
    return [(d.id, d.label) for d in query]


def puskesmas_choices() -> list[tuple[int, str]]:
    """Every puskesmas of the database (a shared one holds a kabupaten's)."""
    from desktop.models.wilayah import Puskesmas

    return [(p.id, p.name) for p in Puskesmas.select(Puskesmas.id, Puskesmas.name).order_by(Puskesmas.name)]
