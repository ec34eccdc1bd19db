"""The working-day rule: Sundays and Indonesian national holidays from the `holidays` package."""

import datetime as dt

from desktop.models.workdays import is_working_day, nearest_working_day, next_working_day, non_working_reason


def test_christmas_and_independence_day_are_national_holidays():
    assert "libur nasional" in non_working_reason(dt.date(2026, 12, 25))
    assert "libur nasional" in non_working_reason(dt.date(2026, 8, 17))
    assert "libur nasional" in non_working_reason(dt.date(2027, 1, 1))


def test_moving_holidays_come_from_the_library_not_a_typed_list():
    # Idul Fitri 1447 H falls on 21–22 March 2026 (a lunar date no fixed list would carry forward)
    assert non_working_reason(dt.date(2026, 3, 21)) is not None
    assert non_working_reason(dt.date(2025, 3, 31)) is not None  # Idul Fitri 1446 H


def test_sundays_are_not_working_days_and_ordinary_days_are():
    assert non_working_reason(dt.date(2026, 12, 6)) == "hari Minggu"
    assert is_working_day(dt.date(2026, 12, 7))  # a Monday
    assert is_working_day(dt.date(2026, 12, 5))  # Saturdays are posyandu days


def test_next_and_nearest_working_day_step_over_sundays_and_holidays():
    assert next_working_day(dt.date(2026, 12, 25)) == dt.date(2026, 12, 26)
    assert next_working_day(dt.date(2026, 12, 27)) == dt.date(2026, 12, 28)
    assert next_working_day(dt.date(2026, 12, 27), backwards=True) == dt.date(2026, 12, 26)
    assert nearest_working_day(dt.date(2026, 12, 6)) == dt.date(2026, 12, 7)
    assert nearest_working_day(dt.date(2026, 12, 6), last=dt.date(2026, 12, 6)) == dt.date(2026, 12, 5)
