"""Quizzes in headless Chromium at a phone viewport: the trainer's seeded exam, taken and
reviewed; self-study feedback kept across a reload; the browser draws what Python draws."""
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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_trainee_takes_a_seeded_exam_and_sees_score_and_review(phone, site_url, lang):
    prefix = "/en" if lang == "en" else ""
    page = phone.new_page()
    page.goto(site_url + prefix + "/quiz/")
    # The trainer sets up the exam.
    page.locator("#quiz-count").fill("6")
    page.locator("#quiz-seed").fill("4242")
    page.locator(".hb-quiz__setup button[type=submit]").tap()
    link = page.locator(".hb-quiz__exam-link").get_attribute("href")
    # Every section and type ticked: the link leaves them out, and means all.
    assert link == f"{site_url}{prefix}/quiz/?seed=4242&count=6"
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
    score = trainee.locator("#quiz-trainer .hb-quiz__score").inner_text()
    assert score.startswith("得分：3 / 6" if lang == "zh" else "Score: 3 / 6")
    assert trainee.locator(".hb-quiz__question.is-correct").count() == 3
    assert trainee.locator(".hb-quiz__question.is-wrong").count() == 3
    review = trainee.locator(".hb-quiz__question").nth(1).locator(".hb-quiz__feedback").inner_text()
    assert ("正确答案" if lang == "zh" else "Right answer") in review
    # Every review links to the clause it tests, on this site.
    hrefs = trainee.eval_on_selector_all(".hb-quiz__feedback a", "els => els.map(a => a.href)")
    assert len(hrefs) == 6 and all(h.startswith(site_url + prefix + "/") for h in hrefs)
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


def test_the_browser_draws_the_exams_python_draws(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/en/quiz/")
    bank = _bank("en")
    for seed, sections, count, types in [(1, None, 0, None), (4242, ["telephone", "office"], 5, None),
                                         (2147483647, None, 12, ["single", "ordering", "scenario"]),
                                         (3, [], 0, None), (3, None, 4, [])]:
        js = page.evaluate("([seed, sections, count, types]) => window.__quizDraw("
                           "JSON.parse(document.querySelector('.hb-quiz__data').textContent), seed, sections, count, types)"
                           ".map(e => ({id: e.q.id, order: e.order}))", [seed, sections, count, types])
        assert js == draw_exam(bank, seed, sections, count or None, types)


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
