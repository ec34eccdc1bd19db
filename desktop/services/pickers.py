"""Choices for the pickers of the entry form (id, label), limited to the current puskesmas."""

from __future__ import annotations

import datetime as dt

from desktop.instruments.definition import Instrument
from desktop.models.db import rows
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


def finding_choices(posyandu_id: int | None, linked: list[int] | None = None) -> list[tuple[int, str]]:
    """Open findings of one posyandu (and those already `linked`) as "#id [skill] kader: finding (date)",
    oldest first."""
    if not posyandu_id:
        return []
    from desktop.models.records import InstrumentRecord
    from desktop.models.schedule import FollowUp

    query = (FollowUp.select(FollowUp, InstrumentRecord.activity_date.alias("found_on"))
             .join(InstrumentRecord, on=(FollowUp.source == InstrumentRecord.id))
             .where(FollowUp.posyandu == posyandu_id, FollowUp.kind == "temuan", InstrumentRecord.deleted_at.is_null(),
                    (FollowUp.status == "terbuka") | FollowUp.id.in_(linked or [0]))
             .order_by(InstrumentRecord.activity_date, FollowUp.id))
    names: dict[int, str] = dict(rows(Kader.select(Kader.id, Kader.name).where(Kader.posyandu == posyandu_id).tuples()))
    out = []
    for f in query.objects():
        found_on = dt.date.fromisoformat(str(getattr(f, "found_on"))[:10])  # noqa: B009 (the joined column)
        out.append((f.id, f"#{f.id} [{', '.join(f.skills)}] {names.get(f.kader_id or 0, 'Layanan posyandu')}: "
                          f"{f.description.removeprefix('Temuan ')} ({found_on:%d/%m/%Y})"))
    return out


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


def match_choice(text: str, labels: list[str]) -> int | None:
    """Which label a typed text means: an exact label or name, else the one label it uniquely starts or occurs in.

    A label's name is what precedes " — " or " (" ("Melati 2 — Sukamaju", "Siti (Bidan)"); matching ignores case
    and repeated spaces. None when nothing or more than one label fits.
    """
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return None
    names = [" ".join(label.split()).casefold() for label in labels]
    exact = [i for i, name in enumerate(names)
             if name == wanted or name.startswith((f"{wanted} — ", f"{wanted} ("))]
    for candidates in (exact, [i for i, n in enumerate(names) if n.startswith(wanted)],
                       [i for i, n in enumerate(names) if wanted in n]):
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            return None
    return None


def closest(text: str, labels: list[str], n: int = 3) -> list[str]:
    """The labels most like a text that matches none (a typo anywhere, or a wrong ending of a name's start)."""
    from difflib import SequenceMatcher

    wanted = " ".join(text.split()).casefold()

    def score(label: str) -> float:
        name = label.split(" — ")[0].split(" (")[0].casefold()
        whole, start = SequenceMatcher(None, wanted, name), SequenceMatcher(None, wanted, name[:len(wanted)])
        return max(whole.ratio(), start.ratio())

    scored = sorted(((score(label), label) for label in labels), key=lambda pair: -pair[0])
    return [label for s, label in scored[:n] if s >= 0.6]


def finding_labels(ids: list[int]) -> list[str]:
    """Linked findings as the picker shows them ("#id [skill] kader: finding (date)"), for prints and lists."""
    from desktop.models.schedule import FollowUp

    wanted = set(ids or [])
    posyandu = {p for (p,) in rows(FollowUp.select(FollowUp.posyandu).where(FollowUp.id.in_(wanted or [0])).tuples())}
    labels = dict(choice for p in posyandu for choice in finding_choices(p, sorted(wanted)) if choice[0] in wanted)
    return [labels.get(i, f"#{i}") for i in ids]
