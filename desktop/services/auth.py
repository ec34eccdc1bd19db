"""Accounts, login with lockout, and what each role may do — checked here in the service layer, so the CLI and
every screen obey the same rules. A database without users (a new office) allows everything until the first
account, the PJ Promkes, is made."""

from __future__ import annotations

import datetime as dt

from desktop.models import audit, settings
from desktop.models.db import DB, rows
from desktop.models.errors import UserError
from desktop.models.session import SESSION
from desktop.models.teams import TechnicalAssignment
from desktop.models.users import ROLE_CHOICES, User, UserDesa, check_password, hash_password

MAX_FAILURES = 5
LOCK_MINUTES = 5
MIN_PASSWORD = 8

# action -> roles allowed (village admins and supervisors are further limited to their desa / posyandu)
RULES = {
    "manage_users": {"admin", "kabupaten"},  # within a scope: see GRANTABLE and _account_refusal
    "view_audit": {"admin"},
    "edit_master": {"admin"},  # identity, wilayah, posyandu, kader, roster import, staff, teams, skills
    "edit_records": {"admin", "supervisor"},  # instruments, schedule, follow-ups (supervisor: own posyandu)
    "edit_sk": {"admin", "desa"},  # SK register (village admin: own desa)
    "print": {"admin", "supervisor", "desa", "cetak"},
    "view_personal": {"admin", "supervisor"},  # NIK, phone, birth date in full
    "export_personal": {"admin"},
    "view_all_puskesmas": {"kabupaten"},  # read every puskesmas of a shared database, kabupaten roll-up reports
    "add_puskesmas": {"kabupaten"},
    "backup": {"admin"},  # a whole copy: every NIK, phone number and password hash
    "restore": {"admin"},
}
ACTION_LABELS = {"manage_users": "mengelola pengguna", "view_audit": "melihat jejak audit",
                 "edit_master": "mengubah data induk", "edit_records": "mengubah catatan supervisi",
                 "edit_sk": "mengubah register SK", "print": "mencetak", "view_personal": "melihat data pribadi",
                 "export_personal": "mengekspor data pribadi",
                 "view_all_puskesmas": "melihat semua puskesmas", "add_puskesmas": "menambah puskesmas",
                 "backup": "mencadangkan atau menyalin seluruh basis data",
                 "restore": "memulihkan basis data dari cadangan"}


def users_exist() -> bool:
    return User.select().exists()


def current() -> User | None:
    return SESSION.user


def log_out() -> None:
    SESSION.start(None)


def resume(user: User | None) -> None:
    """Carry the session over to a database just reopened (after a restore): the same account, if it exists and
    is active there; signed out otherwise."""
    again = User.get_or_none(User.username == user.username) if user is not None else None
    SESSION.start(again if again is not None and again.active else None)


def require_role(action: str) -> None:
    """Like `require`, for work on a database other than the bound one that has accounts: a signed-in user with
    the role is needed."""
    user = current()
    if user is None or user.role not in RULES[action]:
        refused(action, "tanpa masuk" if user is None else user.username)
        who = f"{user.name} ({user.role_label})" if user else "Anda belum masuk dan"
        raise UserError(f"{who} tidak berhak {ACTION_LABELS[action]}.")


def _password_errors(password: str) -> list[str]:
    """What is wrong with a new password (empty: nothing) — the one password rule of every account form."""
    return [f"Kata sandi minimal {MIN_PASSWORD} karakter."] if len(password) < MIN_PASSWORD else []


def _check_new_password(password: str) -> None:
    errors = _password_errors(password)
    if errors:
        raise UserError(" ".join(errors))


GRANTABLE = {  # role of the manager -> roles it may give, change or take back (within its scope)
    "admin": ("admin", "supervisor", "desa", "cetak"),
    "kabupaten": ("kabupaten", "admin"),  # other kabupaten accounts; the first PJ Promkes of a puskesmas it added
}


def _manager_puskesmas(user: User) -> int | None:
    """The puskesmas whose accounts a PJ Promkes manages (an old single-office account: the office's)."""
    if user.puskesmas_id is not None:
        return user.puskesmas_id
    here = settings.current_puskesmas()
    return here.id if here else None


def grantable_roles() -> list[tuple[str, str]]:
    """The roles the signed-in manager may give (what the Pengguna screen and `users add` offer)."""
    user = current()
    if user is None:
        return [r for r in ROLE_CHOICES if r[0] == "admin"] if not users_exist() else []
    codes = set(GRANTABLE.get(user.role, ()))
    if user.role == "admin" and _may_bootstrap_kabupaten():
        codes.add("kabupaten")
    return [r for r in ROLE_CHOICES if r[0] in codes]


def _may_bootstrap_kabupaten() -> bool:
    """The first kabupaten account is made by the PJ Promkes of a database holding one puskesmas (the server being
    set up); once a kabupaten account exists, or other puskesmas share the database, only kabupaten admins add
    more."""
    from desktop.models.wilayah import Puskesmas

    return (not User.select().where(User.role == "kabupaten").exists()
            and Puskesmas.select().count() <= 1)


def _account_refusal(role: str, puskesmas_id: int | None, target: User | None = None) -> str | None:
    """Why the signed-in user may not create/change an account with this role on this puskesmas (None: may).
    Judged on the stored account (`target`) and on the new values alike."""
    user = current()
    if user is None:
        return None if not users_exist() else "Anda belum masuk"
    if user.role not in GRANTABLE:
        return f"{user.name} ({user.role_label}) tidak berhak mengelola pengguna"
    for who_role, who_pkm in ([(target.role, target.puskesmas_id)] if target is not None else []) + [
            (role, puskesmas_id)]:
        if who_role not in dict(grantable_roles()):
            return f"{user.role_label} tidak berhak memberi atau mengubah akun {dict(ROLE_CHOICES).get(who_role, '?')}"
        if user.role == "kabupaten":
            if who_role == "admin" and (target is not None or who_pkm is None or User.select().where(
                    User.puskesmas == who_pkm).exists()):
                return ("Admin Kabupaten hanya membuat akun PJ Promkes pertama sebuah puskesmas; akun lainnya "
                        "dikelola PJ Promkes puskesmas itu")
        elif who_role != "kabupaten" and who_pkm != _manager_puskesmas(user) and not (
                user.puskesmas_id is None and who_pkm is None):
            return "akun puskesmas lain dikelola oleh PJ Promkes puskesmas itu"
    return None


def _require_account(role: str, puskesmas_id: int | None, target: User | None = None, what: str = "") -> None:
    reason = _account_refusal(role, puskesmas_id, target)
    if reason is not None:
        refused("manage_users", f"{what}: {reason}")
        raise UserError(f"{reason[0].upper()}{reason[1:]}.")


def refused(action: str, detail: str) -> None:
    """Audit a refused attempt (its own small transaction, so it stays even when the caller rolls back)."""
    try:
        audit.record("ditolak", "", "", detail=f"{ACTION_LABELS.get(action, action)}: {detail}"[:250])
    except Exception:  # noqa: BLE001 (auditing a refusal must never hide the refusal itself)
        pass


def _name_errors(name: str, username: str, user: User | None = None) -> list[str]:
    """What is wrong with a name and a (lower-cased) username; `user`: the account being edited."""
    errors = []
    if not name.strip():
        errors.append("Nama wajib diisi.")
    if not username or not username.replace(".", "").replace("_", "").isalnum():
        errors.append("Nama pengguna wajib diisi (huruf, angka, titik atau garis bawah).")
    elif User.select().where(User.username == username, User.id != (user.id if user else 0)).exists():
        errors.append(f"Nama pengguna {username} sudah dipakai.")
    return errors


def update_own_account(name: str, username: str, password: str = "") -> User:
    """The signed-in user edits their own name, username and (when given) password — e.g. the first-run wizard's
    account page visited again, which must not create a second account."""
    user = current()
    if user is None:
        raise UserError("Belum ada akun yang masuk.")
    username = username.strip().lower()
    errors = _name_errors(name, username, user)
    if password:  # empty: keep the current password
        errors += _password_errors(password)
    if errors:
        raise UserError(" ".join(errors))
    user.name, user.username = " ".join(name.split()), username
    if password:
        user.password_hash = hash_password(password)
    user.save()
    return user


def create_user(name: str, username: str, password: str, role: str, desa_ids: list[int] | None = None,
                staff_id: int | None = None, puskesmas_id: int | None = None) -> User:
    """Add an account (a manager within its scope, or anyone for the very first account, which must be the PJ
    Promkes). The account works on `puskesmas_id` (default: the puskesmas being worked on); a kabupaten admin on
    none."""
    from desktop.models.people import Staff
    from desktop.models.wilayah import Desa

    first = not users_exist()
    if first and role != "admin":
        raise UserError("Akun pertama harus akun PJ Promkes / Admin.")
    if role == "kabupaten":
        puskesmas_id = None
    elif puskesmas_id is None:
        here = settings.current_puskesmas()
        puskesmas_id = here.id if here else None
    username = username.strip().lower()
    if not first:
        _require_account(role, puskesmas_id, what=f"buat akun {username[:40]}")
    errors = _name_errors(name, username)
    if role not in dict(ROLE_CHOICES):
        errors.append("Peran tidak dikenal.")
    if role == "desa" and not desa_ids:
        errors.append("Admin Desa harus dipilihkan desanya.")
    if desa_ids and puskesmas_id is not None and Desa.select().where(
            Desa.id.in_(desa_ids), Desa.puskesmas != puskesmas_id).exists():
        errors.append("Desa yang dipilih bukan wilayah puskesmas ini.")
    if staff_id is not None and puskesmas_id is not None and Staff.select().where(
            Staff.id == staff_id, Staff.puskesmas != puskesmas_id).exists():
        errors.append("Petugas yang dipilih bukan petugas puskesmas ini.")
    errors += _password_errors(password)
    if errors:
        raise UserError(" ".join(errors))
    with DB.atomic():
        user = User.create(name=" ".join(name.split()), username=username, role=role, staff=staff_id,
                           password_hash=hash_password(password), puskesmas=puskesmas_id)
        for desa_id in desa_ids or []:
            UserDesa.create(user=user, desa=desa_id)
    if first:
        SESSION.start(user)  # the office's first account is signed in straight away
    return user


def log_in(username: str, password: str, now: dt.datetime | None = None) -> User:
    """Check the password; after 5 wrong attempts the account waits 5 minutes. Audited either way (an unknown
    name is never written down: it may be a password typed into the wrong field).

    Failures are counted in the database (`failed_attempts + 1`), so attempts from several processes at once
    all count."""
    now = now or dt.datetime.now()
    user = User.get_or_none(User.username == username.strip().lower())
    if user is None or not user.active:
        audit.record("gagal_masuk", "user", user.id if user else "",
                     detail=f"{user.username} (nonaktif)" if user else "nama pengguna tidak dikenal")
        raise UserError("Nama pengguna atau kata sandi salah.")
    if user.locked_until and user.locked_until > now:
        audit.record("gagal_masuk", "user", user.id, detail=f"{user.username} (terkunci)")
        minutes = max(1, round((user.locked_until - now).total_seconds() / 60))
        raise UserError(f"Akun dikunci sementara karena {MAX_FAILURES} kali salah kata sandi. Coba lagi dalam "
                        f"{minutes} menit.")
    if not check_password(password, user.password_hash):
        with DB.atomic():
            User.update(failed_attempts=User.failed_attempts + 1).where(User.id == user.id).execute()
            locked = (User.update(locked_until=now + dt.timedelta(minutes=LOCK_MINUTES), failed_attempts=0)
                      .where(User.id == user.id, User.failed_attempts >= MAX_FAILURES).execute()) > 0
            audit.record("gagal_masuk", "user", user.id, detail=f"{user.username}{' (dikunci)' if locked else ''}")
        raise UserError(f"Akun dikunci {LOCK_MINUTES} menit karena {MAX_FAILURES} kali salah kata sandi." if locked
                        else "Nama pengguna atau kata sandi salah.")
    with DB.atomic():
        # the lock may have been set by a parallel attempt after we read the row
        fresh = User.get_by_id(user.id)
        if fresh.locked_until and fresh.locked_until > now:
            audit.record("gagal_masuk", "user", user.id, detail=f"{user.username} (terkunci)")
            raise UserError(f"Akun dikunci sementara karena {MAX_FAILURES} kali salah kata sandi. Coba lagi dalam "
                            f"{LOCK_MINUTES} menit.")
        if fresh.failed_attempts or fresh.locked_until:
            User.update(failed_attempts=0, locked_until=None).where(User.id == user.id).execute()
        audit.record("masuk", "user", user.id, detail=user.username)
    user = User.get_by_id(user.id)
    SESSION.start(user)
    return user


def change_password(old: str, new: str) -> None:
    user = current()
    if user is None or not check_password(old, user.password_hash):
        raise UserError("Kata sandi lama salah.")
    _check_new_password(new)
    user.password_hash = hash_password(new)
    user.save()


def reset_password(user: User, new: str) -> None:
    """A manager sets a new password for someone of its own puskesmas who forgot theirs."""
    stored = User.get_by_id(user.id)
    _require_account(stored.role, stored.puskesmas_id, stored, what=f"atur ulang kata sandi {stored.username}")
    _check_new_password(new)
    stored.password_hash, stored.failed_attempts, stored.locked_until = hash_password(new), 0, None
    stored.save()
    user.password_hash = stored.password_hash


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
    refused(action, f"desa {desa_id}" if desa_id is not None else (
        f"posyandu {posyandu_id}" if posyandu_id is not None else ""))
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
    return [d for (d,) in rows(UserDesa.select(UserDesa.desa).where(UserDesa.user == user).tuples())]


def choose_puskesmas(puskesmas_id: int) -> None:
    """Work on another puskesmas of the database (a kabupaten admin, or anyone before accounts exist)."""
    user = current()
    if not can_switch_puskesmas() and not (user and user.puskesmas_id == puskesmas_id):
        raise UserError("Akun ini hanya untuk puskesmasnya sendiri.")
    SESSION.puskesmas_id = puskesmas_id


def can_switch_puskesmas() -> bool:
    """Whether this session may look at other puskesmas (the switcher in the status bar)."""
    user = current()
    return (user.role == "kabupaten" or user.puskesmas_id is None) if user else not users_exist()


def set_active(user: User, active: bool) -> None:
    """Disable (or enable again) an account of the manager's own scope."""
    stored = User.get_by_id(user.id)
    _require_account(stored.role, stored.puskesmas_id, stored,
                     what=f"{'aktifkan' if active else 'nonaktifkan'} {stored.username}")
    if stored == current() and not active:
        raise UserError("Akun yang sedang dipakai tidak dapat dinonaktifkan.")
    stored.active = active
    stored.save()
    user.active = active


def find_user(username: str) -> User:
    """An account by its user name, for a manager about to change it (whether it may is judged by the change)."""
    require("manage_users")
    user = User.get_or_none(User.username == username.strip().lower())
    if user is None:
        raise UserError(f"Tidak ada akun dengan nama pengguna {username.strip().lower()[:40]}.")
    return user


def user_rows() -> list[tuple[User, list[str]]]:
    """Every account with the desa names a village admin works on."""
    from desktop.models.wilayah import Desa

    require("manage_users")
    desa: dict[int, list[str]] = {}
    for user_id, name in rows(UserDesa.select(UserDesa.user, Desa.name).join(Desa).tuples()):
        desa.setdefault(user_id, []).append(name)
    query = User.select().order_by(User.role, User.name)
    manager = current()
    mine = manager.puskesmas_id if manager else None
    if manager and manager.role == "kabupaten":  # every account of the puskesmas being looked at
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

    from desktop.reports.xlsx_cells import append, save

    require("view_audit")
    book = Workbook()
    sheet = book.active
    sheet.title = "Jejak audit"
    sheet.append(["Waktu", "Pengguna", "Tindakan", "Data", "No.", "Perubahan", "Keterangan"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    shown = list(entries)
    for e in shown:
        append(sheet, [e.at, e.username, e.action, e.entity, e.entity_id, e.changes, e.detail])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFG", (20, 14, 12, 18, 8, 80, 40), strict=True):
        sheet.column_dimensions[column].width = width
    save(book, out)
    audit.record("ekspor", "audit_log", "", detail=f"{len(shown)} entri ke {out.name}")
    return len(shown)
