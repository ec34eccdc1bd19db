"""Open follow-ups as a tree: grouped by posyandu, supervisor or kader (groups with the most overdue first, each
with its counts), overdue items first inside a group; a proxy filters by text and by "overdue only"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from desktop.views.style import ERROR_COLOUR

HEADERS = ("Batas waktu", "Posyandu", "Kader", "Uraian", "Penanggung jawab")
GROUPINGS = (("posyandu", "Posyandu"), ("supervisor", "Supervisor"), ("kader", "Kader"), ("", "Tanpa kelompok"))
KeyRole = Qt.ItemDataRole.UserRole  # the follow-up id (items) or None (group rows)
OverdueRole = Qt.ItemDataRole.UserRole + 1
GroupRole = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Row:
    """One open follow-up as the list shows it."""

    id: int
    due: dt.date | None
    posyandu: str
    desa: str
    kader: str
    description: str
    owner: str
    supervisors: str  # the posyandu's technical supervisors
    overdue: bool


def _group_key(row: Row, grouping: str) -> str:
    if grouping == "posyandu":
        return f"Posyandu {row.posyandu} (Desa {row.desa})"
    if grouping == "supervisor":
        return row.supervisors or "Belum ada supervisor teknis"
    if grouping == "kader":
        return row.kader or "Posyandu (tanpa kader tertentu)"
    return ""


def _cells(row: Row) -> list[QStandardItem]:
    texts = (f"{row.due:%d/%m/%Y}" if row.due else "—", row.posyandu, row.kader or "—", row.description,
             row.owner or "—")
    items = []
    for text in texts:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(row.id, KeyRole)
        item.setData(row.overdue, OverdueRole)
        if row.overdue:
            item.setForeground(QBrush(QColor(ERROR_COLOUR)))
        items.append(item)
    items[0].setToolTip("Lewat batas waktu" if row.overdue else "")
    items[3].setToolTip(row.description)
    return items


def build(rows: list[Row], grouping: str) -> QStandardItemModel:
    """The tree for one grouping; with no grouping a flat list, overdue first."""
    model = QStandardItemModel(0, len(HEADERS))
    model.setHorizontalHeaderLabels(list(HEADERS))
    order = sorted(rows, key=lambda r: (not r.overdue, r.due is None, r.due or dt.date.max, r.posyandu))
    if not grouping:
        for row in order:
            model.appendRow(_cells(row))
        return model
    groups: dict[str, list[Row]] = {}
    for row in order:
        groups.setdefault(_group_key(row, grouping), []).append(row)
    bold = QFont()
    bold.setBold(True)
    for key, members in sorted(groups.items(), key=lambda kv: (-sum(r.overdue for r in kv[1]), -len(kv[1]), kv[0])):
        late = sum(r.overdue for r in members)
        head = QStandardItem(f"{key} — {len(members)} terbuka" + (f", {late} lewat batas" if late else ""))
        head.setEditable(False)
        head.setFont(bold)
        head.setData(None, KeyRole)
        head.setData(key, GroupRole)
        head.setData(late > 0, OverdueRole)
        if late:
            head.setForeground(QBrush(QColor(ERROR_COLOUR)))
        spacer = [QStandardItem("") for _ in HEADERS[1:]]
        for item in spacer:
            item.setEditable(False)
        for row in members:
            head.appendRow(_cells(row))
        model.appendRow([head, *spacer])
    return model


class FollowUpFilter(QSortFilterProxyModel):
    """Text search over every column and an "overdue only" switch; a group shows when one of its items does."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.overdue_only = False
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_overdue_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.overdue_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if model.data(index, KeyRole) is None:  # a group row: shown through its items (recursive filtering)
            return False
        if self.overdue_only and not model.data(index, OverdueRole):
            return False
        return super().filterAcceptsRow(source_row, source_parent)
