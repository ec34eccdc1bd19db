"""Entry cost of copying a paper sheet: a typist replays a sheet into the instrument form with key events only
(no mouse, no setters) and counts the keys beyond the answers' own text.

The typist looks only at which widget has the keyboard (as a person looks at the screen) and presses what a person
would: a digit on an answer row, the name of a posyandu then Enter, the text of a note then Enter or Tab, Tab over
an item left empty on paper, Space on «Tambah baris» for another table row, Ctrl+S at the end.
Target (issue 19): at most one key per answer plus at most 10 navigation keys for a whole sheet.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "tests" / "data" / "observasi_layanan_sheet.json"
NAVIGATION_LIMIT = 10


@dataclass
class Keys:
    """What typing one sheet cost."""

    answers: int = 0  # answers given (items written on the sheet)
    answer_keys: int = 0  # the digit of a row, or the Enter/Tab that closes a typed answer
    navigation: int = 0  # Tab over an empty item, Space for a table row, Ctrl+S
    text: int = 0  # characters of names, numbers, dates and notes
    log: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.answer_keys <= self.answers and self.navigation <= NAVIGATION_LIMIT


class Typist:
    """Types `sheet` (answers as a person reads them off paper) into a RecordDialog."""

    def __init__(self, dialog, wait=None) -> None:
        self.dialog, self.form = dialog, dialog.form
        self.keys = Keys()
        self.wait = wait or (lambda: None)

    # -- keys -------------------------------------------------------------------------------------------------
    def _focus(self):
        from PySide6.QtWidgets import QApplication

        return QApplication.focusWidget()

    def _press(self, key, kind: str, modifier=None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.keyClick(self._focus(), key, modifier or Qt.KeyboardModifier.NoModifier)
        setattr(self.keys, kind, getattr(self.keys, kind) + 1)
        self.keys.log.append(f"{kind}:{key.name if hasattr(key, 'name') else key}")
        self.wait()

    def _type(self, text: str) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClicks(self._focus(), text)
        self.keys.text += len(text)
        self.wait()

    # -- where the keyboard is ------------------------------------------------------------------------------
    def _places(self) -> dict[int, tuple]:
        from desktop.views.instrument_form.table_field import TableField

        places: dict[int, tuple] = {}
        for key, widget in self.form.widgets.items():
            places[id(widget)] = ("field", key)
            if isinstance(widget, TableField):
                for r, cells in enumerate(widget.rows):
                    for column, cell in zip(widget.columns, cells, strict=True):
                        places[id(cell)] = ("cell", key, r, column.key)
                places[id(widget.add_button)] = ("add", key)
                places[id(widget.remove_button)] = ("remove", key)
        for item, cells in self.form.grid_widgets.items():
            for column, widget in cells.items():
                places[id(widget)] = ("grid", item, column)
        return places

    def type_sheet(self, sheet: dict) -> Keys:
        """Type every answer of the sheet, then Ctrl+S."""
        from PySide6.QtCore import Qt

        steps, last, stuck = 0, None, 0
        while steps < 2000:
            steps += 1
            widget = self._focus()
            place = self._places().get(id(widget))
            if place is None:
                break  # past the form: the origin line and the buttons
            stuck = stuck + 1 if place == last else 0
            if stuck > 3:
                raise AssertionError(f"typist stuck at {place}: {getattr(widget, 'hint', '')}")
            last = place
            kind = place[0]
            if kind == "add":
                rows = sheet.get(place[1]) or []
                table = self.form.widgets[place[1]]
                filled = len(table.rows)
                self._press(Qt.Key.Key_Space if filled < len(rows) else Qt.Key.Key_Tab, "navigation")
                continue
            if kind == "remove":
                self._press(Qt.Key.Key_Tab, "navigation")
                continue
            value = self._value(sheet, place)
            if value in (None, "", [], {}):
                self._press(Qt.Key.Key_Tab, "navigation")
                continue
            self._answer(widget, value)
        self._press(Qt.Key.Key_S, "navigation", Qt.KeyboardModifier.ControlModifier)
        return self.keys

    def _value(self, sheet: dict, place: tuple) -> object:
        if place[0] == "field":
            value = sheet.get(place[1])
            return None if isinstance(value, list) and value and isinstance(value[0], dict) else value
        if place[0] == "grid":
            return (sheet.get(place[1]) or {}).get(place[2])
        rows = sheet.get(place[1]) or []
        return rows[place[2]].get(place[3]) if place[2] < len(rows) else None

    def _answer(self, widget, value: object) -> None:
        from PySide6.QtCore import Qt

        from desktop.views.instrument_form.fields import (
            ChoiceField,
            DateField,
            LongTextField,
            MultiChoiceField,
            PickerField,
        )
        from desktop.views.instrument_form.form import KaderListField
        from desktop.views.instrument_form.table_field import ComboChoice

        self.keys.answers += 1
        enter = Qt.Key.Key_Return
        if isinstance(widget, ChoiceField):
            self._press(str(widget.codes.index(value) + 1), "answer_keys")  # the row moves on by itself
        elif isinstance(widget, ComboChoice):
            self._press(str(widget.findData(value)), "answer_keys")
        elif isinstance(widget, MultiChoiceField):
            self._type("".join(str(list(widget.boxes).index(code) + 1) for code in value))
            self._press(enter, "answer_keys")
        elif isinstance(widget, KaderListField):
            names = [widget.item(i).text() for i in range(widget.count())]
            self._type("".join(str(next(i for i, n in enumerate(names) if n.endswith(f". {name}")) + 1)
                               for name in value))
            self._press(enter, "answer_keys")
        elif isinstance(widget, PickerField):
            self._type(str(value))
            self._press(enter, "answer_keys")
        elif isinstance(widget, DateField):
            self._type(dt.date.fromisoformat(str(value)).strftime("%d%m%Y"))
            self._press(enter, "answer_keys")
        elif isinstance(widget, LongTextField):
            self._type(str(value))
            self._press(Qt.Key.Key_Tab, "answer_keys")
        else:  # one line of text, a number
            self._type(str(value))
            self._press(enter, "answer_keys")


def reference_sheet() -> dict:
    """The reference Observasi Layanan Posyandu sheet (names as written on paper)."""
    return json.loads(REFERENCE.read_text(encoding="utf-8"))["answers"]


def reference_entry_day() -> dt.date:
    """The day the reference sheet is typed in (the day after the observation)."""
    return dt.date.fromisoformat(json.loads(REFERENCE.read_text(encoding="utf-8"))["entered_on"])


def measure(db: Path) -> Keys:
    """Type the reference sheet into the form on a copy of the small demo database; check what was saved."""
    import shutil
    import tempfile

    from desktop.instruments.loader import load_instrument
    from desktop.models.db import close_db
    from desktop.models.records import InstrumentRecord
    from desktop.models.schema import open_database

    from PySide6.QtWidgets import QApplication

    from desktop.views.dialogs.instruments.record_dialog import RecordDialog

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "entry.db"
        shutil.copy(db, copy)
        open_database(copy)
        try:
            dialog = RecordDialog(load_instrument("observasi_posyandu"), today=reference_entry_day())
            dialog.resize(1366, 768)
            dialog.show()
            app.processEvents()
            dialog.activateWindow()
            dialog.form.focus_first_empty()
            app.processEvents()
            sheet = reference_sheet()
            keys = Typist(dialog, app.processEvents).type_sheet(sheet)
            saved = InstrumentRecord.select().order_by(InstrumentRecord.id.desc()).first()
            if saved is None or saved.answers.get("D6") != sheet["D6"]:
                raise AssertionError("the reference sheet was not saved as typed")
            dialog.close()
        finally:
            close_db()
    return keys
