"""What every command group shares: the Indonesian parser, opening the database, signing in, the puskesmas."""

from __future__ import annotations

import argparse
import sys

from desktop.models.errors import UserError
from desktop.models.location import display_location, is_server


class Parser(argparse.ArgumentParser):
    """argparse with its usage errors said in Indonesian."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Galat: perintah tidak dapat dipahami ({message}). Lihat `bina-kader --help`.\n")


def add_output(parser: argparse.ArgumentParser, metavar: str = "FILE.pdf", paper: bool = True) -> None:
    """The -o option every writing command has, and --paper for the PDF ones."""
    if paper:
        parser.add_argument("--paper", choices=("a4", "f4"), default="a4", help="ukuran kertas PDF (bawaan a4)")
    parser.add_argument("-o", "--output", metavar=metavar, required=True)


def add_period(parser: argparse.ArgumentParser) -> None:
    """--month | --quarter | --year, exactly one."""
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="YYYY-MM")
    when.add_argument("--quarter", metavar="YYYY-Qn")
    when.add_argument("--year", metavar="YYYY")


def ask_password(url: str, reason: str) -> tuple[str, bool]:
    """A server refused the saved password (or there is none): type it at the terminal (never remembered)."""
    if not sys.stdin.isatty():
        raise UserError(f"Server {display_location(url)} meminta kata sandi: simpan di Pengaturan (keyring) atau "
                        "jalankan perintah ini di terminal.")
    import getpass

    return getpass.getpass(f"{reason}\nKata sandi basis data {display_location(url)}: "), False


def open_location(location) -> None:
    """Open a file or a server (its password asked at the terminal when the saved one is missing or refused)."""
    from desktop.models.schema import open_database

    if is_server(location):
        from desktop.services.server import open_server

        open_server(str(location), ask_password)
    else:
        open_database(location)


def open_existing(path) -> None:
    """Open a database that must already exist (a typo in --db never creates an empty one)."""
    if not is_server(path) and not path.exists():
        raise UserError(f"Basis data {path} tidak ditemukan.")
    open_location(path)


def sign_in(args: argparse.Namespace) -> None:
    """Commands that change data act as a user once the database has accounts (password asked, never an option)."""
    import getpass

    from desktop.services import auth

    if not auth.users_exist():
        return
    if not args.user:
        raise UserError("Basis data ini memakai akun: tambahkan --user NAMA (kata sandi akan ditanyakan).")
    if not sys.stdin.isatty():
        raise UserError("Kata sandi harus diketik di terminal; perintah ini tidak dapat berjalan tanpa itu.")
    auth.log_in(args.user, getpass.getpass(f"Kata sandi {args.user}: "))


def puskesmas():
    """The puskesmas this session works for (an Indonesian error when the identity is not filled in)."""
    from desktop.models.settings import current_puskesmas

    current = current_puskesmas()
    if current is None:
        raise UserError("Identitas puskesmas belum diisi (Pengaturan › Identitas Puskesmas).")
    return current


def month(text: str) -> tuple[int, int]:
    """YYYY-MM as (year, month), or an Indonesian error."""
    from desktop.models.schedule_rules import parse_month

    try:
        return parse_month(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None
