"""The one table look of the app: read-only, whole-row tables whose name columns are as wide as their contents and
whose long-text columns take the remaining width and wrap, so no table needs a horizontal scroll bar."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QTableWidgetItem

# Columns holding sentences rather than names: they wrap and take the width the name columns leave.
LONG_TEXT = {"Keterangan", "Uraian", "Alasan", "Alasan usulan", "Catatan", "Posyandu binaan", "Pesan", "Rincian",
             "Temuan", "Masalah", "Perubahan", "Kegiatan", "Supervisor", "Kader"}
WRAP_PROPERTY = "wrapColumns"
MIN_WRAP = 140  # a wrapping column is kept at least this wide while the name columns still fit
WRAP_FLOOR = 70  # below this a wrapping column shows one word a line: then every column gives up width
ROW_FIT_LIMIT = 400  # beyond this many rows, rows are not re-measured on every resize (cost)


class _Refit(QObject):
    """Re-fits the columns whenever the table's viewport changes width."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width():
            view = watched.parent()
            if isinstance(view, QAbstractItemView):
                fit_columns(view)
        return False


_REFIT = _Refit()


def header_of(view: QAbstractItemView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()


def prepare(view: QAbstractItemView, wrap: Sequence[int] = ()) -> None:
    """Give any table or tree view the common behaviour (used by make_table and by item-model views)."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if isinstance(view, QTableView):
        view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = header_of(view)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.setProperty(WRAP_PROPERTY, list(wrap))
    view.viewport().installEventFilter(_REFIT)


def make_table(headers: Sequence[str], wrap: Sequence[int] | None = None) -> QTableWidget:
    """A whole-row-selecting, non-editable table. `wrap`: the long-text columns (default: by header name)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    if wrap is None:
        wrap = [c for c, h in enumerate(headers) if h in LONG_TEXT]
    prepare(table, wrap)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[object]], keys: Sequence[object] | None = None) -> None:
    """Replace the rows; `keys` (one per row) are kept on the first cell for `selected_key`. Columns are fitted once
    at the end (measuring after every cell would be quadratic on long lists)."""
    table.setUpdatesEnabled(False)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(str(text))
            if c == 0 and keys is not None:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)
    table.setUpdatesEnabled(True)
    fit_columns(table)


def selected_key(table: QTableWidget) -> object | None:
    """The key of the selected row (see fill_table), or None."""
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def wrap_column(table: QAbstractItemView, column: int) -> None:
    """Mark a column as long text: it takes the remaining width and wraps."""
    wrap = list(table.property(WRAP_PROPERTY) or [])
    if column not in wrap:
        wrap.append(column)
    table.setProperty(WRAP_PROPERTY, wrap)
    fit_columns(table)


def natural_widths(view: QAbstractItemView) -> list[int]:
    """What each column needs to show its header and contents on one line."""
    header = header_of(view)
    model = view.model()
    columns = model.columnCount() if model is not None else 0
    widths = [max(header.sectionSizeHint(c), view.sizeHintForColumn(c)) + 4 for c in range(columns)]
    if isinstance(view, QTableWidget):  # editors placed in cells (dates in the plan) are not measured by Qt
        for r in range(min(view.rowCount(), 30)):
            for c in range(columns):
                widget = view.cellWidget(r, c)
                if widget is not None:
                    widths[c] = max(widths[c], widget.sizeHint().width() + 4)
    return widths


def fit_columns(view: QAbstractItemView) -> None:
    """Name columns as wide as their contents; the long-text columns share what is left (at least MIN_WRAP) and
    wrap; when even that does not fit, every column gives up width in proportion, so nothing scrolls sideways."""
    header = header_of(view)
    model = view.model()
    if model is None or model.columnCount() == 0:
        return
    columns = model.columnCount()
    visible = [c for c in range(columns) if not header.isSectionHidden(c)]
    if not visible:
        return
    available = view.viewport().width()
    if available <= 50:  # not laid out yet: fitted again on the first resize
        available = max(view.width() - 4, 50)
    natural = natural_widths(view)
    declared = [c for c in (view.property(WRAP_PROPERTY) or []) if c in visible]
    widths = {c: natural[c] for c in visible}
    total = sum(widths.values())
    if total <= available:  # everything fits on one line: the spare goes to the long text, else to everyone
        spare = available - total
        share = declared or visible
        weight = sum(natural[c] for c in share) or 1
        for c in share:
            widths[c] += spare * natural[c] // weight
    else:  # too wide: the long-text columns give up width first (down to a floor), then everyone in proportion
        room = available - sum(natural[c] for c in visible if c not in declared)
        if declared:
            floor = min(MIN_WRAP, max(room // len(declared), WRAP_FLOOR))
            weight = sum(natural[c] for c in declared) or 1
            for c in declared:
                widths[c] = min(natural[c], max(floor, room * natural[c] // weight))
        scale = available / max(sum(widths.values()), 1)
        if scale < 1:
            widths = {c: max(int(w * scale), 24) for c, w in widths.items()}
    overflow = sum(widths.values()) - available
    if overflow > 0:  # rounding: take it off the widest column
        widest = max(widths, key=widths.get)
        widths[widest] -= overflow
    for c, w in widths.items():
        if header.sectionSize(c) != w:
            header.resizeSection(c, w)
    if isinstance(view, QTableView):
        if model.rowCount() <= ROW_FIT_LIMIT:
            view.resizeRowsToContents()

