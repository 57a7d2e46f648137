"""A deadline as a calendar event (an iCalendar `.ics` file), so it reaches the engineer's calendar.

Built by the `icalendar` library (RFC 5545), never by hand: folding, escaping, the
VTIMEZONE of the due time's zone. The event is at the due time in the zone the deadline
was computed in; its description carries what the answer says and where the numbers come
from (the rule, the V4 clause a limit interprets, the reference-draft status), so a
calendar entry never passes a draft number off as V4 text. A reminder goes off before it.

`icalendar` is imported only when a file is asked for: the browser loads it on demand
(rules-worker.js `needs`), and answering a deadline never waits for it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from zoneinfo import ZoneInfo

from .messages import text

PRODID = "-//service-norms//After-Sales Service Basic Norms V4//ZH"
# Reminder leads, longest first: the longest that is at most half the time from start to due.
LEADS_MINUTES = (1440, 60, 15, 5)


def reminder_minutes(start: dt.datetime, due: dt.datetime) -> int:
    """How long before the due time the reminder goes off: the longest of a day, an hour,
    15 or 5 minutes that leaves at least half the time to work; 0 (at the due time) when
    even 5 minutes would."""
    span = abs((due - start).total_seconds()) / 60
    return next((lead for lead in LEADS_MINUTES if lead <= span / 2), 0)


def event_uid(args: dict) -> str:
    """The same deadline gives the same UID, so importing it again updates the calendar's
    entry instead of adding a second one."""
    key = json.dumps({k: args.get(k) for k in ("start", "zone", "limit", "rule")}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@service-norms"


def deadline_ics(result: dict, lines: dict, lang: str, *, name: str, uid: str, stamp: dt.datetime | None = None,
                 url: str | None = None, clause_url: str | None = None) -> str:
    """The .ics text of a deadline answer (`result`, `lines` as service_norms.browser gives
    them, provenance included). `name` is the time limit's name (or the rule in words);
    `stamp` the file's creation time (DTSTAMP; now by default); `url` the page the event
    links back to; `clause_url` the link to the V4 clause the limit interprets."""
    from icalendar import Alarm, Calendar, Event

    zone = ZoneInfo(result["zone"])
    due = dt.datetime.fromisoformat(result["due"]).astimezone(zone)
    start = dt.datetime.fromisoformat(result["start"])
    before = result["rule"].get("direction") == "before"
    summary = text("ics_summary_before" if before else "ics_summary", lang, name=name)

    description = [*lines["summary"], *lines.get("explanation", [])]
    description += [text("warning", lang, text=w) for w in lines.get("warnings", [])]
    description += lines.get("provenance", [])
    clause = (result.get("interprets") or {}).get("clause")
    if clause:
        description.append(text("ics_clause", lang, clause=clause_url or clause))
    if url:
        description.append(text("ics_page", lang, url=url))

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", (stamp or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc))
    event.add("dtstart", due)  # no DTEND: a deadline is a moment (RFC 5545 3.6.1)
    event.add("summary", summary)
    event.add("description", "\n".join(description))
    event.add("categories", [text(f"ics_status_{result['provenance']['status'].replace('-', '_')}", lang)])
    if url:
        event.add("url", url)
    lead = reminder_minutes(start, due)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -dt.timedelta(minutes=lead))
    event.add_component(alarm)
    cal.add_component(event)
    # The zone's rules for the years around the event only: a short file, still exact.
    cal.add_missing_timezones(first_date=dt.date(min(start, due).year - 1, 1, 1),
                              last_date=dt.date(max(start, due).year + 2, 1, 1))
    return cal.to_ical().decode("utf-8")
