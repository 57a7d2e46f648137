"""The deadline calculator's calendar file, the study progress page and the section
self-test, in Chromium at a phone viewport."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from handbook.editions import history

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, status", [("zh", "参考草案"), ("en", "Reference draft")])
def test_the_deadline_answer_offers_a_calendar_file(phone, site_url, lang, status):
    page = phone.new_page()
    page.goto(site_url + ("" if lang == "zh" else "/en") + "/after-sales/complaint-handling/")
    page.locator("#deadline-start").fill("2025-09-30T16:00")
    page.locator("#deadline-limit").select_option("complaint-resolve")
    page.locator("#widget-deadline button[type=submit]").click()
    button = page.locator("#widget-deadline .hb-widget__ics")
    button.wait_for(timeout=90_000)
    with page.expect_download(timeout=90_000) as info:
        button.click()
    text = open(info.value.path(), encoding="utf-8").read()
    [event] = Calendar.from_ical(text).walk("VEVENT")
    # Across National Day, Mid-autumn and the makeup Saturday 2025-10-11.
    assert event.decoded("dtstart") == dt.datetime(2025, 10, 14, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert status in str(event["description"]) and [str(c) for c in event["categories"].cats] == [status]
    assert str(event["url"]).startswith(site_url) and event.walk("VALARM")


EDITION = history()["current"]["edition"].id


def _quiz(page, section):
    return page.locator(f"#quiz-{section}")


def test_study_page_shows_a_section_read_and_a_question_answered_wrong(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en/study/")
    row = page.locator(".hb-study__grid tr[data-section=telephone]")
    assert row.locator(".hb-study__read").inner_text() == "No"
    # Read the telephone section to its end, and answer its first question wrong.
    page.goto(site_url + "/en/conduct/telephone/")
    quiz = _quiz(page, "telephone")
    first = quiz.locator(".hb-quiz__question:has(input[type=radio])").first
    question = first.get_attribute("data-question")
    bank = page.evaluate("() => JSON.parse(document.querySelector('#quiz-telephone .hb-quiz__data').textContent)")
    q = next(x for x in bank if x["id"] == question)
    if q["type"] == "true_false":
        first.locator(f"input[value={str(not q['answer']).lower()}]").check()
    else:
        wrong = next(i for i, o in enumerate(q["options"]) if not o["correct"])
        first.locator(f"input[value='{wrong}']").check()
    first.locator("button").click()
    assert "is-wrong" in first.get_attribute("class")
    page.locator(".hb-read-end").scroll_into_view_if_needed()
    page.wait_for_function("() => JSON.parse(localStorage.getItem('service-norms:read') || '{}').telephone")
    page.goto(site_url + "/en/study/")
    row = page.locator(".hb-study__grid tr[data-section=telephone]")
    assert row.locator(".hb-study__read").inner_text() == f"Yes (edition {EDITION})"  # the text read is the current edition's
    assert row.locator(".hb-study__score").inner_text().startswith(f"0 / {len(bank)} (1 answered)")
    link = row.locator(".hb-study__wrong a")
    assert link.count() == 1 and link.get_attribute("href").endswith("#" + q["clause"].split("#")[1])
    assert page.locator(".hb-study__next a").count() == 1
    # Export, reset, import: the same progress comes back.
    with page.expect_download() as info:
        page.locator(".hb-study button[data-action=export]").click()
    saved = open(info.value.path(), encoding="utf-8").read()
    page.on("dialog", lambda d: d.accept())
    page.locator(".hb-study button[data-action=reset]").click()
    assert row.locator(".hb-study__read").inner_text() == "No" and row.locator(".hb-study__wrong a").count() == 0
    page.locator(".hb-study__import input").set_input_files(
        files=[{"name": "study.json", "mimeType": "application/json", "buffer": saved.encode()}])
    page.wait_for_function("() => document.querySelector('tr[data-section=telephone] .hb-study__read').textContent === 'Yes (edition {EDITION})'".replace("{EDITION}", EDITION))
    assert row.locator(".hb-study__wrong a").count() == 1


def test_study_page_in_chinese_names_the_weakest_section(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/study/")
    assert page.locator(".hb-study__next").inner_text().startswith("下一步建议学习：")
    assert page.locator(".hb-study__grid th").first.inner_text() == "章节"


def test_self_test_asks_for_an_answer_keeps_answers_and_resets(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/conduct/telephone/")
    quiz = _quiz(page, "telephone")
    first = quiz.locator(".hb-quiz__question:has(input[type=radio])").first
    first.locator("button").click()
    assert first.locator(".hb-quiz__feedback").inner_text() == "请先选择答案，再核对。"
    assert "is-wrong" not in (first.get_attribute("class") or "")
    assert page.evaluate("() => localStorage.getItem('service-norms:quiz:telephone')") is None
    first.locator("input").first.check()
    first.locator("button").click()
    verdict = first.locator(".hb-quiz__verdict").inner_text()
    checked = first.locator("input:checked").get_attribute("value")
    page.reload()
    first = _quiz(page, "telephone").locator(".hb-quiz__question:has(input[type=radio])").first
    assert first.locator(".hb-quiz__verdict").inner_text() == verdict
    assert first.locator("input:checked").get_attribute("value") == checked
    page.on("dialog", lambda d: d.accept())
    _quiz(page, "telephone").get_by_role("button", name="清除自测记录").click()
    assert first.locator(".hb-quiz__verdict").count() == 0 and first.locator("input:checked").count() == 0
    page.reload()
    assert _quiz(page, "telephone").locator(".hb-quiz__verdict").count() == 0
