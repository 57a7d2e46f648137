"""Schema of the question bank (questions/*.yml): every question in both languages, linked to
the clause it tests.

Types: single and multiple choice, true/false, ordering (a procedure's steps, generated
from checklists/), and scenarios answered by the deadline and escalation rules (the
options are computed at build time, never typed in). Build and test only (pydantic).
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from service_norms.vocabulary import CLAUSE as _CLAUSE, ID as _ID

from .models import Strict, Text
from .quiz import TYPES

SCHEMA_VERSION = 1
QuestionType = Literal[TYPES]
# An exam-pool question's key is never served (handbook/exam_key.py): only the types whose key
# is in the question itself. An ordering question's key is its procedure's page and a
# scenario's is the calculators', both on the site.
EXAM_TYPES = ("single", "multiple", "true_false")


class Choice(Strict):
    text: Text
    correct: bool = False


class Scenario(Strict):
    """A case for the rules: the correct option is the rules' answer, the others are the
    answers to the `distractors` (the same case with one argument changed)."""
    fn: Literal["deadline", "escalate"]
    args: dict
    distractors: list[dict] = Field(min_length=1, max_length=5)


class Question(Strict):
    id: str = Field(pattern=_ID)
    type: QuestionType
    # study: on its section's page and in practice exams, key served; exam: in exams only,
    # its key (right answers and explanation) kept out of the site (handbook/exam_key.py).
    pool: Literal["study", "exam"] = "study"
    section: str = Field(pattern=_ID)
    clause: str = Field(pattern=_CLAUSE)
    prompt: Text
    explanation: Text
    choices: list[Choice] = []
    answer: bool | None = None                  # true_false
    procedure: str | None = Field(default=None, pattern=_ID)  # ordering
    steps: list[str] = []                       # ordering: step ids of the procedure, in its order
    scenario: Scenario | None = None

    @model_validator(mode="after")
    def _fits_its_type(self):
        t = self.type
        if self.pool == "exam" and t not in EXAM_TYPES:
            raise ValueError(f"pool: an exam-pool question is {', '.join(EXAM_TYPES)}, not {t} "
                             "(the key of an ordering or scenario question is on the site's own pages)")
        if t in ("single", "multiple"):
            if len(self.choices) < 2:
                raise ValueError(f"choices: a {t} question needs at least 2 choices")
            right = sum(c.correct for c in self.choices)
            if t == "single" and right != 1:
                raise ValueError(f"choices: a single-choice question needs exactly 1 correct choice, found {right}")
            if t == "multiple" and right < 1:
                raise ValueError("choices: a multiple-choice question needs at least 1 correct choice")
            for lang in ("zh", "en"):
                texts = [c.text[lang] for c in self.choices]
                if len(set(texts)) != len(texts):
                    raise ValueError(f"choices: two choices have the same {lang} text")
        elif self.choices:
            raise ValueError(f"choices: a {t} question has no choices")
        if (t == "true_false") != (self.answer is not None):
            raise ValueError("answer: required for true_false (true or false), and only there")
        if t == "ordering":
            if not self.procedure or len(self.steps) < 3:
                raise ValueError("steps: an ordering question names a `procedure` and at least 3 of its step ids")
        elif self.procedure or self.steps:
            raise ValueError("procedure: only ordering questions name a procedure")
        if (t == "scenario") != (self.scenario is not None):
            raise ValueError("scenario: required for scenario questions, and only there")
        return self


class QuestionFile(Strict):
    schema_version: int = Field(ge=SCHEMA_VERSION, le=SCHEMA_VERSION)
    questions: list[Question] = Field(min_length=1)
