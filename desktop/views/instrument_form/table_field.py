"""A repeating table (Mentoring parts A/B, attendance, coaching RTL): typed cells, add/remove rows."""

from __future__ import annotations

from desktop.instruments.definition import Field

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.views.instrument_form.fields import DateField, LongTextField, NumberField, TextField


class ComboChoice(QComboBox):
    """A drop-down choice, compact enough for a table cell."""

    def __init__(self, options: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("", None)
        for code, label in options:
            self.addItem(label, code)
        self.changed = self.currentIndexChanged

    def value(self) -> object:
        return self.currentData()

    def set_value(self, value: object) -> None:
        self.setCurrentIndex(max(0, self.findData(value)) if value is not None else 0)


def cell_widget(column: Field) -> QWidget | None:
    """The editor for one cell; signature columns are for paper only."""
    if column.type in ("scale", "choice") and column.scale:
        return ComboChoice(list(column.scale.options))
    if column.type == "number":
        return NumberField(column.min or 0, column.max or 100000)
    if column.type == "date":
        return DateField()
    if column.type == "longtext":
        return LongTextField()
    if column.type == "signature":
        return None
    return TextField()


class TableField(QWidget):
    """Rows of typed cells; value() is a list of {column key: value} without empty rows."""

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
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([f"({c.number})" if numbered else c.label for c in self.columns])
        for i, c in enumerate(self.columns):
            self.table.horizontalHeaderItem(i).setToolTip(c.label)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(80)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setDefaultSectionSize(62)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Tambah baris")
        self.remove_button = QPushButton("Hapus baris")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_row()

    def add_row(self, values: dict | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for c, column in enumerate(self.columns):
            widget = cell_widget(column)
            widget.set_value((values or {}).get(column.key))
            widget.changed.connect(self.changed)
            self.table.setCellWidget(row, c, widget)
        self._fit()
        self.changed.emit()

    def remove_row(self) -> None:
        row = self.table.currentRow() if self.table.currentRow() >= 0 else self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._fit()
            self.changed.emit()

    def _fit(self) -> None:
        self.table.setFixedHeight(28 + 62 * max(1, self.table.rowCount()))

    def value(self) -> list[dict]:
        rows = []
        for r in range(self.table.rowCount()):
            row = {c.key: self.table.cellWidget(r, i).value() for i, c in enumerate(self.columns)}
            row = {k: v for k, v in row.items() if v not in (None, "")}
            if row:
                rows.append(row)
        return rows

    def set_value(self, value: object) -> None:
        self.table.setRowCount(0)
        for row in value or [{}]:  # type: ignore[union-attr]
            self.add_row(row)
