"""The exam pool's key is in no file the site serves (handbook/exam_key.py): every file of the
built site, its .gz and .br twins decompressed, JSON and HTML escapes undone, is searched for
every exam-pool question's explanation; the served questions carry no right-answer flag; the
served choice order is not the author's; the build writes the key apart from site/."""
from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
import sys
from collections import Counter

import brotli
import pytest
from bs4 import BeautifulSoup

from handbook.exam_key import build_key, read_key, served, with_key
from handbook.questions import bank, compiled
from handbook.quiz import draw_exam
from site_pages import ROOT, SITE

EXAM = [q for q in compiled("zh") if q["pool"] == "exam"]
EXAM_EN = {q["id"]: q for q in compiled("en") if q["pool"] == "exam"}
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_TAGS = re.compile(r"<[^>]+>")


def _texts():
    """(path, text) of every file in site/, compressed twins decompressed; the text with its
    JSON \\u escapes and HTML references undone too, and HTML tags dropped."""
    for path in sorted(p for p in SITE.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        elif path.suffix == ".br":
            raw = brotli.decompress(raw)
        text = raw.decode("utf-8", errors="ignore")
        unescaped = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "\\u" in text else text
        if "&" in unescaped or "<" in unescaped:
            unescaped = "\n".join((unescaped, html.unescape(unescaped), _TAGS.sub("", html.unescape(unescaped))))
        yield path, text + "\n" + unescaped


def test_the_exam_pool_can_make_a_20_question_exam_across_chapter_1():
    chapter_1 = {"basic-conduct", "office", "equipment-room", "customer-visits", "telephone", "receiving-visitors",
                 "first-contact"}
    assert len(EXAM) >= 20 and {q["section"] for q in EXAM} == chapter_1
    drawn = draw_exam(EXAM, 20261206, count=20, pool="exam")
    assert len(drawn) == 20 and len({e["id"] for e in drawn}) == 20
    # Each cites its clause, and its explanation quotes that clause and nothing more.
    for q in bank():
        if q.pool == "exam":
            page = (ROOT / "docs" / q.clause.split("#")[0]).read_text(encoding="utf-8")
            quote = q.explanation["zh"].split("“", 1)[1].rsplit("”", 1)[0].replace("‘", "“").replace("’", "”")
            assert quote in page, q.id


def test_no_served_file_holds_an_exam_question_s_explanation_or_the_key_file():
    needles = {}
    for q in EXAM:
        needles[q["explanation"]] = q["id"]
        needles[EXAM_EN[q["id"]]["explanation"]] = q["id"]
    # The key file's entries, however laid out: an exam question's id with its right answers.
    entry = re.compile("(" + "|".join(re.escape(q["id"]) for q in EXAM) + r')"\s*:\s*\{[^{}]*"(correct|answer)"')
    found = []
    files = 0
    for path, text in _texts():
        files += 1
        found += [(path.relative_to(SITE).as_posix(), qid) for needle, qid in needles.items() if needle in text]
        found += [(path.relative_to(SITE).as_posix(), m.group(1) + " key entry") for m in entry.finditer(text)]
    assert files > 300  # the crawl saw the whole site, twins included
    assert found == []


def _data(page: str) -> list[dict]:
    soup = BeautifulSoup((SITE / page).read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.select_one(".hb-quiz__data").string)


@pytest.mark.parametrize("page", ["quiz/index.html", "en/quiz/index.html", "exam/index.html", "en/exam/index.html"])
def test_the_served_exam_questions_carry_no_key(page):
    questions = _data(page)
    exam = [q for q in questions if q["pool"] == "exam"]
    assert len(exam) == len(EXAM)
    for q in exam:
        assert not {"explanation", "answer"} & set(q), q["id"]
        assert all(set(o) == {"text"} for o in q.get("options", [])), q["id"]
    if page.endswith("exam/index.html"):  # the trainee's page holds no key of any pool
        for q in questions:
            assert not {"explanation", "answer", "clause", "href"} & set(q), q["id"]
            assert all(set(o) == {"text"} for o in q.get("options", [])), q["id"]


def test_no_section_page_or_study_page_names_an_exam_question():
    ids = [q["id"] for q in EXAM]
    for path in SITE.rglob("*.html"):
        rel = path.relative_to(SITE).as_posix()
        if rel in ("quiz/index.html", "en/quiz/index.html", "exam/index.html", "en/exam/index.html"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not [i for i in ids if f'"{i}"' in text], rel


def test_the_served_choice_order_does_not_give_the_key_away():
    # Authors write the right choice first; the served order comes from a hash instead.
    firsts = Counter()
    for q in EXAM:
        if q["type"] == "single":
            firsts[[o["correct"] for o in q["options"]].index(True)] += 1
    assert sum(firsts.values()) >= 8 and firsts[0] < sum(firsts.values()) / 2
    # The same order in both languages: an answer's option numbers mean the same in both.
    for q in EXAM:
        if q.get("options"):
            assert [o["correct"] for o in q["options"]] == [o["correct"] for o in EXAM_EN[q["id"]]["options"]]


def test_the_build_writes_the_key_apart_from_the_site_and_the_command_writes_the_same(tmp_path):
    version, text = build_key()
    built = ROOT / "exam-keys" / f"key-{version}.json"
    assert built.read_text(encoding="utf-8") == text
    assert not list(SITE.rglob("key-*.json"))
    out = tmp_path / "key.json"
    run = subprocess.run([sys.executable, "-m", "handbook", "exam-key", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0 and out.read_text(encoding="utf-8") == text
    key = read_key(out)
    assert key["bank"] == version and set(key["questions"]) == {q["id"] for q in EXAM}
    # The key puts back exactly what serving took away.
    for lang in ("zh", "en"):
        assert with_key([served(q) for q in compiled(lang)], key, lang) == list(compiled(lang))


def test_a_wrong_key_file_is_refused_naming_the_file(tmp_path):
    from handbook.exam_key import KeyFileError
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(KeyFileError, match="notes.json: not an exam key file"):
        read_key(bad)
    other = tmp_path / "key-00000000.json"
    other.write_text(json.dumps({**json.loads(build_key()[1]), "bank": "00000000"}), encoding="utf-8")
    with pytest.raises(KeyFileError, match="version 00000000"):
        with_key([served(q) for q in compiled("zh")], read_key(other), "zh", where=str(other))


def test_the_site_ships_no_test_hooks():
    # Tests import the site's modules (tests/twins, page.evaluate with import()); a hook on
    # window would hand anyone a code writer under any name, or the draw, from the console.
    hooks = re.compile(r"window\.__\w+|__(resultCode|quizDraw|classReport|quizExport)\b")
    found = [p.relative_to(SITE).as_posix() for p in SITE.rglob("*") if p.suffix in (".js", ".mjs", ".html")
             and hooks.search(p.read_text(encoding="utf-8", errors="ignore"))]
    assert found == []


@pytest.mark.parametrize("page, section, clause", [
    ("study/index.html", "第一章 1. 基本行为准则", "第一章 7. 首问负责制 · 7.1 基本要求"),
    ("en/study/index.html", "Ch. 1, §1 Basic code of conduct", "Ch. 1, §7 First-contact accountability, 7.1 Basic requirements"),
])
def test_the_study_page_cites_as_v4_numbers_and_holds_no_exam_question(page, section, clause):
    soup = BeautifulSoup((SITE / page).read_text(encoding="utf-8"), "html.parser")
    sections = json.loads(soup.select_one(".hb-study__sections").string)
    assert sections[0]["cite"] == section
    cites = {q["clause"] for s in sections for q in s["questions"].values()}
    assert clause in cites and not [c for c in cites if "-" in c.split()[-1] and c.split()[-1].islower()]
    ids = {qid for s in sections for qid in s["questions"]}
    assert not ids & {q["id"] for q in EXAM}


def test_the_exam_pool_exports_only_with_the_key(tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "handbook", "quiz-export", "--format", "gift", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=180)
    refused = cli("--pool", "exam")
    assert refused.returncode == 1 and "give it with --key" in refused.stderr
    key = tmp_path / "key.json"
    key.write_text(build_key()[1], encoding="utf-8")
    out = cli("--pool", "exam", "--key", str(key), "--seed", "5", "--count", "3")
    assert out.returncode == 0 and out.stdout.count("::exam-") == 3
    # The study pool's export has no exam question, and its clause links start with the site's address.
    study = cli("--seed", "5", "--count", "3")
    from handbook.__main__ import site_url
    assert "exam-" not in study.stdout and site_url().replace(":", "\\:") in study.stdout
