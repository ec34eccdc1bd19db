"""Regenerate the user guide's screenshots from the demo database, offscreen (./scripts/screenshots).

`--smoke` writes them to a temporary folder (CI proves the script still works without touching docs/img).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUT = Path(__file__).resolve().parent / "img"
SIZE = (1366, 728)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="write to a temporary folder")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="panduan-")) if args.smoke else OUT
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from desktop.models.db import close_db
    from desktop.services.demo import build_demo

    from desktop.views.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="panduan-db-"))
    db = folder / "demo.db"
    build_demo(db, anchor=dt.date.today())
    window = MainWindow(db, demo=True)
    window.resize(*SIZE)
    window.show()

    def shot(widget, name: str) -> None:
        app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))

    shot(window, "beranda")
    kader = window.page("Posyandu & Kader")
    window.show_section("Posyandu & Kader")
    shot(window, "kader")
    dialog = kader.open_import()
    dialog.resize(1100, 640)
    shot(dialog, "impor-kader")
    dialog.close()
    window.show_section("Tim Supervisor")
    tim = window.page("Tim Supervisor")
    shot(window, "tim-teknis")
    tim.tabs.setCurrentIndex(1)
    shot(window, "tim-sk")
    window.show_section("Jadwal")
    jadwal = window.page("Jadwal")
    shot(window, "jadwal")
    jadwal.move(1)
    plan = jadwal.open_plan()
    shot(plan, "susun-jadwal")
    plan.close()
    jadwal.tabs.setCurrentIndex(2)
    shot(window, "tindak-lanjut")
    from desktop.instruments.loader import load_instrument

    from desktop.views.dialogs.instruments.record_dialog import RecordDialog

    form = RecordDialog(load_instrument("observasi_posyandu"))
    form.resize(1100, 680)
    form.show()
    shot(form, "instrumen")
    form.close()
    window.show_section("Laporan")
    laporan = window.page("Laporan")
    laporan.tabs.setCurrentIndex(1)
    shot(window, "laporan-rekap")
    window.show_section("Pengaturan")
    pengaturan = window.page("Pengaturan")
    pengaturan.tabs.setCurrentWidget(pengaturan.server)
    server = pengaturan.server
    for field, text in ((server.host, "192.168.1.10"), (server.user, "promkes")):
        field.setText(text)
    server.message.setText("Sambungan berhasil. Basis data ini masih kosong: salin data kantor ke sini, atau pakai "
                           "langsung untuk mulai dari awal.")
    shot(window, "basis-data-bersama")
    from desktop.views.dialogs.password_dialog import PasswordDialog

    password = PasswordDialog("postgresql://promkes@192.168.1.10:5432/binakader",
                              "Tidak dapat tersambung ke basis data bersama: kata sandi salah atau belum diisi.")
    password.show()
    shot(password, "kata-sandi-server")
    password.close()
    wizard = window.show_wizard()
    wizard.next()
    shot(wizard, "wisaya")
    wizard.close()
    window.close()
    close_db()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(list(out.glob('*.png')))} gambar di {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
