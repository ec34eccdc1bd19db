"""`instruments`, `print blank|filled|teams|schedule`: instrument definitions and PDF prints."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import Parser, add_output, month, open_existing
from desktop.models.errors import UserError


def register(sub) -> None:
    """Add this group's commands to the top-level subparsers."""
    sub.add_parser("instruments", help="daftar instrumen (id, judul, versi)").set_defaults(func=cmd_instruments)
    printing = sub.add_parser("print", help="cetak instrumen kosong atau terisi, tim, atau jadwal ke PDF")
    print_sub = printing.add_subparsers(dest="print_command", metavar="JENIS", required=True, parser_class=Parser)
    blank = print_sub.add_parser("blank", help="formulir kosong")
    blank.add_argument("instrument", metavar="ID")
    blank.add_argument("--posyandu", metavar="NAMA", help="isi kop formulir dengan posyandu dan kadernya")
    blank.set_defaults(func=_print(lambda printing, out, args: printing.print_blank(
        args.instrument, out, args.paper, args.posyandu)))
    filled = print_sub.add_parser("filled", help="catatan yang sudah disimpan")
    filled.add_argument("record", metavar="RECORD_ID", type=int)
    filled.set_defaults(func=_print(lambda printing, out, args: printing.print_filled(args.record, out, args.paper)))
    teams = print_sub.add_parser("teams", help="susunan tim supervisor (teknis dan manajerial)")
    teams.add_argument("--desa", metavar="NAMA", help="hanya satu desa/kelurahan")
    teams.set_defaults(func=_print(lambda printing, out, args: printing.print_teams(out, args.paper, args.desa)))
    schedule = print_sub.add_parser("schedule", help="jadwal supervisi satu bulan (lanskap)")
    schedule.add_argument("--month", metavar="YYYY-MM", required=True)
    schedule.set_defaults(func=_print(lambda printing, out, args: printing.print_schedule(
        out, *month(args.month), args.paper)))
    visit = print_sub.add_parser("visit", help="bekal kunjungan: tindak lanjut terbuka dan hasil terakhir tiap kader, "
                                               "lalu formulir kosong kegiatan itu")
    visit.add_argument("activity", metavar="ACTIVITY_ID", type=int)
    visit.set_defaults(func=_print(_visit))
    for p in (blank, filled, teams, schedule, visit):
        add_output(p)


def _visit(printing, out: Path, args: argparse.Namespace) -> Path:
    from desktop.services.visit_pack import print_visit

    return print_visit(args.activity, out, args.paper)


def cmd_instruments(args: argparse.Namespace) -> None:
    """List the shipped instrument definitions."""
    from desktop.instruments.loader import load_all

    for inst in load_all():
        print(f"{inst.id:<20} v{inst.version}  {inst.title}")


def _print(write):
    """A command that opens the database, writes one PDF with `write(printing, out, args)` and names it."""

    def command(args: argparse.Namespace) -> None:
        from desktop.instruments.loader import DefinitionError
        from desktop.services import printing

        open_existing(args.path)
        out = Path(args.output)
        try:
            write(printing, out, args)
        except DefinitionError as exc:
            raise UserError(f"{exc} Lihat `bina-kader instruments`.") from exc
        print(f"PDF dibuat: {out}")

    return command
