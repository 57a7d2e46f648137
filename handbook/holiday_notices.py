"""Schema of data/holiday_notices.yml: the State Council's holiday arrangement for a year
(国务院办公厅关于 YYYY 年部分节假日安排的通知), as the department enters it from the notice.

A year entered here extends `chinesecalendar` (service_norms/working_calendar.py): the
rules get the validated notices with every request, like the service levels, so a new
year changes the answers with no code change. The checks are those a wrong transcription
would fail: every date inside the notice's year, no two holidays overlapping, a makeup
working day on a Saturday or Sunday and not inside a holiday, the names in both
languages, one notice per year. Build and test only: the rules read plain dicts.
"""
from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from service_norms.working_calendar import FIRST_YEAR

from .models import Strict, Text


class NoticeHoliday(Strict):
    name: Text
    first: dt.date  # the first day off
    last: dt.date   # the last day off (the same as `first` for a single day)
    makeup: list[dt.date] = []  # weekend days worked instead (调休上班)

    @model_validator(mode="after")
    def _ordered(self):
        if self.last < self.first:
            raise ValueError(f"last: {self.last} is before first ({self.first})")
        return self


class Notice(Strict):
    year: int = Field(ge=FIRST_YEAR, le=9000)
    title: Text          # the notice's title, and its English rendering
    number: str = Field(min_length=1)  # the document number, e.g. 国办发明电〔YYYY〕N号
    published: dt.date
    url: str = Field(pattern=r"^https?://\S+$")
    holidays: list[NoticeHoliday] = Field(min_length=1)

    @model_validator(mode="after")
    def _inside_the_year(self):
        taken: dict[dt.date, int] = {}
        for i, h in enumerate(self.holidays):
            for field, date in (("first", h.first), ("last", h.last)):
                if date.year != self.year:
                    raise ValueError(f"holidays.{i}.{field}: {date} is not in {self.year}, the notice's year")
            for n in range((h.last - h.first).days + 1):
                day = h.first + dt.timedelta(days=n)
                if day in taken:
                    raise ValueError(f"holidays.{i}.first: {h.name.en} ({h.first} – {h.last}) overlaps "
                                     f"{self.holidays[taken[day]].name.en} on {day}")
                taken[day] = i
        for i, h in enumerate(self.holidays):
            for j, day in enumerate(h.makeup):
                where = f"holidays.{i}.makeup.{j}"
                if day.year != self.year:
                    raise ValueError(f"{where}: {day} is not in {self.year}, the notice's year")
                if day.weekday() < 5:
                    raise ValueError(f"{where}: {day} is a {day.strftime('%A')}; a makeup working day is a Saturday or Sunday")
                if day in taken:
                    raise ValueError(f"{where}: {day} is a day off of {self.holidays[taken[day]].name.en}")
        if self.published.year > self.year:
            raise ValueError(f"published: {self.published} is after the year {self.year} it arranges")
        return self


class HolidayNotices(Strict):
    notices: list[Notice] = []

    @model_validator(mode="after")
    def _one_per_year(self):
        seen = set()
        for i, n in enumerate(self.notices):
            if n.year in seen:
                raise ValueError(f"notices.{i}.year: {n.year} has a notice already")
            seen.add(n.year)
        return self

    def for_rules(self) -> list[dict]:
        """The notices as the rules take them (JSON: ISO dates)."""
        return self.model_dump(mode="json")["notices"]


def disagreement_report(notices: HolidayNotices, filename: str = "data/holiday_notices.yml") -> list[str]:
    """For a year both a notice and chinesecalendar hold, the days they count differently,
    and which wins (the notice: the department's reading of the official text)."""
    from service_norms.working_calendar import LIBRARY, disagreements

    lines = []
    for notice in notices.for_rules():
        for d in disagreements(notice):
            lines.append(f"{filename}: {d['date']}: the notice for {notice['year']} makes it a {d['notice']} day, "
                         f"{LIBRARY} a {d['library']} day; the notice wins")
    return lines
