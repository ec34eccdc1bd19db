"""A list of tick boxes whose value is the ticked ids."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget


class CheckList(QListWidget):
    """Pick several records (supervisors, kader) by ticking them."""

    changed = Signal()

    def __init__(self, choices: list[tuple[int, str]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemChanged.connect(lambda _: self.changed.emit())
        self.set_choices(choices or [])

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        """Replace the choices, keeping the ticks of ids still offered."""
        keep = set(self.value())
        self.blockSignals(True)
        self.clear()
        for key, label in choices:
            item = QListWidgetItem(label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setCheckState(Qt.CheckState.Checked if key in keep else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        self.changed.emit()

    def value(self) -> list[int]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_value(self, ids: list[int]) -> None:
        wanted = set(ids or [])
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self.changed.emit()
