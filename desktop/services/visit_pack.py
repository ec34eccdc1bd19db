"""Bekal kunjungan: from a planned activity, one PDF with a cover (posyandu, date, supervisors, and for each kader
her open findings and RTL items and her last result per skill) followed by the pre-filled blank forms."""

from __future__ import annotations

from pathlib import Path

from desktop.instruments.answers import scored_items
from desktop.instruments.loader import load_instrument
from desktop.models import skills as catalogue
from desktop.models.errors import UserError
from desktop.models.people import Kader, Staff
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.schedule import ACTIVITY_KINDS, Activity, FollowUp
from desktop.services import follow_up
from desktop.services.printing import DAYS, blank_sheets, current_skills, long_date, print_identity
from desktop.services.schedule import row_of

KIND_LABELS = dict(ACTIVITY_KINDS)


def _open_items(activity: Activity, kader_id: int | None) -> list:
    from desktop.reports.visit_pdf import OpenItem

    items = follow_up.open_items(activity.puskesmas, posyandu_id=activity.posyandu_id, kader_id=kader_id)
    if kader_id is None:
        items = items.where(FollowUp.kader.is_null())
    return [OpenItem(f"{i.source.activity_date:%d/%m/%Y}", KIND_LABELS.get(i.source.instrument, i.source.instrument),
                     i.description + (f" (oleh: {i.owner})" if i.owner else ""),
                     f"{i.due:%d/%m/%Y}" if i.due else "") for i in items]


def last_results(kader_id: int) -> list:
    """The kader's latest answer for every skill of the catalogue she was assessed or observed on."""
    from desktop.reports.visit_pdf import SkillResult

    labels = catalogue.labels()
    rows = (RecordAnswer.select(RecordAnswer, InstrumentRecord).join(InstrumentRecord)
            .where(RecordAnswer.kader == kader_id, RecordAnswer.skill.is_null(False),
                   InstrumentRecord.deleted_at.is_null())
            .order_by(InstrumentRecord.activity_date.desc(), InstrumentRecord.id.desc()))
    fields: dict[tuple[str, int], dict] = {}
    seen: dict[str, SkillResult] = {}
    for row in rows:
        if row.skill is None or row.skill in seen:
            continue
        record = row.record
        key = (record.instrument, record.id)
        if key not in fields:
            snapshot = [(c, a, label) for c, (a, label) in record.skills.items()] or current_skills()
            fields[key] = scored_items(load_instrument(record.instrument), snapshot)
        f = fields[key].get(row.item)
        result = f.scale.label(row.value) if f is not None and f.scale is not None else row.value
        seen[row.skill] = SkillResult(f"{row.skill} {labels.get(row.skill, '')}".strip(), result,
                                      f"{record.activity_date:%d/%m/%Y}, {KIND_LABELS.get(record.instrument, '')}",
                                      row.priority)
    order = {code: n for n, code in enumerate(labels)}
    return [seen[code] for code in sorted(seen, key=lambda c: (order.get(c, len(order)), c))]


def visit_cover(activity: Activity):
    """What the cover of the visit pack shows, and the forms that follow it."""
    from desktop.reports.instrument_pdf import Sheet
    from desktop.reports.visit_pdf import KaderCover, VisitCover

    row = row_of(activity)
    staff = [s.name for s in Staff.select().where(Staff.id.in_(row.staff_ids)).order_by(Staff.name)]
    if row.kader_ids:
        kader = list(Kader.select().where(Kader.id.in_(row.kader_ids)).order_by(Kader.name))
    else:
        kader = list(activity.posyandu.kader.where(Kader.active).order_by(Kader.name))
    inst = load_instrument(activity.kind)
    sheets = []
    for prefill in blank_sheets(inst, activity.posyandu, row.kader_ids or None):
        prefill["tanggal"] = activity.date.isoformat()
        for f in inst.all_fields():
            if f.type == "supervisor" and staff:
                prefill[f.key] = ", ".join(staff)
            if f.type == "kaders" and row.kader_ids:
                prefill[f.key] = [k.name for k in kader]
        sheets.append(Sheet(answers=prefill))
    when = f"{DAYS[activity.date.weekday()]}, {long_date(activity.date)}, {activity.start}–{activity.end}"
    return VisitCover(
        activity=KIND_LABELS.get(activity.kind, activity.kind),
        posyandu=f"{activity.posyandu.name} ({activity.posyandu.desa.name})", when=when,
        supervisors=", ".join(staff),
        kader=[KaderCover(k.name, _open_items(activity, k.id), last_results(k.id)) for k in kader],
        posyandu_items=_open_items(activity, None), forms=[(inst, sheets)])


def print_visit(activity_id: int, out: Path, paper: str = "A4") -> Path:
    """The visit pack of a planned activity as one PDF."""
    from desktop.reports.visit_pdf import render_visit_pdf

    activity = Activity.get_or_none(Activity.id == activity_id)
    if activity is None:
        raise UserError(f"Kegiatan nomor {activity_id} tidak ditemukan.")
    identity = print_identity()
    return render_visit_pdf(out, identity, visit_cover(activity), skills=current_skills(), paper=paper)
