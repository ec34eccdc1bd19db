"""Choose the posyandu a technical supervisor holds (tick boxes, with each posyandu's kader and supervisors)."""

from __future__ import annotations

import datetime as dt

from desktop.models.errors import UserError
from desktop.models.people import Staff
from desktop.models.team_rules import RATIO_HIGH, over_capacity
from desktop.services import teams
from desktop.services.kader_service import posyandu_rows

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from desktop.views.dialogs.form_parts import error_label, save_cancel
from desktop.views.style import ERROR_COLOUR, OK_COLOUR, fit

PosyanduId = Qt.ItemDataRole.UserRole
KaderCount = Qt.ItemDataRole.UserRole + 1


class AssignDialog(QDialog):
    """Ticked posyandu become the supervisor's; the running kader load is shown against 30."""

    saved = Signal(int)

    def __init__(self, staff: Staff, parent=None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.setWindowTitle(f"Posyandu binaan — {staff.name}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Centang posyandu yang dibina <b>{staff.name}</b> ({staff.role_label}). "
                                "Beban dihitung dari kader aktif, dibagi rata bila satu posyandu punya beberapa "
                                "supervisor."))
        layout.itemAt(0).widget().setWordWrap(True)
        self.search = QLineEdit(placeholderText="Cari posyandu atau desa…")
        self.search.textChanged.connect(self._filter)
        layout.addWidget(self.search)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        puskesmas = staff.puskesmas
        self.basis = teams.load_basis(staff)  # the same count as the Tim Teknis table (shared posyandu split)
        others = teams.supervisors_of(puskesmas)
        mine = {p for s, p in teams.current_assignments(puskesmas, dt.date.today()) if s == staff.id}
        for row in posyandu_rows(puskesmas):
            names = [n for n in others.get(row.id, []) if n != staff.name]
            text = f"{row.name} — Desa {row.desa.name} · {row.kader_count} kader"
            if names:
                text += f" · juga dibina {', '.join(names)} (beban dibagi {len(names) + 1})"
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.id in mine else Qt.CheckState.Unchecked)
            item.setData(PosyanduId, row.id)
            item.setData(KaderCount, row.kader_count)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._update_load)
        self.load = QLabel()
        layout.addWidget(self.load)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.save_button = save_cancel(self, self.save)
        layout.addWidget(buttons)
        self._update_load()
        fit(self, 0.6, 0.85)

    def checked(self) -> list[int]:
        return [self.list.item(i).data(PosyanduId) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def current_load(self) -> float:
        """The supervisor's kader load with the ticked posyandu, as the Tim Teknis table will show it."""
        return self.basis.load(self.checked())

    def _update_load(self) -> None:
        load = self.current_load()
        ticked = len(self.checked())
        colour = ERROR_COLOUR if over_capacity(load) else OK_COLOUR
        self.load.setText(f"<span style='color:{colour}'>{ticked} posyandu dicentang — beban ±{load:.0f} kader "
                          f"(pedoman: 25–{RATIO_HIGH} kader per supervisor; kader posyandu yang dibina bersama "
                          "dibagi rata)</span>")

    def _filter(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(text.strip().lower() not in item.text().lower())

    def save(self) -> bool:
        try:
            teams.assign(self.staff, self.checked())
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.saved.emit(self.staff.id)
        self.accept()
        return True
