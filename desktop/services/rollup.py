"""The kabupaten roll-up: one row per puskesmas of the kabupaten for a period, every figure as of the end of the
period and grouped per puskesmas in SQL where the fact is a column (a Dinas Kesehatan reads all its puskesmas at
once; kabupaten admins only). The same period rules as the puskesmas report (services/period_facts.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import peewee

from desktop.models.db import rows
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord, RecordAnswer
from desktop.models.schedule import Activity
from desktop.models.settings import get_setting, set_setting
from desktop.models.teams import TechnicalAssignment
from desktop.models.wilayah import Desa, Kabupaten, Puskesmas
from desktop.reports.report_model import ROLLUP_COLUMNS, RollupData, RollupLine
from desktop.services import auth, period_facts
from desktop.services.report_data import Period, heading

COLUMNS = ROLLUP_COLUMNS
SIGNER_KEYS = ("rekap_penanda_tangan_jabatan", "rekap_penanda_tangan_nama", "rekap_penanda_tangan_nip",
               "rekap_dinkes_alamat")
DEFAULT_POSITION = "Kepala Dinas Kesehatan"


def signer() -> tuple[str, str, str, str]:
    """(position, name, NIP, Dinas Kesehatan address) printed on the Rekap Kabupaten."""
    position, name, nip, address = (get_setting(k) for k in SIGNER_KEYS)
    return position or DEFAULT_POSITION, name, nip, address


def set_signer(position: str, name: str, nip: str, address: str = "") -> None:
    """Store who signs the Rekap Kabupaten (kabupaten admins; the GUI dialog and `report penandatangan-kabupaten`
    both come here); NIP: 18 digits when given."""
    from desktop.models.errors import UserError
    from desktop.models.nip import check_nip

    auth.require("view_all_puskesmas")
    nip, problem = check_nip(nip, "NIP penanda tangan")
    if problem:
        raise UserError(problem)
    for key, value in zip(SIGNER_KEYS, (position.strip(), name.strip(), nip, address.strip()), strict=True):
        set_setting(key, value)


def _per(query: peewee.ModelSelect[Any]) -> dict[int, int]:
    return {key: count for key, count in rows(query.tuples())}


def gather_rollup(kabupaten: Kabupaten, period: Period, today: dt.date | None = None) -> RollupData:
    """Every puskesmas of the kabupaten in `period`; UserError unless the user may see all puskesmas."""
    auth.require("view_all_puskesmas")
    today = today or dt.date.today()
    end = min(period.last, today)
    count = peewee.fn.COUNT
    puskesmas: list[tuple[int, str]] = [
        (pid, name) for pid, name in rows(Puskesmas.select(Puskesmas.id, Puskesmas.name)
                                          .where(Puskesmas.kabupaten == kabupaten).order_by(Puskesmas.name).tuples())]
    ids = [p for p, _ in puskesmas] or [0]
    posyandu_now = period_facts.posyandu_active_on(end) & Desa.puskesmas.in_(ids)
    posyandu = _per(Posyandu.select(Desa.puskesmas, count(Posyandu.id)).join(Desa).where(posyandu_now)
                    .group_by(Desa.puskesmas))
    kader_now = (Kader.registered_on.is_null() | (Kader.registered_on <= end)) & (
        Kader.active | (Kader.inactive_since > end))
    active_kader = (Kader.select(Desa.puskesmas, count(Kader.id)).join(Posyandu).join(Desa)
                    .where(kader_now, posyandu_now).group_by(Desa.puskesmas))
    kader = _per(active_kader)
    trained = _per(active_kader.where(period_facts.trained_on(end)))
    supervisors = _per(
        TechnicalAssignment.select(Staff.puskesmas, count(TechnicalAssignment.staff.distinct())).join(Staff)
        .where(TechnicalAssignment.since <= end,
               TechnicalAssignment.until.is_null() | (TechnicalAssignment.until > end), Staff.puskesmas.in_(ids))
        .group_by(Staff.puskesmas))
    planned = _per(Activity.select(Activity.puskesmas, count(Activity.id))
                   .where(Activity.date.between(period.first, period.last), Activity.puskesmas.in_(ids))
                   .group_by(Activity.puskesmas))
    done, observed, findings = _records(ids, period.first, end)
    open_items: Counter[int | None] = Counter()
    overdue: Counter[int | None] = Counter()
    puskesmas_of = _puskesmas_of(ids)
    for f in period_facts.follow_ups(ids, None):
        if f.open_on(end):
            open_items[puskesmas_of.get(f.posyandu)] += 1
            overdue[puskesmas_of.get(f.posyandu)] += f.due is not None and f.due < end
    position, name, nip, address = signer()
    result = RollupData(heading(period, kabupaten.label, f"Dinas Kesehatan {kabupaten.label}", today),
                        kabupaten.label, signer=(position, name, nip), dinkes_address=address)
    for pid, label in puskesmas:
        result.lines.append(RollupLine(label, posyandu.get(pid, 0), kader.get(pid, 0), trained.get(pid, 0),
                                       supervisors.get(pid, 0), planned.get(pid, 0), done.get(pid, 0),
                                       observed.get(pid, 0), findings.get(pid, 0), open_items[pid], overdue[pid]))
    return result


def _records(ids: list[int], first: dt.date, last: dt.date
             ) -> tuple[dict[int | None, int], dict[int, int], dict[int | None, int]]:
    """Per puskesmas: instruments recorded from `first` to `last` (by the day the activity happened), posyandu
    whose service was observed, and priority findings."""
    count = peewee.fn.COUNT
    dated = period_facts.ids_where(lambda r: bool(r.date))
    monthly = period_facts.ids_where(lambda r: r.coverage == "posyandu_monthly")
    counted = period_facts.ids_where(lambda r: r.findings)
    in_period = (InstrumentRecord.deleted_at.is_null() & InstrumentRecord.puskesmas.in_(ids)
                 & InstrumentRecord.activity_date.between(first, last))
    undated = in_period & InstrumentRecord.instrument.in_(period_facts.ids_where(lambda r: not r.date) or [""])
    done: Counter[int | None] = Counter(
        _per(InstrumentRecord.select(InstrumentRecord.puskesmas, count(InstrumentRecord.id))
             .where(undated).group_by(InstrumentRecord.puskesmas)))
    sessions = period_facts.records_between(ids, None, first, last, only=dated) if dated else []
    puskesmas_of = _puskesmas_of(ids)
    for r in sessions:
        done[puskesmas_of.get(r.posyandu)] += 1
    observed = _per(InstrumentRecord.select(InstrumentRecord.puskesmas, count(InstrumentRecord.posyandu.distinct()))
                    .where(in_period, InstrumentRecord.instrument.in_(monthly or [""]))
                    .group_by(InstrumentRecord.puskesmas))
    findings: Counter[int | None] = Counter(
        _per(RecordAnswer.select(InstrumentRecord.puskesmas, count(RecordAnswer.id)).join(InstrumentRecord)
             .where(in_period, InstrumentRecord.instrument.in_(counted or [""]),
                    InstrumentRecord.instrument.not_in(dated or [""]), RecordAnswer.priority == True)  # noqa: E712
             .group_by(InstrumentRecord.puskesmas)))
    found_in = {r.id: puskesmas_of.get(r.posyandu) for r in sessions if r.instrument in counted}
    record_ids = list(found_in)
    for start in range(0, len(record_ids), period_facts.CHUNK):
        for record, n in rows(RecordAnswer.select(RecordAnswer.record, count(RecordAnswer.id))
                          .where(RecordAnswer.record.in_(record_ids[start:start + period_facts.CHUNK]),
                                 RecordAnswer.priority == True).group_by(RecordAnswer.record).tuples()):  # noqa: E712
            findings[found_in[record]] = findings.get(found_in[record], 0) + n
    return dict(done), observed, dict(findings)


def _puskesmas_of(ids: list[int]) -> dict[int, int]:
    """Posyandu id -> puskesmas id for the posyandu of these puskesmas."""
    return dict(rows(Posyandu.select(Posyandu.id, Desa.puskesmas).join(Desa).where(Desa.puskesmas.in_(ids))
                     .tuples()))


def kabupaten_of_session() -> Kabupaten:
    """The kabupaten whose roll-up this session reads (the puskesmas being looked at belongs to it)."""
    from desktop.models.errors import UserError
    from desktop.models.settings import current_puskesmas

    here = current_puskesmas()
    if here is None:
        raise UserError("Belum ada puskesmas di basis data ini.")
    return here.kabupaten
