"""Supervisor teams of a puskesmas: technical assignments, the SK register of managerial teams, and the checks
shown on screen and by `bina-kader teams check` (all counted in SQL, rules in desktop.models.team_rules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from desktop.models import audit, kader_rules
from desktop.models.db import DB, rows
from desktop.models.errors import UserError
from desktop.models.nip import check_nip
from desktop.models.people import TECHNICAL_ROLES, Kader, Posyandu, Staff
from desktop.models.team_rules import BIDAN_MAX_POSYANDU, SK_STATUS_LABELS, Ratio, over_capacity, shared_load, sk_status
from desktop.models.teams import SkDecree, SkMember, TechnicalAssignment
from desktop.models.wilayah import Desa, Puskesmas
from desktop.services import auth

SK_FILE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
SK_FILE_MAX = 10 * 1024 * 1024


def _current(today: dt.date):
    return TechnicalAssignment.until.is_null() | (TechnicalAssignment.until > today)


def kader_per_posyandu(puskesmas: Puskesmas) -> dict[int, int]:
    """Active kader of every active posyandu of the puskesmas (0 included)."""
    query = (Posyandu.select(Posyandu.id, peewee.fn.COUNT(Kader.id).alias("n")).join(Desa)
             .switch(Posyandu).join(Kader, peewee.JOIN.LEFT_OUTER, on=(Kader.posyandu == Posyandu.id) & Kader.active)
             .where(Desa.puskesmas == puskesmas, Posyandu.active).group_by(Posyandu.id).tuples())
    return dict(rows(query))


def posyandu_names(puskesmas: Puskesmas) -> dict[int, str]:
    """Name of every posyandu of the puskesmas, by id."""
    return dict(rows(Posyandu.select(Posyandu.id, Posyandu.name).join(Desa).where(Desa.puskesmas == puskesmas)
                     .tuples()))


def current_assignments(puskesmas: Puskesmas, today: dt.date) -> list[tuple[int, int]]:
    """(staff id, posyandu id) of every current assignment to an active posyandu by active staff."""
    query = (TechnicalAssignment.select(TechnicalAssignment.staff, TechnicalAssignment.posyandu)
             .join(Staff).switch(TechnicalAssignment).join(Posyandu).join(Desa)
             .where(Desa.puskesmas == puskesmas, Posyandu.active, Staff.active, _current(today)).tuples())
    return [(staff, posyandu) for staff, posyandu in rows(query)]


@dataclass
class SupervisorRow:
    """One technical supervisor with the posyandu they hold and their (shared) kader load."""

    staff: Staff
    posyandu_ids: list[int]
    load: float

    @property
    def over_capacity(self) -> bool:
        return over_capacity(self.load)

    @property
    def bidan_over(self) -> bool:
        return self.staff.role == "bidan_desa" and len(self.posyandu_ids) > BIDAN_MAX_POSYANDU


def technical_rows(puskesmas: Puskesmas, today: dt.date | None = None) -> list[SupervisorRow]:
    """Every active technical staff member (PJ Promkes first), assigned or not."""
    today = today or dt.date.today()
    kader = kader_per_posyandu(puskesmas)
    pairs = current_assignments(puskesmas, today)
    per_posyandu: dict[int, int] = {}
    per_staff: dict[int, list[int]] = {}
    for staff_id, posyandu_id in pairs:
        per_posyandu[posyandu_id] = per_posyandu.get(posyandu_id, 0) + 1
        per_staff.setdefault(staff_id, []).append(posyandu_id)
    staff = (Staff.select().where(Staff.puskesmas == puskesmas, Staff.active, Staff.role.in_(TECHNICAL_ROLES))
             .order_by(Staff.role != "pj_promkes", Staff.name))
    return [SupervisorRow(s, per_staff.get(s.id, []), shared_load(kader, per_posyandu, per_staff.get(s.id, [])))
            for s in staff]


@dataclass
class LoadBasis:
    """What a supervisor's load depends on: each posyandu's active kader and how many others hold it."""

    kader: dict[int, int]
    others: dict[int, int]

    def load(self, posyandu_ids: list[int]) -> float:
        """The load if the supervisor held exactly `posyandu_ids` — the figure of the Tim Teknis table."""
        return shared_load(self.kader, {p: self.others.get(p, 0) + 1 for p in posyandu_ids}, posyandu_ids)


def load_basis(staff: Staff, today: dt.date | None = None) -> LoadBasis:
    """The basis of `staff`'s load (everyone else's current assignments), for choosing posyandu live."""
    today = today or dt.date.today()
    others: dict[int, int] = {}
    for staff_id, posyandu_id in current_assignments(staff.puskesmas, today):
        if staff_id != staff.id:
            others[posyandu_id] = others.get(posyandu_id, 0) + 1
    return LoadBasis(kader_per_posyandu(staff.puskesmas), others)


def assign(staff: Staff, posyandu_ids: list[int], today: dt.date | None = None) -> None:
    """Make `posyandu_ids` the staff member's current posyandu: new ones start today, dropped ones end today."""
    auth.require("edit_master")
    today = today or dt.date.today()
    if staff.role not in TECHNICAL_ROLES or not staff.active:
        raise UserError(f"{staff.name} bukan tenaga kesehatan aktif; hanya nakes dapat menjadi supervisor teknis.")
    wanted = set(posyandu_ids)
    own = {p.id for p in Posyandu.select(Posyandu.id).join(Desa).where(Desa.puskesmas == staff.puskesmas,
                                                                          Posyandu.id.in_(wanted or [0]))}
    if wanted - own:
        raise UserError("Ada posyandu yang tidak termasuk wilayah puskesmas ini.")
    with DB.atomic():
        current = {a.posyandu_id: a for a in staff.assignments.where(_current(today))}
        for posyandu_id, assignment in current.items():
            if posyandu_id not in wanted:
                assignment.until = today
                assignment.save()
        for posyandu_id in wanted - set(current):
            TechnicalAssignment.create(staff=staff, posyandu=posyandu_id, since=today)


def supervisors_of(puskesmas: Puskesmas, today: dt.date | None = None) -> dict[int, list[str]]:
    """Names of the current technical supervisors of each posyandu."""
    names = dict(rows(Staff.select(Staff.id, Staff.name).where(Staff.puskesmas == puskesmas).tuples()))
    out: dict[int, list[str]] = {}
    for staff_id, posyandu_id in current_assignments(puskesmas, today or dt.date.today()):
        out.setdefault(posyandu_id, []).append(names[staff_id])
    return out


# --- SK register -------------------------------------------------------------------------------------------


@dataclass
class MemberForm:
    name: str = ""
    role: str = "Anggota"
    origin: str = ""
    phone: str = ""


@dataclass
class SkForm:
    """An SK as typed in the dialog (dates as ISO text, possibly invalid)."""

    desa_id: int | None = None
    number: str = ""
    signed_on: str = ""
    signer: str = ""
    signer_title: str = "Kepala Desa"
    valid_from: str = ""
    valid_until: str = ""  # empty: no end date
    members: list[MemberForm] = field(default_factory=list)
    file_path: str = ""  # a new scan to attach; empty keeps the current file


def _date(text: str, label: str, errors: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.append(f"{label}: '{text}' bukan tanggal yang sah.")
        return None


def save_sk(form: SkForm, decree: SkDecree | None = None, today: dt.date | None = None) -> SkDecree:
    """Validate and store an SK with its members (and scan); UserError names every wrong field."""
    auth.require("edit_sk", desa_id=form.desa_id)
    if decree is not None and decree.id is not None:  # the stored SK's desa too: no taking over another desa's SK
        auth.require("edit_sk", desa_id=(SkDecree.get_or_none(SkDecree.id == decree.id) or decree).desa_id)
    today = today or dt.date.today()
    errors: list[str] = []
    if not form.desa_id:
        errors.append("Desa/kelurahan wajib dipilih.")
    if not form.number.strip():
        errors.append("Nomor SK wajib diisi.")
    if not form.signer.strip():
        errors.append(f"Nama {form.signer_title or 'penandatangan'} wajib diisi.")
    signed = _date(form.signed_on, "Tanggal SK", errors)
    start = _date(form.valid_from, "Berlaku mulai", errors)
    end = _date(form.valid_until, "Berlaku sampai", errors)
    if not form.signed_on:
        errors.append("Tanggal SK wajib diisi.")
    elif signed and signed > today:
        errors.append("Tanggal SK tidak boleh di masa depan.")
    if start and end and end < start:
        errors.append("Berlaku sampai harus sesudah tanggal mulai berlaku.")
    members = [m for m in form.members if any((m.name.strip(), m.origin.strip(), m.phone.strip()))]
    for n, m in enumerate(members, start=1):
        if not m.name.strip():
            errors.append(f"Anggota baris {n}: nama wajib diisi.")
    if not members:
        errors.append("Isi sedikitnya satu anggota tim sesuai SK.")
    data = None
    if form.file_path:
        path = Path(form.file_path)
        if path.suffix.lower() not in SK_FILE_TYPES:
            errors.append("Berkas SK harus PDF atau gambar (JPG/PNG).")
        elif not path.is_file():
            errors.append(f"Berkas SK '{path.name}' tidak ditemukan.")
        elif path.stat().st_size > SK_FILE_MAX:
            errors.append("Berkas SK lebih dari 10 MB; pindai ulang dengan resolusi lebih rendah.")
        else:
            data = path.read_bytes()
    if not errors and form.desa_id:
        clash = SkDecree.select().where(SkDecree.desa == form.desa_id,
                                        peewee.fn.LOWER(SkDecree.number) == form.number.strip().lower())
        if decree is not None:
            clash = clash.where(SkDecree.id != decree.id)
        if clash.exists():
            errors.append(f"SK nomor {form.number.strip()} untuk desa ini sudah tercatat.")
    if errors:
        raise UserError(" ".join(errors))
    assert signed is not None and form.desa_id is not None  # both checked above
    with DB.atomic():
        decree = decree or SkDecree()
        decree.desa_id, decree.number, decree.signed_on = form.desa_id, form.number.strip(), signed
        decree.signer, decree.signer_title = " ".join(form.signer.split()), form.signer_title
        decree.valid_from, decree.valid_until = start or signed, end
        if data is not None:
            decree.file_name, decree.file_data = Path(form.file_path).name, data
        decree.save()
        before = [m.name for m in SkMember.select().where(SkMember.decree == decree).order_by(SkMember.position)]
        after = [" ".join(m.name.split()) for m in members]
        if before != after:
            audit.record("ubah", "sk_member", decree.id, {"anggota": [before, after]}, detail=f"SK {decree.number}")
        SkMember.delete().where(SkMember.decree == decree).execute()
        SkMember.insert_many([{"decree": decree.id, "position": n, "name": " ".join(m.name.split()),
                               "role": m.role.strip() or "Anggota", "origin": m.origin.strip(),
                               "phone": m.phone.strip()} for n, m in enumerate(members)]).execute()
    return decree


@dataclass
class DesaTeam:
    """A desa with its newest SK (if any) and that SK's status today."""

    desa: Desa
    decree: SkDecree | None
    status: str  # a key of SK_STATUS_LABELS
    members: int

    @property
    def status_label(self) -> str:
        return SK_STATUS_LABELS[self.status]


def desa_teams(puskesmas: Puskesmas, today: dt.date | None = None, desa_ids: list[int] | None = None) -> list[DesaTeam]:
    """Every desa of the puskesmas with its newest SK (by start of validity) and member count."""
    today = today or dt.date.today()
    desa = Desa.select().where(Desa.puskesmas == puskesmas).order_by(Desa.name)
    if desa_ids is not None:
        desa = desa.where(Desa.id.in_(desa_ids))
    desa = auth.limit_to_desa(desa, Desa.id)  # village admin: own desa
    newest: dict[int, SkDecree] = {}
    decrees = (SkDecree.select(SkDecree.id, SkDecree.desa, SkDecree.number, SkDecree.signed_on, SkDecree.signer,
                               SkDecree.signer_title, SkDecree.valid_from, SkDecree.valid_until, SkDecree.file_name)
               .join(Desa).where(Desa.puskesmas == puskesmas, SkDecree.valid_from <= today)
               .order_by(SkDecree.valid_from, SkDecree.id))
    for d in decrees:
        newest[d.desa_id] = d
    wanted = [d.id for d in newest.values()] or [0]
    counts = dict(rows(SkMember.select(SkMember.decree, peewee.fn.COUNT(SkMember.id))
                       .where(SkMember.decree.in_(wanted)).group_by(SkMember.decree).tuples()))
    teams = []
    for d in desa:
        decree = newest.get(d.id)
        status = sk_status(decree.valid_until, today) if decree else "tidak_ada"
        teams.append(DesaTeam(d, decree, status, counts.get(decree.id, 0) if decree else 0))
    return teams


def sk_file(decree: SkDecree, folder: Path | None = None) -> Path:
    """Write the stored scan for the OS viewer and return its path: in `folder`, or in a new private temporary
    folder (unique name, 0700); the file is created fresh (0600) and never written through a planted link."""
    import os
    import tempfile

    data = SkDecree.get_by_id(decree.id).file_data
    if not data:
        raise UserError(f"SK {decree.number} belum dilampiri berkas pindaian.")
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="bina-kader-sk-"))
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"SK-{decree.id}{Path(decree.file_name).suffix.lower() or '.pdf'}"
    if os.path.lexists(out):  # an earlier copy, or something planted there: never reuse that name
        out = Path(tempfile.mkdtemp(prefix="bina-kader-sk-", dir=folder)) / out.name
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(out, flags, 0o600)
    with os.fdopen(handle, "wb") as stream:
        stream.write(bytes(data))
    return out


# --- checks --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """One line of the team check and what it is about, so a screen can open the place to fix it."""

    message: str
    kind: str  # ratio, unassigned, over, bidan_over, sk_missing, sk_expired, sk_ending
    key: int | None = None  # posyandu id (unassigned), staff id (over, bidan_over), desa id (sk_*)


@dataclass
class TeamCheck:
    """What `teams check` reports; `issues()` lists the lines that need action, `problems()` their text."""

    ratio: Ratio
    unassigned: list[Posyandu]
    over: list[SupervisorRow]
    bidan_over: list[SupervisorRow]
    desa: list[DesaTeam]

    def problems(self) -> list[str]:
        return [issue.message for issue in self.issues()]

    def issues(self) -> list[Issue]:
        out = []
        if self.ratio.shortfall or not self.ratio.supervisors:
            out.append(Issue(self.ratio.message(), "ratio"))
        for p in self.unassigned:
            out.append(Issue(f"Posyandu {p.name} (Desa {p.desa.name}) belum punya supervisor teknis.", "unassigned",
                             p.id))
        for row in self.over:
            out.append(Issue(f"{row.staff.name} membina ±{row.load:.0f} kader — melebihi 30 kader per supervisor.",
                             "over", row.staff.id))
        for row in self.bidan_over:
            out.append(Issue(f"{row.staff.name} (bidan desa) memegang {len(row.posyandu_ids)} posyandu — lebih dari "
                             f"{BIDAN_MAX_POSYANDU}.", "bidan_over", row.staff.id))
        for team in self.desa:
            decree = team.decree
            if decree is None:
                out.append(Issue(f"Desa {team.desa.name} belum punya tim supervisor manajerial (SK Kepala Desa/Lurah).",
                                 "sk_missing", team.desa.id))
            elif team.status == "kedaluwarsa":
                out.append(Issue(f"SK tim manajerial Desa {team.desa.name} ({decree.number}) kedaluwarsa sejak "
                                 f"{decree.valid_until:%d/%m/%Y}.", "sk_expired", team.desa.id))
            elif team.status == "segera_berakhir":
                out.append(Issue(f"SK tim manajerial Desa {team.desa.name} ({decree.number}) berakhir "
                                 f"{decree.valid_until:%d/%m/%Y}.", "sk_ending", team.desa.id))
        return out


def team_check(puskesmas: Puskesmas, today: dt.date | None = None) -> TeamCheck:
    """Every check of the Tim Supervisor section for one puskesmas."""
    today = today or dt.date.today()
    rows = technical_rows(puskesmas, today)
    kader = kader_per_posyandu(puskesmas)
    held = {p for _, p in current_assignments(puskesmas, today)}
    assigned_staff = [r for r in rows if r.posyandu_ids]
    unassigned = list(Posyandu.select(Posyandu, Desa).join(Desa)
                      .where(Posyandu.id.in_([p for p in kader if p not in held] or [0]))
                      .order_by(Desa.name, Posyandu.name))
    return TeamCheck(
        ratio=Ratio(sum(kader.values()), len(assigned_staff)),
        unassigned=unassigned,
        over=[r for r in rows if r.over_capacity],
        bidan_over=[r for r in rows if r.bidan_over],
        desa=desa_teams(puskesmas, today),
    )


# --- staff ---------------------------------------------------------------------------------------------------


@dataclass
class StaffForm:
    """A puskesmas staff member as typed in the dialog."""

    name: str = ""
    nip: str = ""
    role: str = "bidan_desa"
    desa_id: int | None = None
    phone: str = ""


def save_staff(form: StaffForm, puskesmas: Puskesmas, staff: Staff | None = None) -> Staff:
    """Validate and store a staff member; UserError names every wrong field."""
    auth.require("edit_master")
    errors = []
    if not form.name.strip():
        errors.append("Nama wajib diisi.")
    nip, problem = check_nip(form.nip)
    if problem:
        errors.append(problem)
    if form.role == "bidan_desa" and not form.desa_id:
        errors.append("Bidan desa harus dipilihkan desanya.")
    phone = ""
    try:
        phone = kader_rules.clean_phone(form.phone)  # one phone rule for kader and staff
    except ValueError as exc:
        errors.append(f"No. HP: {exc}.")
    if errors:
        raise UserError(" ".join(errors))
    staff = staff or Staff(puskesmas=puskesmas)
    staff.name, staff.nip, staff.role = " ".join(form.name.split()), nip, form.role
    staff.desa_id, staff.phone = form.desa_id, phone
    staff.save()
    return staff
