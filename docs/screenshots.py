"""Regenerate the screenshots of every section and dialog from the demo database, offscreen (./scripts/screenshots).

The user guide's pictures go to docs/img at 100 % on a 1366×768 screen with a 40 px taskbar (1366×728 available);
the same set at 150 % scaling (a 1920×1080 screen with a 60 px taskbar: 1280×680 logical) goes to
docs/img-150/ for checking that the app stays crisp and fits (not shipped, not committed).
`--smoke` writes to a temporary folder (CI proves the script still works without touching docs/).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALES = {"100": ("1", (1366, 728), HERE / "img"), "150": ("1.5", (1280, 680), HERE / "img-150")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="write to a temporary folder")
    parser.add_argument("--scale", choices=sorted(SCALES), help="only this scaling (default: both)")
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale is None:  # each scaling in its own process: Qt reads the factor once, at start
        for scale in SCALES:
            out = Path(tempfile.mkdtemp(prefix=f"panduan-{scale}-")) if args.smoke else SCALES[scale][2]
            env = dict(os.environ, QT_SCALE_FACTOR=SCALES[scale][0], QT_QPA_PLATFORM="offscreen")
            code = subprocess.call([sys.executable, __file__, "--scale", scale, "--out", str(out)], env=env)
            if code:
                return code
        return 0
    return shoot(Path(args.out or SCALES[args.scale][2]), SCALES[args.scale][1])


def shoot(out: Path, size: tuple[int, int]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()

    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from desktop.instruments.loader import ORDER, load_instrument
    from desktop.models.db import close_db
    from desktop.models.errors import EditConflict
    from desktop.models.people import Kader, Staff
    from desktop.services.demo import build_demo

    from desktop.views import style
    from desktop.views.main_window import MainWindow

    style.install(app)
    style.pin_available(QRect(0, 0, *size))
    folder = Path(tempfile.mkdtemp(prefix="panduan-db-"))
    db = folder / "demo.db"
    build_demo(db, anchor=dt.date.today())
    window = MainWindow(db, demo=True)
    window.show()

    def shot(widget, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))

    def dialog(make, name: str, prepare=None) -> None:
        widget = make()
        widget.show()
        if prepare is not None:
            prepare(widget)
        shot(widget, name)
        widget.close()

    def tabs(section: str, names: list[str]) -> None:
        window.show_section(section)
        page = window.page(section)
        for index, name in enumerate(names):
            if name:
                page.tabs.setCurrentIndex(index)
                shot(window, name)
        page.tabs.setCurrentIndex(0)

    window.show_section("Beranda")
    shot(window, "beranda")
    tabs("Posyandu & Kader", ["kader", "kader-posyandu"])
    kader_page = window.page("Posyandu & Kader")
    kader = Kader.select().where(Kader.active).order_by(Kader.id).first()
    from desktop.views.dialogs.kader.detail_dialog import KaderDetailDialog
    from desktop.views.dialogs.timeline_dialog import TimelineDialog

    dialog(lambda: KaderDetailDialog(kader, window), "kader-detail")
    dialog(lambda: KaderDetailDialog(kader, window), "kader-detail-riwayat",
           lambda d: d.tabs.setCurrentIndex(d.tabs.count() - 1))
    dialog(lambda: TimelineDialog(kader=kader, parent=window), "riwayat-supervisi")
    dialog(kader_page.add_kader, "kader-tambah")
    dialog(lambda: kader_page.open_posyandu(None), "posyandu-tambah")
    dialog(kader_page.open_import, "impor-kader")

    tabs("Tim Supervisor", ["tim-teknis", "tim-sk", "tim-pemeriksaan", "tim-prioritas"])
    tim = window.page("Tim Supervisor")
    staff = max(Staff.select().where(Staff.role == "bidan_desa"), key=lambda s: s.assignments.count())
    from desktop.views.dialogs.teams.assign_dialog import AssignDialog

    dialog(lambda: AssignDialog(staff, window), "posyandu-binaan")
    dialog(lambda: tim._staff_dialog(None), "petugas-tambah")
    dialog(tim.add_sk, "sk-catat")

    tabs("Jadwal", ["jadwal", "jadwal-jatuh-tempo", "tindak-lanjut"])
    jadwal = window.page("Jadwal")
    busy = max({v.activity.date for v in jadwal.views if v.activity.date.month == jadwal.selected.month},
               key=lambda d: sum(v.activity.date == d for v in jadwal.views), default=jadwal.selected)
    jadwal.selected = busy
    jadwal.refresh()
    shot(window, "jadwal-hari")
    jadwal.tabs.setCurrentIndex(2)
    jadwal.follow.grouping.setCurrentIndex(1)
    shot(window, "tindak-lanjut-supervisor")
    jadwal.follow.grouping.setCurrentIndex(0)
    jadwal.tabs.setCurrentIndex(0)
    dialog(jadwal.open_plan, "susun-jadwal-terisi")  # this month: already planned
    jadwal.move(1)
    dialog(jadwal.open_plan, "susun-jadwal")
    jadwal.move(-1)
    dialog(lambda: jadwal.open_activity(None), "kegiatan-tambah")

    window.show_section("Instrumen")
    shot(window, "instrumen-daftar")
    from desktop.views.dialogs.instruments.record_dialog import RecordDialog

    dialog(lambda: RecordDialog(load_instrument(ORDER[0]), parent=window), "instrumen")

    tabs("Laporan", ["laporan", "laporan-rekap"])
    tabs("Pengaturan", ["pengaturan-identitas", "pengaturan-wilayah", "pengaturan-keterampilan",
                        "pengaturan-pengguna", "pengaturan-audit", ""])
    pengaturan = window.page("Pengaturan")
    pengaturan.tabs.setCurrentWidget(pengaturan.server)
    server = pengaturan.server
    for field, text in ((server.host, "192.168.1.10"), (server.user, "promkes")):
        field.setText(text)
    server.message.setText("Sambungan berhasil. Basis data ini masih kosong: salin data kantor ke sini, atau pakai "
                           "langsung untuk mulai dari awal.")
    shot(window, "basis-data-bersama")
    pengaturan.tabs.setCurrentIndex(0)

    from desktop.views.dialogs.conflict_dialog import ConflictDialog
    from desktop.views.dialogs.crash_dialog import CrashDialog
    from desktop.views.dialogs.login_dialog import LoginDialog
    from desktop.views.dialogs.password_dialog import PasswordDialog

    dialog(lambda: PasswordDialog("postgresql://promkes@192.168.1.10:5432/binakader",
                                  "Tidak dapat tersambung ke basis data bersama: kata sandi salah atau belum diisi.",
                                  window), "kata-sandi-server")
    dialog(lambda: LoginDialog(window), "masuk")
    dialog(window.show_about, "tentang")
    dialog(window.show_help, "bantuan")
    dialog(lambda: CrashDialog("RuntimeError", folder / "bina-kader-galat.log", window), "galat")
    stale = Kader.get_by_id(kader.id)
    stale.version -= 1
    stale.name = stale.name + " (diubah)"
    dialog(lambda: ConflictDialog(EditConflict(stale, Kader.get_by_id(kader.id)), window), "bentrok-simpan")

    wizard = window.show_wizard()
    shot(wizard, "panduan-awal")
    wizard.next()
    shot(wizard, "panduan-awal-identitas")
    wizard.close()

    empty = folder / "kosong.db"  # what a new office sees first
    window.switch_database(empty)
    window.show_section("Beranda")
    shot(window, "beranda-kosong")
    window.show_section("Posyandu & Kader")
    shot(window, "kader-kosong")
    window.close()
    close_db()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(list(out.glob('*.png')))} gambar di {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
