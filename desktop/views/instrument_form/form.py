"""The entry form of one instrument, built from its definition in paper order with paper numbering."""

from __future__ import annotations

from desktop.instruments.answers import SkillEntry, skill_items
from desktop.instruments.definition import Field, Instrument, Section
from desktop.services import pickers

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.views.instrument_form.fields import (
    ChoiceField,
    DateField,
    LongTextField,
    MultiChoiceField,
    NumberField,
    PickerField,
    TextField,
    TimeField,
)
from desktop.views.instrument_form.table_field import TableField


class KaderListField(QListWidget):
    """Tick 1-3 kader of the chosen posyandu (coaching): type the start of a name to go to it, Space or its
    digit ticks it, Enter moves on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(96)
        self.changed = self.itemChanged

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        chosen = set(self.value())
        self.clear()
        for i, (key, label) in enumerate(choices):
            item = QListWidgetItem(f"{i + 1}. {label}" if i < 9 else label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)

    def value(self) -> list[int]:
        return sorted(self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                      if self.item(i).checkState() == Qt.CheckState.Checked)

    def set_value(self, value: object) -> None:
        chosen = set(value or [])  # type: ignore[arg-type]
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                               else Qt.CheckState.Unchecked)

    def set_taken(self, taken: set[int]) -> None:
        """Grey out the kader listed elsewhere (attendance: each kader in exactly one list). A list with nothing left
        to tick and nothing ticked is no Tab stop: Enter in the list before it moves past it."""
        for i in range(self.count()):
            item = self.item(i)
            flags = item.flags()
            if item.data(Qt.ItemDataRole.UserRole) in taken:
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled)
        free = any(self.item(i).flags() & Qt.ItemFlag.ItemIsEnabled for i in range(self.count()))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if free or self.value() else Qt.FocusPolicy.NoFocus)

    def _toggle(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
        elif event.key() == Qt.Key.Key_Space:
            self._toggle(self.currentItem())
        elif text.isdigit() and 1 <= int(text) <= min(9, self.count()):
            self.setCurrentRow(int(text) - 1)
            self._toggle(self.currentItem())
        else:
            super().keyPressEvent(event)


def make_widget(f: Field) -> QWidget:
    """The widget for one header field or item."""
    if f.type in ("scale", "choice"):
        return ChoiceField(list(f.scale.options))  # type: ignore[union-attr]
    if f.type == "multichoice":
        return MultiChoiceField(list(f.scale.options))  # type: ignore[union-attr]
    if f.type == "number":
        return NumberField(f.min, f.max)
    if f.type == "date":
        return DateField()
    if f.type == "time":
        return TimeField()
    if f.type == "longtext":
        return LongTextField()
    if f.type == "table":
        return TableField(f)
    if f.type in ("kaders", "findings"):  # findings: the posyandu's open findings, picked from a list
        return KaderListField()
    if f.type == "posyandu":
        return PickerField(pickers.posyandu_choices())
    if f.type == "supervisor":
        return PickerField(pickers.supervisor_choices())
    if f.type == "kader":
        return PickerField([])
    if f.type == "desa":  # follows the posyandu
        widget = TextField()
        widget.setReadOnly(True)
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to type: no Tab stop
        return widget
    return TextField()


def entry_order(header: tuple[Field, ...]) -> list[Field]:
    """Header fields in paper order, except that a kader picker follows the posyandu picker it is filtered by."""
    fields = list(header)
    posyandu = next((i for i, f in enumerate(fields) if f.type == "posyandu"), None)
    if posyandu is None:
        return fields
    early = [f for f in fields[:posyandu] if f.type in ("kader", "kaders")]
    rest = [f for f in fields if f not in early]
    at = rest.index(fields[posyandu]) + 1
    return rest[:at] + early + rest[at:]


class InstrumentForm(QWidget):
    """All widgets of one instrument; values() gives the answers dict the services store."""

    changed = Signal()

    def __init__(self, inst: Instrument, skills: list[SkillEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inst = inst
        self.widgets: dict[str, QWidget] = {}
        self.grid_widgets: dict[str, dict[str, QWidget]] = {}
        self.derived = {f.key for f in inst.header if f.type == "desa"}  # set from the posyandu, not typed
        layout = QVBoxLayout(self)
        title = QLabel(f"<h3>{inst.title}</h3><i>{inst.intro}</i>")
        title.setWordWrap(True)
        layout.addWidget(title)
        header = QGroupBox("Identitas")
        header_form = QFormLayout(header)
        for f in entry_order(inst.header):
            header_form.addRow(self._label(f), self._add(f))
        layout.addWidget(header)
        for section in inst.sections:
            layout.addWidget(self._section(section, skills))
        layout.addStretch(1)
        posyandu = self.widgets.get("posyandu")
        if isinstance(posyandu, PickerField):
            posyandu.currentIndexChanged.connect(self._posyandu_changed)
        attendance = inst.roles.attendance if inst.roles else {}
        self.attendance = [w for key in attendance.values() if isinstance(w := self.widgets.get(key), KaderListField)]
        for widget in self.attendance:
            widget.itemChanged.connect(self._attendance_changed)

    def _label(self, f: Field, number: str = "") -> QLabel:
        label = QLabel(f"{number}{f.label}{' *' if f.required else ''}")
        label.setWordWrap(True)
        if f.help:
            label.setToolTip(f.help)
        return label

    def _add(self, f: Field) -> QWidget:
        widget = make_widget(f)
        if f.help:
            widget.setToolTip(f.help)
        widget.changed.connect(self.changed)
        self.widgets[f.key] = widget
        return widget

    def _section(self, section: Section, skills: list[SkillEntry]) -> QGroupBox:
        box = QGroupBox(section.title)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        row = 0
        if section.kind == "grid":
            for c, column in enumerate(section.columns):
                grid.addWidget(QLabel(f"<b>{column.label}</b>"), row, 2 + c)
                if column.type in ("text", "longtext"):  # room for a sentence of notes
                    grid.setColumnStretch(2 + c, 2)
                    grid.setColumnMinimumWidth(2 + c, 280)
            row += 1
            for item in section.items:
                grid.addWidget(QLabel(item.number), row, 0)
                grid.addWidget(self._label(item), row, 1)
                cells: dict[str, QWidget] = {}
                for c, column in enumerate(section.columns):
                    widget = make_widget(column)
                    widget.changed.connect(self.changed)
                    cells[column.key] = widget
                    grid.addWidget(widget, row, 2 + c)
                self.grid_widgets[item.key] = cells
                row += 1
            return box
        groups = skill_items(section, skills) if section.kind == "skills" else [("", list(section.items))]
        for area, items in groups:
            if area:
                grid.addWidget(QLabel(f"<b>{area}</b>"), row, 0, 1, 3)
                row += 1
            for item in items:
                if item.type in ("table", "findings"):  # wide content: the whole width, below its label
                    grid.addWidget(self._label(item, f"{item.number}. " if item.number else ""), row, 0, 1, 3)
                    grid.addWidget(self._add(item), row + 1, 0, 1, 3)
                    row += 2
                    continue
                grid.addWidget(QLabel(item.number), row, 0)
                grid.addWidget(self._label(item), row, 1)
                grid.addWidget(self._add(item), row, 2)
                row += 1
        return box

    def _attendance_changed(self) -> None:
        """Attendance by name: a kader ticked in one list is greyed out in the others."""
        ticked = [set(w.value()) for w in self.attendance]
        for widget, mine in zip(self.attendance, ticked, strict=True):
            widget.blockSignals(True)  # flags only: no itemChanged loop
            widget.set_taken(set().union(*ticked) - mine)
            widget.blockSignals(False)

    def _posyandu_changed(self) -> None:
        posyandu = self.widgets["posyandu"].value()
        choices = pickers.kader_choices(posyandu)
        for f in self.inst.all_fields():
            if f.type in ("kader", "kaders"):
                self.widgets[f.key].set_choices(choices)
            elif f.type == "findings":
                self.widgets[f.key].set_choices(pickers.finding_choices(posyandu))
            elif f.type == "desa":
                self.widgets[f.key].set_value(pickers.desa_of(posyandu))
        self._attendance_changed()

    def answer_widgets(self) -> list[tuple[Field, QWidget]]:
        """Every answer widget with its field, in the order Tab visits them."""
        fields = {f.key: f for f in self.inst.all_fields()}
        return [(fields[key], w) for key, w in self.widgets.items() if key in fields]

    def focus_first_empty(self) -> None:
        """Put the cursor in the first required answer not yet given (else the first answer)."""
        pairs = [(f, w) for f, w in self.answer_widgets() if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
        empty = [w for f, w in pairs if f.required and w.value() in (None, "", [], {})]
        target = (empty or [w for _, w in pairs] or [None])[0]
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict:
        """The answers as stored: empty answers left out."""
        answers = {key: w.value() for key, w in self.widgets.items()}
        for key, cells in self.grid_widgets.items():
            row = {c: w.value() for c, w in cells.items() if w.value() not in (None, "")}
            if row:
                answers[key] = row
        return {k: v for k, v in answers.items() if v not in (None, "", [], {})}

    def set_values(self, answers: dict) -> None:
        """Fill the widgets (posyandu first, so kader lists are loaded before kader are chosen)."""
        if "posyandu" in self.widgets:
            self.widgets["posyandu"].set_value(answers.get("posyandu"))
            self._posyandu_changed()
            for f in self.inst.all_fields():  # findings linked earlier stay listed once they are closed
                if f.type == "findings" and answers.get(f.key):
                    self.widgets[f.key].set_choices(pickers.finding_choices(answers.get("posyandu"), answers[f.key]))
        for key, widget in self.widgets.items():
            if key != "posyandu" and key not in self.derived:
                widget.set_value(answers.get(key))
        for key, cells in self.grid_widgets.items():
            for column, widget in cells.items():
                widget.set_value((answers.get(key) or {}).get(column))
