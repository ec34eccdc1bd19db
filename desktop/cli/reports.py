"""`report monthly|kabupaten`: the supervision reports as PDF or Excel."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import Parser, add_output, add_period, open_existing, puskesmas, sign_in


def register(sub) -> None:
    """Add this group's commands to the top-level subparsers."""
    reporting = sub.add_parser("report", help="laporan supervisi suportif (PDF atau Excel)")
    report_sub = reporting.add_subparsers(dest="report_command", metavar="JENIS", required=True, parser_class=Parser)
    monthly = report_sub.add_parser("monthly", help="laporan bulanan; --quarter/--year untuk triwulan/tahun")
    add_period(monthly)
    monthly.add_argument("--desa", metavar="NAMA", help="hanya satu desa/kelurahan")
    monthly.add_argument("--posyandu", metavar="NAMA", help="hanya satu posyandu")
    add_output(monthly, "FILE.pdf|FILE.xlsx")
    monthly.set_defaults(func=cmd_monthly)
    rollup = report_sub.add_parser("kabupaten", help="rekap semua puskesmas satu kabupaten (admin kabupaten)")
    add_period(rollup)
    add_output(rollup, "FILE.pdf|FILE.xlsx")
    rollup.set_defaults(func=cmd_kabupaten)


def cmd_monthly(args: argparse.Namespace) -> None:
    """Write the monthly/quarterly/annual report of the puskesmas, a desa or a posyandu."""
    from desktop.services import printing, report_data

    period = report_data.parse_period(args.month, args.quarter, args.year)
    open_existing(args.path)
    scope = report_data.find_scope(puskesmas(), args.desa, args.posyandu)
    out = printing.report(Path(args.output), period, scope, args.paper)
    print(f"Laporan {period.label} ({scope.label}) dibuat: {out}")


def cmd_kabupaten(args: argparse.Namespace) -> None:
    """Write the kabupaten roll-up over every puskesmas."""
    from desktop.services import printing, report_data

    period = report_data.parse_period(args.month, args.quarter, args.year)
    open_existing(args.path)
    sign_in(args)  # the roll-up reads every puskesmas: kabupaten admins only, once accounts exist
    out = printing.rollup(Path(args.output), period, args.paper)
    print(f"Rekap kabupaten {period.label} dibuat: {out}")
