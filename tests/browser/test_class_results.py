"""A class with no server, in headless Chromium: trainees hand in an exam link and get result
codes (with a QR code of the result link); the trainer pastes them and gets the class table,
the item analysis and a CSV, the same as `python -m handbook quiz-results`; the trainer page's
Moodle XML / GIFT downloads are the bytes `quiz-export` writes. The JS twins of
handbook/result_codes.py and class_results.py are held to them on shared fixtures."""
from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from handbook.__main__ import _clause_url
from handbook.class_results import csv_text, report, text_report
from handbook.questions import compiled
from handbook.quiz import draw_exam
from handbook.result_codes import encode
from site_pages import ROOT
from test_quiz_in_browser import _answer, module

pytestmark = pytest.mark.browser

JSQR = ROOT / "node_modules" / "jsqr" / "dist" / "jsQR.js"


def _bank(lang):
    return sorted(compiled(lang), key=lambda q: q["id"])


def _prefix(lang):
    return "/en" if lang == "en" else ""


def _trainer_page(context, site_url, lang="zh"):
    page = context.new_page()
    page.goto(site_url + _prefix(lang) + "/quiz/")
    page.locator("#quiz-trainer[data-ready]").wait_for(state="attached")
    return page


def _random_response(q, rnd):
    """What a trainee might answer: often right, sometimes wrong, now and then nothing."""
    roll = rnd.random()
    if roll < 0.08:
        return None
    if q["type"] == "true_false":
        return q["answer"] if roll < 0.65 else not q["answer"]
    if q["type"] == "ordering":
        order = list(range(len(q["items"])))
        if roll > 0.6:
            rnd.shuffle(order)
        return order
    right = [i for i, o in enumerate(q["options"]) if o["correct"]]
    if roll < 0.6:
        return right
    if q["type"] == "multiple":
        return sorted(rnd.sample(range(len(q["options"])), rnd.randint(1, len(q["options"]))))
    return [rnd.randrange(len(q["options"]))]


def _class_codes(bank, seed, count, n, rnd, lang="zh", sections=None, types=None):
    by_id = {q["id"]: q for q in bank}
    exam = draw_exam(bank, seed, sections, count, types)
    names = ["张伟", "王芳", "Li Na", "<b>Liu</b> & Co", "=SUM(A1:A9)", "陈 静", "a,b \"c\""]
    return [encode(bank, lang, seed, count, sections, types, [_random_response(by_id[e["id"]], rnd) for e in exam],
                   f"{names[i % len(names)]} {i}" if i % 9 else names[i % len(names)])
            for i in range(n)]


def _cli(*args, stdin=None):
    out = subprocess.run([sys.executable, "-m", "handbook", *args], cwd=ROOT, capture_output=True, text=True,
                         input=stdin, timeout=180)
    return out


# --- the class, end to end -------------------------------------------------------------------

def test_five_trainees_hand_in_and_the_trainer_sees_the_class(browser, context_options, desktop, site_url, tmp_path):
    bank = _bank("zh")
    by_id = {q["id"]: q for q in bank}
    trainer = _trainer_page(desktop, site_url)
    trainer.locator("#quiz-count").fill("6")
    trainer.locator("#quiz-seed").fill("20251130")
    trainer.locator(".hb-quiz__setup button[type=submit]").click()
    link = trainer.locator(".hb-quiz__exam-link").get_attribute("href")
    assert link == f"{site_url}/exam/?seed=20251130&count=6"
    exam = draw_exam(bank, 20251130, count=6)
    names = ["张伟", "王芳", "<b>Liu</b> & Co", "陈静", "Ann O'Neil"]
    codes, expected = [], []
    for t, name in enumerate(names):
        # Each trainee on a phone of their own.
        context = browser.new_context(**context_options, viewport={"width": 360, "height": 740}, is_mobile=True,
                                      has_touch=True, service_workers="block")
        page = context.new_page()
        page.goto(link)
        rights = [(k + t) % 3 != 0 or t == 0 for k in range(6)]
        for k, (e, right) in enumerate(zip(exam, rights), 1):
            _answer(page, k, by_id[e["id"]], e["order"], right=right)
        page.locator("#quiz-name").fill(name)
        page.get_by_role("button", name="交卷").tap()
        assert page.locator(".hb-quiz__score").inner_text().startswith("已交卷：本浏览器中第 1 次")
        assert page.locator(".hb-quiz__result-name").inner_text() == f"姓名：{name}"
        codes.append(page.locator(".hb-quiz__code").get_attribute("data-code"))
        expected.append(sum(rights))
        assert "不防篡改" in page.locator(".hb-quiz__not-secure").inner_text()
        context.close()
    # The trainer pastes them, with one damaged in the copying.
    damaged = codes[1][:20] + ("X" if codes[1][20] != "X" else "Y") + codes[1][21:]
    pasted = "\n".join(codes + [damaged])
    trainer.locator("#quiz-codes").fill(pasted)
    trainer.get_by_role("button", name="统计成绩").click()
    problems = trainer.locator(".hb-class__problems li")
    assert problems.count() == 1 and problems.first.get_attribute("data-line") == "6"
    assert problems.first.inner_text().startswith("第 6 行：成绩码已损坏")
    rows = trainer.locator(".hb-class__table tbody tr")
    assert rows.locator("th").all_inner_texts() == names  # HTML in a name is text
    assert trainer.locator(".hb-class b").count() == 0
    assert rows.locator('[data-figure="score"]').all_inner_texts() == [f"{n}/6" for n in expected]
    assert rows.locator('[data-figure="attempt"]').all_inner_texts() == ["1"] * 5
    base = site_url + "/"
    rep = report(pasted, bank, "zh", _clause_url(base, "zh"))
    facilities = trainer.locator('.hb-class__questions [data-figure="facility"]').all_inner_texts()
    assert facilities == [q["facility"] + "%" for q in rep["questions"]]
    assert facilities[0] == f"{round(100 * sum(1 for t in range(5) if t == 0 or t % 3 != 0) / 5)}%"
    assert trainer.locator('.hb-class__summary [data-key="mean"] td').inner_text() == f"{sum(expected) / 5:.2f}"
    # The CSV the page downloads is the one the command line writes.
    with trainer.expect_download() as download:
        trainer.locator(".hb-class__csv").click()
    page_csv = (tmp_path / "page.csv")
    download.value.save_as(page_csv)
    (tmp_path / "codes.txt").write_text(pasted, encoding="utf-8")
    out = _cli("quiz-results", str(tmp_path / "codes.txt"), "--csv", str(tmp_path / "cli.csv"), "--base-url", base)
    assert out.returncode == 0 and out.stderr.startswith("第 6 行：成绩码已损坏")
    assert page_csv.read_bytes() == (tmp_path / "cli.csv").read_bytes()
    # The command prints the same table: the scores and facilities the page shows.
    assert out.stdout == text_report(rep, "zh")
    assert [a["right"] for a in rep["attempts"]] == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_and_the_python_give_the_same_report_for_a_class_of_30(desktop, site_url, lang):
    bank = _bank(lang)
    rnd = random.Random(30 + len(lang))
    codes = _class_codes(bank, 777, 12, 30, rnd, lang=lang)
    other = _class_codes(bank, 778, 12, 1, rnd)[0]
    lines = codes[:10] + ["", codes[3], other, codes[11][:-4], "garbage <script>"] + codes[10:]
    text = "\n".join(lines)
    page = _trainer_page(desktop, site_url, lang)
    got = page.evaluate("""async ([url, text]) => {
      const m = await import(url)
      const root = document.querySelector("#quiz-trainer")
      const words = JSON.parse(root.dataset.labels)
      const bank = JSON.parse(root.querySelector(".hb-quiz__data").textContent)
      const rep = m.report(text, bank, root.dataset.bankVersion, words, q => new URL(q.href, location.href).href)
      return { report: rep, csv: rep.questions ? m.csvText(rep, words) : null }
    }""", [module(page, "class-results.js"), text])
    rep = report(text, bank, lang, _clause_url(site_url + "/", lang))
    assert got["report"] == json.loads(json.dumps(rep))
    assert got["csv"] == csv_text(rep, lang)
    assert len(rep["attempts"]) == 31 and len(rep["problems"]) == 3
    # Figures that vary, so that the comparison means something.
    assert len({q["facility"] for q in rep["questions"]}) > 3
    assert any(q["discrimination"].startswith("-") for q in rep["questions"]) or \
        len({q["discrimination"] for q in rep["questions"]}) > 3


# The page's own encode, imported as the page imports it (no test hook in the site).
ENCODE = """async ([url, args]) => {
  const m = await import(url)
  const root = document.querySelector("#quiz-trainer")
  const bank = JSON.parse(root.querySelector(".hb-quiz__data").textContent)
  try {
    return m.encode(bank, root.dataset.bankVersion, args.lang, args.seed, args.count, args.sections, args.types,
                    args.responses, args.name)
  } catch (err) {
    if (err instanceof m.CodeError) return { error: err.key }
    throw err
  }
}"""


def test_the_page_writes_the_codes_the_python_writes(desktop, site_url):
    page = _trainer_page(desktop, site_url, "en")
    for lang in ("zh", "en"):
        bank = _bank(lang)
        rnd = random.Random(7)
        for seed, count, sections, types, name in [
            (1, 0, None, None, "王小明"), (2147483647, 12, None, ["ordering", "multiple", "scenario"], "A"),
            (4242, 5, ["telephone", "office"], None, "Ann <b>x</b> & \"y\" 😀"), (99, 3, None, ["true_false"], "名" * 60),
        ]:
            by_id = {q["id"]: q for q in bank}
            exam = draw_exam(bank, seed, sections, count or None, types)
            responses = [_random_response(by_id[e["id"]], rnd) for e in exam]
            js = page.evaluate(ENCODE, [module(page, "result-code.js"), {
                "lang": lang, "seed": seed, "count": count, "sections": sections, "types": types,
                "responses": responses, "name": name}])
            assert js == encode(bank, lang, seed, count, sections, types, responses, name)
        assert page.evaluate(ENCODE, [module(page, "result-code.js"), {
            "lang": lang, "seed": 5, "count": 1, "sections": None, "types": None, "responses": [None],
            "name": "名" * 61}]) == {"error": "name_long"}


def test_bad_pastes_are_refused_line_by_line(desktop, site_url):
    bank = _bank("en")
    page = _trainer_page(desktop, site_url, "en")
    codes = page.locator("#quiz-codes")
    show = page.get_by_role("button", name="Show the results")
    codes.fill("  \n\n")
    show.click()
    assert page.locator(".hb-class__empty").inner_text() == "No result codes: paste them first (one per line) or import a file."
    good = _class_codes(bank, 5, 4, 2, random.Random(1))
    # A code made with another build's bank: the bank version differs.
    older = [q for q in bank if q["id"] != draw_exam(bank, 5, None, 4, None)[0]["id"]]
    stale = encode(older, "en", 5, 4, None, None, [None] * 4, "Old")
    codes.fill("\n".join([good[0], "SN2-ABC", stale, "SN3-ABCDEF", good[1]]))
    show.click()
    messages = page.locator(".hb-class__problems li").all_inner_texts()
    assert messages[0].startswith("Line 2: the code is damaged")
    assert messages[1].startswith("Line 3: this code was made with question bank version ")
    assert page.locator("#quiz-trainer").get_attribute("data-bank-version") in messages[1]
    assert messages[2] == "Line 4: a code in the SN3 format; this page reads only SN2 codes."
    assert page.locator(".hb-class__table tbody tr").count() == 2


def test_ten_thousand_lines_are_read_and_shown_in_part(desktop, site_url):
    bank = _bank("zh")
    codes = _class_codes(bank, 31, 10, 200, random.Random(3))
    lines = [codes[(i // 2) % 200] if i % 2 else f"junk line {i}" for i in range(10_000)]
    page = _trainer_page(desktop, site_url)
    # Pasted: the text arrives in the box at once (Playwright's fill would type it in pieces).
    page.evaluate("text => { const box = document.querySelector('#quiz-codes'); box.value = text;"
                  " box.dispatchEvent(new Event('input')) }", "\n".join(lines))
    page.get_by_role("button", name="统计成绩").click()
    page.locator(".hb-class__table").wait_for()
    assert page.locator(".hb-class__table tbody tr").count() == 500
    assert page.locator(".hb-class__problems li").count() == 50
    assert "4950" in page.locator(".hb-class__problems").inner_text()
    assert "共 5000 行" in page.locator(".hb-class__out").inner_text()
    # 200 different hand-ins, each pasted 25 times: each is counted once, and one per name
    # (a few of the 200 share a name).
    trainees = report("\n".join(codes), bank, "zh")["summary"]["trainees"]
    assert 180 < int(trainees) < 200
    assert page.locator('.hb-class__summary [data-key="trainees"] td').inner_text() == trainees


def test_a_text_file_is_imported_and_the_codes_are_kept(desktop, site_url, tmp_path):
    bank = _bank("zh")
    codes = _class_codes(bank, 8, 5, 3, random.Random(8))
    path = tmp_path / "codes.txt"
    path.write_bytes(("\ufeff" + "\r\n".join(codes) + "\r\n").encode("utf-8"))
    page = _trainer_page(desktop, site_url)
    page.locator(".hb-class__file").set_input_files(str(path))
    page.locator(".hb-class__table").wait_for()
    assert page.locator(".hb-class__table tbody tr").count() == 3 and not page.locator(".hb-class__problems").count()
    page.reload()
    page.locator("#quiz-trainer[data-ready]").wait_for(state="attached")
    assert page.locator("#quiz-codes").input_value().split("\n") == codes + [""]


# --- the result code's QR code -----------------------------------------------------------------

def test_the_qr_code_holds_the_result_link_and_opening_it_adds_the_code(phone, desktop, site_url):
    assert JSQR.exists(), "node_modules/jsqr is missing: run `npm ci` (make build does)"
    page = phone.new_page()
    page.goto(site_url + "/en/exam/?seed=12&count=3")
    page.locator(".hb-quiz__question").first.wait_for()
    page.locator("#quiz-name").fill("Scanned Sam")
    page.get_by_role("button", name="Hand in").tap()
    page.get_by_role("button", name="Hand in anyway").tap()
    page.locator(".hb-quiz__qr svg").wait_for()
    code = page.locator(".hb-quiz__code").get_attribute("data-code")
    # A test tool, never part of the site; through the debugger, as the page's CSP refuses inline scripts.
    page.evaluate(JSQR.read_text(encoding="utf-8") + "\n;undefined")
    text = page.evaluate("""async () => {
      const svg = document.querySelector(".hb-quiz__qr svg")
      const size = svg.viewBox.baseVal.width * 6
      const img = new Image()
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg))
      await img.decode()
      const canvas = Object.assign(document.createElement("canvas"), {width: size, height: size})
      const ctx = canvas.getContext("2d")
      ctx.imageSmoothingEnabled = false
      ctx.drawImage(img, 0, 0, size, size)
      const found = jsQR(ctx.getImageData(0, 0, size, size).data, size, size)
      return found && found.data
    }""")
    assert text == f"{site_url}/en/quiz/#result={code}"
    trainer = desktop.new_page()
    trainer.goto(text)
    trainer.locator(".hb-class__table").wait_for()
    assert trainer.locator("#quiz-codes").input_value() == code
    assert trainer.locator(".hb-class__table tbody th").all_inner_texts() == ["Scanned Sam"]
    assert trainer.evaluate("location.hash") == ""


# --- the trainee's view and the trainer's -------------------------------------------------------

def test_the_trainer_form_refuses_a_bad_seed_and_an_empty_choice(desktop, site_url):
    page = _trainer_page(desktop, site_url, "en")
    page.locator("#quiz-seed").fill("-3")
    page.locator(".hb-quiz__setup button[type=submit]").click()
    assert "must be a whole number from 1 to 2147483647" in page.locator("#quiz-setup-error").inner_text()
    assert not page.locator(".hb-quiz__exam-link").count() and "seed" not in page.url
    page.locator("#quiz-seed").fill("9")
    for box in page.locator('input[name="sections"]').all():
        box.uncheck()
    page.locator(".hb-quiz__setup button[type=submit]").click()
    assert page.locator(".hb-quiz__none").inner_text() == "No question matches what you chose."
    assert not page.locator(".hb-quiz__exam-link").count()
    # A trainer's own link with a bad seed says so at the form.
    page.goto(site_url + "/en/quiz/?trainer=1&seed=abc")
    page.locator("#quiz-trainer[data-ready]").wait_for(state="attached")
    assert "“abc”, must be a whole number" in page.locator("#quiz-setup-error").inner_text()


def test_a_mangled_result_link_is_refused_without_a_script_error(desktop, site_url):
    page = desktop.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "/en/quiz/#result=SN2-ABCD%E")  # cut inside a %-escape
    page.locator(".hb-class__problems").wait_for()
    assert page.locator(".hb-class__problems li").first.inner_text().startswith("Line 1: the code is damaged")
    assert not errors


def test_the_answer_key_is_on_the_trainer_page_only_with_its_warning(desktop, site_url):
    page = _trainer_page(desktop, site_url)
    page.locator("#quiz-seed").fill("4242")
    page.locator("#quiz-count").fill("5")
    page.locator(".hb-quiz__setup button[type=submit]").click()
    assert "自学题库的答案在网站上公开" in page.locator(".hb-quiz__key-warning").inner_text()
    key = page.locator(".hb-quiz__key")
    assert not key.is_visible()
    page.locator(".hb-quiz__key-toggle").click()
    assert key.locator(".hb-quiz__question").count() == 5
    assert key.locator("input:not([disabled])").count() == 0
    assert "正确答案" in key.locator(".hb-quiz__feedback").first.inner_text()
    # The trainer's own view survives a reload; the trainee's link has no `trainer`.
    assert "trainer=1" in page.url
    page.reload()
    page.locator(".hb-quiz__exam-link").wait_for()
    assert "trainer" not in page.locator(".hb-quiz__exam-link").get_attribute("href")


def test_the_section_boxes_show_no_list_bullets_on_a_phone(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/quiz/")
    styles = page.eval_on_selector_all(".hb-quiz__choices li", "els => els.map(li => getComputedStyle(li).listStyleType)")
    assert styles and set(styles) == {"none"}


# --- downloads for a learning platform ------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_downloads_are_the_bytes_quiz_export_writes(desktop, site_url, tmp_path, lang):
    page = _trainer_page(desktop, site_url, lang)
    base = site_url + "/"

    def downloaded(button_text):
        with page.expect_download() as download:
            page.get_by_role("button", name=button_text).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        return path.read_bytes()

    words = {"zh": ("整个题库（Moodle XML）", "整个题库（GIFT）", "本试卷（Moodle XML）", "本试卷（GIFT）"),
             "en": ("The whole bank (Moodle XML)", "The whole bank (GIFT)", "This exam (Moodle XML)", "This exam (GIFT)")}[lang]
    for text, fmt in zip(words[:2], ("moodle", "gift")):
        out = _cli("--lang", lang, "quiz-export", "--format", fmt, "--base-url", base)
        assert out.returncode == 0, out.stderr
        assert downloaded(text) == out.stdout.encode("utf-8"), (lang, fmt)
    page.locator("#quiz-seed").fill("31337")
    page.locator("#quiz-count").fill("15")
    page.locator('input[name="types"][value="true_false"]').uncheck()
    page.locator(".hb-quiz__setup button[type=submit]").click()
    for text, fmt in zip(words[2:], ("moodle", "gift")):
        out = _cli("--lang", lang, "quiz-export", "--format", fmt, "--seed", "31337", "--count", "15",
                   "--types", "single,multiple,ordering,scenario", "--base-url", base)
        assert out.returncode == 0, out.stderr
        assert downloaded(text) == out.stdout.encode("utf-8"), (lang, fmt)


# --- the exam pool: its key from the trainer's disk ------------------------------------------------

def _exam_codes(bank, n, rnd, seed=20261206, count=10):
    by_id = {q["id"]: q for q in bank}
    exam = draw_exam(bank, seed, None, count, None, "exam")
    names = ["张伟", "Li Na", "王芳", " =HYPERLINK(\"x\")", "Zhao Lei"]
    return [encode(bank, "zh", seed, count, None, None, [_random_response(by_id[e["id"]], rnd) for e in exam],
                   names[i % len(names)] + (f" {i}" if i >= len(names) else ""), "exam", 1 + (i % 7 == 6),
                   29416400 + i) for i in range(n)]


def test_the_exam_pool_is_scored_only_with_the_key_file_as_the_command_scores_it(desktop, site_url, tmp_path):
    from handbook.exam_key import build_key
    version, key_text = build_key()
    key = tmp_path / f"key-{version}.json"
    key.write_text(key_text, encoding="utf-8")
    bank = _bank("zh")
    codes = _exam_codes(bank, 12, random.Random(26))
    codes.append(codes[6].replace(codes[6][:4], "SN2-"))  # the same code again
    pasted = "\n".join(codes)
    page = _trainer_page(desktop, site_url)
    status = page.locator(".hb-quiz__key-status")
    assert "没有考试题库的答案文件" in status.inner_text() and f"key-{version}.json" in status.inner_text()
    # An exam from the exam pool: the link, but no answers and no downloads without the key.
    page.locator('input[name="pool"][value="exam"]').check()
    page.locator("#quiz-seed").fill("20261206")
    page.locator(".hb-quiz__setup button[type=submit]").click()
    assert page.locator(".hb-quiz__exam-link").get_attribute("href") == f"{site_url}/exam/?seed=20261206&count=10&pool=exam"
    assert page.locator(".hb-quiz__key-needed").is_visible() and not page.locator(".hb-quiz__key-toggle").count()
    # Codes of it cannot be scored yet: each line says why.
    page.locator("#quiz-codes").fill(pasted)
    page.get_by_role("button", name="统计成绩").click()
    assert page.locator(".hb-class__problems li").first.inner_text() == (
        "第 1 行：这份试卷来自考试题库，需要答案文件才能评分；请先读取答案文件。")
    # A wrong file is refused, naming it; the right one is kept in this browser.
    wrong = tmp_path / "notes.json"
    wrong.write_text("{}", encoding="utf-8")
    page.locator(".hb-quiz__key-file input[type=file]").set_input_files(str(wrong))
    # The file is read asynchronously: the refusal shows a moment after the choice.
    page.wait_for_function("() => document.querySelector('.hb-quiz__key-error').textContent.includes('“notes.json”')")
    page.locator(".hb-quiz__key-file input[type=file]").set_input_files(str(key))
    page.wait_for_function("() => document.querySelector('#quiz-trainer').classList.contains('has-exam-key')")
    assert f"题库版本 {version} 的答案文件" in status.inner_text()
    page.locator(".hb-class__table").wait_for()
    page.reload()
    page.locator("#quiz-trainer[data-ready]").wait_for(state="attached")
    assert f"题库版本 {version} 的答案文件" in status.inner_text()
    page.locator(".hb-quiz__key-toggle").click()
    assert page.locator(".hb-quiz__key .hb-quiz__question").count() == 10
    assert "答案文件" in page.locator(".hb-quiz__key-warning").inner_text()
    page.get_by_role("button", name="统计成绩").click()
    base = site_url + "/"
    (tmp_path / "codes.txt").write_text(pasted, encoding="utf-8")
    with page.expect_download() as download:
        page.locator(".hb-class__csv").click()
    download.value.save_as(tmp_path / "page.csv")
    out = _cli("quiz-results", str(tmp_path / "codes.txt"), "--key", str(key), "--csv", str(tmp_path / "cli.csv"),
               "--base-url", base)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "page.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    rep = report(pasted, bank, "zh", _clause_url(base, "zh"))
    assert page.locator('.hb-class__summary [data-key="trainees"] td').inner_text() == rep["summary"]["trainees"]
    assert page.locator('.hb-class__summary [data-key="pool"] td').inner_text() == "考试题库"
    # The last attempt instead of the first: the trainer's choice, the command's --counting last.
    page.locator("#quiz-counting").select_option("last")
    with page.expect_download() as download:
        page.locator(".hb-class__csv").click()
    download.value.save_as(tmp_path / "last.csv")
    out = _cli("quiz-results", str(tmp_path / "codes.txt"), "--key", str(key), "--counting", "last",
               "--csv", str(tmp_path / "cli-last.csv"), "--base-url", base)
    assert (tmp_path / "last.csv").read_bytes() == (tmp_path / "cli-last.csv").read_bytes()
    # Without the key the command refuses them too.
    out = _cli("quiz-results", str(tmp_path / "codes.txt"))
    assert out.returncode == 1 and out.stderr.startswith("第 1 行：这份试卷来自考试题库，需要答案文件才能评分")
    # Removing the key from this browser takes the answers away again.
    page.locator(".hb-quiz__key-forget").click()
    assert "没有考试题库的答案文件" in status.inner_text() and not page.locator(".hb-quiz__key-toggle").count()


def test_a_class_of_30_reads_on_a_phone(phone, site_url):
    bank = _bank("en")
    rnd = random.Random(360)
    codes = _class_codes(bank, 4242, 12, 30, rnd, lang="en")
    page = _trainer_page(phone, site_url, "en")
    page.evaluate("text => { const box = document.querySelector('#quiz-codes'); box.value = text;"
                  " box.dispatchEvent(new Event('input')) }", "\n".join(codes))
    page.get_by_role("button", name="Show the results").tap()
    page.locator(".hb-class__table").wait_for()
    figures = page.evaluate("""() => {
      const boxes = [...document.querySelectorAll(".hb-class__scroll")]
      const tables = boxes.map(b => b.querySelector("table"))
      const oneLine = (cells) => cells.every(c => {
        const r = document.createRange(); r.selectNodeContents(c); return r.getClientRects().length <= 1 })
      return {
        page: document.documentElement.scrollWidth,
        grid: boxes.map(b => [b.scrollWidth, b.clientWidth, getComputedStyle(b).overflowX]),
        captions: tables.map(t => t.querySelectorAll("caption").length),
        captionTexts: tables.map(t => t.caption.textContent),
        material: tables.map(t => t.matches(".md-typeset table:not([class])") && getComputedStyle(t).borderTopStyle !== "none"),
        figuresOneLine: oneLine([...document.querySelectorAll(".hb-class__figure")]),
        names: [...document.querySelectorAll(".hb-class__name")].map(c => [getComputedStyle(c).wordBreak,
                                                                            getComputedStyle(c).overflowWrap]),
      }
    }""")
    assert figures["page"] <= 360  # the page itself does not scroll sideways
    table = figures["grid"][1]
    assert table[2] == "auto" and table[0] > table[1]  # the per-question grid scrolls inside its own box
    assert figures["captions"] == [1, 1, 1] and len(set(figures["captionTexts"])) == 3
    assert all(figures["material"])
    assert figures["figuresOneLine"]
    assert figures["names"] and all(n == ["keep-all", "normal"] for n in figures["names"])
