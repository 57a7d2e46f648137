"""Reading a run's exports back in the browser tests: the step states the record must give
(overrides/assets/javascripts/record-states.js), the CSV by column key, the text record's marks."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

from handbook.data_files import procedures
from handbook.labels import label, labels_under

PID = "equipment-room-work"
ROOM = "/conduct/equipment-room/"
STEPS = procedures()[PID].steps


def local_iso(iso: str) -> str:
    """A stored UTC time as the CSV shows it: the contexts' wall clock with its offset."""
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(ZoneInfo("Asia/Shanghai")).isoformat()


# The states of a run with step 1 ticked and "No" to the removable-media question: the steps
# before it left behind, the supervisor's consent off the path, and the next question (not
# answered) with the steps after it, the closing steps 9-11 among them, not yet reached.
ANSWERED_NO = {s.id: st for s, st in zip(STEPS, [
    "done", "not_done", "not_done", "not_done", "done", "off_path", "not_reached", "not_reached", "not_reached",
    "not_reached", "not_reached"])}
FRESH = {s.id: "not_reached" for s in STEPS}
MARKS = {"x": "done", "!": "not_done", " ": "not_reached", "-": "off_path"}


def csv_rows(raw: str, lang: str) -> list[dict]:
    """The CSV's rows by column key: its headings are in the record's language."""
    keys = {label("checklist.csv." + k, lang): k for k in labels_under("checklist.csv", lang)}
    reader = csv.reader(io.StringIO(raw.lstrip("\ufeff")))
    head = next(reader)
    assert set(head) == set(keys), head
    return [dict(zip((keys[h] for h in head), row)) for row in reader]


def text_states(text: str, lang: str) -> dict:
    """Each step's state as the text record marks it, checked against the words it gives."""
    found = {}
    for line in text.splitlines():
        m = re.match(r"\[(.)\] (\d+)\. ", line)
        if m:
            state = MARKS[m[1]]
            found[STEPS[int(m[2]) - 1].id] = state
            if state != "done":
                paren = label("checklist.paren", lang).format(text=label("checklist.state." + state, lang))
                assert line.endswith(paren), line
    return found
