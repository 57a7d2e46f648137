"""The exam pool's key, kept out of the site.

An exam-pool question (`pool: exam` in questions/*.yml) is served without what would give
its answer away: no `correct` flags, no true/false answer, no explanation, and its choices in
an order drawn from a hash (quiz.neutral_order), not the author's. Its key goes into a file
apart from site/ (the build writes `exam-keys/key-<bank version>.json`; `python -m handbook
exam-key --out FILE` writes the same bytes) that the department hands to its trainers. The
trainer page reads it from the trainer's own disk and keeps it in that browser
(quiz-trainer.js); `python -m handbook quiz-results --key FILE` reads it the same way. A key
is for one bank version: a code or a page of another version is never scored with it.

Nothing of the key is in what the site serves, not even a hash of it: a hash of one
question's answer is found by trying its four choices. The bank version (result_codes.
bank_version) covers an exam question's id, section, type and number of choices only.
"""
from __future__ import annotations

import json
from pathlib import Path

from .data_files import DataFileError

FORMAT = "service-norms-exam-key"
FORMAT_VERSION = 1
_KEY_FIELDS = ("explanation", "answer")


class KeyFileError(DataFileError):
    """A key file that cannot be used: the message names the file and what is wrong."""


def served(q: dict) -> dict:
    """The question as the trainer page serves it: an exam-pool question without its key."""
    if q.get("pool") != "exam":
        return q
    out = {k: v for k, v in q.items() if k not in _KEY_FIELDS}
    if "options" in out:
        out["options"] = [{"text": o["text"]} for o in q["options"]]
    return out


def exam_view(q: dict) -> dict:
    """The question as the trainee's exam page (docs/exam.md) serves it, whatever its pool:
    what a trainee needs to answer it and to make a result code, and no key."""
    out = {k: q[k] for k in ("id", "type", "pool", "section", "prompt", "draft")}
    if q.get("options"):
        out["options"] = [{"text": o["text"]} for o in q["options"]]
    if q.get("items"):
        # A study-pool ordering question's items, in the procedure's order: that order is on
        # the procedure's page anyway; the exam shuffles them.
        out["items"] = q["items"]
    return out


def key_data(bank_zh: list[dict], bank_en: list[dict], version: str) -> dict:
    """The key file's content: per exam-pool question its right answer (as option flags in
    the served order, or true/false) and its explanation in both languages."""
    en = {q["id"]: q for q in bank_en}
    questions = {}
    for q in sorted(bank_zh, key=lambda q: q["id"]):
        if q.get("pool") != "exam":
            continue
        entry: dict = {}
        if q["type"] == "true_false":
            entry["answer"] = q["answer"]
        else:
            entry["correct"] = [o["correct"] for o in q["options"]]
        entry["explanation"] = {"zh": q["explanation"], "en": en[q["id"]]["explanation"]}
        questions[q["id"]] = entry
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "bank": version, "questions": questions}


def key_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def build_key() -> tuple[str, str]:
    """(bank version, key file text) of the question bank in questions/."""
    from .questions import compiled
    from .result_codes import bank_version
    version = bank_version(compiled("zh"))
    return version, key_text(key_data(list(compiled("zh")), list(compiled("en")), version))


def read_key(path: str | Path) -> dict:
    """A key file, checked: KeyFileError names the file and what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise KeyFileError(f"{path}: cannot read the exam key: {err.strerror or err}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise KeyFileError(f"{path}: not an exam key file (expected the JSON the build writes to exam-keys/): {err}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise KeyFileError(f"{path}: not an exam key file (expected \"format\": \"{FORMAT}\", "
                           f"\"format_version\": {FORMAT_VERSION})")
    if not isinstance(data.get("bank"), str) or not isinstance(data.get("questions"), dict):
        raise KeyFileError(f"{path}: an exam key file needs \"bank\" (a version) and \"questions\"")
    return data


def with_key(bank: list[dict], key: dict, lang: str, where: str = "the key") -> list[dict]:
    """The served bank with the key put back into its exam-pool questions (what the trainer
    page does with a key it has read); KeyFileError if the key is for another bank."""
    from .result_codes import bank_version
    ours = bank_version(bank)
    if key["bank"] != ours:
        raise KeyFileError(f"{where}: the key is for question bank version {key['bank']}, "
                           f"this bank is version {ours}; use the key file of the same build")
    out = []
    for q in bank:
        if q.get("pool") == "exam":
            entry = key["questions"].get(q["id"])
            if entry is None:
                raise KeyFileError(f"{where}: no key for exam question {q['id']!r}")
            q = dict(q, explanation=entry["explanation"][lang])
            if q["type"] == "true_false":
                q["answer"] = entry["answer"]
            else:
                if len(entry["correct"]) != len(q["options"]):
                    raise KeyFileError(f"{where}: question {q['id']!r} has {len(q['options'])} choices, "
                                       f"the key {len(entry['correct'])}")
                q["options"] = [dict(o, correct=c) for o, c in zip(q["options"], entry["correct"])]
        out.append(q)
    return out


def scorable(bank: list[dict]) -> bool:
    """Whether every exam-pool question of the bank has its key (study questions always do)."""
    return all(q.get("pool") != "exam" or "explanation" in q for q in bank)
