"""China's official working calendar: holidays and the weekend days moved into working days (调休).

From `chinesecalendar`, which carries the State Council's tables year by year and knows
nothing of a year not yet published. For such a year a day counts as working on
weekdays only, and the answer says so (`covered=False`): never a silent guess.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar

# The first year the official tables cover. Before it there is nothing to count on, so a
# date there is refused (a year after the tables is counted on weekends and flagged).
FIRST_YEAR = min(d.year for d in chinese_calendar.constants.holidays)

# What kind of day it is for counting working time.
WORKDAY, WEEKEND, HOLIDAY, MAKEUP = "workday", "weekend", "holiday", "makeup"


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: str            # workday | weekend | holiday | makeup (a weekend day worked instead of a holiday)
    holiday: str | None  # the holiday a holiday or makeup day belongs to, in chinesecalendar's English name
    covered: bool        # False: the official calendar has no data for this year yet

    @property
    def working(self) -> bool:
        return self.kind in (WORKDAY, MAKEUP)


@lru_cache(maxsize=4096)
def day(date: dt.date) -> Day:
    weekend = date.weekday() >= 5
    try:
        off, name = chinese_calendar.get_holiday_detail(date)
    except NotImplementedError:
        return Day(date, WEEKEND if weekend else WORKDAY, None, False)
    if off:
        return Day(date, HOLIDAY if name else WEEKEND, name, True)
    return Day(date, MAKEUP if weekend else WORKDAY, name if weekend else None, True)
