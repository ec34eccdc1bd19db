"""`demo`, `db check|upgrade|copy`, `backup`, `restore`: the database as a whole."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import Parser, open_existing, open_location, sign_in
from desktop.models.db import display_location, is_server
from desktop.models.errors import UserError


def register(sub) -> None:
    """Add this group's commands to the top-level subparsers."""
    demo = sub.add_parser("demo", help="buat basis data demo")
    demo.add_argument("--scale", choices=("small", "kabupaten", "provinsi"), default="small",
                      help="small: satu puskesmas; kabupaten: ±40 puskesmas untuk uji kinerja; provinsi: 10 kabupaten "
                      "(±400 puskesmas) untuk uji skala")
    demo.set_defaults(func=cmd_demo)

    db = sub.add_parser("db", help="pemeriksaan dan pemutakhiran basis data")
    db_sub = db.add_subparsers(dest="db_command", metavar="AKSI", required=True, parser_class=Parser)
    db_sub.add_parser("check", help="periksa integritas dan versi skema").set_defaults(func=cmd_db_check)
    db_sub.add_parser("upgrade", help="mutakhirkan skema (cadangan dibuat dahulu)").set_defaults(func=cmd_db_upgrade)
    copy = db_sub.add_parser("copy", help="salin seluruh basis data ke server PostgreSQL bersama, atau dari server "
                                          "ke berkas untuk kerja luring (jumlah baris diperiksa)")
    copy.add_argument("--to", metavar="TUJUAN", required=True,
                      help="postgresql://pengguna@host:port/nama (basis data kosong) atau berkas .db baru")
    copy.add_argument("--gabung", action="store_true", dest="merge",
                      help="tambahkan puskesmas ini ke server yang sudah berisi puskesmas lain")
    copy.set_defaults(func=lambda args: db_copy(args.path, args.to, args.merge, args))
    from desktop.cli import server

    server.register(db_sub)

    backup = sub.add_parser("backup", help="buat cadangan basis data")
    backup.add_argument("-o", "--output", metavar="FILE", help="berkas tujuan (bawaan: folder backups/)")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="pulihkan dari berkas cadangan")
    restore.add_argument("file", metavar="FILE", type=Path)
    restore.set_defaults(func=cmd_restore)


def cmd_demo(args: argparse.Namespace) -> None:
    """Build a demo database."""
    from desktop.models.stats import counts
    from desktop.services.demo import build_demo

    build_demo(args.path, args.scale)
    c = counts()
    print(f"Basis data demo ({args.scale}) dibuat: {display_location(args.path)}")
    print(f"  {c.desa} desa/kelurahan, {c.posyandu} posyandu aktif, {c.kader} kader aktif, "
          f"{c.supervisors_technical + c.supervisors_managerial} supervisor")


def cmd_db_check(args: argparse.Namespace) -> int:
    """Report integrity and schema version (services.maintenance.check); non-zero when damaged or too new."""
    from desktop.models.migrations import SCHEMA_VERSION
    from desktop.services import maintenance

    result = maintenance.check(args.path, open_location)
    print(f"Basis data : {result.location}{' (bersama)' if result.shared else ''}")
    print("Integritas : " + ("dijaga server PostgreSQL; sambungan baik" if result.shared
                             else "baik (PRAGMA quick_check = ok)"))
    print(f"Skema      : v{result.version} (aplikasi: v{SCHEMA_VERSION})")
    if result.needs_upgrade:
        print("Perlu pemutakhiran: jalankan `bina-kader db upgrade` (cadangan dibuat otomatis).")
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> None:
    """Open the database, which upgrades it after a backup copy."""
    from desktop.models.migrations import SCHEMA_VERSION
    from desktop.models.schema import check_file, current_version

    path = args.path
    if is_server(path):
        open_location(path)  # a server is upgraded on connecting, under a lock so two PCs cannot both do it
        print(f"Skema basis data bersama: v{current_version()} (aplikasi: v{SCHEMA_VERSION}).")
        return
    if not path.exists():
        raise UserError(f"Basis data {path} tidak ditemukan.")
    before = check_file(path)[2]
    open_location(path)
    if before == SCHEMA_VERSION:
        print(f"Skema sudah versi terbaru (v{SCHEMA_VERSION}).")
    else:
        print(f"Skema dimutakhirkan dari v{before} ke v{current_version()}; cadangan lama ada di folder backups/.")


def cmd_backup(args: argparse.Namespace) -> None:
    """Write a consistent copy of the database (services.maintenance.make_backup: PJ Promkes once accounts exist)."""
    from desktop.services import maintenance

    path, output = args.path, args.output
    if is_server(path):  # a server's copy for this PC: the whole database into a new file
        if not output:
            raise UserError("Sebutkan berkas tujuan cadangan basis data bersama: backup -o BERKAS.db")
        db_copy(path, output, args=args)
        return
    open_existing(path)
    sign_in(args)
    dest = maintenance.make_backup(path, Path(output) if output else None)
    print(f"Cadangan dibuat: {dest}")


def cmd_restore(args: argparse.Namespace) -> None:
    """Put a checked backup in place of the database (services.maintenance.restore: PJ Promkes only), keeping a
    copy of the old one."""
    from desktop.services import maintenance

    path, source = args.path, args.file
    maintenance.validate_backup(source)  # a bad file is refused before anyone is asked for a password
    if not is_server(path) and path.exists():
        open_existing(path)
        sign_in(args)
    done = maintenance.restore(path, source)
    print(f"Basis data dipulihkan dari {done.source}.")
    if done.kept:
        print(f"Salinan basis data sebelumnya disimpan di {done.kept}")


def db_copy(source, target: str, merge: bool = False, args: argparse.Namespace | None = None) -> None:
    """Copy the whole database to an empty server database or a new file (or merge it into a shared server that
    holds other puskesmas), verifying row counts. A source with accounts needs its PJ Promkes signed in (--user)."""
    from desktop.cli.common import ask_password
    from desktop.models.db import close_db, resolve_db_path
    from desktop.services.db_copy import copy_database, merge_database

    target_location = resolve_db_path(target)
    open_location(source)  # checked and brought to this version's schema, like the target of a merge
    if args is not None:
        sign_in(args)
    if merge:
        open_location(target_location)
    close_db()
    from desktop.services.server import log_in

    source_password = log_in(source, ask_password) if is_server(source) else None
    target_password = log_in(target_location, ask_password) if is_server(target_location) else None
    if merge:
        counts = merge_database(source, target_location, source_password, target_password)
        print(f"Digabungkan dari {display_location(source)} ke {display_location(target_location)}:")
    else:
        counts = copy_database(source, target_location, source_password, target_password)
        print(f"Disalin dari {display_location(source)} ke {display_location(target_location)}:")
    for table, rows in counts.items():
        if rows:
            print(f"  {table:<28} {rows:>9} baris")
    print(f"Jumlah baris setiap tabel ({sum(counts.values())} baris) sudah diperiksa di tujuan.")
    for name, (login, password) in getattr(counts, "logins", {}).items():  # a server with a login per puskesmas
        print(f"{name} mendapat login basis data sendiri: {login}  kata sandi: {password} (ditampilkan sekali ini)")
