"""`db server siapkan|tambah-puskesmas`: the server keeper's and kabupaten admin's commands for one PostgreSQL login
per puskesmas (desktop.models.security). Run with --db naming the server as its owner login."""

from __future__ import annotations

import argparse

from desktop.cli.common import Parser, ask_password, open_location, sign_in
from desktop.models.db import display_location, is_server
from desktop.models.errors import UserError


def register(db_sub) -> None:
    """Add `db server ...` under the `db` group."""
    server = db_sub.add_parser("server", help="login basis data bersama: satu per puskesmas, satu kabupaten")
    server_sub = server.add_subparsers(dest="server_command", metavar="AKSI", required=True, parser_class=Parser)
    server_sub.add_parser("siapkan", help="buat login kabupaten (baca saja) dan login setiap puskesmas yang sudah "
                                          "ada (pakai login pemilik)").set_defaults(func=cmd_prepare)
    add = server_sub.add_parser("tambah-puskesmas", help="tambah puskesmas beserta login basis datanya")
    add.add_argument("name", metavar="NAMA", help="nama puskesmas, mis. 'Cibitung'")
    add.set_defaults(func=cmd_add_puskesmas)


def _server(args: argparse.Namespace) -> str:
    if not is_server(args.path):
        raise UserError("Perintah ini untuk basis data bersama: --db postgresql://PEMILIK@SERVER/BASISDATA")
    return str(args.path)


def cmd_prepare(args: argparse.Namespace) -> None:
    """Set the server up for one login per puskesmas and print the passwords made (shown once)."""
    from desktop.services import server

    url = _server(args)
    open_location(url)  # created or upgraded by the owner first
    kabupaten, password = server.prepare_server(url, server.log_in(url, ask_password))
    print(f"Basis data {display_location(url)} memakai satu login per puskesmas.")
    print(f"  Login kabupaten (baca saja): {kabupaten}" + (f"  kata sandi: {password}" if password else
                                                           "  (sudah ada; kata sandinya tidak diubah)"))
    for name, (login, pkm_password) in server.LOGINS_MADE.items():
        print(f"  {name}: login {login}  kata sandi: {pkm_password}")
    print("Berikan setiap login kepada kantornya sekarang; kata sandi tidak ditampilkan lagi.")


def cmd_add_puskesmas(args: argparse.Namespace) -> None:
    """Add a puskesmas with its login (kabupaten admin or owner)."""
    from desktop.models import security
    from desktop.models.db import DB
    from desktop.services.identity import add_puskesmas

    url = _server(args)
    open_location(url)
    if not security.logins_prepared(DB.obj):
        raise UserError("Server ini belum memakai login per puskesmas: jalankan dahulu `bina-kader --db URL-PEMILIK "
                        "db server siapkan`.")
    sign_in(args)
    added = add_puskesmas(args.name)
    login, password = added.server_login
    print(f"{added.name} ditambahkan. Login basis datanya: {login}  kata sandi: {password}")
    print("Berikan kepada kantor puskesmas itu sekarang (kata sandi tidak ditampilkan lagi); di sana login ini diisi "
          "di Pengaturan › Basis Data Bersama.")
