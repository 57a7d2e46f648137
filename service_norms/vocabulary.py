"""The words and bounds the rules and the data schemas share, defined once.

The rules check their input against these at run time (in the browser too); the build's
schemas (handbook/) import them, so a value the data files accept is one every
calculator answer accepts, and the other way round.
"""
from __future__ import annotations

# An id in the data (a time limit, a step, a role, a section, a question): lower case, digits, hyphens.
ID = r"^[a-z0-9][a-z0-9-]*$"
# A clause: a docs page and the fixed English id of a heading or bullet on it.
CLAUSE = r"^[\w/.-]+\.md#[a-z0-9-]+$"

# The kinds of time limit (data/service_levels.yml `rule.kind`).
RULE_KINDS = ("clock_minutes", "clock_hours", "calendar_days", "working_days", "working_hours", "end_of_working_day")
# Which way a limit counts: from an event forward, or back from a planned time ("N working
# days in advance"); only these kinds can count back.
DIRECTIONS = ("after", "before")
BACKWARD_KINDS = ("clock_minutes", "clock_hours", "calendar_days", "working_days")
# The largest amount of each kind. Beyond these a limit is a typing mistake, not a service
# commitment (about a year).
MAX_AMOUNT = {"clock_minutes": 527_040, "clock_hours": 8_784, "calendar_days": 366,
              "working_days": 250, "working_hours": 2_000}
# Minutes in one unit of the kinds that count fixed clock time (escalation targets use these).
MINUTES_PER = {"clock_minutes": 1, "clock_hours": 60, "calendar_days": 1440}
# Minutes in a leap year: the longest elapsed time, and the longest escalation step, the rules take.
MAX_MINUTES = 366 * 24 * 60
