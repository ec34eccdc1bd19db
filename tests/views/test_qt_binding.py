import sys

import pytest

from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.gui


def test_void_calls_do_not_leak_references_to_none(qtbot):
    """PySide6 6.12.0 + Python 3.11 loses one reference to None per void call and soon aborts the app."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert sys.getrefcount(None) - before > -50
