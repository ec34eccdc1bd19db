"""`schedule due|plan`: the month's supervision plan."""

from __future__ import annotations

import argparse

from desktop.cli.common import Parser, month, open_existing, puskesmas, sign_in


def register(sub) -> None:
    """Add this group's commands to the top-level subparsers."""
    schedule = sub.add_parser("schedule", help="jadwal supervisi")
    schedule_sub = schedule.add_subparsers(dest="schedule_command", metavar="AKSI", required=True,
                                           parser_class=Parser)
    due = schedule_sub.add_parser("due", help="yang diwajibkan pedoman bulan ini tetapi belum direncanakan/selesai")
    due.set_defaults(func=cmd_due)
    plan = schedule_sub.add_parser("plan", help="usulan jadwal bulan ini menurut aturan pedoman")
    plan.add_argument("--accept", action="store_true", help="simpan usulan sebagai jadwal")
    plan.set_defaults(func=cmd_plan)
    for p in (due, plan):
        p.add_argument("--month", metavar="YYYY-MM", required=True)


def cmd_due(args: argparse.Namespace) -> int:
    """Print what is due this month and not yet planned or done; exit code 1 when something is."""
    from desktop.services import schedule

    year, mon = month(args.month)
    open_existing(args.path)
    items = schedule.due(puskesmas(), year, mon)
    for item in items:
        late = "TERLAMBAT " if item.overdue else ""
        print(f"- {late}Posyandu {item.posyandu} (Desa {item.desa}): {item.message} "
              f"Supervisor: {', '.join(item.supervisors) or 'belum ada'}.")
    if not items:
        print("Semua kegiatan wajib bulan ini sudah direncanakan atau selesai.")
    return 1 if items else 0


def cmd_plan(args: argparse.Namespace) -> None:
    """Print the proposed plan with its conflicts; save it with --accept."""
    from desktop.services import schedule

    year, mon = month(args.month)
    open_existing(args.path)
    current = puskesmas()
    rows = schedule.propose_month(current, year, mon)
    who = schedule.names(current)
    for n, row in enumerate(rows, start=1):
        staff = ", ".join(who["staff"][s] for s in row.staff_ids) or "BELUM ADA SUPERVISOR"
        kader = f"; kader: {', '.join(who['kader'][k] for k in row.kader_ids)}" if row.kader_ids else ""
        print(f"{n}. {row.date:%d/%m/%Y} {row.start}–{row.end} {schedule.KIND_LABELS[row.kind]} — Posyandu "
              f"{who['posyandu'][row.posyandu_id]} ({staff}{kader}). {row.reason}")
    for conflict in schedule.plan_conflicts(current, rows):
        print(f"! {conflict.message}")
    if not rows:
        print("Tidak ada usulan: semua kegiatan wajib bulan ini sudah direncanakan atau selesai.")
    elif args.accept:
        sign_in(args)
        saved = schedule.accept_plan(current, rows)
        print(f"{len(saved)} kegiatan disimpan ke jadwal.")
