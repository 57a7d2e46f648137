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

from service_norms.vocabulary import BACKWARD_KINDS, CLAUSE, DIRECTIONS, ID as _ID, MAX_AMOUNT, MAX_MINUTES, MINUTES_PER, RULE_KINDS

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
    outage: str  # the severity of a total outage, whatever the matrix says


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
    direction: Literal[DIRECTIONS] = "after"

    @model_validator(mode="after")
    def _amount(self):
        if (self.kind == "end_of_working_day") != (self.amount is None):
            raise ValueError("`amount` is required for every kind except end_of_working_day, which takes none")
        if self.amount is not None and self.amount > MAX_AMOUNT[self.kind]:
            raise ValueError(f"amount: {self.amount} is out of range; {self.kind} takes 1 to {MAX_AMOUNT[self.kind]}")
        if self.direction == "before" and self.kind not in BACKWARD_KINDS:
            raise ValueError(f"direction: {self.kind} cannot be counted back from a planned time; "
                             f"only {', '.join(BACKWARD_KINDS)} can")
        return self

    def minutes(self) -> int | None:
        """The limit as a fixed number of minutes, for kinds that have one."""
        per = MINUTES_PER.get(self.kind)
        return None if per is None else per * self.amount


class Interpretation(Strict):
    clause: str = Field(pattern=CLAUSE)
    note: Text


class TimeLimit(Strict):
    id: str = Field(pattern=_ID)
    name: Text
    rule: Rule
    applies: Text
    interprets: Interpretation | None = None  # the V4 clause this draft number reads, and how
    # A limit confirmed against the V4 text while the file as a whole is still a draft says so
    # here; without it, the limit has the file's `status`.
    status: Literal["reference-draft", "converted"] | None = None


class Targets(Strict):
    respond: str
    restore: str
    close: str
    close_from: Literal["report", "restored"]


class Escalation(Strict):
    ladder: list[Level] = Field(min_length=2)
    start_rung: dict[str, int]
    step_minutes: dict[str, int]
    step_minutes_restored: dict[str, int]
    key_customer_rungs: int = Field(ge=0)
    complaint_rungs: int = Field(ge=0)
    ceiling: dict[str, str]
    targets: dict[str, Targets]


class Sources(Strict):
    severities: Text
    priority_matrix: Text
    time_limits: Text
    escalation: Text


class ServiceLevels(Strict):
    status: Literal["reference-draft", "converted"]
    basis: Text
    sources: Sources  # the basis of each rule table, for its caption
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
        if self.priority_matrix.outage != severities[0]:
            raise ValueError(f"priority_matrix.outage: {self.priority_matrix.outage!r} must be the most severe class "
                             f"{severities[0]!r}: a total outage is never rated lower")
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
        rungs = [r.id for r in esc.ladder]
        limits = {t.id: t for t in self.time_limits}
        for field in ("ceiling", "targets"):
            if sorted(getattr(esc, field)) != sorted(severities):
                raise ValueError(f"escalation.{field}: expected one entry for each severity {severities}, "
                                 f"got {sorted(getattr(esc, field))}")
        for severity, rung in esc.ceiling.items():
            if rung not in rungs:
                raise ValueError(f"escalation.ceiling.{severity}: unknown rung {rung!r}; expected one of {rungs}")
            if rungs.index(rung) + 1 < esc.start_rung[severity]:
                raise ValueError(f"escalation.ceiling.{severity}: {rung!r} is below the class's start rung "
                                 f"{esc.start_rung[severity]}")
        for severity, targets in esc.targets.items():
            for role in ("respond", "restore", "close"):
                limit = limits.get(getattr(targets, role))
                where = f"escalation.targets.{severity}.{role}"
                if limit is None:
                    raise ValueError(f"{where}: unknown time limit {getattr(targets, role)!r}; expected one of {sorted(limits)}")
                if limit.rule.minutes() is None or limit.rule.direction != "after":
                    raise ValueError(f"{where}: {limit.id!r} is {limit.rule.kind}; a target counts clock time "
                                     "forward (clock_minutes, clock_hours or calendar_days)")
        # Severities are listed most severe first; escalation must never favour a lighter fault.
        # (field, a key where more is "favoured") for each severity; the path names the lighter class.
        order = {"ceiling": lambda s: ("ceiling", rungs.index(esc.ceiling[s]))}
        for role in ("restore", "close"):
            order[role] = lambda s, role=role: (f"targets.{s}.{role}", -limits[getattr(esc.targets[s], role)].rule.minutes())
        for key in order.values():
            for heavier, lighter in zip(severities, severities[1:]):
                (_, h), (where, w) = key(heavier), key(lighter)
                if w > h:
                    raise ValueError(f"escalation.{where}: must not favour the lighter class {lighter!r} over "
                                     f"{heavier!r} (severities are listed most severe first): a higher ceiling "
                                     "or a shorter target")
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
