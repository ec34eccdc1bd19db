"""Blank and filled instrument prints: resolves names and identity, then calls the PDF renderer."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from peewee import fn

from desktop.instruments.answers import SkillEntry
from desktop.instruments.definition import Instrument
from desktop.instruments.loader import load_instrument
from desktop.models import skills as catalogue
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord
from desktop.models.settings import current_puskesmas
from desktop.models.wilayah import Desa
from desktop.services.identity import load_identity
from desktop.services.pickers import with_desa


def print_identity():
    """The kop-surat identity of the current puskesmas (reportlab imported only now)."""
    from desktop.models.regions import region_label
    from desktop.reports.kop import Identity
    from desktop.services.identity import signing_place

    form = load_identity()
    if not form.name:
        raise UserError("Identitas puskesmas belum diisi (Pengaturan › Identitas Puskesmas).")
    return Identity(name=form.name, address=form.address, kabupaten=region_label(form.kabupaten, form.is_kota),
                    phone=form.phone, email=form.email, logo=form.logo, kepala_name=form.kepala_name,
                    kepala_nip=form.kepala_nip, pj_promkes_name=form.pj_promkes_name,
                    pj_promkes_nip=form.pj_promkes_nip, postal_code=form.postal_code,
                    place=signing_place(current_puskesmas()))


def current_skills() -> list[SkillEntry]:
    """The active catalogue as (code, area, label), in display order."""
    return [(s.code, s.area, s.label) for s in catalogue.skills()]


def find_posyandu(name: str) -> Posyandu:
    """An active posyandu of the current puskesmas by name (case-insensitive)."""
    pkm = current_puskesmas()
    found = list(Posyandu.select().join(Desa).where(
        Desa.puskesmas == pkm, Posyandu.active, fn.LOWER(Posyandu.name) == name.strip().lower()))
    if not found:
        raise UserError(f"Posyandu '{name}' tidak ditemukan di {pkm.name if pkm else 'basis data ini'}.")
    return found[0]


def blank_sheets(inst: Instrument, posyandu: Posyandu | None, kader_ids: list[int] | None = None) -> list[dict]:
    """Header pre-fills: one sheet per active kader for kader instruments (or the chosen `kader_ids`), else one
    sheet for the posyandu; tables declared `prefill = "kader"` list the posyandu's kader."""
    if posyandu is None:
        return [{}]
    query = posyandu.kader.where(Kader.active)
    if kader_ids is not None:
        query = Kader.select().where(Kader.id.in_(kader_ids))
    kader = list(query.order_by(Kader.name))
    base = {"posyandu": posyandu.name, "desa": posyandu.desa.name}
    if inst.subject == "kader":
        return [{**base, "kader": k.name} for k in kader] or [base]
    sheet: dict = dict(base)
    for f in inst.all_fields():
        if f.type == "table" and f.prefill == "kader":
            sheet[f.key] = [{"nama": k.name, "posyandu": posyandu.name} for k in kader]
    return [sheet]


def _blank(inst: Instrument, prefill: dict):
    from desktop.reports.instrument_pdf import Sheet

    return Sheet(answers=prefill)


def print_blank(instrument_id: str, out: Path, paper: str = "A4", posyandu_name: str | None = None) -> Path:
    """A blank instrument, optionally pre-filled with a posyandu and its kader."""
    from desktop.reports.instrument_pdf import render_instrument_pdf

    inst = load_instrument(instrument_id)
    posyandu = find_posyandu(posyandu_name) if posyandu_name else None
    sheets = [_blank(inst, p) for p in blank_sheets(inst, posyandu)]
    return render_instrument_pdf(inst, out, print_identity(), paper=paper, skills=current_skills(), sheets=sheets)


def _names(model, ids: object) -> object:
    if isinstance(ids, list):
        return [r.name for r in model.select().where(model.id.in_(ids))]
    row = model.get_or_none(model.id == ids) if ids else None
    return row.name if row else ids


def display_answers(inst: Instrument, answers: dict) -> dict:
    """A copy of the answers with picker ids turned into names, for printing."""
    models = {"posyandu": Posyandu, "kader": Kader, "kaders": Kader, "supervisor": Staff}
    shown = with_desa(inst, answers)  # records saved before the desa line existed
    for f in inst.all_fields():
        if f.type in models and f.key in shown:
            shown[f.key] = _names(models[f.type], shown[f.key])
    return shown


def signing_date(inst: Instrument, answers: dict) -> dt.date:
    """The date a filled form is signed: its own date, never before a date on which the recorded activity was
    held (fields declared `held_on`, also inside tables)."""
    dates = [answers.get("tanggal")]
    for f in inst.all_fields():
        if f.held_on:
            dates.append(answers.get(f.key))
        for c in f.columns:
            if c.held_on:
                dates += [row.get(c.key) for row in answers.get(f.key) or [] if isinstance(row, dict)]
    return max(dt.date.fromisoformat(str(d)[:10]) for d in dates if d)


def _signers(inst: Instrument, answers: dict) -> dict[str, tuple[str, str]]:
    """Name and NIP under each signature role, from the answer the definition names for it."""
    people: dict[str, type[Staff] | type[Kader]] = {"supervisor": Staff, "kader": Kader, "kaders": Kader}
    types = {f.key: f.type for f in inst.all_fields()}
    out = {}
    for role, key in inst.signer_fields.items():
        model, ids = people.get(types.get(key, "")), answers.get(key)
        if model is None or not ids:
            continue
        rows: list[Staff | Kader] = list(model.select().where(model.id.in_(ids if isinstance(ids, list) else [ids])))
        out[role] = (", ".join(r.name for r in rows), ", ".join(getattr(r, "nip", "") or "" for r in rows))
    return out


def earlier_rounds(record: InstrumentRecord, inst: Instrument) -> tuple[dict[str, dict], str]:
    """For an instrument with declared rounds (Awal/Akhir): the same kader's latest record of each earlier round,
    and a sentence saying from which date each comes."""
    rounds = next((s.rounds for s in inst.sections if s.rounds), "")
    field = next((f for f in inst.header if f.key == rounds), None)
    if not rounds or field is None or field.scale is None or record.kader_id is None:
        return {}, ""
    codes = [code for code, _ in field.scale.options]
    mine = record.answers.get(rounds)
    found, notes = {}, []
    for code, label in field.scale.options:
        if mine not in codes or codes.index(code) >= codes.index(mine):
            break
        earlier = (InstrumentRecord.select()
                   .where(InstrumentRecord.instrument == record.instrument, InstrumentRecord.kader == record.kader_id,
                          InstrumentRecord.round == code, InstrumentRecord.deleted_at.is_null(),
                          InstrumentRecord.activity_date <= record.activity_date, InstrumentRecord.id != record.id)
                   .order_by(InstrumentRecord.activity_date.desc(), InstrumentRecord.id.desc()).first())
        if earlier is None:
            notes.append(f"Belum ada Penilaian {label} yang tersimpan untuk kader ini.")
            continue
        found[code] = earlier.answers
        notes.append(f"Kolom {label}: jawaban Tahap {label} tanggal {long_date(earlier.activity_date)} "
                     f"(catatan nomor {earlier.id}).")
    return found, " ".join(notes)


def filled_sheet(record: InstrumentRecord, inst: Instrument):
    """The sheet of a saved record: names in place, signers, signing date, earlier rounds beside this one."""
    from desktop.reports.instrument_pdf import Sheet

    earlier, note = earlier_rounds(record, inst)
    signers = _signers(inst, record.answers)
    return Sheet(answers=display_answers(inst, copy.deepcopy(record.answers)), signers=signers,
                 signed_on=long_date(signing_date(inst, record.answers)), earlier=earlier, note=note)


def print_filled(record_id: int, out: Path, paper: str = "A4") -> Path:
    """A saved record printed in the layout of its paper form."""
    from desktop.reports.instrument_pdf import render_instrument_pdf

    record = InstrumentRecord.get_or_none(InstrumentRecord.id == record_id)
    if record is None:
        raise UserError(f"Catatan instrumen nomor {record_id} tidak ditemukan.")
    inst = load_instrument(record.instrument)
    snapshot = [(code, area, label) for code, (area, label) in record.skills.items()] or current_skills()
    return render_instrument_pdf(inst, out, print_identity(), paper=paper, skills=snapshot,
                                 sheets=[filled_sheet(record, inst)], filled=True)


MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def long_date(day: dt.date) -> str:
    """A date as written in Indonesian letters: 24 November 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def print_teams(out: Path, paper: str = "A4", desa_name: str | None = None, today: dt.date | None = None) -> Path:
    """The team roster of the puskesmas, or of one desa (its posyandu's technical supervisors and its SK team)."""
    from desktop.reports.team_pdf import DesaTeamPrint, TechnicalLine, render_teams_pdf
    from desktop.services import teams

    today = today or dt.date.today()
    identity = print_identity()
    puskesmas = current_puskesmas()
    desa_ids = None
    scope = identity.name
    if desa_name:
        desa = Desa.get_or_none(Desa.puskesmas == puskesmas, fn.LOWER(Desa.name) == desa_name.strip().lower())
        if desa is None:
            raise UserError(f"Desa/kelurahan '{desa_name}' tidak ada di wilayah {identity.name}.")
        desa_ids, scope = [desa.id], f"{'Kelurahan' if desa.is_kelurahan else 'Desa'} {desa.name}"
    names = teams.posyandu_names(puskesmas)
    in_scope = set(names) if desa_ids is None else {
        p.id for p in Posyandu.select(Posyandu.id).where(Posyandu.desa.in_(desa_ids))}
    technical = [
        TechnicalLine(r.staff.name, r.staff.nip, r.staff.role_label,
                      ", ".join(sorted(names[p] for p in r.posyandu_ids if p in in_scope)), round(r.load))
        for r in teams.technical_rows(puskesmas, today) if desa_ids is None or set(r.posyandu_ids) & in_scope]
    desa_print = []
    for team in teams.desa_teams(puskesmas, today, desa_ids):
        label = f"{'Kelurahan' if team.desa.is_kelurahan else 'Desa'} {team.desa.name}"
        d = team.decree
        if d is None:
            desa_print.append(DesaTeamPrint(label, "Belum ada SK Kepala Desa/Lurah tentang tim supervisor manajerial.",
                                            []))
            continue
        until = f"berlaku sampai {long_date(d.valid_until)}" if d.valid_until else "tanpa batas waktu"
        sk = (f"SK {d.signer_title} Nomor {d.number} tanggal {long_date(d.signed_on)}, {until}"
              f" — {team.status_label.lower()}.")
        members = [(m.name, m.role, m.origin) for m in d.members.order_by(teams.SkMember.position)]
        desa_print.append(DesaTeamPrint(label, sk, members))
    return render_teams_pdf(out, identity, scope=scope, technical=technical, desa=desa_print,
                            place_date=f"{identity.place}, {long_date(today)}", paper=paper)


DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def schedule_flags(first: dt.date, last: dt.date) -> dict[object, list[str]]:
    """What needs attention on each activity of a period (planned or postponed ones), by its slot key (the
    activity's id): conflicts by the schedule rules, no supervisor, a Sunday or a national holiday."""
    from desktop.models.schedule_rules import conflicts
    from desktop.models.workdays import non_working_reason
    from desktop.services.schedule import names, saved_slots

    puskesmas = current_puskesmas()
    slots = [s for s in saved_slots(puskesmas, first, last) if s.status not in ("batal", "selesai")]
    flags: dict[object, list[str]] = {}
    for s in slots:
        if not s.staff_ids:
            flags.setdefault(s.key, []).append("Belum ada supervisor")
        if reason := non_working_reason(s.date):
            flags.setdefault(s.key, []).append(reason[0].upper() + reason[1:])
    for found in conflicts(slots, names(puskesmas)):
        for key in found.keys:
            flags.setdefault(key, []).append(found.message)
    return flags


def print_schedule(out: Path, year: int, month: int, paper: str = "A4", today: dt.date | None = None) -> Path:
    """The month's supervision schedule (landscape), every activity with supervisors, kader and status."""
    from desktop.models.schedule_rules import month_bounds
    from desktop.reports.schedule_pdf import ScheduleLine, render_schedule_pdf
    from desktop.services.schedule import month_view

    identity = print_identity()
    first, last = month_bounds(year, month)
    flags = schedule_flags(first, last)
    lines = []
    for v in month_view(current_puskesmas(), first, last):
        a = v.activity
        status = a.status_label + (f": {a.reason}" if a.reason else "")
        kader = ", ".join(v.kader) if len(v.kader) <= 4 else f"{len(v.kader)} kader"
        if a.round:
            kader = f"Tahap {a.round.title()} — {kader}"
        lines.append(ScheduleLine(f"{DAYS[a.date.weekday()]}, {a.date:%d/%m/%Y}", f"{a.start}–{a.end}", a.kind_label,
                                  f"{a.posyandu.name} ({a.posyandu.desa.name})", ", ".join(v.supervisors) or "—",
                                  kader or "—", status, flags.get(a.id, ())))
    return render_schedule_pdf(out, identity, period=f"{MONTHS[month - 1]} {year}", lines=lines,
                               place_date=f"{identity.place}, {long_date(today or dt.date.today())}", paper=paper)


def rollup(out: Path, period, paper: str = "A4", today: dt.date | None = None) -> Path:
    """The kabupaten roll-up (every puskesmas of the kabupaten) as PDF or .xlsx by the file's extension."""
    from desktop.services.rollup import gather_rollup, kabupaten_of_session

    today = today or dt.date.today()
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        raise UserError("Nama berkas laporan harus berakhiran .pdf atau .xlsx.")
    data = gather_rollup(kabupaten_of_session(), period, today)
    if out.suffix.lower() == ".xlsx":
        from desktop.reports.rollup_report import render_rollup_xlsx

        return render_rollup_xlsx(data, out)
    from desktop.reports.rollup_report import render_rollup_pdf

    place = data.kabupaten.split(" ", 1)[-1]
    return render_rollup_pdf(data, out, place_date=f"{place}, {long_date(today)}", paper=paper)


def report(out: Path, period, scope, paper: str = "A4", today: dt.date | None = None) -> Path:
    """The supervision report for a period and scope, as PDF or .xlsx by the file's extension."""
    from desktop.services.report_data import gather

    today = today or dt.date.today()
    data = gather(scope, period, today)
    if out.suffix.lower() == ".xlsx":
        from desktop.reports.monthly_excel import render_report_xlsx

        return render_report_xlsx(data, out)
    if out.suffix.lower() != ".pdf":
        raise UserError("Nama berkas laporan harus berakhiran .pdf atau .xlsx.")
    from desktop.reports.monthly_pdf import render_report_pdf

    identity = print_identity()
    return render_report_pdf(data, out, identity, place_date=f"{identity.place}, {long_date(today)}", paper=paper)
