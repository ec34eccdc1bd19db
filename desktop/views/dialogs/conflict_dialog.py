"""A save over someone else's newer change (shared database): show who changed what, then let the user reload the
current data or overwrite it on purpose. Never a silent lost update."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from desktop.models.audit import field_label
from desktop.models.errors import EditConflict, UserError

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.views.style import fit_form

T = TypeVar("T")

SKIP = {"id", "version", "updated_at", "created_at"}
OVERWRITE, RELOAD = "overwrite", "reload"


def _text(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dict | list):
        return "(isian formulir)"
    return f"{value!s:.60}"


class ConflictDialog(QDialog):
    """Field by field: what I typed, what is stored now, and who changed it."""

    def __init__(self, conflict: EditConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle("Data sudah diubah orang lain")
        layout = QVBoxLayout(self)
        message = QLabel(str(conflict))
        message.setWordWrap(True)
        layout.addWidget(message)
        changed_by: dict[str, str] = {}
        for username, at, changes in conflict.changes:
            for field in changes:
                changed_by[field] = f"{username or '(tanpa akun)'}, {at:%d/%m/%Y %H:%M}"
        rows = []
        if conflict.current is not None:
            for name in conflict.mine._meta.fields:
                mine, now = conflict.mine.__data__.get(name), conflict.current.__data__.get(name)
                if name not in SKIP and (mine != now or name in changed_by):
                    rows.append((field_label(name), _text(mine), _text(now),
                                 changed_by.get(name, "")))
        self.table = QTableWidget(len(rows), 4)
        self.table.setHorizontalHeaderLabels(["Kolom", "Isian Anda", "Tersimpan sekarang", "Diubah oleh"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.setVisible(bool(rows))
        layout.addWidget(self.table)
        buttons, role = QDialogButtonBox(), QDialogButtonBox.ButtonRole
        self.reload_button = buttons.addButton("Muat ulang data terbaru", role.AcceptRole)
        self.overwrite_button = buttons.addButton("Timpa dengan isian saya", role.DestructiveRole)
        self.overwrite_button.setVisible(conflict.current is not None)
        self.reload_button.setVisible(conflict.current is not None)
        buttons.addButton("Batal", role.RejectRole)
        self.reload_button.clicked.connect(lambda: self._choose(RELOAD))
        self.overwrite_button.clicked.connect(lambda: self._choose(OVERWRITE))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_form(self, 0.5)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def save_guarded(parent: QWidget, save: Callable[[], T], instance, reload: Callable[[object], None]) -> T | None:
    """Run `save()`; on a conflict ask the user. Overwrite: save again over the current version. Reload: hand the
    current row to `reload` (to refill the form). Returns what `save` returned, or None when nothing was saved."""
    while True:
        try:
            return save()
        except EditConflict as conflict:
            dialog = ConflictDialog(conflict, parent)
            dialog.exec()
            if dialog.choice == OVERWRITE and conflict.current is not None:
                instance.version = conflict.current.version
                continue
            if dialog.choice == RELOAD and conflict.current is not None:
                reload(conflict.current)
            return None


NOT_SAVED = "Perubahan belum disimpan. Periksa isian, lalu simpan lagi."


def save_form(dialog: QWidget, error: QLabel, save: Callable[[], T], instance,
              reload: Callable[[object], None]) -> T | None:
    """A dialog's Simpan: save (guarded against conflicts); a problem goes to the dialog's `error` label. Returns
    what was saved, or None (the dialog stays open)."""
    try:
        result = save_guarded(dialog, save, instance, reload)
    except UserError as exc:
        error.setText(str(exc))
        return None
    if result is None:
        error.setText(NOT_SAVED)
    return result
