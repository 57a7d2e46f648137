"""China's official working calendar: holidays and the weekend days moved into working days (调休).

Two sources, year by year:
- the department's own record of the State Council's holiday notices (放假安排通知),
  data/holiday_notices.yml, validated at build time (handbook/holiday_notices.py) and
  passed in with each request as plain dicts, like the service levels: a year entered
  there the day its notice appears changes the answers with no code change;
- `chinesecalendar`, which carries the published tables up to its release.
Where both hold a year the notice wins (it is the department's reading of the official
text; tests/rules/test_holiday_notices.py checks that they agree day by day, and the
build names any day they do not). A year neither holds is counted on weekends only and
every answer that reaches it says so (`covered=False`): never a silent guess.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar

from .messages import HOLIDAYS_ZH

# The first year the official tables cover. Before it there is nothing to count on, so a
# date there is refused (a year after the tables is counted on weekends and flagged).
FIRST_YEAR = min(d.year for d in chinese_calendar.constants.holidays)
LIBRARY_LAST_YEAR = max(d.year for d in chinese_calendar.constants.holidays)
LIBRARY = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()
# How far past the last covered year a date is still taken (counted on weekends, marked
# provisional); beyond it a date is refused as implausible rather than guessed at.
YEARS_AHEAD = 10

# What kind of day it is for counting working time.
WORKDAY, WEEKEND, HOLIDAY, MAKEUP = "workday", "weekend", "holiday", "makeup"


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: str            # workday | weekend | holiday | makeup (a weekend day worked instead of a holiday)
    holiday: dict | None  # the holiday a holiday or makeup day belongs to: {"zh": …, "en": …}
    covered: bool        # False: no official arrangement for this year is held yet

    @property
    def working(self) -> bool:
        return self.kind in (WORKDAY, MAKEUP)


def _library_name(name: str | None) -> dict | None:
    return {"zh": HOLIDAYS_ZH.get(name, name), "en": name} if name else None


def _days(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


class WorkingCalendar:
    """The working calendar from the library and the given notices (data/holiday_notices.yml
    `notices`, as dicts with ISO dates)."""

    def __init__(self, notices: list[dict] = ()):
        self.notices: dict[int, dict] = {}
        self._days: dict[dt.date, tuple[str, dict]] = {}
        for notice in notices:
            year = int(notice["year"])
            self.notices[year] = notice
            for holiday in notice["holidays"]:
                name = holiday["name"]
                first, last = _days(holiday["first"]), _days(holiday["last"])
                for n in range((last - first).days + 1):
                    self._days[first + dt.timedelta(days=n)] = (HOLIDAY, name)
                for makeup in holiday.get("makeup") or []:
                    self._days[_days(makeup)] = (MAKEUP, name)
        self._cache: dict[dt.date, Day] = {}

    def covers(self, year: int) -> bool:
        return year in self.notices or FIRST_YEAR <= year <= LIBRARY_LAST_YEAR

    @property
    def last_covered(self) -> dt.date:
        """The last day of the unbroken run of covered years from the first one."""
        year = LIBRARY_LAST_YEAR
        while year + 1 in self.notices:
            year += 1
        return dt.date(year, 12, 31)

    def reach(self, year: int) -> dt.date:
        """The last covered day as an answer in `year` sees it: the end of the unbroken run
        of covered years holding `year`, or, for a year not covered, the last covered day
        before it."""
        if self.covers(year):
            while self.covers(year + 1):
                year += 1
            return dt.date(year, 12, 31)
        while year >= FIRST_YEAR and not self.covers(year):
            year -= 1
        return dt.date(year, 12, 31)

    @property
    def last_year(self) -> int:
        """The last year any source covers (a far notice included)."""
        return max([LIBRARY_LAST_YEAR, *self.notices])

    @property
    def bound_year(self) -> int:
        """The last year a date is taken in at all."""
        return min(self.last_year + YEARS_AHEAD, 9997)  # a due time a year on stays a date

    def source(self, year: int) -> dict | None:
        """Where a year's days off come from: {"kind": "notice", "title", "number", "url",
        "published"} or {"kind": "library", "name"}; None for a year not covered."""
        if year in self.notices:
            n = self.notices[year]
            return {"kind": "notice", "year": year, "title": n["title"], "number": n["number"],
                    "url": n["url"], "published": str(n["published"])}
        if FIRST_YEAR <= year <= LIBRARY_LAST_YEAR:
            return {"kind": "library", "year": year, "name": LIBRARY}
        return None

    def day(self, date: dt.date) -> Day:
        found = self._cache.get(date)
        if found is None:
            found = self._cache[date] = self._day(date)
        return found

    def _day(self, date: dt.date) -> Day:
        weekend = date.weekday() >= 5
        if date.year in self.notices:
            kind, name = self._days.get(date, (None, None))
            if kind:
                return Day(date, kind, name, True)
            return Day(date, WEEKEND if weekend else WORKDAY, None, True)
        if not FIRST_YEAR <= date.year <= LIBRARY_LAST_YEAR:
            return Day(date, WEEKEND if weekend else WORKDAY, None, False)
        off, name = chinese_calendar.get_holiday_detail(date)
        if off:
            return Day(date, HOLIDAY if name else WEEKEND, _library_name(name), True)
        return Day(date, MAKEUP if weekend else WORKDAY, _library_name(name) if weekend else None, True)


@lru_cache(maxsize=16)
def _calendar(key: str) -> WorkingCalendar:
    return WorkingCalendar(json.loads(key))


def calendar(notices: list[dict] | None = None) -> WorkingCalendar:
    """The calendar for these notices, built once per distinct set (a page sends the same
    notices with every request)."""
    return _calendar(json.dumps(notices or [], sort_keys=True, default=str, ensure_ascii=False))


def day(date: dt.date) -> Day:
    """A day in the library's calendar alone (no notices)."""
    return calendar().day(date)


def library_day(date: dt.date) -> Day:
    """A day as chinesecalendar alone has it (for comparing a notice with it)."""
    return WorkingCalendar().day(date)


def disagreements(notice: dict) -> list[dict]:
    """The days of a notice's year on which it and chinesecalendar disagree (empty when the
    library does not hold that year): {"date", "notice", "library"} with each one's kind."""
    year = int(notice["year"])
    if not FIRST_YEAR <= year <= LIBRARY_LAST_YEAR:
        return []
    mine, library = WorkingCalendar([notice]), WorkingCalendar()
    out = []
    date = dt.date(year, 1, 1)
    while date.year == year:
        a, b = mine.day(date), library.day(date)
        if a.kind != b.kind:
            out.append({"date": date.isoformat(), "notice": a.kind, "library": b.kind})
        date += dt.timedelta(days=1)
    return out
