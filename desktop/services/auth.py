"""Accounts, login with lockout, and what each role may do — checked here in the service layer, so the CLI and
every screen obey the same rules. A database without users (a new office) allows everything until the first
account, the PJ Promkes, is made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.models import audit, settings
from desktop.models.db import DB
from desktop.models.errors import UserError
from desktop.models.teams import TechnicalAssignment
from desktop.models.users import ROLE_CHOICES, User, UserDesa, check_password, hash_password

MAX_FAILURES = 5
LOCK_MINUTES = 5
MIN_PASSWORD = 8

# action -> roles allowed (village admins and supervisors are further limited to their desa / posyandu)
RULES = {
    "manage_users": {"admin", "kabupaten"},  # kabupaten admin: the first accounts of a puskesmas it adds
    "view_audit": {"admin"},
    "edit_master": {"admin"},  # identity, wilayah, posyandu, kader, roster import, staff, teams, skills
    "edit_records": {"admin", "supervisor"},  # instruments, schedule, follow-ups (supervisor: own posyandu)
    "edit_sk": {"admin", "desa"},  # SK register (village admin: own desa)
    "print": {"admin", "supervisor", "desa", "cetak"},
    "view_personal": {"admin", "supervisor"},  # NIK, phone, birth date in full
    "export_personal": {"admin"},
    "view_all_puskesmas": {"kabupaten"},  # read every puskesmas of a shared database, kabupaten roll-up reports
    "add_puskesmas": {"kabupaten"},
}
ACTION_LABELS = {"manage_users": "mengelola pengguna", "view_audit": "melihat jejak audit",
                 "edit_master": "mengubah data induk", "edit_records": "mengubah catatan supervisi",
                 "edit_sk": "mengubah register SK", "print": "mencetak", "view_personal": "melihat data pribadi",
                 "export_personal": "mengekspor data pribadi",
                 "view_all_puskesmas": "melihat semua puskesmas", "add_puskesmas": "menambah puskesmas"}


@dataclass
class Session:
    user: User | None = None


SESSION = Session()


def users_exist() -> bool:
    return User.select().exists()


def current() -> User | None:
    return SESSION.user


def _start(user: User | None) -> None:
    SESSION.user = user
    audit.CURRENT_USER["username"] = user.username if user else ""
    # an account tied to a puskesmas sees that puskesmas only; a kabupaten admin starts on the office's choice
    settings.SESSION_PUSKESMAS["id"] = user.puskesmas_id if user else None


def log_out() -> None:
    _start(None)


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")


def create_user(name: str, username: str, password: str, role: str, desa_ids: list[int] | None = None,
                staff_id: int | None = None, puskesmas_id: int | None = None) -> User:
    """Add an account (PJ Promkes only, or anyone for the very first account, which must be the PJ Promkes).

    The account works on `puskesmas_id` (default: the puskesmas being worked on); a kabupaten admin on none."""
    first = not users_exist()
    if first and role != "admin":
        raise UserError("Akun pertama harus akun PJ Promkes / Admin.")
    if not first:
        require("manage_users")
    errors = []
    username = username.strip().lower()
    if not name.strip():
        errors.append("Nama wajib diisi.")
    if not username or not username.replace(".", "").replace("_", "").isalnum():
        errors.append("Nama pengguna wajib diisi (huruf, angka, titik atau garis bawah).")
    elif User.select().where(User.username == username).exists():
        errors.append(f"Nama pengguna {username} sudah dipakai.")
    if role not in dict(ROLE_CHOICES):
        errors.append("Peran tidak dikenal.")
    if role == "desa" and not desa_ids:
        errors.append("Admin Desa harus dipilihkan desanya.")
    try:
        _check_new_password(password)
    except UserError as exc:
        errors.append(str(exc))
    if errors:
        raise UserError(" ".join(errors))
    if role == "kabupaten":
        puskesmas_id = None
    elif puskesmas_id is None:
        here = settings.current_puskesmas()
        puskesmas_id = here.id if here else None
    with DB.atomic():
        user = User.create(name=" ".join(name.split()), username=username, role=role, staff=staff_id,
                           password_hash=hash_password(password), puskesmas=puskesmas_id)
        for desa_id in desa_ids or []:
            UserDesa.create(user=user, desa=desa_id)
    if first:
        _start(user)  # the office's first account is signed in straight away
    return user


def log_in(username: str, password: str, now: dt.datetime | None = None) -> User:
    """Check the password; after 5 wrong attempts the account waits 5 minutes. Audited either way."""
    now = now or dt.datetime.now()
    user = User.get_or_none(User.username == username.strip().lower())
    if user is None or not user.active:
        audit.record("gagal_masuk", "user", "", detail=f"nama pengguna '{username}'")
        raise UserError("Nama pengguna atau kata sandi salah.")
    if user.locked_until and user.locked_until > now:
        audit.record("gagal_masuk", "user", user.id, detail=f"{user.username} (terkunci)")
        minutes = max(1, round((user.locked_until - now).total_seconds() / 60))
        raise UserError(f"Akun dikunci sementara karena {MAX_FAILURES} kali salah kata sandi. Coba lagi dalam "
                        f"{minutes} menit.")
    if not check_password(password, user.password_hash):
        user.failed_attempts += 1
        locked = user.failed_attempts >= MAX_FAILURES
        if locked:
            user.locked_until, user.failed_attempts = now + dt.timedelta(minutes=LOCK_MINUTES), 0
        user.save()
        audit.record("gagal_masuk", "user", user.id, detail=user.username)
        raise UserError(f"Akun dikunci {LOCK_MINUTES} menit karena {MAX_FAILURES} kali salah kata sandi." if locked
                        else "Nama pengguna atau kata sandi salah.")
    if user.failed_attempts or user.locked_until:
        user.failed_attempts, user.locked_until = 0, None
        user.save()
    _start(user)
    audit.record("masuk", "user", user.id, detail=user.username)
    return user


def change_password(old: str, new: str) -> None:
    user = current()
    if user is None or not check_password(old, user.password_hash):
        raise UserError("Kata sandi lama salah.")
    _check_new_password(new)
    user.password_hash = hash_password(new)
    user.save()


def reset_password(user: User, new: str) -> None:
    """The PJ Promkes sets a new password for someone who forgot theirs."""
    require("manage_users")
    _check_new_password(new)
    user.password_hash, user.failed_attempts, user.locked_until = hash_password(new), 0, None
    user.save()


def allowed(action: str, *, desa_id: int | None = None, posyandu_id: int | None = None) -> bool:
    """May the signed-in user do this (on this desa/posyandu)? Everything is allowed before any user exists."""
    user = current()
    if user is None:
        return not users_exist()
    if user.role not in RULES[action]:
        return False
    if user.role == "desa" and desa_id is not None:
        return UserDesa.select().where(UserDesa.user == user, UserDesa.desa == desa_id).exists()
    if user.role == "supervisor" and posyandu_id is not None and action == "edit_records":
        return user.staff_id is not None and TechnicalAssignment.select().where(
            TechnicalAssignment.staff == user.staff_id, TechnicalAssignment.posyandu == posyandu_id,
            TechnicalAssignment.until.is_null()).exists()
    return True


def require(action: str, *, desa_id: int | None = None, posyandu_id: int | None = None) -> None:
    """UserError in Indonesian when the signed-in user may not do this."""
    if allowed(action, desa_id=desa_id, posyandu_id=posyandu_id):
        return
    user = current()
    who = f"{user.name} ({user.role_label})" if user else "Anda belum masuk dan"
    where = " untuk desa ini" if desa_id is not None and user and user.role == "desa" else (
        " untuk posyandu yang bukan binaan Anda" if posyandu_id is not None and user and user.role == "supervisor"
        else "")
    raise UserError(f"{who} tidak berhak {ACTION_LABELS[action]}{where}.")


def limit_to_desa(query, desa_column):
    """`query` narrowed to the signed-in village admin's desa (unchanged for every other role)."""
    scope = desa_scope()
    return query if scope is None else query.where(desa_column.in_(scope or [0]))


def desa_scope() -> list[int] | None:
    """The desa a village admin may see; None when not limited."""
    user = current()
    if user is None or user.role != "desa":
        return None
    return [d for (d,) in UserDesa.select(UserDesa.desa).where(UserDesa.user == user).tuples()]


def choose_puskesmas(puskesmas_id: int) -> None:
    """Work on another puskesmas of the database (a kabupaten admin, or anyone before accounts exist)."""
    user = current()
    if not can_switch_puskesmas() and not (user and user.puskesmas_id == puskesmas_id):
        raise UserError("Akun ini hanya untuk puskesmasnya sendiri.")
    settings.SESSION_PUSKESMAS["id"] = puskesmas_id


def can_switch_puskesmas() -> bool:
    """Whether this session may look at other puskesmas (the switcher in the status bar)."""
    user = current()
    return (user.role == "kabupaten" or user.puskesmas_id is None) if user else not users_exist()


def set_active(user: User, active: bool) -> None:
    require("manage_users")
    if user == current() and not active:
        raise UserError("Akun yang sedang dipakai tidak dapat dinonaktifkan.")
    user.active = active
    user.save()


def user_rows() -> list[tuple[User, list[str]]]:
    """Every account with the desa names a village admin works on."""
    from desktop.models.wilayah import Desa

    require("manage_users")
    desa: dict[int, list[str]] = {}
    for user_id, name in UserDesa.select(UserDesa.user, Desa.name).join(Desa).tuples():
        desa.setdefault(user_id, []).append(name)
    query = User.select().order_by(User.role, User.name)
    mine = current().puskesmas_id if current() else None
    if current() and current().role == "kabupaten":  # every account of the puskesmas being looked at
        here = settings.current_puskesmas()
        query = query.where((User.puskesmas == (here.id if here else 0)) | (User.role == "kabupaten"))
    elif mine is not None:  # a puskesmas admin on a shared database: the accounts of that puskesmas
        query = query.where((User.puskesmas == mine) | (User.puskesmas.is_null() & (User.role != "kabupaten")))
    return [(u, desa.get(u.id, [])) for u in query]


def audit_entries(username: str | None = None, entity: str | None = None, since: dt.date | None = None,
                  until: dt.date | None = None, limit: int = 1000):
    """The audit trail, newest first, filtered (PJ Promkes only)."""
    require("view_audit")
    query = audit.AuditLog.select().order_by(audit.AuditLog.id.desc())
    if username:
        query = query.where(audit.AuditLog.username == username)
    if entity:
        query = query.where(audit.AuditLog.entity == entity)
    if since:
        query = query.where(audit.AuditLog.at >= dt.datetime.combine(since, dt.time.min))
    if until:
        query = query.where(audit.AuditLog.at <= dt.datetime.combine(until, dt.time.max))
    return query.limit(limit)


def export_audit(out, entries) -> int:
    """Write the shown entries to .xlsx (itself audited)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    require("view_audit")
    book = Workbook()
    sheet = book.active
    sheet.title = "Jejak audit"
    sheet.append(["Waktu", "Pengguna", "Tindakan", "Data", "No.", "Perubahan", "Keterangan"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = list(entries)
    for e in rows:
        sheet.append([e.at, e.username, e.action, e.entity, e.entity_id, e.changes, e.detail])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFG", (20, 14, 12, 18, 8, 80, 40), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(out)
    audit.record("ekspor", "audit_log", "", detail=f"{len(rows)} entri ke {out.name}")
    return len(rows)
