"""Jadwal › Tindak lanjut: every open finding/RTL, grouped by posyandu, supervisor or kader with counts, overdue
first; double-click opens the record the item came from, "Tandai selesai" closes it."""

from __future__ import annotations

import datetime as dt

from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.people import Kader
from desktop.models.records import InstrumentRecord
from desktop.models.schedule import FollowUp
from desktop.services import follow_up, teams

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.views.table_models.follow_ups import GROUPINGS, FollowUpFilter, KeyRole, Row, build
from desktop.views.tables import fit_columns, prepare


class FollowUpPanel(QWidget):
    """The open follow-ups of the current puskesmas; `changed` fires after one is closed."""

    changed = Signal()

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.rows: list[Row] = []
        layout = QVBoxLayout(self)
        note = QLabel("Temuan observasi dan rencana tindak lanjut (RTL) mentoring/coaching yang belum selesai, yang "
                      "lewat batas di atas. Klik dua kali untuk membuka catatan asalnya. Temuan tertutup sendiri bila "
                      "observasi ulang melihat keterampilannya sudah sesuai standar.")
        note.setWordWrap(True)
        layout.addWidget(note)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Kelompokkan menurut"))
        self.grouping = QComboBox()
        for key, label in GROUPINGS:
            self.grouping.addItem(label, key)
        self.search = QLineEdit(placeholderText="Cari posyandu, kader, uraian…")
        self.overdue_only = QCheckBox("Hanya yang lewat batas")
        self.count = QLabel("")
        bar.addWidget(self.grouping)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.overdue_only)
        layout.addLayout(bar)
        layout.addWidget(self.count)
        self.proxy = FollowUpFilter(self)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        prepare(self.tree, wrap=[3])
        self.tree.setWordWrap(False)  # one line per item (a tree does not re-measure wrapped rows); text in tooltip
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.doubleClicked.connect(lambda _: self.open_source())
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Buka catatan asal…")
        self.open_button.setToolTip("Formulir instrumen tempat temuan/RTL ini dicatat")
        self.kader_button = QPushButton("Detail kader…")
        self.close_button = QPushButton("Tandai selesai…")
        self.open_button.clicked.connect(lambda: self.open_source())
        self.kader_button.clicked.connect(lambda: self.open_kader())
        self.close_button.clicked.connect(self.close_selected)
        for b in (self.open_button, self.kader_button, self.close_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.grouping.currentIndexChanged.connect(lambda _: self._rebuild())
        self.search.textChanged.connect(self._filter)
        self.overdue_only.toggled.connect(self._overdue)

    def load(self, puskesmas) -> tuple[int, int]:
        """Reload from the database; returns (open, overdue)."""
        items = list(follow_up.open_items(puskesmas))
        kader_ids = {f.kader_id for f in items if f.kader_id}
        kader = dict(Kader.select(Kader.id, Kader.name).where(Kader.id.in_(kader_ids or [0])).tuples())
        supervisors = teams.supervisors_of(puskesmas, self.today)
        self.rows = [Row(f.id, f.due, f.posyandu.name, f.posyandu.desa.name, kader.get(f.kader_id, ""),
                         f.description, f.owner, ", ".join(sorted(supervisors.get(f.posyandu_id, []))),
                         bool(f.due and f.due < self.today)) for f in items]
        self._rebuild()
        return len(self.rows), sum(r.overdue for r in self.rows)

    def _rebuild(self) -> None:
        old = self.proxy.sourceModel()
        self.model = build(self.rows, self.grouping.currentData())
        self.proxy.setSourceModel(self.model)
        if old is not None:
            old.deleteLater()
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if self.proxy.hasChildren(index):
                self.tree.setFirstColumnSpanned(r, index.parent(), True)
        self.tree.expandAll()
        self._count()
        fit_columns(self.tree)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()
        self._count()

    def _overdue(self, on: bool) -> None:
        self.proxy.set_overdue_only(on)
        self.tree.expandAll()
        self._count()

    def shown_ids(self) -> list[int]:
        """The follow-ups on screen, top to bottom."""
        out = []

        def walk(parent) -> None:
            for r in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(r, 0, parent)
                key = index.data(KeyRole)
                if key is not None:
                    out.append(key)
                walk(index)

        from PySide6.QtCore import QModelIndex

        walk(QModelIndex())
        return out

    def _count(self) -> None:
        late = sum(r.overdue for r in self.rows)
        shown = len(self.shown_ids())
        text = f"{len(self.rows)} terbuka, {late} lewat batas waktu"
        if shown != len(self.rows):
            text += f" — {shown} ditampilkan"
        if not self.rows:
            text = ("Tidak ada tindak lanjut terbuka. Temuan baru muncul di sini setelah formulir observasi, mentoring "
                    "atau coaching disimpan (bagian Instrumen, atau Jadwal › Isi instrumen…).")
        self.count.setText(text)

    def selected_id(self) -> int | None:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(KeyRole) if index.isValid() else None

    def select(self, follow_up_id: int) -> None:
        from PySide6.QtCore import QModelIndex

        def walk(parent) -> bool:
            for r in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(r, 0, parent)
                if index.data(KeyRole) == follow_up_id:
                    self.tree.setCurrentIndex(index)
                    return True
                if walk(index):
                    return True
            return False

        walk(QModelIndex())

    def _selected(self) -> FollowUp | None:
        key = self.selected_id()
        if key is None:
            QMessageBox.information(self, "Tindak lanjut", "Pilih dahulu satu tindak lanjut (bukan judul kelompok).")
            return None
        return FollowUp.get_by_id(key)

    def open_source(self):
        """The instrument record where the finding or RTL was written down."""
        from desktop.views.dialogs.instruments.record_dialog import RecordDialog

        item = self._selected()
        if item is None:
            return None
        record = InstrumentRecord.get_by_id(item.source_id)
        dialog = RecordDialog(load_instrument(record.instrument), record=record, parent=self)
        dialog.saved.connect(lambda _: self.changed.emit())
        dialog.open()
        return dialog

    def open_kader(self):
        from desktop.views.dialogs.kader.detail_dialog import KaderDetailDialog

        item = self._selected()
        if item is None:
            return None
        if not item.kader_id:
            QMessageBox.information(self, "Tindak lanjut", "Tindak lanjut ini untuk posyandu, bukan untuk satu kader.")
            return None
        dialog = KaderDetailDialog(Kader.get_by_id(item.kader_id), self)
        dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
        dialog.changed.connect(self.changed.emit)
        dialog.open()
        return dialog

    def close_selected(self) -> None:
        item = self._selected()
        if item is None:
            return
        text, ok = QInputDialog.getText(self, "Tandai selesai", f"{item.description}\n\nTanggal selesai (hh/bb/tttt):",
                                        text=f"{self.today:%d/%m/%Y}")
        if not ok:
            return
        try:
            follow_up.close(item, dt.datetime.strptime(text.strip(), "%d/%m/%Y").date(), self.today)
        except ValueError:
            QMessageBox.warning(self, "Tindak lanjut", f"Tanggal '{text}' tidak sah; tulis seperti 24/11/2026.")
            return
        except UserError as exc:
            QMessageBox.warning(self, "Tindak lanjut", str(exc))
            return
        self.changed.emit()
