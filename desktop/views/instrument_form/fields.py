"""Answer widgets with one interface: value(), set_value(), changed; keyboard-first."""

from __future__ import annotations

import datetime as dt

from desktop.services import pickers

from PySide6.QtCore import QEvent, Qt, QTime, QTimer, Signal
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
    QToolTip,
    QWidget,
)

# A row that answers by digit keys shows it has the keyboard: yellow with a blue edge.
FOCUS_STYLE = "{name}:focus {{ background: #fff3b0; border: 2px solid #1e63b8; border-radius: 3px; }}"


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
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # so the focus colour shows
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
        self.setStyleSheet(FOCUS_STYLE.format(name="ChoiceField"))

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


class MultiChoiceField(_EnterMovesOn, QWidget):
    """Check boxes; the value is the list of checked codes. The row takes focus: digit n ticks/unticks option n,
    0 clears, Enter moves on."""

    changed = Signal()

    def __init__(self, options: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (code, label) in enumerate(options):
            box = QCheckBox(f"{i + 1} {label}")
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.toggled.connect(self.changed)
            self.boxes[code] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.setStyleSheet(FOCUS_STYLE.format(name="MultiChoiceField"))

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: object) -> None:
        chosen = set(value or [])  # type: ignore[arg-type]
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text, boxes = event.text(), list(self.boxes.values())
        if text.isdigit() and 1 <= int(text) <= len(boxes):
            boxes[int(text) - 1].toggle()
            return
        if event.key() in (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value([])
            return
        super().keyPressEvent(event)


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
    """A whole number; empty means not answered (a spin box would force 0).

    Any number of digits can be typed (nothing is cut off): a value outside the declared range turns the field
    red at once, and saving names it.
    """

    def __init__(self, minimum: int | None = 0, maximum: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QRegularExpression
        from PySide6.QtGui import QRegularExpressionValidator

        self.minimum, self.maximum = minimum, maximum
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"-?\d{0,9}"), self))
        self.setMaximumWidth(110)
        self.changed = self.textChanged
        self.textChanged.connect(self._mark)

    def value(self) -> int | None:
        return int(self.text()) if self.text().strip().lstrip("-").isdigit() else None

    def set_value(self, value: object) -> None:
        self.setText("" if value is None else str(value))

    def _mark(self) -> None:
        n = self.value()
        outside = n is not None and ((self.minimum is not None and n < self.minimum)
                                     or (self.maximum is not None and n > self.maximum))
        low = "" if self.minimum is None else self.minimum
        self.setToolTip(f"Di luar rentang {low}–{'' if self.maximum is None else self.maximum}." if outside else "")
        self.setStyleSheet("QLineEdit { border: 2px solid #c62828; background: #ffebee; }" if outside else "")


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
            QTimer.singleShot(0, self, lambda: self.setCursorPosition(0))


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


class _PickerEdit(QLineEdit):
    """The text part of a picker: Tab pressed while the suggestion list is open reaches only this widget (the list
    hands the key straight to it, with no focus-out event), so the choice is kept here."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.parent().commit()
        return super().event(event)


class PickerField(_EnterMovesOn, QComboBox):
    """Pick one record (posyandu, kader, supervisor) by typing its name. Value: the record id.

    The value follows the text: an exact name or a unique start (or part) of one name chooses it while typing;
    Enter, Tab, leaving the field or a suggestion picked with the arrows writes the full name in. Text that fits
    no name turns the field red and names the closest ones; several fitting names wait for more letters.
    """

    def __init__(self, choices: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setLineEdit(_PickerEdit(self))
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer().setCompletionMode(self.completer().CompletionMode.PopupCompletion)
        self.completer().activated.connect(lambda _: self.commit())
        self.lineEdit().textEdited.connect(self._typed)
        self.lineEdit().editingFinished.connect(self._left)
        self.hint = ""  # what the red state says, also the tooltip
        self.set_choices(choices)
        self.changed = self.currentIndexChanged

    def labels(self) -> list[str]:
        return [self.itemText(i) for i in range(1, self.count())]

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
        self._mark("")

    def _typed(self, text: str) -> None:
        """Choose what the typed text means at once (the text itself stays as typed)."""
        match = pickers.match_choice(text, self.labels())
        index = match + 1 if match is not None else 0
        if index != self.currentIndex():
            cursor = self.lineEdit().cursorPosition()
            self.setCurrentIndex(index)
            self.lineEdit().setText(text)
            self.lineEdit().setCursorPosition(cursor)
        if text.strip() and match is None and not any(text.casefold() in label.casefold() for label in self.labels()):
            near = pickers.closest(text, self.labels())
            self._mark(f"'{text}' tidak ada dalam daftar." + (f" Mungkin: {'; '.join(near)}?" if near else ""))
        else:
            self._mark("")

    def commit(self) -> bool:
        """Write the chosen name in full; False when the text fits no single name."""
        text = self.lineEdit().text()
        match = pickers.match_choice(text, self.labels())
        if match is None:
            if text.strip():
                self._typed(text)
                if not self.hint:
                    self._mark(f"'{text}' cocok dengan beberapa nama; ketik lebih lengkap.")
                return False
            self.setCurrentIndex(0)
            return True
        self.setCurrentIndex(match + 1)
        self.setEditText(self.itemText(match + 1))
        self._mark("")
        return True

    def _mark(self, hint: str) -> None:
        self.hint = hint
        self.setToolTip(hint)
        self.setStyleSheet("QComboBox { border: 2px solid #c62828; background: #ffebee; }" if hint else "")
        if hint and self.hasFocus():
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), hint, self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.commit():
            return  # stay until the text names one record
        super().keyPressEvent(event)

    def _left(self) -> None:
        """Tab or a click elsewhere keeps what the text names."""
        self.commit()

