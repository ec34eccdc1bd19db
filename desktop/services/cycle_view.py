"""The supervision cycle as text lines for the command line (followups, timeline): same services as the GUI."""

from __future__ import annotations

import peewee

from desktop.instruments.loader import load_instrument
from desktop.models.db import rows
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu
from desktop.models.records import InstrumentRecord
from desktop.models.schedule import FOUND_AGAIN
from desktop.models.wilayah import Desa, Puskesmas
from desktop.services import follow_up


def find_posyandu(puskesmas: Puskesmas, name: str) -> Posyandu:
    """The posyandu of this puskesmas with this name (case-blind)."""
    found = list(Posyandu.select(Posyandu, Desa).join(Desa).where(
        Desa.puskesmas == puskesmas, peewee.fn.LOWER(Posyandu.name) == name.strip().lower()))
    if not found:
        raise UserError(f"Posyandu '{name}' tidak ditemukan.")
    return found[0]


def find_kader(puskesmas: Puskesmas, name: str, posyandu: str | None = None) -> Kader | None:
    """The kader with this name (case-blind) in the puskesmas, or in one posyandu; several: UserError naming them."""
    query = (Kader.select(Kader, Posyandu).join(Posyandu).join(Desa)
             .where(Desa.puskesmas == puskesmas, peewee.fn.LOWER(Kader.name) == name.strip().lower()))
    if posyandu:
        query = query.where(Posyandu.id == find_posyandu(puskesmas, posyandu).id)
    found = list(query)
    if len(found) > 1:
        raise UserError(f"Ada {len(found)} kader bernama '{name}' (Posyandu "
                        + ", ".join(k.posyandu.name for k in found) + "); tambahkan --posyandu.")
    return found[0] if found else None


def follow_up_lines(puskesmas: Puskesmas, *, only_open: bool = False, kader: str | None = None,
                    posyandu: str | None = None) -> list[str]:
    """One line per finding or RTL item: number, kind, skill, whom it is about, source record and date, state."""
    kader_row = find_kader(puskesmas, kader, posyandu) if kader else None
    if kader and kader_row is None:
        raise UserError(f"Kader '{kader}' tidak ditemukan.")
    posyandu_id = find_posyandu(puskesmas, posyandu).id if posyandu else None
    items = list(follow_up.items(puskesmas, posyandu_id=posyandu_id, kader_id=kader_row.id if kader_row else None,
                                 only_open=only_open))
    names: dict[int, str] = dict(rows(Kader.select(Kader.id, Kader.name).where(
        Kader.id.in_([i.kader_id for i in items if i.kader_id] or [0])).tuples()))
    sources = {r.id: r for r in InstrumentRecord.select().where(
        InstrumentRecord.id.in_([i.source_id for i in items] + [i.closed_by_id for i in items if i.closed_by_id]
                                or [0]))}
    lines = []
    for i in items:
        source = sources[i.source_id]
        who = f"kader {names.get(i.kader_id, i.kader_id)}" if i.kader_id else "layanan posyandu"
        skills = ", ".join(i.skills) or "-"
        if i.status == "selesai":
            closer = sources.get(i.closed_by_id)
            state = f"SELESAI {i.closed_on:%d/%m/%Y}" + (
                f" oleh {load_instrument(closer.instrument).title} no. {closer.id}" if closer else " (ditandai)")
        elif i.status == FOUND_AGAIN:
            closer = sources.get(i.closed_by_id)
            state = f"DITEMUKAN LAGI {i.closed_on:%d/%m/%Y}" + (
                f" pada {load_instrument(closer.instrument).title} no. {closer.id} (diteruskan oleh temuan baru)"
                if closer else "")
        else:
            state = "TERBUKA" + (f", batas {i.due:%d/%m/%Y}" if i.due else "")
        answers = f"; menjawab temuan #{', #'.join(str(a) for a in i.answers)}" if i.answers else ""
        lines.append(f"#{i.id} {'Temuan' if i.kind == 'temuan' else 'RTL'} [{skills}] Posyandu {i.posyandu.name}, "
                     f"{who}: {i.description} — dari {load_instrument(source.instrument).title} no. {source.id} "
                     f"({source.activity_date:%d/%m/%Y}){answers} — {state}")
    return lines


def timeline_lines(kader: Kader) -> list[str]:
    """The kader's timeline, newest first, one event a line."""
    return [f"{e.day:%d/%m/%Y}  {e.kind}: {e.text}" + (" TERLAMBAT" if e.overdue else "")
            for e in follow_up.timeline(kader=kader)]
