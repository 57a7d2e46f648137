"""Quizzes: compile the question bank for a language, draw seeded exams, score answers.

Pure: takes the validated bank and service levels as plain data; scenario options are the
rules' own answers (service_norms.browser, the door the browser uses). The browser draws the
same exams with the same generator (overrides/assets/javascripts/quiz.js: mulberry32 and
the same shuffle), so a trainer's URL gives every trainee, and the exported file, the
same questions in the same order; a browser test holds the two to it.
"""
from __future__ import annotations

import hashlib

from service_norms.browser import call

TYPES = ("single", "multiple", "true_false", "ordering", "scenario")


def mulberry32(seed: int):
    """A tiny 32-bit PRNG, bit for bit the JavaScript one (Math.imul arithmetic)."""
    state = seed & 0xFFFFFFFF

    def imul(a: int, b: int) -> int:
        return (a * b) & 0xFFFFFFFF

    def next_float() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(state ^ (state >> 15), state | 1)
        t = ((t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF) ^ t
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_float


def shuffled(items: list, rng) -> list:
    """Fisher–Yates from the end, as quiz.js does it."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = int(rng() * (i + 1))
        out[i], out[j] = out[j], out[i]
    return out


def scenario_options(scenario: dict, levels: dict, lang: str, notices: list | tuple = ()) -> list[dict]:
    """The rules' answer to the case (correct) and to each distractor; an error if two agree.
    With the department's holiday notices, as the calculators ask (a case in a year only a
    notice covers is answered by it, as on the tools page)."""
    def value(args: dict) -> str:
        answer = call({"fn": scenario["fn"], "lang": lang, "levels": levels, "notices": list(notices), "args": args})
        if not answer["ok"]:
            raise ValueError(f"scenario.args: the rules refuse the case: {answer['error']['message']}")
        return answer["text"]["summary"][0]
    right = value(scenario["args"])
    options = [{"text": right, "correct": True}]
    for k, change in enumerate(scenario["distractors"]):
        text = value({**scenario["args"], **change})
        if text in [o["text"] for o in options]:
            raise ValueError(f"scenario.distractors.{k}: gives the same answer as another option ({text!r}); "
                             "change an argument that changes the result")
        options.append({"text": text, "correct": False})
    return options


def compile_question(q: dict, lang: str, levels: dict, procedures: dict, draft: bool,
                     notices: list | tuple = ()) -> dict:
    """One question as the quiz and the exports use it: texts in `lang`, options resolved."""
    pool = q.get("pool", "study")
    out = {"id": q["id"], "type": q["type"], "pool": pool, "section": q["section"], "clause": q["clause"],
           "draft": draft, "prompt": q["prompt"][lang], "explanation": q["explanation"][lang]}
    if q["type"] in ("single", "multiple"):
        choices = q["choices"]
        if pool == "exam":
            choices = neutral_order(q["id"], choices)
        out["options"] = [{"text": c["text"][lang], "correct": c["correct"]} for c in choices]
    elif q["type"] == "true_false":
        out["answer"] = q["answer"]
    elif q["type"] == "ordering":
        steps = {s["id"]: s for s in procedures[q["procedure"]]["steps"]}
        out["items"] = [steps[i]["text"][lang] for i in q["steps"]]  # the right order
    else:
        out["options"] = scenario_options(q["scenario"], levels, lang, notices)
    return out


def neutral_order(qid: str, choices: list[dict]) -> list[dict]:
    """An exam-pool question's choices in an order that says nothing of the key (authors tend
    to write the right one first): by a hash of the question id and the Chinese text, the
    same order in both languages, so an answer's option numbers mean the same in both."""
    def rank(c: dict) -> str:
        return hashlib.sha256(f"{qid}\n{c['text']['zh']}".encode("utf-8")).hexdigest()
    return sorted(choices, key=rank)


POOLS = ("study", "exam")
SEED_MAX = 2147483647


def check_seed(seed) -> int:
    """The exam number as a whole number 1 … 2147483647 (what the trainer page accepts);
    ValueError otherwise, so that `abc`, `0` and `-1` are not quietly some other exam."""
    text = str(seed).strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= SEED_MAX:
        raise ValueError(f"the exam number must be a whole number from 1 to {SEED_MAX}, not {str(seed)!r}")
    return int(text)


def draw_exam(bank: list[dict], seed: int, sections: list[str] | None = None, count: int | None = None,
              types: list[str] | None = None, pool: str = "study") -> list[dict]:
    """The exam for `seed`: questions picked and ordered, each with its option order.

    `bank` is compiled questions sorted by id; `sections` and `types` filter it (None: all;
    an empty list: none, so an exam with no section ticked has no questions) and `pool` (an
    exam is drawn from one pool: the study pool, or the exam pool whose key is not served). The result
    lists {"id", "order"} where `order` permutes the question's options or items (empty for
    true/false).
    """
    rng = mulberry32(check_seed(seed))
    drawn_from = [q for q in sorted(bank, key=lambda q: q["id"])
                  if q.get("pool", "study") == pool and (sections is None or q["section"] in sections)
                  and (types is None or q["type"] in types)]
    picked = shuffled(drawn_from, rng)[: count or len(drawn_from)]
    exam = []
    for q in picked:
        n = len(q.get("options") or q.get("items") or [])
        exam.append({"id": q["id"], "order": shuffled(list(range(n)), rng)})
    return exam


def is_correct(q: dict, response) -> bool:
    """`response`: option indexes (single/multiple/scenario), a bool (true/false), or item
    indexes in the order the trainee put them (ordering)."""
    if q["type"] == "true_false":
        return response is q["answer"]
    if q["type"] == "ordering":
        return list(response) == list(range(len(q["items"])))
    chosen = set(response)
    return chosen == {i for i, o in enumerate(q["options"]) if o["correct"]}
