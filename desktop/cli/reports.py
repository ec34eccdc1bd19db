"""`report monthly|kabupaten|penandatangan-kabupaten`: the supervision reports as PDF or Excel, and who signs the
Rekap Kabupaten."""

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
    signer = report_sub.add_parser("penandatangan-kabupaten",
                                   help="penanda tangan Rekap Kabupaten (admin kabupaten); tanpa opsi: tampilkan")
    signer.add_argument("--jabatan", help="mis. \"Kepala Dinas Kesehatan\"")
    signer.add_argument("--nama", help="nama dan gelar")
    signer.add_argument("--nip", help="18 angka (\"\" untuk mengosongkan)")
    signer.add_argument("--alamat", help="alamat Dinas Kesehatan untuk kop")
    signer.set_defaults(func=cmd_signer)


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


def cmd_signer(args: argparse.Namespace) -> None:
    """Show, or set (the options given; the rest stays), who signs the Rekap Kabupaten: the service the GUI's
    "Penanda tangan rekap…" uses, with its role rule and NIP check."""
    from desktop.services import rollup

    open_existing(args.path)
    current = rollup.signer()
    given = (args.jabatan, args.nama, args.nip, args.alamat)
    if any(v is not None for v in given):
        sign_in(args)
        rollup.set_signer(*(new if new is not None else old for new, old in zip(given, current, strict=True)))
        current = rollup.signer()
        print("Penanda tangan Rekap Kabupaten disimpan.")
    position, name, nip, address = current
    print(f"Jabatan : {position}\nNama    : {name or '—'}\nNIP     : {nip or '—'}\nAlamat  : {address or '—'}")
