"""`template`, `import`, `export`: the kader roster and instrument responses through Excel."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import Parser, add_output, open_existing, puskesmas, sign_in
from desktop.models.errors import UserError


def register(sub) -> None:
    """Add this group's commands to the top-level subparsers."""
    template = sub.add_parser("template", help="templat Excel untuk diisi: daftar kader, atau jawaban instrumen")
    template_sub = template.add_subparsers(dest="template_command", metavar="JENIS", required=True,
                                           parser_class=Parser)
    roster_template = template_sub.add_parser("roster", help="templat daftar kader (pilihan berupa daftar)")
    add_output(roster_template, "FILE.xlsx", paper=False)
    roster_template.set_defaults(func=cmd_roster_template)
    responses_template = template_sub.add_parser("instrumen", help="templat jawaban sebuah instrumen "
                                                                    "(satu baris per lembar formulir)")
    responses_template.add_argument("instrument", metavar="ID")
    add_output(responses_template, "FILE.xlsx", paper=False)
    responses_template.set_defaults(func=cmd_responses_template)

    importing = sub.add_parser("import", help="impor data dari Excel")
    import_sub = importing.add_subparsers(dest="import_command", metavar="JENIS", required=True, parser_class=Parser)
    roster = import_sub.add_parser("roster", help="daftar kader dari Excel/CSV kantor (semua baris atau tidak ada)")
    roster.add_argument("file", metavar="FILE.xlsx")
    roster.add_argument("--buat-baru", action="store_true", dest="create_missing",
                        help="buat posyandu/desa yang belum tercatat")
    roster.add_argument("--pindah", action="store_true", dest="allow_moves",
                        help="izinkan baris yang memindahkan kader yang sudah tercatat ke posyandu lain "
                             "(tindak lanjut terbukanya ikut pindah)")
    roster.set_defaults(func=cmd_roster_import)
    responses = import_sub.add_parser("responses", help="jawaban instrumen dari templat Excel yang sudah diisi")
    responses.add_argument("instrument", metavar="ID")
    responses.add_argument("file", metavar="FILE.xlsx")
    responses.set_defaults(func=cmd_responses_import)

    exporting = sub.add_parser("export", help="ekspor data ke Excel")
    export_sub = exporting.add_subparsers(dest="export_command", metavar="JENIS", required=True, parser_class=Parser)
    roster_out = export_sub.add_parser("roster", help="daftar kader aktif (dapat diimpor kembali tanpa perubahan)")
    add_output(roster_out, "FILE.xlsx", paper=False)
    roster_out.set_defaults(func=cmd_roster_export)


def cmd_roster_template(args: argparse.Namespace) -> None:
    """Write the roster template with the puskesmas's posyandu as choices."""
    from desktop.services import roster_import

    open_existing(args.path)
    roster_import.template(Path(args.output), puskesmas())
    print(f"Templat daftar kader dibuat: {args.output}")


def cmd_roster_import(args: argparse.Namespace) -> None:
    """Import an office roster: every row or none."""
    from desktop.services import roster_import

    open_existing(args.path)
    current = puskesmas()
    sign_in(args)
    plan = roster_import.import_file(Path(args.file), current, args.create_missing, allow_moves=args.allow_moves,
                                     hints="cli")
    print(f"Daftar kader diimpor: {plan.summary()}.")
    for line in plan.details():
        print(line)


def cmd_roster_export(args: argparse.Namespace) -> None:
    """Export the active kader (full NIK: personal data) so that the file imports back unchanged."""
    from desktop.services import roster_import

    open_existing(args.path)
    current = puskesmas()
    sign_in(args)
    count = roster_import.export_roster(Path(args.output), current)
    print(f"{count} kader diekspor ke {args.output}.")


def _instrument(args: argparse.Namespace):
    from desktop.instruments.loader import DefinitionError, load_instrument

    open_existing(args.path)
    try:
        return load_instrument(args.instrument)
    except DefinitionError as exc:
        raise UserError(f"{exc} Lihat `bina-kader instruments`.") from exc


def cmd_responses_template(args: argparse.Namespace) -> None:
    """Write an instrument's Excel template (one row per paper sheet)."""
    from desktop.services import responses_import

    responses_import.write_template(_instrument(args), Path(args.output))
    print(f"Templat dibuat: {args.output}")


def cmd_responses_import(args: argparse.Namespace) -> None:
    """Import a filled instrument template: every sheet or none."""
    from desktop.services import responses_import

    inst = _instrument(args)
    sign_in(args)
    result = responses_import.import_responses(inst, Path(args.file))
    print(f"{result.count} lembar {inst.title} diimpor.")
    if result.warnings:  # stored, but worth a second look at the paper (the form would have asked)
        print(f"Periksa lagi {len(result.warnings)} nilai yang tidak biasa:")
        print("\n".join(f"  {w}" for w in result.warnings))
