"""Answer widgets with one interface: value(), set_value(), changed; keyboard-first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTimeEdit,
    QWidget,
)


class _EnterMovesOn:
    """Mixin: Enter/Return moves focus to the next field, as Tab does."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()  # type: ignore[attr-defined]
            return
        super().keyPressEvent(event)  # type: ignore[misc]


class ChoiceField(_EnterMovesOn, QWidget):
    """A row of radio buttons (scale, yes/no, single choice); digit keys 1..n pick, 0/Delete clears."""

    changed = Signal()

    def __init__(self, options: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.codes = [code for code, _ in options]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so an answer can be cleared; exclusivity is kept by hand
        for i, (_, label) in enumerate(options):
            button = QRadioButton(f"{i + 1} {label}" if len(options) > 1 else label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the row takes focus, digits answer
            self.group.addButton(button, i)
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.buttonClicked.connect(self._clicked)
        self.setStyleSheet("ChoiceField:focus { background: #fff8c4; }")

    def _clicked(self, button: QAbstractButton) -> None:
        for other in self.group.buttons():
            if other is not button:
                other.setChecked(False)
        self.changed.emit()

    def value(self) -> str | None:
        checked = self.group.checkedId()
        return self.codes[checked] if checked >= 0 else None

    def set_value(self, value: object) -> None:
        for i, button in enumerate(self.group.buttons()):
            button.setChecked(self.codes[i] == value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= len(self.codes):
            self.set_value(self.codes[int(text) - 1])
            self.changed.emit()
            self.focusNextChild()
            return
        if event.key() in (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None)
            self.changed.emit()
            return
        super().keyPressEvent(event)


class MultiChoiceField(QWidget):
    """Check boxes; the value is the list of checked codes."""

    changed = Signal()

    def __init__(self, options: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for code, label in options:
            box = QCheckBox(label)
            box.toggled.connect(self.changed)
            self.boxes[code] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: object) -> None:
        chosen = set(value or [])  # type: ignore[arg-type]
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)


class TextField(_EnterMovesOn, QLineEdit):
    """One line of text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.changed = self.textChanged

    def value(self) -> str:
        return self.text().strip()

    def set_value(self, value: object) -> None:
        self.setText("" if value is None else str(value))


class LongTextField(QPlainTextEdit):
    """Several lines of text; Tab leaves the field instead of typing a tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(58)
        self.changed = self.textChanged

    def value(self) -> str:
        return self.toPlainText().strip()

    def set_value(self, value: object) -> None:
        self.setPlainText("" if value is None else str(value))


class NumberField(_EnterMovesOn, QLineEdit):
    """A whole number; empty means not answered (a spin box would force 0)."""

    def __init__(self, minimum: int = 0, maximum: int = 100000, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtGui import QIntValidator

        self.setValidator(QIntValidator(minimum, maximum, self))
        self.setMaximumWidth(110)
        self.changed = self.textChanged

    def value(self) -> int | None:
        return int(self.text()) if self.text().strip().lstrip("-").isdigit() else None

    def set_value(self, value: object) -> None:
        self.setText("" if value is None else str(value))


class DateField(_EnterMovesOn, QLineEdit):
    """A date typed as dd/mm/yyyy (digits only, the slashes are given); stored as ISO text.

    An impossible date (31/02/2026) is returned as typed, so validation names it instead of losing it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setInputMask("99/99/9999;_")
        self.setPlaceholderText("hh/bb/tttt")
        self.setMaximumWidth(110)
        self.changed = self.textChanged

    def value(self) -> str | None:
        text = self.text()
        digits = text.replace("/", "").replace("_", "").strip()
        if not digits:
            return None
        try:
            return dt.datetime.strptime(text, "%d/%m/%Y").date().isoformat()
        except ValueError:
            return text

    def set_value(self, value: object) -> None:
        if isinstance(value, dt.date):
            value = value.isoformat()
        try:
            self.setText(dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y") if value else "")
        except ValueError:
            self.setText(str(value))
        self.setCursorPosition(0)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """An empty date always starts at the day, wherever the click landed."""
        super().focusInEvent(event)
        if self.value() is None:
            QTimer.singleShot(0, lambda: self.setCursorPosition(0))


class TimeField(_EnterMovesOn, QTimeEdit):
    """A time of day as HH:MM."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")
        self.setMaximumWidth(90)
        self.changed = self.timeChanged

    def value(self) -> str:
        return self.time().toString("HH:mm")

    def set_value(self, value: object) -> None:
        time = QTime.fromString(str(value), "HH:mm") if value else QTime(8, 0)
        self.setTime(time if time.isValid() else QTime(8, 0))


class PickerField(_EnterMovesOn, QComboBox):
    """Pick one record (posyandu, kader, supervisor) by name; typing filters. Value: the record id."""

    def __init__(self, choices: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer().setCompletionMode(self.completer().CompletionMode.PopupCompletion)
        self.set_choices(choices)
        self.changed = self.currentIndexChanged

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for key, label in choices:
            self.addItem(label, key)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> object:
        return self.currentData()

    def set_value(self, value: object) -> None:
        self.setCurrentIndex(max(0, self.findData(value)) if value is not None else 0)
