"""A column of plain text dates is read as a whole (roster_values._plain_dates): the same dates, the same refusals
and the same day/month order proofs as value by value."""

import datetime as dt

import pytest

from desktop.services import roster_values
from desktop.services.roster_values import DateReader, date_orders

PLAIN = ["12/03/1985", "05/11/1970", "", "29/02/2000", "01/01/1000", "28/12/2010", "13/01/1990", "31/12/1999"]
MONTH_FIRST = ["03/12/1985", "11/05/1970", "", "02/29/2000", "12/28/2010", "01/13/1990", "12/31/1999"]


def _value_by_value(monkeypatch):
    monkeypatch.setattr(roster_values, "_plain_dates", lambda values: None)


def _read(reader, values):
    out = []
    for value in values:
        try:
            out.append(reader.read(value))
        except ValueError as exc:
            out.append(str(exc))
    return out


@pytest.mark.parametrize("order", ["dmy", "mdy"])
@pytest.mark.parametrize("column", [PLAIN, MONTH_FIRST, ["12/03/1985"] * 3, [""] * 4],
                         ids=["day-first", "month-first", "one-date", "blank"])
def test_a_plain_column_reads_as_value_by_value(column, order):
    reader = DateReader(order)
    whole = reader.read_column(list(column))
    if whole is None:  # a real-date failure (31/02 read the other way): each value is judged, as before
        assert any(isinstance(v, str) for v in _read(reader, column))
    else:
        assert whole == _read(reader, column)
    assert DateReader(None).read_column(list(column)) is None  # a refused column stays refused value by value


@pytest.mark.parametrize("column", [
    ["12/03/1985", "1985-03-12"], ["12/03/1985", 31107.0], ["12/03/1985", dt.date(1985, 3, 12)],
    ["12/03/1985", " "], ["12/03/1985", "12/03/85"], ["12/03/1985", "1/3/1985"], ["12/03/1985", "12-03-1985"],
    ["12/03/1985", "12/03/1985 10:00"], ["12/03/0085"], ["12/03/1985\n13/03/1985"], ["31/02/1985"], ["00/01/1985"],
    ["１２/03/1985"],
])
def test_other_cells_go_value_by_value(column):
    """Two-digit years (85 -> 1985), serials, real dates, spaces, other separators, a newline inside a cell and
    impossible dates are not plain: the column falls back to read() for each value, with its messages."""
    assert DateReader("dmy").read_column(list(column)) is None


@pytest.mark.parametrize("column", [
    PLAIN, MONTH_FIRST, PLAIN + MONTH_FIRST, ["13/01/1990"] * 8, ["01/13/1990"] * 8, ["00/13/1990", "13/00/1990"],
    ["12/12/1990", ""], [f"{d:02d}/{m:02d}/1990" for d in range(32) for m in range(20)],
])
def test_order_proofs_agree_with_value_by_value(column, monkeypatch):
    values = [(n + 2, value) for n, value in enumerate(column)]
    whole = date_orders(values, "Tgl Lahir")
    _value_by_value(monkeypatch)
    assert whole == date_orders(values, "Tgl Lahir")
