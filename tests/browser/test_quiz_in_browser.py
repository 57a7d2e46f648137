"""Quizzes in headless Chromium at a phone viewport: the trainer's seeded exam, taken on the
exam page (no key, no way to the trainer page, unanswered questions named, retakes counted);
self-study feedback kept across a reload; the browser draws what Python draws."""
from __future__ import annotations

import pytest

from handbook.questions import compiled
from handbook.quiz import draw_exam

pytestmark = pytest.mark.browser


def _bank(lang):
    return sorted(compiled(lang), key=lambda q: q["id"])


def _answer(page, index, q, order, right):
    """Answer question `index` (1-based) of the exam right or wrong, as a trainee would."""
    li = page.locator(".hb-quiz__question").nth(index - 1)
    if q["type"] == "true_false":
        li.locator(f'input[value="{str(q["answer"] if right else not q["answer"]).lower()}"]').check()
    elif q["type"] == "ordering":
        selects = li.locator("select")
        n = len(q["items"])
        for shown, orig in enumerate(order):
            place = orig + 1 if right else n - orig
            selects.nth(shown).select_option(str(place))
    else:
        correct = {i for i, o in enumerate(q["options"]) if o["correct"]}
        wanted = correct if right else ({i for i in range(len(q["options"])) if i not in correct} or {0})
        for shown, orig in enumerate(order):
            if orig in wanted:
                li.locator("input").nth(shown).check()


def module(page, name: str) -> str:
    """The URL of one of the site's modules, beside the page's own quiz.js (tests import the
    modules the page uses: the site ships no test hooks)."""
    return page.eval_on_selector('script[src*="quiz.js"]', "s => s.src").replace("quiz.js", name)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_trainee_takes_a_seeded_exam_and_sees_what_was_handed_in_not_the_key(phone, site_url, lang):
    prefix = "/en" if lang == "en" else ""
    page = phone.new_page()
    page.goto(site_url + prefix + "/quiz/")
    # The trainer sets up the exam.
    page.locator("#quiz-count").fill("6")
    page.locator("#quiz-seed").fill("4242")
    page.locator(".hb-quiz__setup button[type=submit]").tap()
    link = page.locator(".hb-quiz__exam-link").get_attribute("href")
    # Every section and type ticked: the link leaves them out, and means all; it is the exam page's.
    assert link == f"{site_url}{prefix}/exam/?seed=4242&count=6"
    # A trainee opens the link on their own phone.
    trainee = phone.new_page()
    trainee.goto(link)
    trainee.locator(".hb-quiz__question").first.wait_for()
    bank = {q["id"]: q for q in _bank(lang)}
    exam = draw_exam(list(bank.values()), 4242, count=6)
    shown = trainee.eval_on_selector_all(".hb-quiz__question", "els => els.map(e => e.dataset.question)")
    assert shown == [e["id"] for e in exam]
    for i, e in enumerate(exam, 1):
        _answer(trainee, i, bank[e["id"]], e["order"], right=i % 2 == 1)
    trainee.locator("#quiz-name").fill("Trainee")
    trainee.get_by_role("button", name="交卷" if lang == "zh" else "Hand in").tap()
    message = trainee.locator("#quiz-exam .hb-quiz__score").inner_text()
    assert message.startswith("已交卷：本浏览器中第 1 次交这份试卷" if lang == "zh" else "Handed in: attempt 1 of this exam")
    # What was handed in, and the code: no verdict, no right answer, no explanation, no score.
    assert trainee.locator(".hb-quiz__question.is-correct, .hb-quiz__question.is-wrong").count() == 0
    assert trainee.locator(".hb-quiz__feedback p").count() == 0
    text = trainee.locator("article").inner_text()
    for word in ("正确答案", "Right answer", "得分", "Score:", "解析", "Why:"):
        assert word not in text
    assert trainee.locator(".hb-quiz__question input:checked").count() >= 3
    assert trainee.locator(".hb-quiz__question input:not([disabled])").count() == 0
    code = trainee.locator(".hb-quiz__code").get_attribute("data-code")
    from handbook.result_codes import decode
    handed = decode(code, list(bank.values()))
    assert (handed.seed, handed.count, handed.attempt, handed.name) == (4242, 6, 1, "Trainee")
    # A retake in the same browser is attempt 2, and its code says so.
    trainee.reload()
    trainee.locator(".hb-quiz__question").first.wait_for()
    trainee.locator("#quiz-name").fill("Trainee")
    trainee.get_by_role("button", name="交卷" if lang == "zh" else "Hand in").tap()
    trainee.get_by_role("button", name="仍然交卷" if lang == "zh" else "Hand in anyway").tap()
    retake = decode(trainee.locator(".hb-quiz__code").get_attribute("data-code"), list(bank.values()))
    assert retake.attempt == 2 and retake.responses == [None] * 6
    # The answer key, for printing, is on the trainer's page only, every right answer marked.
    page.locator(".hb-quiz__key-toggle").tap()
    key = page.locator(".hb-quiz__key .hb-quiz__question")
    assert key.count() == 6 and page.locator(".hb-quiz__key input:not([disabled])").count() == 0
    assert all(("正确答案" if lang == "zh" else "Right answer") in t
               for t in page.locator(".hb-quiz__key .hb-quiz__feedback").all_inner_texts())
    for i, e in enumerate(exam):
        q = bank[e["id"]]
        if q.get("options"):
            ticked = [int(v) for v in key.nth(i).locator("input:checked").evaluate_all("els => els.map(e => e.value)")]
            assert sorted(ticked) == [k for k, o in enumerate(q["options"]) if o["correct"]]


def test_unanswered_questions_are_named_before_handing_in(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en/exam/?seed=99&count=4")
    page.locator(".hb-quiz__question").first.wait_for()
    bank = {q["id"]: q for q in _bank("en")}
    exam = draw_exam(list(bank.values()), 99, count=4)
    for i in (1, 3):
        _answer(page, i, bank[exam[i - 1]["id"]], exam[i - 1]["order"], right=True)
    page.locator("#quiz-name").fill("Una")
    page.get_by_role("button", name="Hand in").tap()
    warning = page.locator(".hb-quiz__unanswered")
    assert warning.inner_text().startswith("2 questions are not answered: 2, 4. Hand in anyway?")
    assert not page.locator(".hb-quiz__result").count()
    # The trainee goes back and answers one; one is left, said in the singular.
    _answer(page, 2, bank[exam[1]["id"]], exam[1]["order"], right=False)
    page.get_by_role("button", name="Hand in", exact=True).tap()
    assert warning.inner_text().startswith("1 question is not answered: 4. Hand in anyway?")
    page.get_by_role("button", name="Hand in anyway").tap()
    page.locator(".hb-quiz__code").wait_for()
    assert warning.is_hidden()


def test_an_old_exam_link_goes_to_the_exam_page_which_has_no_way_to_the_trainer(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en/quiz/?seed=7&count=4")
    page.wait_for_url("**/en/exam/?seed=7&count=4")
    page.locator(".hb-quiz__question").first.wait_for()
    assert page.locator(".hb-quiz__question").count() == 4
    # trainer=1 on the exam page is nothing: the same exam, no set-up, no key.
    page.goto(site_url + "/en/exam/?seed=7&count=4&trainer=1")
    page.locator(".hb-quiz__question").first.wait_for()
    assert not page.locator(".hb-quiz__setup, .hb-quiz__key-toggle, .hb-class").count()
    # No link to the trainer page anywhere on it (no site navigation), and no trainer module loaded.
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    assert not [h for h in hrefs if "/quiz/" in h]
    scripts = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [s for s in scripts if "quiz-trainer" in s or "exam-key" in s or "class-results" in s]


@pytest.mark.parametrize("query, message", [
    ("seed=abc", "“abc”, is not a whole number from 1 to 2147483647"),
    ("seed=5&count=99999999999999", "“99999999999999”, is more than the number of matching questions"),
    ("seed=5&pool=secret", "a question pool that does not exist: “secret”"),
    ("", "open the link your trainer sent you"),
])
def test_a_bad_exam_link_gives_the_trainee_an_instruction(phone, site_url, query, message):
    page = phone.new_page()
    page.goto(site_url + "/en/exam/?" + query)
    page.wait_for_function("() => document.querySelector('#quiz-exam .hb-quiz__score').textContent")
    text = page.locator("#quiz-exam .hb-quiz__score").inner_text()
    assert message in text and ("Ask your trainer for the link again." in text or not query)
    assert page.locator(".hb-quiz__question").count() == 0


def test_the_browser_draws_the_exams_python_draws(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/en/quiz/")
    bank = _bank("en")
    for seed, sections, count, types, pool in [(1, None, 0, None, "study"), (4242, ["telephone", "office"], 5, None, "study"),
                                               (2147483647, None, 12, ["single", "ordering", "scenario"], "study"),
                                               (3, [], 0, None, "study"), (3, None, 4, [], "study"),
                                               (20261206, None, 20, None, "exam"), (5, ["telephone"], 0, None, "exam")]:
        js = page.evaluate("""async ([url, seed, sections, count, types, pool]) => {
          const m = await import(url)
          const bank = JSON.parse(document.querySelector('.hb-quiz__data').textContent)
          return m.drawExam(bank, seed, sections, count, types, pool).map(e => ({id: e.q.id, order: e.order}))
        }""", [module(page, "quiz-draw.js"), seed, sections, count, types, pool])
        assert js == draw_exam(bank, seed, sections, count or None, types, pool)


def test_self_study_gives_feedback_and_keeps_the_score(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/conduct/first-contact/")
    quiz = page.locator("#quiz-first-contact")
    first = quiz.locator(".hb-quiz__question").first
    q = next(q for q in _bank("zh") if q["id"] == first.get_attribute("data-question"))
    order = [int(v) for v in first.locator("input, select[data-item]").evaluate_all(
        "els => els.map(e => e.dataset.item || e.value)") if v not in ("true", "false")] if q["type"] != "true_false" else []
    _answer(page, 1, q, order, right=True)
    first.get_by_role("button", name="核对答案").tap()
    assert first.locator(".hb-quiz__verdict").inner_text() == "回答正确。"
    assert first.locator(".hb-quiz__feedback a").get_attribute("href").endswith("#" + q["clause"].split("#")[1])
    total = quiz.locator(".hb-quiz__question").count()
    assert quiz.locator(".hb-quiz__score").inner_text().startswith(f"本节自测：已答对 1 / {total}")
    page.reload()
    # The score is written once quiz.js has read the stored answers, after the page loads.
    page.wait_for_function("() => document.querySelector('#quiz-first-contact .hb-quiz__score').textContent !== ''")
    assert page.locator("#quiz-first-contact .hb-quiz__score").inner_text().startswith(f"本节自测：已答对 1 / {total}")


def test_self_study_works_without_storage_and_says_so(phone, site_url):
    phone.add_init_script("""
      Object.defineProperty(window, "localStorage", {get() { throw new DOMException("denied", "SecurityError") }});
    """)
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "/en/conduct/first-contact/")
    quiz = page.locator("#quiz-first-contact")
    assert "cannot keep your answers" in quiz.locator(".hb-quiz__score").inner_text()
    tf = quiz.locator(".hb-quiz__question", has=page.locator('input[value="false"]')).first
    tf.locator('input[value="false"]').check()
    tf.get_by_role("button", name="Check").tap()
    assert tf.locator(".hb-quiz__verdict").is_visible()
    assert not errors
