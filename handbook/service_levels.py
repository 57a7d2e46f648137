"""Schema of data/service_levels.yml: severity classes, time limits, the escalation ladder.

A reference draft (the V4 source has no chapter 3 text); the values live in the data file
so the service department can change them without touching code. Build and test only:
the browser gets the validated data as JSON, and the rules read plain dicts. Kinds and
bounds are the rules' own (service_norms.vocabulary): whatever validates here, every
calculator answer accepts.
"""
from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from service_norms.vocabulary import ID as _ID, MAX_AMOUNT, MAX_MINUTES, RULE_KINDS

from .models import Strict, Text

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

RuleKind = Literal[RULE_KINDS]


class Severity(Strict):
    id: str = Field(pattern=_ID)
    name: Text
    definition: Text


class Level(Strict):
    id: str = Field(pattern=_ID)
    name: Text


class PriorityMatrix(Strict):
    levels: list[Level] = Field(min_length=1)
    impact: Text
    urgency: Text
    cells: dict[str, dict[str, str]]


class Period(Strict):
    start: str = Field(pattern=_HHMM.pattern)
    end: str = Field(pattern=_HHMM.pattern)

    @model_validator(mode="after")
    def _ordered(self):
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class Rule(Strict):
    kind: RuleKind
    # A quantity for every kind but end_of_working_day; at most about a year of its unit.
    amount: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _amount(self):
        if (self.kind == "end_of_working_day") != (self.amount is None):
            raise ValueError("`amount` is required for every kind except end_of_working_day, which takes none")
        if self.amount is not None and self.amount > MAX_AMOUNT[self.kind]:
            raise ValueError(f"amount: {self.amount} is out of range; {self.kind} takes 1 to {MAX_AMOUNT[self.kind]}")
        return self


class TimeLimit(Strict):
    id: str = Field(pattern=_ID)
    name: Text
    rule: Rule
    applies: Text


class Escalation(Strict):
    ladder: list[Level] = Field(min_length=2)
    start_rung: dict[str, int]
    step_minutes: dict[str, int]
    step_minutes_restored: dict[str, int]
    key_customer_rungs: int = Field(ge=0)
    complaint_rungs: int = Field(ge=0)


class ServiceLevels(Strict):
    status: Literal["reference-draft", "converted"]
    basis: Text
    severities: list[Severity] = Field(min_length=1)
    priority_matrix: PriorityMatrix
    office_hours: list[Period] = Field(min_length=1)
    time_limits: list[TimeLimit]
    escalation: Escalation

    @model_validator(mode="after")
    def _references(self):
        severities = [s.id for s in self.severities]
        levels = [lv.id for lv in self.priority_matrix.levels]
        for impact in levels:
            row = self.priority_matrix.cells.get(impact)
            if row is None or sorted(row) != sorted(levels):
                raise ValueError(f"priority_matrix.cells: impact {impact!r} needs exactly the urgencies {levels}")
            for urgency, severity in row.items():
                if severity not in severities:
                    raise ValueError(f"priority_matrix.cells.{impact}.{urgency}: unknown severity {severity!r}; expected one of {severities}")
        if sorted(self.priority_matrix.cells) != sorted(levels):
            raise ValueError(f"priority_matrix.cells: expected exactly the impacts {levels}")
        periods = sorted(self.office_hours, key=lambda p: p.start)
        for a, b in zip(periods, periods[1:]):
            if b.start < a.end:
                raise ValueError(f"office_hours.{self.office_hours.index(b)}: {b.start}–{b.end} overlaps {a.start}–{a.end}")
        seen: set[str] = set()
        for i, limit in enumerate(self.time_limits):
            if limit.id in seen:
                raise ValueError(f"time_limits.{i}.id: duplicate time limit {limit.id!r}")
            seen.add(limit.id)
        esc = self.escalation
        for field in ("start_rung", "step_minutes", "step_minutes_restored"):
            table = getattr(esc, field)
            if sorted(table) != sorted(severities):
                raise ValueError(f"escalation.{field}: expected one entry for each severity {severities}, got {sorted(table)}")
            for severity, value in table.items():
                top = len(esc.ladder) if field == "start_rung" else MAX_MINUTES
                if not 1 <= value <= top:
                    raise ValueError(f"escalation.{field}.{severity}: {value} is out of range 1..{top}")
        # Severities are listed most severe first; escalation must never favour a lighter fault.
        for field, higher_first in (("start_rung", True), ("step_minutes", False), ("step_minutes_restored", False)):
            values = [getattr(esc, field)[s] for s in severities]
            ordered = sorted(values, reverse=higher_first)
            if values != ordered:
                raise ValueError(f"escalation.{field}: {dict(zip(severities, values))} must "
                                 f"{'not increase' if higher_first else 'not decrease'} from the most to the least severe class "
                                 f"(severities are listed most severe first), or a lighter fault would escalate sooner")
        return self

    def time_limit(self, limit_id: str) -> TimeLimit:
        return next(t for t in self.time_limits if t.id == limit_id)
