"""Jadwal: month and week calendar of supervision activities, the day's list with its actions, and what is due."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.schedule import SHORT_KINDS, Activity
from desktop.models.settings import current_puskesmas
from desktop.services import printing, schedule

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.views.dialogs.schedule.activity_dialog import ActivityDialog
from desktop.views.dialogs.schedule.plan_dialog import PlanDialog
from desktop.views.pages.follow_up_panel import FollowUpPanel
from desktop.views.style import NEEDS_PUSKESMAS
from desktop.views.tables import fill_table, make_table, selected_key

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAY_HEADERS = ("Jam", "Kegiatan", "Posyandu", "Supervisor", "Kader", "Status")
STATUS_COLOURS = {"selesai": "#1b5e20", "ditunda": "#e65100", "batal": "#9e9e9e", "rencana": "#0d47a1"}
DayKey = Qt.ItemDataRole.UserRole


def _cell_text(day: dt.date, items: list, week: bool) -> tuple[str, str]:
    """A calendar cell: the day and how many of each kind (names would be cut); the names go in the tooltip."""
    tip = "\n".join(f"{v.activity.start} {SHORT_KINDS[v.activity.kind]} — Posyandu {v.activity.posyandu.name} "
                    f"({v.activity.status_label})" for v in items)
    if not items:
        return f"{day.day}", ""
    kinds: dict[str, int] = {}
    for v in items:
        kinds[SHORT_KINDS[v.activity.kind]] = kinds.get(SHORT_KINDS[v.activity.kind], 0) + 1
    if week:  # a week has room for one line per activity
        lines = [f"{v.activity.start} {SHORT_KINDS[v.activity.kind]} {v.activity.posyandu.name}" for v in items]
    else:
        lines = [", ".join(f"{n} {kind}" for kind, n in kinds.items())]
    return "\n".join([f"{day.day} · {len(items)} kegiatan", *lines]), tip


class JadwalPage(QWidget):
    """The schedule of the current puskesmas, one month (or week) at a time."""

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.selected = self.today
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Jadwal</h2>"))
        self.previous = QPushButton("◀")
        self.previous.setToolTip("Bulan/minggu sebelumnya")
        self.period = QLabel()
        self.period.setMinimumWidth(200)
        self.period.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next = QPushButton("▶")
        self.next.setToolTip("Bulan/minggu berikutnya")
        self.view = QComboBox()
        self.view.addItems(["Bulan", "Minggu"])
        for w in (self.previous, self.period, self.next, self.view):
            top.addWidget(w)
        top.addStretch(1)
        self.plan_button = QPushButton("Susun jadwal bulan ini…")
        self.add_button = QPushButton("Tambah kegiatan…")
        self.print_button = QPushButton("Cetak jadwal (PDF)…")
        for w in (self.plan_button, self.add_button, self.print_button):
            top.addWidget(w)
        layout.addLayout(top)
        self.previous.clicked.connect(lambda: self.move(-1))
        self.next.clicked.connect(lambda: self.move(1))
        self.view.currentIndexChanged.connect(lambda _: self.refresh())
        self.plan_button.clicked.connect(self.open_plan)
        self.add_button.clicked.connect(lambda: self.open_activity(None))
        self.print_button.clicked.connect(self.print_schedule)

        self.empty = QLabel("")
        self.empty.setStyleSheet("background: #fff8c4; padding: 6px;")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.calendar = QTableWidget(6, 7)
        self.calendar.setHorizontalHeaderLabels(DAY_NAMES)
        self.calendar.verticalHeader().setVisible(False)
        self.calendar.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.calendar.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.calendar.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.calendar.setWordWrap(True)
        self.calendar.verticalHeader().setMinimumSectionSize(34)
        self.calendar.setStyleSheet("QTableWidget { font-size: 8pt; }")
        self.calendar.setMouseTracking(True)  # tooltips with the names of the day's activities
        self.calendar.currentCellChanged.connect(lambda *_: self._cell_chosen())
        splitter.addWidget(self.calendar)
        day_box = QWidget()
        day_layout = QVBoxLayout(day_box)
        day_layout.setContentsMargins(0, 0, 0, 0)
        self.day_title = QLabel()
        day_layout.addWidget(self.day_title)
        self.day_table = make_table(DAY_HEADERS)
        self.day_table.doubleClicked.connect(lambda _: self.edit_selected())
        day_layout.addWidget(self.day_table, 1)
        actions = QHBoxLayout()
        self.edit_button = QPushButton("Ubah…")
        self.fill_button = QPushButton("Isi instrumen…")
        self.fill_button.setToolTip("Buka formulir instrumen kegiatan ini, sudah terisi posyandu, tanggal, "
                                    "supervisor dan kader; menyimpannya menandai kegiatan selesai.")
        self.postpone_button = QPushButton("Tunda/Batalkan…")
        self.sheet_button = QPushButton("Cetak formulir…")
        self.sheet_button.setToolTip("Formulir kosong kegiatan ini untuk dibawa ke lapangan, sudah berisi posyandu "
                                     "dan kadernya (mentoring: daftar hadir dengan kolom tanda tangan).")
        for b in (self.edit_button, self.fill_button, self.postpone_button, self.sheet_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.edit_button.clicked.connect(self.edit_selected)
        self.fill_button.clicked.connect(self.fill_selected)
        self.postpone_button.clicked.connect(self.postpone_selected)
        self.sheet_button.clicked.connect(self.print_sheet)
        day_layout.addLayout(actions)
        splitter.addWidget(day_box)
        splitter.setStretchFactor(0, 5)  # the calendar shows counts only, so the day list gets a good share
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        self.tabs.addTab(splitter, "Kalender")
        due_box = QWidget()
        due_layout = QVBoxLayout(due_box)
        due_layout.addWidget(QLabel("Klik dua kali satu baris: kegiatan yang terlambat dibuka untuk dijadwalkan ulang, "
                                    "yang belum direncanakan dibuka sebagai kegiatan baru yang sudah terisi."))
        self.due_list = QListWidget()
        self.due_list.setWordWrap(True)
        self.due_list.setAlternatingRowColors(True)
        self.due_list.itemActivated.connect(lambda item: self.open_due(self.due_list.row(item)))
        due_layout.addWidget(self.due_list, 1)
        self.tabs.addTab(due_box, "Jatuh tempo")
        self.due_items: list[schedule.DueItem] = []
        self.follow = FollowUpPanel(self.today)
        self.follow.changed.connect(self.refresh)
        self.tabs.addTab(self.follow, "Tindak lanjut")
        self.refresh()

    # --- navigation ---

    def move(self, step: int) -> None:
        if self.view.currentIndex() == 1:
            self.selected += dt.timedelta(days=7 * step)
        else:
            month = self.selected.month - 1 + step
            year = self.selected.year + month // 12
            self.selected = dt.date(year, month % 12 + 1, 1)
        self.refresh()

    def _days(self) -> list[dt.date]:
        if self.view.currentIndex() == 1:
            monday = self.selected - dt.timedelta(days=self.selected.weekday())
            return [monday + dt.timedelta(days=i) for i in range(7)]
        weeks = calendar.Calendar().monthdatescalendar(self.selected.year, self.selected.month)
        return [day for week in weeks for day in week]

    # --- showing ---

    def refresh(self) -> None:
        """Reload the period, the selected day and the due list."""
        puskesmas = current_puskesmas()
        for w in (self.tabs, self.plan_button, self.add_button, self.print_button):
            w.setEnabled(puskesmas is not None)
        if puskesmas is None:
            self.period.setText("")
            self.empty.setText(NEEDS_PUSKESMAS)
            self.empty.setVisible(True)
            return
        days = self._days()
        week = self.view.currentIndex() == 1
        self.period.setText(f"<b>{days[0]:%d/%m} – {days[-1]:%d/%m/%Y}</b>" if week else
                            f"<b>{printing.MONTHS[self.selected.month - 1]} {self.selected.year}</b>")
        self.views = schedule.month_view(puskesmas, days[0], days[-1])
        month_has = any(v.activity.date.month == self.selected.month for v in self.views)
        self.empty.setText("" if month_has else
                           f"Belum ada jadwal untuk {printing.MONTHS[self.selected.month - 1]} {self.selected.year} "
                           "— klik <b>Susun jadwal bulan ini…</b> untuk usulan sesuai pedoman, atau <b>Tambah "
                           "kegiatan…</b>.")
        self.empty.setVisible(not month_has)
        by_day: dict[dt.date, list[schedule.ActivityView]] = {}
        for v in self.views:
            by_day.setdefault(v.activity.date, []).append(v)
        rows = len(days) // 7
        self.calendar.blockSignals(True)
        self.calendar.clearContents()
        self.calendar.setRowCount(rows)
        for i, day in enumerate(days):
            items = by_day.get(day, [])
            text, tip = _cell_text(day, items, week)
            cell = QTableWidgetItem(text)
            cell.setToolTip(tip)
            cell.setData(DayKey, day)
            cell.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            if day.month != self.selected.month and not week:
                cell.setForeground(QColor("#9e9e9e"))
            if day == self.today:
                cell.setBackground(QColor("#e8f5e9"))
            if any(v.activity.status in ("rencana", "ditunda") and day < self.today for v in items):
                cell.setForeground(QColor("#b71c1c"))  # something planned here was not done
            self.calendar.setItem(i // 7, i % 7, cell)
        self.calendar.blockSignals(False)
        if self.selected in days:
            index = days.index(self.selected)
            self.calendar.setCurrentCell(index // 7, index % 7)
        self.show_day(self.selected)
        due = schedule.due(puskesmas, self.selected.year, self.selected.month, self.today)
        self.due_items = due
        self.due_list.clear()
        for item in due:
            late = "TERLAMBAT — " if item.overdue else ""
            self.due_list.addItem(f"{late}Posyandu {item.posyandu} (Desa {item.desa}): {item.message} "
                                  f"Supervisor: {', '.join(item.supervisors) or 'belum ada'}.")
            if item.overdue:
                self.due_list.item(self.due_list.count() - 1).setForeground(QColor("#b71c1c"))
        if not due:
            self.due_list.addItem("Semua kegiatan wajib bulan ini sudah direncanakan atau selesai.")
        self.tabs.setTabText(1, f"Jatuh tempo ({len(due)})")
        self.show_follow_ups(puskesmas)

    def show_follow_ups(self, puskesmas) -> None:
        opened, late = self.follow.load(puskesmas)
        self.tabs.setTabText(2, f"Tindak lanjut ({opened} terbuka, {late} lewat batas)")

    def _cell_chosen(self) -> None:
        item = self.calendar.currentItem()
        if item is not None:
            self.selected = item.data(DayKey)
            self.show_day(self.selected)

    def show_day(self, day: dt.date) -> None:
        items = [v for v in self.views if v.activity.date == day]
        self.day_title.setText(f"<b>{DAY_NAMES[day.weekday()]}, {day:%d/%m/%Y}</b> — {len(items)} kegiatan"
                               + ("" if items else ". Klik “Tambah kegiatan” untuk menjadwalkan."))
        fill_table(self.day_table, [
            (f"{v.activity.start}–{v.activity.end}", v.activity.kind_label, v.activity.posyandu.name,
             ", ".join(v.supervisors) or "—", ", ".join(v.kader) if len(v.kader) <= 3 else f"{len(v.kader)} kader",
             v.activity.status_label + (f" ({v.activity.reason})" if v.activity.reason else ""))
            for v in items], [v.activity.id for v in items])
        for row, v in enumerate(items):
            self.day_table.item(row, 5).setForeground(QColor(STATUS_COLOURS[v.activity.status]))

    # --- going to a place (Beranda's links) ---

    def go_to(self, place: str) -> None:
        """'jatuh-tempo[-N]' (this month's due list, item N opened), 'tindak-lanjut' (overdue ones), 'susun'."""
        if self.selected.month != self.today.month or self.selected.year != self.today.year:
            self.selected = self.today
            self.refresh()
        if place.startswith("jatuh-tempo"):
            self.tabs.setCurrentIndex(1)
            number = place.removeprefix("jatuh-tempo").lstrip("-")
            if number.isdigit():
                self.due_list.setCurrentRow(int(number))
                self.open_due(int(number))
        elif place == "tindak-lanjut":
            self.tabs.setCurrentIndex(2)
            self.follow.overdue_only.setChecked(True)
        elif place == "susun":
            self.open_plan()

    def open_due(self, index: int) -> ActivityDialog | None:
        """A late activity opens for rescheduling; a missing one opens as a new activity already filled in."""
        from desktop.models.people import Desa, Posyandu

        if not 0 <= index < len(self.due_items):
            return None
        item = self.due_items[index]
        posyandu = (Posyandu.select(Posyandu.id).join(Desa)
                    .where(Posyandu.name == item.posyandu, Desa.name == item.desa,
                           Desa.puskesmas == current_puskesmas()).first())
        if posyandu is None:
            return None
        if item.overdue:
            late = (Activity.select().where(Activity.posyandu == posyandu.id, Activity.kind == item.kind,
                                            Activity.status.in_(("rencana", "ditunda")), Activity.date < self.today)
                    .order_by(Activity.date).first())
            if late is not None:
                return self.open_activity(late)
        dialog = self.open_activity(None)
        dialog.kind.setCurrentIndex(max(dialog.kind.findData(item.kind), 0))
        dialog.posyandu.set_value(posyandu.id)
        return dialog

    # --- actions ---

    def _selected_activity(self) -> Activity | None:
        key = selected_key(self.day_table)
        if key is None:
            QMessageBox.information(self, "Jadwal", "Pilih dahulu satu kegiatan pada daftar hari itu.")
            return None
        return Activity.get_by_id(key)

    def open_plan(self) -> PlanDialog:
        dialog = PlanDialog(self.selected.year, self.selected.month, self)
        dialog.saved.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def open_activity(self, activity: Activity | None) -> ActivityDialog:
        dialog = ActivityDialog(activity, self.selected, self)
        dialog.saved.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def edit_selected(self) -> ActivityDialog | None:
        activity = self._selected_activity()
        return self.open_activity(activity) if activity else None

    def fill_selected(self):
        """Open the activity's instrument pre-filled; saving it marks the activity done."""
        from desktop.views.dialogs.instruments.record_dialog import RecordDialog

        activity = self._selected_activity()
        if activity is None:
            return None
        if activity.record_id:
            QMessageBox.information(self, "Jadwal", "Kegiatan ini sudah selesai; catatannya ada di bagian Instrumen.")
            return None
        dialog = RecordDialog(load_instrument(activity.kind), prefill=schedule.prefill(activity), parent=self,
                              today=self.today)
        dialog.saved.connect(lambda record_id: (schedule.complete(activity, record_id), self.refresh()))
        dialog.open()
        return dialog

    def postpone_selected(self) -> None:
        activity = self._selected_activity()
        if activity is None:
            return
        choice, ok = QInputDialog.getItem(self, "Ubah status", "Status baru:", ["Ditunda", "Dibatalkan",
                                                                                "Direncanakan lagi"], 0, False)
        if not ok:
            return
        status = {"Ditunda": "ditunda", "Dibatalkan": "batal", "Direncanakan lagi": "rencana"}[choice]
        reason = ""
        if status != "rencana":
            reason, ok = QInputDialog.getText(self, "Alasan", f"Alasan {choice.lower()}:")
            if not ok:
                return
        try:
            schedule.set_status(activity, status, reason)
        except UserError as exc:
            QMessageBox.warning(self, "Jadwal", str(exc))
        self.refresh()

    def print_sheet(self, path: str | None = None) -> Path | None:
        """The visit pack: each kader's open items and last results, then the activity's pre-filled blank forms."""
        from desktop.services.visit_pack import print_visit

        activity = self._selected_activity()
        if activity is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Simpan formulir", f"{activity.kind}-{activity.posyandu.name}-{activity.date:%Y%m%d}.pdf",
                "PDF (*.pdf)")
            if not path:
                return None
        try:
            out = print_visit(activity.id, Path(path))  # the cover with open items, then the pre-filled forms
        except UserError as exc:
            QMessageBox.warning(self, "Cetak formulir", str(exc))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        return out

    def print_schedule(self) -> None:
        year, month = self.selected.year, self.selected.month
        path, _ = QFileDialog.getSaveFileName(self, "Simpan jadwal", f"jadwal-supervisi-{year}-{month:02d}.pdf",
                                              "PDF (*.pdf)")
        if not path:
            return
        try:
            printing.print_schedule(Path(path), year, month)
        except UserError as exc:
            QMessageBox.warning(self, "Cetak jadwal", str(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

