"""`bina-kader`: opens the GUI with no command; the same operations from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.models.db import display_location, is_server
from desktop.models.errors import UserError


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors said in Indonesian."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Galat: perintah tidak dapat dipahami ({message}). Lihat `bina-kader --help`.\n")


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = _Parser(prog="bina-kader", description=f"{APP_NAME} — supervisi suportif kader Posyandu.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="berkas basis data, atau postgresql://pengguna@host:port/nama untuk basis data bersama "
                             "(bawaan: BINA_KADER_DB, server pilihan di Pengaturan, atau folder data pengguna)")
    parser.add_argument("--demo", action="store_true", help="buka basis data demo (dibuat saat pertama dipakai)")
    parser.add_argument("--smoke", action="store_true",
                        help="buka jendela utama lalu langsung keluar (memeriksa hasil pemasangan)")
    parser.add_argument("--user", metavar="NAMA", help="nama pengguna untuk perintah yang mengubah data (kata sandi "
                        "ditanyakan); wajib bila basis data sudah punya akun")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)

    demo = sub.add_parser("demo", help="buat basis data demo")
    demo.add_argument("--scale", choices=("small", "kabupaten"), default="small",
                      help="small: satu puskesmas; kabupaten: ±40 puskesmas untuk uji kinerja")

    db = sub.add_parser("db", help="pemeriksaan dan pemutakhiran basis data")
    db_sub = db.add_subparsers(dest="db_command", metavar="AKSI", required=True, parser_class=_Parser)
    db_sub.add_parser("check", help="periksa integritas dan versi skema")
    db_sub.add_parser("upgrade", help="mutakhirkan skema (cadangan dibuat dahulu)")
    copy = db_sub.add_parser("copy", help="salin seluruh basis data ke server PostgreSQL bersama, atau dari server "
                                          "ke berkas untuk kerja luring (jumlah baris diperiksa)")
    copy.add_argument("--to", metavar="TUJUAN", required=True,
                      help="postgresql://pengguna@host:port/nama (basis data kosong) atau berkas .db baru")
    copy.add_argument("--gabung", action="store_true", dest="merge",
                      help="tambahkan puskesmas ini ke server yang sudah berisi puskesmas lain")

    backup = sub.add_parser("backup", help="buat cadangan basis data")
    backup.add_argument("-o", "--output", metavar="FILE", help="berkas tujuan (bawaan: folder backups/)")

    restore = sub.add_parser("restore", help="pulihkan dari berkas cadangan")
    restore.add_argument("file", metavar="FILE")

    sub.add_parser("instruments", help="daftar instrumen (id, judul, versi)")
    printing = sub.add_parser("print", help="cetak instrumen kosong atau terisi ke PDF")
    print_sub = printing.add_subparsers(dest="print_command", metavar="JENIS", required=True, parser_class=_Parser)
    blank = print_sub.add_parser("blank", help="formulir kosong")
    blank.add_argument("instrument", metavar="ID")
    blank.add_argument("--posyandu", metavar="NAMA", help="isi kop formulir dengan posyandu dan kadernya")
    filled = print_sub.add_parser("filled", help="catatan yang sudah disimpan")
    filled.add_argument("record", metavar="RECORD_ID", type=int)
    team_print = print_sub.add_parser("teams", help="susunan tim supervisor (teknis dan manajerial)")
    team_print.add_argument("--desa", metavar="NAMA", help="hanya satu desa/kelurahan")
    schedule_print = print_sub.add_parser("schedule", help="jadwal supervisi satu bulan (lanskap)")
    schedule_print.add_argument("--month", metavar="YYYY-MM", required=True)
    template = sub.add_parser("template", help="templat Excel sebuah instrumen (satu baris per lembar), "
                                               "atau `template roster` untuk daftar kader")
    template.add_argument("instrument", metavar="ID|roster")
    template.add_argument("-o", "--output", metavar="FILE.xlsx", required=True)
    importing = sub.add_parser("import", help="impor data dari Excel")
    import_sub = importing.add_subparsers(dest="import_command", metavar="JENIS", required=True, parser_class=_Parser)
    roster = import_sub.add_parser("roster", help="daftar kader dari Excel/CSV kantor (semua baris atau tidak ada)")
    roster.add_argument("file", metavar="FILE.xlsx")
    roster.add_argument("--buat-baru", action="store_true", dest="create_missing",
                        help="buat posyandu/desa yang belum tercatat")
    exporting = sub.add_parser("export", help="ekspor data ke Excel")
    export_sub = exporting.add_subparsers(dest="export_command", metavar="JENIS", required=True, parser_class=_Parser)
    roster_out = export_sub.add_parser("roster", help="daftar kader aktif (dapat diimpor kembali tanpa perubahan)")
    roster_out.add_argument("-o", "--output", metavar="FILE.xlsx", required=True)
    responses = import_sub.add_parser("responses", help="jawaban instrumen dari templat Excel yang sudah diisi")
    responses.add_argument("instrument", metavar="ID")
    responses.add_argument("file", metavar="FILE.xlsx")
    teams = sub.add_parser("teams", help="tim supervisor")
    teams_sub = teams.add_subparsers(dest="teams_command", metavar="AKSI", required=True, parser_class=_Parser)
    teams_sub.add_parser("check", help="periksa rasio 1:25–30, posyandu tanpa supervisor, kapasitas dan SK")
    sub.add_parser("priorities", help="posyandu yang perlu disupervisi lebih dahulu, dengan alasannya")
    sk = sub.add_parser("sk", help="register SK tim supervisor manajerial")
    sk_sub = sk.add_subparsers(dest="sk_command", metavar="AKSI", required=True, parser_class=_Parser)
    sk_list = sk_sub.add_parser("list", help="daftar SK per desa dengan status masa berlaku")
    sk_list.add_argument("--expiring", metavar="HARI", type=int,
                         help="hanya SK yang kedaluwarsa atau berakhir dalam HARI hari, dan desa tanpa SK")
    reporting = sub.add_parser("report", help="laporan supervisi suportif (PDF atau Excel)")
    report_sub = reporting.add_subparsers(dest="report_command", metavar="JENIS", required=True,
                                          parser_class=_Parser)
    monthly = report_sub.add_parser("monthly", help="laporan bulanan; --quarter/--year untuk triwulan/tahun")
    when = monthly.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="YYYY-MM")
    when.add_argument("--quarter", metavar="YYYY-Qn")
    when.add_argument("--year", metavar="YYYY")
    monthly.add_argument("--desa", metavar="NAMA", help="hanya satu desa/kelurahan")
    monthly.add_argument("--posyandu", metavar="NAMA", help="hanya satu posyandu")
    monthly.add_argument("--paper", choices=("a4", "f4"), default="a4", help="ukuran kertas PDF (bawaan a4)")
    monthly.add_argument("-o", "--output", metavar="FILE.pdf|FILE.xlsx", required=True)
    rollup = report_sub.add_parser("kabupaten", help="rekap semua puskesmas satu kabupaten (admin kabupaten)")
    when = rollup.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="YYYY-MM")
    when.add_argument("--quarter", metavar="YYYY-Qn")
    when.add_argument("--year", metavar="YYYY")
    rollup.add_argument("--paper", choices=("a4", "f4"), default="a4", help="ukuran kertas PDF (bawaan a4)")
    rollup.add_argument("-o", "--output", metavar="FILE.pdf|FILE.xlsx", required=True)
    schedule = sub.add_parser("schedule", help="jadwal supervisi")
    schedule_sub = schedule.add_subparsers(dest="schedule_command", metavar="AKSI", required=True,
                                           parser_class=_Parser)
    due = schedule_sub.add_parser("due", help="yang diwajibkan pedoman bulan ini tetapi belum direncanakan/selesai")
    plan = schedule_sub.add_parser("plan", help="usulan jadwal bulan ini menurut aturan pedoman")
    plan.add_argument("--accept", action="store_true", help="simpan usulan sebagai jadwal")
    for p in (due, plan):
        p.add_argument("--month", metavar="YYYY-MM", required=True)
    for p in (blank, filled, team_print, schedule_print):
        p.add_argument("--paper", choices=("a4", "f4"), default="a4", help="ukuran kertas (bawaan a4)")
        p.add_argument("-o", "--output", metavar="FILE.pdf", required=True)
    return parser


def _db_path(args: argparse.Namespace):
    from desktop.models.db import demo_db_path, resolve_db_path

    return demo_db_path() if args.demo and not args.db else resolve_db_path(args.db)


def cmd_demo(path: Path, scale: str) -> None:
    """Build a demo database."""
    from desktop.models.stats import counts
    from desktop.services.demo import build_demo

    build_demo(path, scale)
    c = counts()
    print(f"Basis data demo ({scale}) dibuat: {display_location(path)}")
    print(f"  {c.desa} desa/kelurahan, {c.posyandu} posyandu aktif, {c.kader} kader aktif, "
          f"{c.supervisors_technical + c.supervisors_managerial} supervisor")


def cmd_db_check(path: Path) -> int:
    """Report integrity and schema version; non-zero when the file is damaged or too new."""
    from desktop.models.migrations import SCHEMA_VERSION
    from desktop.models.schema import check_file

    if is_server(path):
        from desktop.models.schema import current_version

        _open(path)
        version = current_version()
        print(f"Basis data : {display_location(path)} (bersama)")
        print("Integritas : dijaga server PostgreSQL; sambungan baik")
    else:
        ok, detail, version = check_file(path)
        if not ok:
            raise UserError(f"Basis data {path} tidak lolos pemeriksaan: {detail}.")
        print(f"Basis data : {path}")
        print("Integritas : baik (PRAGMA quick_check = ok)")
    print(f"Skema      : v{version} (aplikasi: v{SCHEMA_VERSION})")
    if version > SCHEMA_VERSION:
        raise UserError("Basis data ini dibuat oleh versi Bina Kader yang lebih baru.")
    if version < SCHEMA_VERSION:
        print("Perlu pemutakhiran: jalankan `bina-kader db upgrade` (cadangan dibuat otomatis).")
    return 0


def cmd_db_upgrade(path: Path) -> None:
    """Open the database, which upgrades it after a backup copy."""
    from desktop.models.migrations import SCHEMA_VERSION
    from desktop.models.schema import check_file, current_version

    if is_server(path):
        _open(path)  # a server is upgraded on connecting, under a lock so two PCs cannot both do it
        print(f"Skema basis data bersama: v{current_version()} (aplikasi: v{SCHEMA_VERSION}).")
        return
    if not path.exists():
        raise UserError(f"Basis data {path} tidak ditemukan.")
    before = check_file(path)[2]
    _open(path)
    if before == SCHEMA_VERSION:
        print(f"Skema sudah versi terbaru (v{SCHEMA_VERSION}).")
    else:
        print(f"Skema dimutakhirkan dari v{before} ke v{current_version()}; cadangan lama ada di folder backups/.")


def cmd_backup(path: Path, output: str | None) -> None:
    """Write a consistent copy of the database."""
    from desktop.models import backup

    if is_server(path):  # a server's copy for this PC: the whole database into a new file
        if not output:
            raise UserError("Sebutkan berkas tujuan cadangan basis data bersama: backup -o BERKAS.db")
        cmd_db_copy(path, output)
        return
    _open_existing(path)
    dest = Path(output) if output else backup.backups_dir(path) / f"manual-{backup.stamp()}.db"
    backup.backup_to(dest)
    print(f"Cadangan dibuat: {dest}")


def cmd_restore(path: Path, source: Path, args: argparse.Namespace) -> None:
    """Validate a backup file, then put it in place of the database, keeping a copy of the old one."""
    from desktop.models import backup
    from desktop.models.migrations import SCHEMA_VERSION
    from desktop.models.schema import check_file, open_database

    if is_server(path):
        raise UserError("Basis data bersama tidak dipulihkan dari sini: minta pengelola server menyiapkan basis data "
                        "kosong, lalu `bina-kader --db BERKAS.db db copy --to postgresql://...`.")
    ok, detail, version = check_file(source)
    if not ok:
        raise UserError(f"Berkas cadangan {source} tidak dapat dipakai: {detail}. Basis data tidak diubah.")
    if version > SCHEMA_VERSION:
        raise UserError(
            f"Berkas cadangan {source} berasal dari versi Bina Kader yang lebih baru. Basis data tidak diubah."
        )
    if path.exists():
        open_database(path)
        _sign_in(args)
        from desktop.models import audit
        from desktop.models.db import close_db

        audit.record("pulihkan", "", "", detail=f"dari {source}")
        close_db()
    kept = backup.restore(source, path)
    open_database(path)
    print(f"Basis data dipulihkan dari {source}.")
    if kept:
        print(f"Salinan basis data sebelumnya disimpan di {kept}")


def _ask_password(url: str, reason: str) -> tuple[str, bool]:
    """A server refused the saved password (or there is none): type it at the terminal (never remembered)."""
    if not sys.stdin.isatty():
        raise UserError(f"Server {display_location(url)} meminta kata sandi: simpan di Pengaturan (keyring) atau "
                        "jalankan perintah ini di terminal.")
    import getpass

    return getpass.getpass(f"{reason}\nKata sandi basis data {display_location(url)}: "), False


def _open(location) -> None:
    """Open a file or a server (its password asked at the terminal when the saved one is missing or refused)."""
    from desktop.models.schema import open_database

    if is_server(location):
        from desktop.services.server import open_server

        open_server(str(location), _ask_password)
    else:
        open_database(location)


def cmd_db_copy(source, target: str, merge: bool = False) -> None:
    """Copy the whole database to an empty server database or a new file (or merge it into a shared server that
    holds other puskesmas), verifying row counts."""
    from desktop.models.db import close_db, resolve_db_path
    from desktop.services.db_copy import copy_database, merge_database

    target_location = resolve_db_path(target)
    _open(source)  # checked and brought to this version's schema, like the target of a merge
    if merge:
        _open(target_location)
    close_db()
    from desktop.services.server import log_in

    source_password = log_in(source, _ask_password) if is_server(source) else None
    target_password = log_in(target_location, _ask_password) if is_server(target_location) else None
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


def _open_existing(path) -> None:
    if not is_server(path) and not path.exists():
        raise UserError(f"Basis data {path} tidak ditemukan.")
    _open(path)


def _sign_in(args: argparse.Namespace) -> None:
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


def _puskesmas():
    from desktop.models.settings import current_puskesmas

    puskesmas = current_puskesmas()
    if puskesmas is None:
        raise UserError("Identitas puskesmas belum diisi (Pengaturan › Identitas Puskesmas).")
    return puskesmas


def cmd_teams_check(path: Path) -> int:
    """Print the team checks; exit code 1 when something needs action."""
    from desktop.services import teams

    _open_existing(path)
    check = teams.team_check(_puskesmas())
    print(check.ratio.message())
    problems = check.problems()
    for line in problems:
        print(f"- {line}")
    if not problems:
        print("Tidak ada masalah: setiap posyandu punya supervisor teknis dan setiap desa punya SK yang berlaku.")
    return 1 if problems else 0


def cmd_priorities(path: Path) -> None:
    """Print the posyandu to supervise first, with reasons."""
    from desktop.services.priorities import priorities

    _open_existing(path)
    rows = priorities(_puskesmas())
    if not rows:
        print("Tidak ada posyandu prioritas menurut aturan pedoman.")
    for n, row in enumerate(rows, start=1):
        print(f"{n}. Posyandu {row.posyandu.name} (Desa {row.posyandu.desa.name})")
        for reason in row.reasons:
            print(f"   - {reason}")


def cmd_sk_list(path: Path, expiring: int | None) -> None:
    """Print each desa's newest SK with its validity status."""
    import datetime as dt

    from desktop.services import teams

    _open_existing(path)
    today = dt.date.today()
    rows = teams.desa_teams(_puskesmas(), today)
    if expiring is not None:
        limit = today + dt.timedelta(days=expiring)
        rows = [r for r in rows if r.decree is None or (r.decree.valid_until and r.decree.valid_until <= limit)]
    print(f"{'Desa/Kelurahan':<24} {'Nomor SK':<26} {'Tanggal':<10} {'Berlaku s.d.':<12} {'Anggota':>7}  Status")
    for r in rows:
        d = r.decree
        until = f"{d.valid_until:%d/%m/%Y}" if d and d.valid_until else ("-" if d else "")
        print(f"{r.desa.name:<24} {d.number if d else '-':<26} {f'{d.signed_on:%d/%m/%Y}' if d else '':<10} "
              f"{until:<12} {r.members:>7}  {r.status_label}")


def _month(text: str) -> tuple[int, int]:
    from desktop.models.schedule_rules import parse_month

    try:
        return parse_month(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def cmd_schedule(path: Path, args: argparse.Namespace) -> int:
    """Print what is due, or the proposed plan (saved with --accept)."""
    from desktop.services import schedule

    year, month = _month(args.month)
    _open_existing(path)
    puskesmas = _puskesmas()
    if args.schedule_command == "due":
        items = schedule.due(puskesmas, year, month)
        for item in items:
            late = "TERLAMBAT " if item.overdue else ""
            print(f"- {late}Posyandu {item.posyandu} (Desa {item.desa}): {item.message} "
                  f"Supervisor: {', '.join(item.supervisors) or 'belum ada'}.")
        if not items:
            print("Semua kegiatan wajib bulan ini sudah direncanakan atau selesai.")
        return 1 if items else 0
    rows = schedule.propose_month(puskesmas, year, month)
    who = schedule.names(puskesmas)
    for n, row in enumerate(rows, start=1):
        staff = ", ".join(who["staff"][s] for s in row.staff_ids) or "BELUM ADA SUPERVISOR"
        kader = f"; kader: {', '.join(who['kader'][k] for k in row.kader_ids)}" if row.kader_ids else ""
        print(f"{n}. {row.date:%d/%m/%Y} {row.start}–{row.end} {schedule.KIND_LABELS[row.kind]} — Posyandu "
              f"{who['posyandu'][row.posyandu_id]} ({staff}{kader}). {row.reason}")
    for conflict in schedule.plan_conflicts(puskesmas, rows):
        print(f"! {conflict.message}")
    if not rows:
        print("Tidak ada usulan: semua kegiatan wajib bulan ini sudah direncanakan atau selesai.")
    elif args.accept:
        _sign_in(args)
        schedule.accept_plan(puskesmas, rows)
        print(f"{len(rows)} kegiatan disimpan ke jadwal.")
    return 0


def cmd_report(path: Path, args: argparse.Namespace) -> None:
    """Write the monthly/quarterly/annual report as PDF or Excel."""
    from desktop.services import printing, report_data

    period = report_data.parse_period(args.month, args.quarter, args.year)
    _open_existing(path)
    if args.report_command == "kabupaten":
        _sign_in(args)  # the roll-up reads every puskesmas: kabupaten admins only, once accounts exist
        out = printing.rollup(Path(args.output), period, args.paper)
        print(f"Rekap kabupaten {period.label} dibuat: {out}")
        return
    scope = report_data.find_scope(_puskesmas(), args.desa, args.posyandu)
    out = printing.report(Path(args.output), period, scope, args.paper)
    print(f"Laporan {period.label} ({scope.label}) dibuat: {out}")


def cmd_instruments() -> None:
    """List the shipped instrument definitions."""
    from desktop.instruments.loader import load_all

    for inst in load_all():
        print(f"{inst.id:<20} v{inst.version}  {inst.title}")


def cmd_print(path: Path, args: argparse.Namespace) -> None:
    """Print a blank form or a saved record to PDF."""
    from desktop.instruments.loader import DefinitionError
    from desktop.services import printing

    _open_existing(path)
    out = Path(args.output)
    try:
        if args.print_command == "teams":
            printing.print_teams(out, args.paper, args.desa)
        elif args.print_command == "schedule":
            printing.print_schedule(out, *_month(args.month), args.paper)
        elif args.print_command == "blank":
            printing.print_blank(args.instrument, out, args.paper, args.posyandu)
        else:
            printing.print_filled(args.record, out, args.paper)
    except DefinitionError as exc:
        raise UserError(f"{exc} Lihat `bina-kader instruments`.") from exc
    print(f"PDF dibuat: {out}")


def cmd_roster(path: Path, args: argparse.Namespace) -> None:
    """Import, export or template of the kader roster."""
    from desktop.services import roster_import

    _open_existing(path)
    puskesmas = _puskesmas()
    if args.command in ("import", "export"):
        _sign_in(args)
    if args.command == "import":
        plan = roster_import.import_file(Path(args.file), puskesmas, args.create_missing)
        print(f"Daftar kader diimpor: {plan.summary()}.")
    elif args.command == "export":
        count = roster_import.export_roster(Path(args.output), puskesmas)
        print(f"{count} kader diekspor ke {args.output}.")
    else:
        roster_import.template(Path(args.output), puskesmas)
        print(f"Templat daftar kader dibuat: {args.output}")


def cmd_excel(path: Path, args: argparse.Namespace) -> None:
    """Write an instrument's Excel template, or import a filled one (all rows or none)."""
    from desktop.instruments.loader import DefinitionError, load_instrument
    from desktop.services import responses_import

    _open_existing(path)
    try:
        inst = load_instrument(args.instrument)
    except DefinitionError as exc:
        raise UserError(f"{exc} Lihat `bina-kader instruments`.") from exc
    if args.command == "template":
        responses_import.write_template(inst, Path(args.output))
        print(f"Templat dibuat: {args.output}")
    else:
        _sign_in(args)
        count = responses_import.import_responses(inst, Path(args.file))
        print(f"{count} lembar {inst.title} diimpor.")


def run(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = build_parser().parse_args(argv)
    path = _db_path(args)
    try:
        if args.command is None:
            from desktop.views.app import run_gui

            return run_gui(path, demo=args.demo and not args.db, quit_after_start=args.smoke)
        if args.command == "demo":
            cmd_demo(path, args.scale)
        elif args.command == "db" and args.db_command == "check":
            return cmd_db_check(path)
        elif args.command == "db" and args.db_command == "copy":
            cmd_db_copy(path, args.to, args.merge)
        elif args.command == "db":
            cmd_db_upgrade(path)
        elif args.command == "backup":
            cmd_backup(path, args.output)
        elif args.command == "restore":
            cmd_restore(path, Path(args.file), args)
        elif args.command == "instruments":
            cmd_instruments()
        elif args.command == "teams":
            return cmd_teams_check(path)
        elif args.command == "priorities":
            cmd_priorities(path)
        elif args.command == "sk":
            cmd_sk_list(path, args.expiring)
        elif args.command == "report":
            cmd_report(path, args)
        elif args.command == "schedule":
            return cmd_schedule(path, args)
        elif args.command == "print":
            cmd_print(path, args)
        elif (args.command == "import" and args.import_command == "roster") or args.command == "export" or (
                args.command == "template" and args.instrument == "roster"):
            cmd_roster(path, args)
        elif args.command in ("template", "import"):
            cmd_excel(path, args)
    except UserError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 1
    finally:
        from desktop.models.db import close_db

        close_db()
    return 0


def main() -> None:
    """Console/GUI entry point."""
    sys.exit(run())


if __name__ == "__main__":
    main()
