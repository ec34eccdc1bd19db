"""A repeating table (Mentoring parts A/B, attendance, coaching RTL): typed cells, add/remove rows."""

from __future__ import annotations

from desktop.instruments.definition import Field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views.instrument_form.fields import DateField, LongTextField, NumberField, TextField


class ComboChoice(QComboBox):
    """A drop-down choice, compact enough for a table cell: digit n picks option n and moves on, as in the rows
    of the form; 0 clears; Enter moves on."""

    def __init__(self, options: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("", None)
        for i, (code, label) in enumerate(options):
            self.addItem(f"{i + 1} {label}", code)
        self.changed = self.currentIndexChanged

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text.isdigit() and int(text) < self.count():
            self.setCurrentIndex(int(text))
            if int(text):
                self.focusNextChild()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def value(self) -> object:
        return self.currentData()

    def set_value(self, value: object) -> None:
        self.setCurrentIndex(max(0, self.findData(value)) if value is not None else 0)


def cell_widget(column: Field) -> QWidget | None:
    """The editor for one cell; signature columns are for paper only."""
    if column.type in ("scale", "choice") and column.scale:
        return ComboChoice(list(column.scale.options))
    if column.type == "number":
        return NumberField(column.min, column.max)
    if column.type == "date":
        return DateField()
    if column.type == "longtext":
        return LongTextField()
    if column.type == "signature":
        return None
    return TextField()


class TableField(QWidget):
    """Rows of typed cells under the paper's column headings; value() is a list of {column key: value} without
    empty rows. Plain widgets in a grid (not a QTableWidget, whose cell widgets Tab skips): Tab and Enter go through
    the cells row by row, then to «Tambah baris» (Space adds a row and puts the cursor in it)."""

    changed = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = [c for c in field.columns if c.type != "signature"]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        numbered = all(c.number for c in self.columns)
        if numbered:  # the paper's column numbers in the header, the full headings wrapped above
            legend = QLabel("   ".join(f"<b>({c.number})</b> {c.label}" for c in self.columns))
            legend.setWordWrap(True)
            layout.addWidget(legend)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        for c, column in enumerate(self.columns):
            head = QLabel(f"<b>({column.number})</b>" if numbered else f"<b>{column.label}</b>")
            head.setToolTip(column.label)
            self.grid.addWidget(head, 0, c)
            wide = column.type in ("text", "longtext")
            self.grid.setColumnStretch(c, 3 if column.type == "longtext" else 2 if wide else 1)
            self.grid.setColumnMinimumWidth(c, 140 if wide else 90)
        layout.addWidget(self.body)
        self.rows: list[list[QWidget]] = []
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Tambah baris")
        self.remove_button = QPushButton("Hapus baris")
        self.add_button.setAutoDefault(False)
        self.remove_button.setAutoDefault(False)
        self.add_button.setToolTip("Spasi pada tombol ini menambah baris dan menaruh kursor di baris baru")
        self.remove_button.setToolTip("Menghapus baris yang sedang diisi (atau baris terakhir)")
        self.add_button.clicked.connect(self._add_and_enter)
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_row()

    def add_row(self, values: dict | None = None) -> None:
        cells = []
        for c, column in enumerate(self.columns):
            widget = cell_widget(column)
            widget.set_value((values or {}).get(column.key))
            widget.changed.connect(self.changed)
            self.grid.addWidget(widget, len(self.rows) + 1, c)
            cells.append(widget)
        self.rows.append(cells)
        self._chain()
        self.changed.emit()

    def _add_and_enter(self) -> None:
        self.add_row()
        self.rows[-1][0].setFocus(Qt.FocusReason.TabFocusReason)

    def _chain(self) -> None:
        """Cells row by row, then the buttons (a row added later would otherwise come after Simpan)."""
        chain = [*(cell for row in self.rows for cell in row), self.add_button, self.remove_button]
        before = self.previousInFocusChain()  # the answer before the table (Qt ignores a NoFocus anchor)
        while before is not self and (self.isAncestorOf(before) or not before.focusPolicy() & Qt.FocusPolicy.TabFocus):
            before = before.previousInFocusChain()
        if before is not self and before.window() is self.window():
            chain.insert(0, before.focusProxy() or before)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self._chain()  # cells made before the table joined its window sit elsewhere in the focus chain
        super().showEvent(event)

    def remove_row(self) -> None:
        focused = [i for i, row in enumerate(self.rows) if any(cell.hasFocus() for cell in row)]
        index = focused[0] if focused else len(self.rows) - 1
        if index < 0:
            return
        for cell in self.rows.pop(index):
            self._drop(cell)
        for r, row in enumerate(self.rows[index:], start=index + 1):  # close the gap
            for c, cell in enumerate(row):
                self.grid.addWidget(cell, r, c)
        self._chain()
        self.changed.emit()

    def _drop(self, cell: QWidget) -> None:
        self.grid.removeWidget(cell)
        cell.hide()  # at once: deleteLater waits for the event loop, and the old cell would cover the new row
        cell.deleteLater()

    def value(self) -> list[dict]:
        rows = []
        for cells in self.rows:
            row = {c.key: cell.value() for c, cell in zip(self.columns, cells, strict=True)}
            row = {k: v for k, v in row.items() if v not in (None, "")}
            if row:
                rows.append(row)
        return rows

    def set_value(self, value: object) -> None:
        while self.rows:
            for cell in self.rows.pop():
                self._drop(cell)
        for row in value or [{}]:  # type: ignore[union-attr]
            self.add_row(row)
