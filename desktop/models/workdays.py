"""Which days supervision can be planned on: not a Sunday, not an Indonesian national holiday.

The holidays come from the maintained `holidays` package (moving Islamic, Chinese and Balinese dates
included), never from a typed list.
"""

from __future__ import annotations

import datetime as dt
from functools import cache


@cache
def _holidays(year: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("ID", years=year, language="id").items())


def holiday_name(day: dt.date) -> str | None:
    """The national holiday's Indonesian name on this day, if any."""
    return _holidays(day.year).get(day)


def non_working_reason(day: dt.date) -> str | None:
    """Why nothing is planned on this day ("hari Minggu", "libur nasional: …"), or None on a working day."""
    holiday = holiday_name(day)
    if holiday:
        return f"libur nasional: {holiday}"
    if day.weekday() == 6:
        return "hari Minggu"
    return None


def is_working_day(day: dt.date) -> bool:
    """Neither a Sunday nor a national holiday."""
    return non_working_reason(day) is None


def next_working_day(day: dt.date, *, backwards: bool = False) -> dt.date:
    """This day if it is a working day, else the nearest one after it (or before it)."""
    step = dt.timedelta(days=-1 if backwards else 1)
    while not is_working_day(day):
        day += step
    return day


def nearest_working_day(day: dt.date, first: dt.date | None = None, last: dt.date | None = None) -> dt.date:
    """The working day closest to `day` within [first, last] (later wins a tie; `day` itself when it works)."""
    for offset in range(0, 32):
        for candidate in (day + dt.timedelta(days=offset), day - dt.timedelta(days=offset)):
            if (first is None or candidate >= first) and (last is None or candidate <= last) \
                    and is_working_day(candidate):
                return candidate
    return day
