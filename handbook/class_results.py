"""A class's results from its trainees' result codes: the class table, the mean and spread,
and per question the facility, the discrimination, the most-chosen wrong answer and the
clause to revisit; as a report (plain data, every figure already a string), CSV and text.

The trainer page does the same in overrides/assets/javascripts/class-results.js, step for
step (the same sums in the same order, the same rounding), and the browser tests hold the
two to the same report and the same CSV bytes. `python -m handbook quiz-results` prints it.

- The class's exam is the one most codes were made for (on a tie, the first line's);
  a code for another exam is refused, naming its line.
- A code exactly like an earlier line's is the same hand-in twice: shown, marked, counted
  once. Different codes under one name (compared without case) are marked, and one of them
  counts: the first attempt by default (the lowest attempt number, then the earliest time,
  then the earliest line), or the last (`counting="last"`), as the trainer chooses. A code
  whose attempt number is above 1 is marked even alone: the trainee handed in that exam
  before in that browser. Two trainees who share a name should hand in distinct names.
- An exam-pool code is scored only with the key (handbook/exam_key.py); without it the line
  is refused with that reason.
- Facility: the share of counted trainees right. Discrimination: the Pearson correlation of
  the question's 0/1 with the score on the rest of the exam (the corrected point-biserial
  Moodle reports), empty when either does not vary.
- The most-chosen wrong answer: the wrong answer (no answer included) given most often; on a
  tie, the one with the smaller answer number (result_codes.answer_number).
"""
from __future__ import annotations

import math
import re
import time

from .exam_key import scorable
from .labels import label
from .quiz import is_correct
from .result_codes import CodeError, Prepared, answer_number, decode, response_of

COUNTING = ("first", "last")
# A line that may be the rest of a code broken over two lines (a chat app's wrapping).
_CONTINUATION = re.compile(r"[0-9A-Za-z \t]+")


def _continues(line: str) -> bool:
    return bool(line.strip()) and bool(_CONTINUATION.fullmatch(line)) and "SN" not in line.upper()

MAX_LISTED_PROBLEMS = 50


def _fill(template: str, **values) -> str:
    for k, v in values.items():
        template = template.replace("{" + k + "}", str(v))
    return template


def _fixed(x: float, places: int) -> str:
    """x rounded half up to `places` decimals, written out; the JS does the same float steps."""
    scale = 10 ** places
    k = math.floor(x * scale + 0.5)
    sign = "-" if k < 0 else ""
    k = abs(k)
    whole, frac = divmod(k, scale)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


def _percent(right: int, total: int) -> str:
    """right / total as a whole percent, half up, in integers."""
    return str((right * 200 + total) // (2 * total))


def _name_key(name: str) -> str:
    return name.lower()  # names are cleaned when a code is made (result_codes.clean_name)


def answer_text(q: dict, number: int, lang: str) -> str:
    if number == 0:
        return label("quiz.class.no_answer", lang)
    response = response_of(q, number)
    if q["type"] == "true_false":
        return label("quiz." + ("true" if response else "false"), lang)
    if q["type"] == "ordering":
        return " → ".join(q["items"][i] for i in response)
    return label("quiz.sep", lang).join(q["options"][i]["text"] for i in response)


def handed_in(minute: int) -> str:
    """A code's hand-in time as the report shows it, in UTC (the same on any machine)."""
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(minute * 60))


def report(text: str, bank, lang: str, clause_url=lambda clause: clause, counting: str = "first") -> dict:
    """The class's results from pasted text (one code a line; empty lines are skipped).

    `bank`: the served bank in `lang`, with the exam key put in if there is one
    (exam_key.with_key); `clause_url` turns a clause (page.md#anchor) into the link the
    report shows; `counting`: which of a trainee's codes counts, "first" or "last".
    """
    def say(key: str, **values) -> str:
        return _fill(label("quiz.code." + key, lang), **values)

    problems: list[dict] = []
    decoded = []
    lines = text.split("\n")
    if not any(line.strip() for line in lines):
        return {"empty": label("quiz.class.empty", lang), "problems": [], "attempts": []}
    prepared = Prepared(bank)
    keyed = scorable(bank)
    joined: set[int] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip() or number in joined:
            continue
        try:
            try:
                hand_in = decode(line, prepared)
            except CodeError as err:
                # A code broken over two lines: the next line, if it can only be its rest.
                rest = lines[number] if number < len(lines) else ""
                if err.key != "damaged" or not _continues(rest):
                    raise
                hand_in = decode(line + " " + rest, prepared)
                joined.add(number + 1)
        except CodeError as err:
            problems.append({"line": number, "message": say(err.key, line=number, **err.values)})
            continue
        if not hand_in.name:
            problems.append({"line": number, "message": say("name_missing", line=number)})
            continue
        if hand_in.pool == "exam" and not keyed:
            problems.append({"line": number, "message": say("needs_key", line=number)})
            continue
        decoded.append((number, hand_in))

    # The class's exam: the one most codes were made for.
    def exam_key(h):
        return (h.pool, h.seed, tuple(h.sections), tuple(h.types), len(h.exam))
    tally: dict = {}
    for _, h in decoded:
        tally[exam_key(h)] = tally.get(exam_key(h), 0) + 1
    chosen = None
    for _, h in decoded:
        if chosen is None or tally[exam_key(h)] > tally[chosen]:
            chosen = exam_key(h)
    class_exam = None
    attempts = []
    by_id = {q["id"]: q for q in bank}
    seen_code: dict = {}
    seen_name: dict = {}
    for number, h in decoded:
        if exam_key(h) != chosen:
            if exam_key(h)[:4] == chosen[:4]:  # the same exam number, another number of questions
                problems.append({"line": number, "message": say("other_count", line=number, questions=len(h.exam),
                                                                class_questions=chosen[4])})
            else:
                problems.append({"line": number, "message": say("other_exam", line=number, seed=h.seed,
                                                                class_seed=chosen[1])})
            continue
        if class_exam is None:
            class_exam = h
        numbers = [answer_number(by_id[e["id"]], r) for e, r in zip(h.exam, h.responses)]
        marks = [1 if _right(by_id[e["id"]], n) else 0 for e, n in zip(h.exam, numbers)]
        notes, counted = [], True
        # The same hand-in pasted twice: the same bytes.
        code_key = (h.lang, h.name, h.attempt, h.minute, tuple(numbers))
        if code_key in seen_code:
            notes.append(_fill(label("quiz.class.same_code", lang), other=seen_code[code_key]))
            counted = False
        else:
            seen_code[code_key] = number
            seen_name.setdefault(_name_key(h.name), []).append(len(attempts))
        if h.attempt > 1:
            notes.append(_fill(label("quiz.class.retake", lang), n=h.attempt))
        right = sum(marks)
        attempts.append({"line": number, "name": h.name, "lang": h.lang, "attempt": h.attempt,
                         "time": handed_in(h.minute), "right": right, "total": len(marks),
                         "percent": _percent(right, len(marks)), "marks": marks,
                         "answers": numbers, "notes": notes, "counted": counted})
    # One code per trainee: of the different codes under one name, the first attempt (or the
    # last, as the trainer chooses) counts; each is marked with the other lines.
    for indexes in seen_name.values():
        if len(indexes) < 2:
            continue
        order = sorted(indexes, key=lambda i: (attempts[i]["attempt"], decoded_minute(attempts[i]), attempts[i]["line"]))
        keep = order[0] if counting == "first" else order[-1]
        for i in indexes:
            others = label("quiz.class.list_sep", lang).join(str(attempts[j]["line"]) for j in indexes if j != i)
            attempts[i]["notes"].append(_fill(label("quiz.class.same_name", lang), other=others))
            if i != keep:
                attempts[i]["counted"] = False
                attempts[i]["notes"].append(label("quiz.class.not_counted_" + counting, lang))
    problems.sort(key=lambda p: p["line"])
    out = {"problems": problems, "attempts": attempts}
    if class_exam is None:
        out["empty"] = label("quiz.class.none_valid", lang)
        return out
    counted = [a for a in attempts if a["counted"]]
    out["exam"] = {"pool": class_exam.pool, "seed": class_exam.seed, "count": class_exam.count, "sections": class_exam.sections,
                   "types": class_exam.types, "bank": class_exam.bank, "questions": [e["id"] for e in class_exam.exam]}
    out["summary"] = _summary(counted, len(class_exam.exam))
    out["questions"] = [_question(k, by_id[e["id"]], counted, lang, clause_url) for k, e in enumerate(class_exam.exam)]
    return out


def decoded_minute(attempt: dict) -> str:
    return attempt["time"]  # "YYYY-MM-DD HH:MM" sorts as the time does


def _right(q: dict, number: int) -> bool:
    return number != 0 and is_correct(q, response_of(q, number))


def _summary(counted: list[dict], total: int) -> dict:
    n = len(counted)
    scores = [a["right"] for a in counted]
    s = 0
    for x in scores:
        s += x
    mean = s / n
    sd = ""
    if n > 1:
        squares = 0.0
        for x in scores:
            squares += (x - mean) * (x - mean)
        sd = _fixed(math.sqrt(squares / (n - 1)), 2)
    return {"trainees": str(n), "questions": str(total), "mean": _fixed(mean, 2), "sd": sd,
            "lowest": str(min(scores)), "highest": str(max(scores))}


def _question(k: int, q: dict, counted: list[dict], lang: str, clause_url) -> dict:
    n = len(counted)
    xs = [a["marks"][k] for a in counted]
    ys = [a["right"] - a["marks"][k] for a in counted]
    right = 0
    for x in xs:
        right += x
    discrimination = ""
    sx, sy = 0, 0
    for x, y in zip(xs, ys):
        sx += x
        sy += y
    mx, my = sx / n, sy / n
    sxy, sxx, syy = 0.0, 0.0, 0.0
    for x, y in zip(xs, ys):
        sxy += (x - mx) * (y - my)
        sxx += (x - mx) * (x - mx)
        syy += (y - my) * (y - my)
    if sxx > 0 and syy > 0:
        discrimination = _fixed(sxy / math.sqrt(sxx * syy), 2)
    wrong: dict[int, int] = {}
    for a in counted:
        if not a["marks"][k]:
            number = a["answers"][k]
            wrong[number] = wrong.get(number, 0) + 1
    most = None
    for number in sorted(wrong):
        if most is None or wrong[number] > wrong[most]:
            most = number
    return {"n": str(k + 1), "id": q["id"], "type": q["type"], "facility": _percent(right, n),
            "discrimination": discrimination,
            "wrong": answer_text(q, most, lang) if most is not None else "",
            "wrong_count": str(wrong[most]) if most is not None else "",
            "clause": clause_url(q["clause"]), "draft": q["draft"],
            "source": label("quiz.class." + ("draft" if q["draft"] else "v4"), lang)}


# --- CSV and text ---------------------------------------------------------------------------

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    text = str(value)
    # A spreadsheet runs a cell that starts with = + - @ (or a tab / CR), or with spaces and
    # then one of those, as a formula: a name is free text, so it is kept as text with a
    # leading apostrophe.
    if text[:1] in _FORMULA or text.lstrip(" ")[:1] in _FORMULA:
        text = "'" + text
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def csv_text(rep: dict, lang: str) -> str:
    """The class table as CSV (UTF-8 with a byte-order mark, so spreadsheets read Chinese;
    CRLF): a row per trainee with 1 / 0 per question, then the class and per-question rows."""
    def L(key: str) -> str:  # noqa: N802
        return label("quiz.class." + key, lang)
    qs = rep["questions"]
    rows = [[L("line"), L("name"), L("attempt"), L("time"), L("counted"), L("score"), L("percent"), L("notes")]
            + [f'{q["n"]} {q["id"]}' for q in qs]]
    for a in rep["attempts"]:
        rows.append([a["line"], a["name"], a["attempt"], a["time"], L("yes" if a["counted"] else "no"), a["right"],
                     a["percent"], label("quiz.sep", lang).join(a["notes"])] + a["marks"])
    pad = [""] * len(qs)
    blank = [""] * 5
    s = rep["summary"]
    exam = rep["exam"]
    for key, value in (("exam", exam["seed"]), ("pool", L("pool_" + exam["pool"])), ("bank", exam["bank"]),
                       ("questions", s["questions"]), ("trainees", s["trainees"]), ("mean", s["mean"]),
                       ("sd", s["sd"]), ("lowest", s["lowest"]), ("highest", s["highest"])):
        rows.append(["", L(key), value] + blank + pad)
    for key in ("facility", "discrimination", "wrong", "wrong_count", "clause", "source"):
        rows.append(["", L(key), ""] + blank + [q[key] for q in qs])
    return "\ufeff" + "".join(",".join(_csv_cell(c) for c in row) + "\r\n" for row in rows)


def _width(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _printable(text: str) -> str:
    """Free text for a terminal: control characters (an escape sequence in a name) as \\uXXXX."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _table(rows: list[list[str]]) -> str:
    rows = [[_printable(str(c)) for c in row] for row in rows]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        out.append("  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(row)).rstrip())
    return "\n".join(out)


def text_report(rep: dict, lang: str) -> str:
    """What `python -m handbook quiz-results` prints: the class, the trainees, the questions."""
    def L(key: str) -> str:  # noqa: N802
        return label("quiz.class." + key, lang)
    if "questions" not in rep:
        return rep["empty"] + "\n"
    s, exam = rep["summary"], rep["exam"]
    parts = [_table([[L(k), str(v)] for k, v in (
        ("exam", exam["seed"]), ("pool", L("pool_" + exam["pool"])), ("bank", exam["bank"]), ("questions", s["questions"]), ("trainees", s["trainees"]),
        ("mean", s["mean"]), ("sd", s["sd"] or "—"), ("lowest", s["lowest"]), ("highest", s["highest"]))])]
    head = [L("line"), L("name"), L("attempt"), L("time"), L("score"), L("percent")] + [q["n"] for q in rep["questions"]] + [L("notes")]
    parts.append(_table([head] + [[a["line"], a["name"], a["attempt"], a["time"],
                                   a["right"] if a["counted"] else f'({a["right"]})', a["percent"]]
                                  + ["✓" if m else "✗" for m in a["marks"]] + [label("quiz.sep", lang).join(a["notes"])]
                                  for a in rep["attempts"]]))
    head = [L("number"), L("question"), L("facility"), L("discrimination"), L("wrong"), L("wrong_count"),
            L("clause"), L("source")]
    parts.append(_table([head] + [[q["n"], q["id"], q["facility"] + "%", q["discrimination"] or "—",
                                   q["wrong"] or "—", q["wrong_count"] or "—", q["clause"], q["source"]]
                                  for q in rep["questions"]]))
    return "\n\n".join(parts) + "\n"
