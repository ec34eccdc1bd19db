"""`teams check`, `priorities`, `sk list`: supervisor teams and the posyandu to visit first."""

from __future__ import annotations

import argparse

from desktop.cli.common import Parser, open_existing, puskesmas


def register(sub) -> None:
    """Add this group's commands to the top-level subparsers."""
    teams = sub.add_parser("teams", help="tim supervisor")
    teams_sub = teams.add_subparsers(dest="teams_command", metavar="AKSI", required=True, parser_class=Parser)
    teams_sub.add_parser("check", help="periksa rasio 1:25–30, posyandu tanpa supervisor, kapasitas dan SK"
                         ).set_defaults(func=cmd_teams_check)
    sub.add_parser("priorities", help="posyandu yang perlu disupervisi lebih dahulu, dengan alasannya"
                   ).set_defaults(func=cmd_priorities)
    sk = sub.add_parser("sk", help="register SK tim supervisor manajerial")
    sk_sub = sk.add_subparsers(dest="sk_command", metavar="AKSI", required=True, parser_class=Parser)
    sk_list = sk_sub.add_parser("list", help="daftar SK per desa dengan status masa berlaku")
    sk_list.add_argument("--expiring", metavar="HARI", type=int,
                         help="hanya SK yang kedaluwarsa atau berakhir dalam HARI hari, dan desa tanpa SK")
    sk_list.set_defaults(func=cmd_sk_list)


def cmd_teams_check(args: argparse.Namespace) -> int:
    """Print the team checks; exit code 1 when something needs action."""
    from desktop.services import teams

    open_existing(args.path)
    check = teams.team_check(puskesmas())
    print(check.ratio.message())
    problems = check.problems()
    for line in problems:
        print(f"- {line}")
    if not problems:
        print("Tidak ada masalah: setiap posyandu punya supervisor teknis dan setiap desa punya SK yang berlaku.")
    return 1 if problems else 0


def cmd_priorities(args: argparse.Namespace) -> None:
    """Print the posyandu to supervise first, with reasons."""
    from desktop.services.priorities import priorities

    open_existing(args.path)
    rows = priorities(puskesmas())
    if not rows:
        print("Tidak ada posyandu prioritas menurut aturan pedoman.")
    for n, row in enumerate(rows, start=1):
        print(f"{n}. Posyandu {row.posyandu.name} (Desa {row.posyandu.desa.name})")
        for reason in row.reasons:
            print(f"   - {reason}")


def cmd_sk_list(args: argparse.Namespace) -> None:
    """Print each desa's newest SK with its validity status."""
    import datetime as dt

    from desktop.services import teams

    open_existing(args.path)
    today = dt.date.today()
    rows = teams.desa_teams(puskesmas(), today)
    if args.expiring is not None:
        limit = today + dt.timedelta(days=args.expiring)
        rows = [r for r in rows if r.decree is None or (r.decree.valid_until and r.decree.valid_until <= limit)]
    print(f"{'Desa/Kelurahan':<24} {'Nomor SK':<26} {'Tanggal':<10} {'Berlaku s.d.':<12} {'Anggota':>7}  Status")
    for r in rows:
        d = r.decree
        until = f"{d.valid_until:%d/%m/%Y}" if d and d.valid_until else ("-" if d else "")
        print(f"{r.desa.name:<24} {d.number if d else '-':<26} {f'{d.signed_on:%d/%m/%Y}' if d else '':<10} "
              f"{until:<12} {r.members:>7}  {r.status_label}")
