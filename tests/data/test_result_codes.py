"""Result codes (handbook/result_codes.py): written and read back, every damage refused, a
changed bank named; the class report's figures by hand; the `quiz-results` command."""
from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from handbook.__main__ import _clause_url, site_url
from handbook.class_results import csv_text, report, text_report
from handbook.questions import compiled
from handbook.quiz import check_seed, draw_exam
from handbook.result_codes import (ALPHABET, CodeError, answer_number, bank_version, clean_name, decode, encode,
                                   response_of)
from site_pages import ROOT

BANK = sorted(compiled("zh"), key=lambda q: q["id"])
BY_ID = {q["id"]: q for q in BANK}


def right(q):
    if q["type"] == "true_false":
        return q["answer"]
    if q["type"] == "ordering":
        return list(range(len(q["items"])))
    return [i for i, o in enumerate(q["options"]) if o["correct"]]


def wrong(q):
    if q["type"] == "true_false":
        return not q["answer"]
    if q["type"] == "ordering":
        return list(reversed(range(len(q["items"]))))
    return [next(i for i, o in enumerate(q["options"]) if not o["correct"])]


def exam_ids(seed, count, sections=None, types=None):
    return [BY_ID[e["id"]] for e in draw_exam(BANK, seed, sections, count, types)]


def test_a_code_reads_back_as_written_whatever_the_case_and_look_alikes():
    qs = exam_ids(4242, 12)
    responses = [right(q) if i % 3 == 0 else wrong(q) if i % 3 == 1 else None for i, q in enumerate(qs)]
    code = encode(BANK, "en", 4242, 12, None, None, responses, "  王 小明\t<b>&  ")
    assert code.startswith("SN2-") and set(code[4:]) <= set(ALPHABET)
    for text in (code, code.lower(), f"张三 交卷：{code} 谢谢", "http://x/quiz/#result=" + code,
                 "SN2-" + code[4:].replace("0", "O").replace("1", "l")):
        h = decode(text, BANK)
        assert (h.lang, h.seed, h.count, h.name) == ("en", 4242, 12, "王 小明 <b>&")
        assert h.responses == responses and [e["id"] for e in h.exam] == [q["id"] for q in qs]
        assert h.bank == bank_version(BANK)


def test_sections_and_types_are_kept_and_every_ordering_is_a_number():
    code = encode(BANK, "zh", 9, 0, ["telephone", "office"], ["single", "true_false"], [None] * len(
        exam_ids(9, None, ["telephone", "office"], ["single", "true_false"])), "A")
    h = decode(code, BANK)
    assert (h.sections, h.types, h.count) == (["office", "telephone"], ["single", "true_false"], 0)
    ordering = next(q for q in BANK if q["type"] == "ordering" and len(q["items"]) >= 4)
    import itertools
    numbers = set()
    for perm in itertools.permutations(range(len(ordering["items"]))):
        n = answer_number(ordering, list(perm))
        assert response_of(ordering, n) == list(perm)
        numbers.add(n)
    assert len(numbers) == len(set(itertools.permutations(range(len(ordering["items"])))))


def test_every_mistyped_character_and_every_cut_is_refused_as_damaged():
    qs = exam_ids(77, 8)
    code = encode(BANK, "zh", 77, 8, None, None, [right(q) for q in qs], "李四")
    body = code[4:]
    for i, ch in enumerate(body):
        for other in (ALPHABET[(ALPHABET.index(ch) + 1) % 32], ALPHABET[(ALPHABET.index(ch) + 17) % 32]):
            with pytest.raises(CodeError) as err:
                decode("SN2-" + body[:i] + other + body[i + 1:], BANK)
            assert err.value.key == "damaged"
    for extra in ALPHABET:
        with pytest.raises(CodeError):
            decode(code + extra, BANK)
    for cut in range(1, len(body)):
        with pytest.raises(CodeError) as err:
            decode("SN2-" + body[:cut], BANK)
        assert err.value.key == "damaged"
    with pytest.raises(CodeError) as err:
        decode("SN2-" + body[:5] + body[6] + body[5] + body[7:], BANK)  # two swapped
    assert err.value.key == "damaged"


@pytest.mark.parametrize("line, key", [("", "no_code"), ("hello", "no_code"), ("SN3-ABCDEF", "format"),
                                       ("SN1-ABCDEF", "old_format"), ("<script>SN2-", "no_code")])
def test_lines_without_a_readable_code(line, key):
    with pytest.raises(CodeError) as err:
        decode(line, BANK)
    assert err.value.key == key


def test_a_code_from_a_bank_that_changed_names_both_versions():
    qs = exam_ids(5, 6)
    code = encode(BANK, "zh", 5, 6, None, None, [right(q) for q in qs], "A")
    # A question of that exam no longer exists in this build's bank.
    smaller = [q for q in BANK if q["id"] != qs[2]["id"]]
    with pytest.raises(CodeError) as err:
        decode(code, smaller)
    assert err.value.key == "other_bank"
    assert err.value.values == {"code": bank_version(BANK), "page": bank_version(smaller)}
    rep = report(code, smaller, "en")
    assert rep["problems"][0]["message"] == (
        f"Line 1: this code was made with question bank version {bank_version(BANK)}; this page has version "
        f"{bank_version(smaller)}. The bank has changed since the exam (questions added, removed or re-keyed), "
        "so the exam's questions may no longer be there and it cannot be scored here; open it on the site build "
        "the exam was taken on.")


def test_the_bank_version_follows_the_keys_not_the_wording():
    assert bank_version(compiled("zh")) == bank_version(compiled("en"))
    reworded = copy.deepcopy(BANK)
    reworded[0]["prompt"] += "！"
    assert bank_version(reworded) == bank_version(BANK)
    rekeyed = copy.deepcopy(BANK)
    q = next(q for q in rekeyed if q["type"] == "single")
    q["options"][0]["correct"], q["options"][1]["correct"] = q["options"][1]["correct"], q["options"][0]["correct"]
    assert bank_version(rekeyed) != bank_version(BANK)


def test_names_are_required_and_bounded():
    assert clean_name("  a \n b ") == "a b"
    for bad, key in (("", "name_missing"), ("   ", "name_missing"), ("名" * 61, "name_long"),
                     ("\u202e\u2066", "name_missing")):
        with pytest.raises(CodeError) as err:
            clean_name(bad)
        assert err.value.key == key
    assert clean_name("名" * 60) == "名" * 60
    assert clean_name("\u202e" * 10 + "x" * 60) == "x" * 60  # cleaned first, then measured
    with pytest.raises(CodeError):
        clean_name("x" * 2000)


# The seeds quiz-draw.js refuses too (tests/js/quiz-draw.test.mjs).
@pytest.mark.parametrize("seed", json.loads((ROOT / "tests" / "twins" / "cases.json").read_text(encoding="utf-8"))["bad_seeds"])
def test_a_seed_that_is_not_a_positive_whole_number_is_an_error(seed):
    with pytest.raises(ValueError, match="whole number from 1 to 2147483647"):
        check_seed(seed)
    with pytest.raises(ValueError):
        draw_exam(BANK, seed)


def test_no_section_ticked_draws_no_question_and_none_means_all():
    assert draw_exam(BANK, 3, sections=[]) == [] and draw_exam(BANK, 3, types=[]) == []
    assert len(draw_exam(BANK, 3)) == sum(q["pool"] == "study" for q in BANK)
    assert len(draw_exam(BANK, 3, pool="exam")) == sum(q["pool"] == "exam" for q in BANK)


def test_the_cli_refuses_a_bad_seed():
    for seed in ("abc", "0", "-1"):
        out = subprocess.run([sys.executable, "-m", "handbook", "quiz-export", "--format", "gift", "--seed", seed],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert out.returncode == 2 and "whole number from 1 to 2147483647" in out.stderr, out.stderr


# --- the class report ---------------------------------------------------------------------

def test_the_class_figures_by_hand():
    """Four trainees on a 3-question exam; every figure worked out on paper."""
    qs = exam_ids(11, 3)
    marks = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
    codes = [encode(BANK, "zh", 11, 3, None, None, [right(q) if m else (wrong(q) if k < 3 else None)
                                                    for q, m in zip(qs, row)], f"T{k}")
             for k, row in enumerate(marks)]
    rep = report("\n".join(codes), BANK, "en")
    assert [a["right"] for a in rep["attempts"]] == [3, 2, 1, 0]
    assert [a["percent"] for a in rep["attempts"]] == ["100", "67", "33", "0"]
    # Mean 1.5; sample SD sqrt(5/3) = 1.29.
    assert rep["summary"] == {"trainees": "4", "questions": "3", "mean": "1.50", "sd": "1.29",
                              "lowest": "0", "highest": "3"}
    assert [q["facility"] for q in rep["questions"]] == ["75", "50", "25"]
    # Question 1 (1, 1, 1, 0) against the rest (2, 1, 0, 0): 0.75 / sqrt(0.75 × 2.75) = 0.522;
    # question 2 (1, 1, 0, 0) against (2, 1, 1, 0): 1 / sqrt(1 × 2) = 0.707; question 3 like 1.
    assert [q["discrimination"] for q in rep["questions"]] == ["0.52", "0.71", "0.52"]
    assert rep["questions"][0]["wrong"] == "(no answer)" and rep["questions"][0]["wrong_count"] == "1"


def test_duplicates_are_shown_not_merged_and_other_exams_refused_by_line():
    qs = exam_ids(21, 4)
    a = encode(BANK, "zh", 21, 4, None, None, [right(q) for q in qs], "Wang Wei")
    b = encode(BANK, "zh", 21, 4, None, None, [wrong(q) for q in qs], "wang  wei")
    other = encode(BANK, "zh", 22, 4, None, None, [None] * 4, "Li")
    text = "\n".join([a, "", b, a, other, a[:-1] + ("0" if a[-1] != "0" else "1")])
    rep = report(text, BANK, "en")
    # One per trainee: the two different codes under one name are both marked, the first counts.
    assert [(x["line"], x["counted"], x["notes"]) for x in rep["attempts"]] == [
        (1, True, ["same name as line 3"]),
        (3, False, ["same name as line 1", "not counted (a trainee's first attempt counts)"]),
        (4, False, ["same code as line 1; counted once"])]
    assert rep["summary"]["trainees"] == "1"
    assert [p["line"] for p in rep["problems"]] == [5, 6]
    assert rep["problems"][0]["message"] == ("Line 5: from a different exam (number 22) from most of the codes here (number 21); "
                                             "paste each exam's codes separately.")
    assert rep["problems"][1]["message"].startswith("Line 6: the code is damaged")


def test_an_empty_paste_and_a_paste_with_nothing_to_count():
    assert report(" \n\n", BANK, "zh")["empty"] == "没有成绩码：请先粘贴（每行一个）或导入文件。"
    rep = report("nothing here", BANK, "zh")
    assert rep["empty"] == "没有可以统计的成绩码。" and rep["problems"][0]["line"] == 1
    assert text_report(rep, "zh") == "没有可以统计的成绩码。\n"


def test_names_stay_text_in_the_csv_and_the_terminal():
    qs = exam_ids(31, 2)
    names = ["=HYPERLINK(\"http://x\")", "<img src=x onerror=alert(1)>", "a,b \"c\"", "\x1b[31mred", " +1 =x"]
    codes = [encode(BANK, "zh", 31, 2, None, None, [right(q) for q in qs], n) for n in names]
    rep = report("\n".join(codes), BANK, "en")
    csv = csv_text(rep, "en")
    assert csv.startswith("\ufeffLine,Name,Attempt,Handed in (UTC),Counted,Score,") and csv.endswith("\r\n")
    assert "\r\n1,'=HYPERLINK(\"\"http://x\"\")\",1" not in csv  # quoted as a whole
    assert "\r\n1,\"'=HYPERLINK(\"\"http://x\"\")\",1,1970-01-01 00:00,yes,2," in csv
    assert "\r\n2,<img src=x onerror=alert(1)>,1,1970-01-01 00:00,yes,2," in csv
    assert "\r\n3,\"a,b \"\"c\"\"\",1," in csv
    assert "\r\n5,'+1 =x,1," in csv  # the leading space is cleaned away when the code is made
    text = text_report(rep, "en")
    assert "\x1b" not in text and "[31mred" in text  # control characters never reach a code


def test_the_command_prints_the_class_and_writes_the_csv(tmp_path):
    qs = exam_ids(4242, 5)
    codes = [encode(BANK, "zh", 4242, 5, None, None, [right(q) if k <= i else wrong(q) for k, q in enumerate(qs)],
                    f"学员{i}") for i in range(5)]
    path = tmp_path / "codes.txt"
    path.write_text("\r\n".join(codes + ["SN2-BROKEN"]) + "\r\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "handbook", "quiz-results", str(path), "--csv", str(tmp_path / "c.csv")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip() == "第 6 行：成绩码已损坏（抄错或不完整），校验不符。请学员重新发送。"
    rep = report("\n".join(codes + ["SN2-BROKEN"]), BANK, "zh", _clause_url(site_url(), "zh"))
    assert "after-sales/equipment-repair/#" in rep["questions"][0]["clause"] or rep["questions"][0]["clause"].endswith("/")
    assert out.stdout == text_report(rep, "zh")
    assert (tmp_path / "c.csv").read_bytes() == csv_text(rep, "zh").encode("utf-8")
    assert "学员4" in out.stdout and "平均分" in out.stdout
    none = subprocess.run([sys.executable, "-m", "handbook", "--lang", "en", "quiz-results", "-"], input="junk\n",
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert none.returncode == 1 and "Line 1: no result code found" in none.stderr
