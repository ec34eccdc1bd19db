"""`followups`, `timeline`, `skills export|import`: the supervision cycle's findings and RTL items, one kader's
story, and the skill catalogue as an exchangeable file."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import Parser, open_existing, puskesmas, sign_in
from desktop.models.errors import UserError


def register(sub) -> None:
    """Add this group's commands to the top-level subparsers."""
    follow = sub.add_parser("followups", help="temuan dan RTL siklus supervisi, dengan penutupnya")
    follow.add_argument("--open", action="store_true", help="hanya yang masih terbuka")
    follow.add_argument("--kader", metavar="NAMA", help="hanya satu kader")
    follow.add_argument("--posyandu", metavar="NAMA", help="hanya satu posyandu")
    follow.set_defaults(func=cmd_followups)
    line = sub.add_parser("timeline", help="riwayat seorang kader: observasi, temuan, mentoring, coaching, RTL")
    line.add_argument("--kader", metavar="NAMA", required=True)
    line.add_argument("--posyandu", metavar="NAMA", help="posyandu kader itu (bila namanya ada di beberapa posyandu)")
    line.set_defaults(func=cmd_timeline)
    skills = sub.add_parser("skills", help="katalog keterampilan dasar kader sebagai berkas (ekspor/impor)")
    skills_sub = skills.add_subparsers(dest="skills_command", metavar="AKSI", required=True, parser_class=Parser)
    export = skills_sub.add_parser("export", help="tulis katalog ke berkas TOML")
    export.add_argument("file", metavar="FILE.toml")
    export.set_defaults(func=cmd_skills_export)
    load = skills_sub.add_parser("import", help="ganti katalog dengan berkas TOML (boleh berisi [mapping] "
                                               "kode lama = kode baru)")
    load.add_argument("file", metavar="FILE.toml")
    load.set_defaults(func=cmd_skills_import)


def cmd_followups(args: argparse.Namespace) -> None:
    """List findings and RTL items (open first) with skill, kader or posyandu, source record and closing."""
    from desktop.services import cycle_view

    open_existing(args.path)
    lines = cycle_view.follow_up_lines(puskesmas(), only_open=args.open, kader=args.kader, posyandu=args.posyandu)
    for text in lines:
        print(text)
    if not lines:
        print("Tidak ada temuan atau RTL" + (" yang terbuka." if args.open else "."))


def cmd_timeline(args: argparse.Namespace) -> None:
    """One kader's timeline, newest first."""
    from desktop.services import cycle_view

    open_existing(args.path)
    kader = cycle_view.find_kader(puskesmas(), args.kader, args.posyandu)
    if kader is None:
        raise UserError(f"Kader '{args.kader}' tidak ditemukan.")
    print(f"Riwayat {kader.name} — Posyandu {kader.posyandu.name}")
    for text in cycle_view.timeline_lines(kader):
        print(text)


def cmd_skills_export(args: argparse.Namespace) -> None:
    """Write the catalogue to a file."""
    from desktop.models import skills

    open_existing(args.path)
    print(f"{skills.export_catalogue(Path(args.file))} keterampilan ditulis ke {args.file}.")


def cmd_skills_import(args: argparse.Namespace) -> None:
    """Replace the catalogue by a file, moving stored codes by its [mapping]."""
    from desktop.services import skills_catalogue

    open_existing(args.path)
    sign_in(args)
    result = skills_catalogue.import_catalogue(Path(args.file))
    print(f"Katalog diganti: {result['kept']} tetap/diubah, {result['added']} baru, {result['retired']} dipensiunkan, "
          f"{result['mapped']} kode dipetakan.")
