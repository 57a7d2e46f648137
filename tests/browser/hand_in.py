"""A trainee hands in an exam on the English exam page; the trainer opens the result link."""
from __future__ import annotations


def hand_in_and_open_the_result(page, base: str, name: str) -> str:
    """Hand in as `name` (the questions left unanswered: the page names them, the trainee
    hands in anyway), wait for the result code's QR code, open the code's link (as the
    trainer's phone camera would) and wait for the class table. Returns the code."""
    page.locator("#quiz-name").fill(name)
    page.get_by_role("button", name="Hand in").click()
    page.get_by_role("button", name="Hand in anyway").click()
    page.locator(".hb-quiz__qr svg").wait_for()
    code = page.locator(".hb-quiz__code").get_attribute("data-code")
    page.goto(base + "/en/quiz/#result=" + code)
    page.locator(".hb-class__table").wait_for()
    return code
