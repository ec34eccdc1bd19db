"""`users list | add | reset-password | disable`: the accounts of Pengaturan › Pengguna from the command line, with
the same rules (services.auth); the manager signs in with --user and every password is typed at the terminal."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import Parser, open_existing, sign_in
from desktop.models.errors import UserError


def register(sub) -> None:
    """Add this group's commands to the top-level subparsers."""
    users = sub.add_parser("users", help="akun pengguna (aturan yang sama dengan Pengaturan › Pengguna)")
    users_sub = users.add_subparsers(dest="users_command", metavar="AKSI", required=True, parser_class=Parser)
    users_sub.add_parser("list", help="akun yang Anda kelola").set_defaults(func=cmd_list)
    add = users_sub.add_parser("add", help="tambah akun (kata sandi awal ditanyakan dua kali)")
    add.add_argument("username", metavar="NAMA_PENGGUNA")
    add.add_argument("--nama", required=True, metavar="NAMA_LENGKAP")
    add.add_argument("--peran", required=True, metavar="PERAN",
                     help="admin, supervisor, desa, cetak atau kabupaten (hanya yang boleh Anda berikan)")
    add.add_argument("--desa", action="append", default=[], metavar="NAMA",
                     help="desa/kelurahan untuk admin desa (boleh diulang)")
    add.add_argument("--petugas", metavar="NAMA", help="nama petugas (nakes) untuk akun supervisor")
    add.set_defaults(func=cmd_add)
    reset = users_sub.add_parser("reset-password", help="atur ulang kata sandi sebuah akun (ditanyakan dua kali)")
    reset.add_argument("username", metavar="NAMA_PENGGUNA")
    reset.set_defaults(func=cmd_reset)
    disable = users_sub.add_parser("disable", help="nonaktifkan sebuah akun")
    disable.add_argument("username", metavar="NAMA_PENGGUNA")
    disable.set_defaults(func=cmd_disable)


def _manager(args: argparse.Namespace) -> None:
    open_existing(args.path)
    from desktop.services import auth

    if not auth.users_exist():
        raise UserError("Basis data ini belum punya akun: buat akun PJ Promkes pertama lewat Panduan awal di "
                        "aplikasi.")
    sign_in(args)


def _new_password(for_whom: str) -> str:
    import getpass

    if not sys.stdin.isatty():
        raise UserError("Kata sandi harus diketik di terminal; perintah ini tidak dapat berjalan tanpa itu.")
    first = getpass.getpass(f"Kata sandi baru untuk {for_whom}: ")
    if getpass.getpass("Ulangi kata sandi baru: ") != first:
        raise UserError("Kedua kata sandi tidak sama; tidak ada yang diubah.")
    return first


def cmd_list(args: argparse.Namespace) -> None:
    """The accounts the signed-in manager may see, as in Pengaturan › Pengguna."""
    from desktop.services import auth

    _manager(args)
    rows = auth.user_rows()
    print(f"{'Nama pengguna':<18} {'Nama':<28} {'Peran':<28} {'Status':<9} Desa")
    for user, desa in rows:
        print(f"{user.username:<18} {user.name:<28} {user.role_label:<28} "
              f"{'aktif' if user.active else 'nonaktif':<9} {', '.join(desa)}")


def cmd_add(args: argparse.Namespace) -> None:
    """Add an account within the manager's scope."""
    from desktop.models.people import Staff
    from desktop.models.settings import current_puskesmas
    from desktop.models.users import ROLE_CHOICES
    from desktop.models.wilayah import Desa
    from desktop.services import auth

    _manager(args)
    role = args.peran.strip().lower()
    if role not in dict(ROLE_CHOICES):
        raise UserError(f"Peran '{args.peran}' tidak dikenal; pilih salah satu: {', '.join(dict(ROLE_CHOICES))}.")
    if role not in dict(auth.grantable_roles()):
        auth.refused("manage_users", f"buat akun {args.username[:40]} ({role})")
        raise UserError(f"Anda tidak berhak memberi peran {dict(ROLE_CHOICES)[role]}; yang boleh: "
                        f"{', '.join(code for code, _ in auth.grantable_roles()) or 'tidak ada'}.")
    here = current_puskesmas()
    desa_ids = []
    for name in args.desa:
        desa = Desa.get_or_none(Desa.name ** name.strip(), Desa.puskesmas == (here.id if here else None))
        if desa is None:
            raise UserError(f"Desa/kelurahan '{name}' tidak ada di puskesmas ini.")
        desa_ids.append(desa.id)
    staff_id = None
    if args.petugas:
        staff = Staff.get_or_none(Staff.name ** args.petugas.strip(), Staff.puskesmas == (here.id if here else None))
        if staff is None:
            raise UserError(f"Petugas '{args.petugas}' tidak ada di puskesmas ini.")
        staff_id = staff.id
    user = auth.create_user(args.nama, args.username, _new_password(args.username), role, desa_ids or None, staff_id)
    print(f"Akun {user.username} ({user.role_label}) dibuat.")


def cmd_reset(args: argparse.Namespace) -> None:
    """Set a new password for an account of the manager's scope."""
    from desktop.services import auth

    _manager(args)
    user = auth.find_user(args.username)
    auth.reset_password(user, _new_password(user.username))
    print(f"Kata sandi {user.username} diatur ulang; akun tidak lagi terkunci.")


def cmd_disable(args: argparse.Namespace) -> None:
    """Disable an account of the manager's scope."""
    from desktop.services import auth

    _manager(args)
    user = auth.find_user(args.username)
    auth.set_active(user, False)
    print(f"Akun {user.username} dinonaktifkan.")
