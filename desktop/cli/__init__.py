"""`bina-kader`: opens the GUI with no command; the same operations from the command line.

Each command group lives in its own module with a `register(subparsers)` that attaches its handlers through
`set_defaults(func=...)`; a handler takes the parsed arguments (with `args.path`, the database location) and
returns the exit code (None for 0).
"""

from __future__ import annotations

import argparse
import sys

from desktop import APP_NAME, __version__
from desktop.cli.common import Parser
from desktop.models.errors import UserError

GROUP_MODULES = ("database", "printing", "data", "teams", "reports", "schedule", "users", "cycle")


def _options(parser: argparse.ArgumentParser) -> None:
    """The options that come before any command (the GUI's own)."""
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="berkas basis data, atau postgresql://pengguna@host:port/nama untuk basis data bersama "
                             "(bawaan: BINA_KADER_DB, server pilihan di Pengaturan, atau folder data pengguna)")
    parser.add_argument("--demo", action="store_true", help="buka basis data demo (dibuat saat pertama dipakai)")
    parser.add_argument("--smoke", action="store_true",
                        help="buka jendela utama lalu langsung keluar (memeriksa hasil pemasangan)")
    parser.add_argument("--user", metavar="NAMA", help="nama pengguna untuk perintah yang mengubah data (kata sandi "
                        "ditanyakan); wajib bila basis data sudah punya akun")


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    import importlib

    parser = Parser(prog="bina-kader", description=f"{APP_NAME} — supervisi suportif kader Posyandu.")
    _options(parser)
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", parser_class=Parser)
    for name in GROUP_MODULES:
        importlib.import_module(f"desktop.cli.{name}").register(sub)
    return parser


def _gui_args(argv: list[str] | None) -> argparse.Namespace | None:
    """The arguments when no command is given (the GUI starts), else None. The command groups are not imported
    then: they pull in the whole data layer before the window could paint."""
    quick = Parser(prog="bina-kader", add_help=False)
    _options(quick)
    args, rest = quick.parse_known_args(argv)
    if rest:
        return None
    args.command = None
    return args


def _db_path(args: argparse.Namespace):
    from desktop.models.location import demo_db_path, resolve_db_path

    return demo_db_path() if args.demo and not args.db else resolve_db_path(args.db)


def run(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = _gui_args(argv) or build_parser().parse_args(argv)
    args.path = _db_path(args)
    try:
        if args.command is None:
            from desktop.views.app import run_gui

            return run_gui(args.path, demo=args.demo and not args.db, quit_after_start=args.smoke)
        return args.func(args) or 0
    except UserError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a full disk, a locked file, a server gone: one sentence, no traceback
        from desktop.models.errors import explain

        message = explain(exc)
        if message is None:
            raise
        print(f"Galat: {message}", file=sys.stderr)
        return 1
    finally:
        from desktop.models.db import close_db

        close_db()


def main() -> None:
    """Console/GUI entry point."""
    sys.exit(run())
