"""Schema of a procedure (checklists/*.yml): steps, roles, branches, the clause each step follows.

One procedure file drives the checklist, the flowchart, the rule tables and the widgets.
Errors about the step graph name the step by its path (`steps.3.next`), so the loader can
point at the line of the file.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from service_norms.vocabulary import CLAUSE as _CLAUSE, ID as _ID

from .models import Strict, Text

SCHEMA_VERSION = 1
# What a procedure is, by its source: its steps restate V4 clauses in other words (and add an
# order and branches), so they are never V4 text itself, or they follow a reference draft.
COMPILED = "compiled"
DRAFT = "reference-draft"


class Source(Strict):
    """A V4 clause, or the basis of a reference draft; exactly one of the two."""
    clause: str | None = Field(default=None, pattern=_CLAUSE)
    reference_draft: Text | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        if (self.clause is None) == (self.reference_draft is None):
            raise ValueError("give either `clause` (a V4 anchor) or `reference_draft` (its basis), not both or neither")
        return self

    @property
    def status(self) -> str:
        """"compiled" (from the V4 clause named) or "reference-draft" (on the basis given)."""
        return COMPILED if self.clause else DRAFT


class Role(Strict):
    id: str = Field(pattern=_ID)
    name: Text


class Branch(Strict):
    when: Text
    next: str = Field(pattern=_ID)


# Where a step expects a photo as evidence (checklist.js takes one at any step): `required`
# only where the V4 text itself calls for such a moment, and the caption in the handbook's
# own (compiled) words of that clause; a required photo missing is named when the run finishes.
PHOTO_NEEDS = ("optional", "required")


class Photo(Strict):
    need: Literal["optional", "required"]
    caption: Text


class Step(Strict):
    id: str = Field(pattern=_ID)
    text: Text
    role: str | None = None
    clause: str | None = Field(default=None, pattern=_CLAUSE)
    # An entry of data/service_levels.yml `time_limits`: one place for each limit's value.
    time_limit: str | None = Field(default=None, pattern=_ID)
    record: Text | None = None
    photo: Photo | None = None
    # Without `branches` or `end`, a step leads to the next one in the file.
    branches: list[Branch] = []
    end: bool = False

    @model_validator(mode="before")
    @classmethod
    def _photo_shape(cls, data):
        # Named before pydantic's own words, with the step and the shape expected.
        photo = data.get("photo") if isinstance(data, dict) else None
        if photo is None:
            return data
        step = data.get("id")
        shape = "expected {need: optional | required, caption: {zh: …, en: …}}"
        if not isinstance(photo, dict):
            raise ValueError(f"photo: step {step!r} has photo {photo!r}; {shape}")
        if photo.get("need") not in PHOTO_NEEDS:
            raise ValueError(f"photo.need: step {step!r} has need {photo.get('need')!r}; "
                             f"expected one of {', '.join(PHOTO_NEEDS)}")
        return data


class SignOff(Strict):
    """Who closes a run with a signature, and the statement they sign. The statement is this
    site's wording, never V4 text: on a V4 procedure it is compiled from `clause` (required
    there, so the record can say which clause it restates); on a reference draft it shares the
    draft's basis. Runs show it with the procedure's status word (hooks/provenance.py)."""
    role: str = Field(pattern=_ID)
    clause: str | None = Field(default=None, pattern=_CLAUSE)
    statement: Text


class Procedure(Strict):
    schema_version: int = Field(ge=SCHEMA_VERSION, le=SCHEMA_VERSION)
    id: str = Field(pattern=_ID)
    version: int = Field(ge=1)
    title: Text
    source: Source
    roles: list[Role] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)
    # Optional: the run ends with this person's sign-off (run-signoff.js).
    sign_off: SignOff | None = None

    @model_validator(mode="after")
    def _graph(self, info: ValidationInfo):
        roles = [r.id for r in self.roles]
        # The loader passes the known time-limit ids; without them the check is skipped.
        limits = (info.context or {}).get("time_limits")
        ids: dict[str, int] = {}
        for i, step in enumerate(self.steps):
            if step.id in ids:
                raise ValueError(f"steps.{i}.id: duplicate step id {step.id!r} (first at steps.{ids[step.id]})")
            ids[step.id] = i
            if step.role is not None and step.role not in roles:
                raise ValueError(f"steps.{i}.role: unknown role {step.role!r}; expected one of {roles}")
            if step.time_limit is not None and limits is not None and step.time_limit not in limits:
                raise ValueError(f"steps.{i}.time_limit: unknown time limit {step.time_limit!r}; "
                                 f"expected an id of data/service_levels.yml time_limits: {sorted(limits)}")
        if self.sign_off is not None:
            if self.sign_off.role not in roles:
                raise ValueError(f"sign_off.role: unknown role {self.sign_off.role!r}; expected one of {roles}")
            if self.source.clause and not self.sign_off.clause:
                raise ValueError("sign_off.clause: missing; a procedure on a V4 clause names the clause its "
                                 "sign-off statement is compiled from (a conduct/….md#anchor)")
        for i, step in enumerate(self.steps):
            for j, branch in enumerate(step.branches):
                if branch.next not in ids:
                    raise ValueError(f"steps.{i}.branches.{j}.next: unknown step {branch.next!r}; expected one of {list(ids)}")
        for i, step in enumerate(self.steps):
            if not _reaches_end(self.steps, i, ids):
                raise ValueError(f"steps.{i}: from step {step.id!r} no path reaches an end step")
        return self

    def successors(self, index: int) -> list[int]:
        return _successors(self.steps, index, _positions(self.steps))


def _positions(steps: list[Step]) -> dict[str, int]:
    return {s.id: k for k, s in enumerate(steps)}


def _successors(steps: list[Step], index: int, ids: dict[str, int]) -> list[int]:
    step = steps[index]
    if step.end:
        return []
    if step.branches:
        return [ids[b.next] for b in step.branches]
    return [index + 1] if index + 1 < len(steps) else []


def _reaches_end(steps: list[Step], start: int, ids: dict[str, int]) -> bool:
    seen, stack = set(), [start]
    while stack:
        i = stack.pop()
        if i in seen:
            continue
        seen.add(i)
        nxt = _successors(steps, i, ids)
        # No successor means an end: `end: true`, or the last step without branches.
        if not nxt:
            return True
        stack.extend(nxt)
    return False
