"""The Python and JavaScript twins on one set of cases (cases.json): names cleaned, CSV cells
neutralised, result codes written and read (spaces, line breaks and dash look-alikes inside
a pasted code; hostile lines), and a class's report with retakes, duplicates and shared
names, counted first or last, with and without the exam key. The JS runs in node on the
site's own modules (run_twins.mjs), read from overrides/assets/javascripts, which the build copies
into site/ unchanged (tests/site/test_built_site.py holds the copies equal): no browser, no built
site, no test hook in the site."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from handbook.class_results import _csv_cell, csv_text, report
from handbook.exam_key import build_key, served, with_key
from handbook.labels import label, labels_under
from handbook.questions import compiled
from handbook.quiz import draw_exam
from handbook.result_codes import CodeError, bank_version, clean_name, decode, encode
from site_pages import ROOT

HERE = Path(__file__).parent
CASES = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
KEY = json.loads(build_key()[1])
VERSION = bank_version(compiled("zh"))
BASE = "https://handbook.example/"
BANKS = {f"{lang}_served": [served(q) for q in compiled(lang)] for lang in ("zh", "en")}
BANKS |= {f"{lang}_keyed": with_key(BANKS[f"{lang}_served"], KEY, lang) for lang in ("zh", "en")}



def _words(lang: str) -> dict:
    words = {k: label("quiz." + k, lang) for k in ("true", "false", "sep")}
    for group in ("code", "class"):
        words[group] = labels_under("quiz." + group, lang)
    return words


def _responses(bank: list[dict], case: dict) -> list:
    by_id = {q["id"]: q for q in bank}
    out = []
    for k, e in enumerate(draw_exam(bank, case["seed"], case["sections"], case["count"] or None, case["types"],
                                    case["pool"])):
        q = by_id[e["id"]]
        recipe = case["answers"] if case["answers"] != "mixed" else ("right", "wrong", "none")[k % 3]
        if recipe == "none":
            out.append(None)
        elif q["type"] == "true_false":
            out.append(q["answer"] if recipe == "right" else not q["answer"])
        elif q["type"] == "ordering":
            n = len(q["items"])
            out.append(list(range(n)) if recipe == "right" else list(reversed(range(n))))
        else:
            right = [i for i, o in enumerate(q["options"]) if o["correct"]]
            out.append(right if recipe == "right" else [next(i for i, o in enumerate(q["options"]) if not o["correct"])])
    return out


def _attempt(fn):
    try:
        return {"ok": fn()}
    except CodeError as err:
        return {"error": err.key, "values": err.values}


def _code(case: dict, **change) -> str:
    case = {**case, **change}
    bank = BANKS[case["lang"] + "_keyed"]
    return encode(BANKS[case["lang"] + "_served"], case["lang"], case["seed"], case["count"], case["sections"],
                  case["types"], _responses(bank, case), case["name"], case["pool"], case["attempt"], case["minute"])


def _pasted(code: str, form: str) -> str:
    body = code[4:]
    return {"spaced": "SN2- " + " ".join(body[i:i + 5] for i in range(0, len(body), 5)),
            "en_dash": "SN2\u2013" + body,
            "fullwidth_lower": ("SN2\uff0d" + body).lower(),
            "chat": f"王芳：{code} thanks, see you",
            "two_lines": "SN2-" + body[:17] + "\n" + body[17:]}[form]


def _class_text() -> tuple[str, dict]:
    """A class of the exam pool's exam 20261206 (10 questions) with every case a trainer meets."""
    base = {"lang": "zh", "pool": "exam", "seed": 20261206, "count": 10, "sections": None, "types": None,
            "attempt": 1, "minute": 29416400}
    lines = [
        _code(base, name="张伟", answers="right"),
        _code(base, name="王芳", answers="mixed"),
        _code(base, name="张伟", answers="wrong", attempt=2, minute=29416412),   # a retake, same browser
        _code(base, name="王芳", answers="mixed"),                               # the same code pasted twice
        _code(base, name="Li Na", answers="wrong", attempt=3, minute=29416420),  # earlier tries not handed in
        _code(base, name="li na", answers="right", minute=29416425),             # the same name, another browser
        _code(base, name=" =HYPERLINK(\"x\")", answers="mixed"),
        _code(base, name="Zhao", answers="right", count=12),                     # the same exam number, 12 questions
        "SN1-0123456789ABCDEFGH",
        "",
        _pasted(_code(base, name="陈静", answers="right"), "two_lines"),
    ]
    return "\n".join(lines), base


def _node(payload: dict, folder: Path) -> dict:
    path = folder / "twins.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    # node is part of the toolchain (make build runs it): its absence is a failure, not a skip.
    assert shutil.which("node"), "node is missing: the build's toolchain (README) installs it"
    run = subprocess.run(["node", str(HERE / "run_twins.mjs"), str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    decode_cases = []
    codes = []
    for case in CASES["hand_ins"]:
        codes.append({**case, "bank": case["lang"] + "_served",
                      "responses": _responses(BANKS[case["lang"] + "_keyed"], case)})
        code = _code(case)
        decode_cases.append({"bank": case["lang"] + "_served", "line": code})
        for form in CASES["pasted"]:
            decode_cases.append({"bank": case["lang"] + "_served", "line": _pasted(code, form["form"]).replace("\n", " ")})
    for hostile in CASES["hostile_lines"]:
        decode_cases.append({"bank": "zh_served", "line": hostile["line"]})
    text, _ = _class_text()
    reports = [{"bank": "zh_keyed", "lang": "zh", "text": text, "counting": "first"},
               {"bank": "zh_keyed", "lang": "zh", "text": text, "counting": "last"},
               {"bank": "zh_served", "lang": "zh", "text": text, "counting": "first"},
               {"bank": "en_keyed", "lang": "en", "text": text, "counting": "first"}]
    payload = {"site_js": str(ROOT / "overrides" / "assets" / "javascripts"), "version": VERSION, "base": BASE, "banks": BANKS,
               "words": {"zh": _words("zh"), "en": _words("en")},
               "names": [n["in"] for n in CASES["names"]], "csv_cells": [c["in"] for c in CASES["csv_cells"]],
               "encode": codes, "decode": decode_cases, "reports": reports}
    return payload, _node(payload, tmp_path_factory.mktemp("twins"))


def test_names_are_cleaned_the_same_and_as_the_cases_say(twins):
    payload, js = twins
    for case, got in zip(CASES["names"], js["names"]):
        python = _attempt(lambda: clean_name(case["in"]))
        assert {k: v for k, v in got.items() if k != "values"} == {k: v for k, v in python.items() if k != "values"}
        assert python == ({"ok": case["out"]} if "out" in case else {"error": case["error"], "values": python.get("values")})


def test_csv_cells_are_neutralised_the_same(twins):
    _, js = twins
    assert js["csv"] == [_csv_cell(c["in"]) for c in CASES["csv_cells"]] == [c["out"] for c in CASES["csv_cells"]]


def test_codes_are_written_and_read_the_same(twins):
    payload, js = twins
    assert [c["ok"] for c in js["codes"]] == [_code(case) for case in CASES["hand_ins"]]
    for case, got in zip(payload["decode"], js["decoded"]):
        python = _attempt(lambda: decode(case["line"], BANKS[case["bank"]]))
        if "ok" in python:
            h = python["ok"]
            by_id = {q["id"]: q for q in BANKS[case["bank"]]}
            from handbook.result_codes import answer_number
            python = {"ok": {"lang": h.lang, "pool": h.pool, "seed": h.seed, "count": h.count, "sections": h.sections,
                             "types": h.types, "attempt": h.attempt, "minute": h.minute,
                             "numbers": [answer_number(by_id[e["id"]], r) for e, r in zip(h.exam, h.responses)],
                             "name": h.name, "bank": h.bank}}
        assert got == json.loads(json.dumps(python)), case["line"]


def test_a_pasted_code_is_read_past_spaces_dashes_case_and_line_breaks(twins):
    payload, js = twins
    per_case = 1 + len(CASES["pasted"])
    for i, case in enumerate(CASES["hand_ins"]):
        results = js["decoded"][i * per_case:(i + 1) * per_case]
        assert all("ok" in r for r in results), (case, results)
        assert {json.dumps(r["ok"], sort_keys=True) for r in results} == {json.dumps(results[0]["ok"], sort_keys=True)}
        assert (results[0]["ok"]["attempt"], results[0]["ok"]["minute"], results[0]["ok"]["pool"]) == (
            case["attempt"], case["minute"], case["pool"])
    errors = [r.get("error") for r in js["decoded"][len(CASES["hand_ins"]) * per_case:]]
    assert errors == [h["error"] for h in CASES["hostile_lines"]]


def test_the_class_report_is_the_same_and_counts_one_code_per_trainee(twins):
    payload, js = twins
    for case, got in zip(payload["reports"], js["reports"]):
        rep = report(case["text"], BANKS[case["bank"]], case["lang"], lambda c: BASE + c, case["counting"])
        assert got["report"] == json.loads(json.dumps(rep))
        assert got["csv"] == (csv_text(rep, case["lang"]) if "questions" in rep else None)
    first, last, unkeyed, _ = (json.loads(json.dumps(report(c["text"], BANKS[c["bank"]], c["lang"], lambda x: BASE + x,
                                                            c["counting"]))) for c in payload["reports"])
    rows = {a["line"]: a for a in first["attempts"]}
    # 张伟: attempt 1 (line 1) counts, the retake (line 3) is marked and not counted; last: the other way.
    assert rows[1]["counted"] and not rows[3]["counted"]
    assert "本浏览器中第 2 次作答" in rows[3]["notes"] and "与第 3 行同名" in rows[1]["notes"]
    last_rows = {a["line"]: a for a in last["attempts"]}
    assert not last_rows[1]["counted"] and last_rows[3]["counted"]
    # The same code twice: counted once.
    assert rows[4]["notes"][0] == "与第 2 行成绩码相同，只计一次" and not rows[4]["counted"]
    # Li Na: attempt 3 alone would be marked too; with "li na" (attempt 1) the lower attempt counts.
    assert "本浏览器中第 3 次作答" in rows[5]["notes"] and not rows[5]["counted"] and rows[6]["counted"]
    # The hostile name is kept as text, and the CSV neutralises it.
    assert rows[7]["name"] == '=HYPERLINK("x")'
    assert "'=HYPERLINK" in csv_text(report(payload["reports"][0]["text"], BANKS["zh_keyed"], "zh",
                                             lambda c: BASE + c), "zh")
    # One per trainee: 张伟, 王芳, Li Na, =HYPERLINK, 陈静 (line 11, joined with line 12).
    assert first["summary"]["trainees"] == "5" and 11 in rows and 12 not in rows
    problems = {p["line"]: p["message"] for p in first["problems"]}
    assert problems[8] == ("第 8 行：此成绩码的试卷有 12 题，这里多数成绩码的试卷有 10 题（试卷编号相同，题数不同）；"
                           "请分开粘贴每份试卷的成绩码。")
    assert problems[9].startswith("第 9 行：这是旧的 SN1 格式成绩码")
    # Without the key an exam-pool code is not scored, and each line says why.
    assert "questions" not in unkeyed
    assert all("需要答案文件" in p["message"] for p in unkeyed["problems"] if p["line"] not in (8, 9))
