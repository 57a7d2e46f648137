"""The built trainer page: the bank's version a result code is checked against, the QR library
served by the site (and precached), the test-only QR reader kept out, and no command line for
trainers to run."""
from __future__ import annotations

import json

from bs4 import BeautifulSoup

from handbook.questions import compiled
from handbook.result_codes import bank_version


def _page(built_site, lang):
    path = built_site / ("en/quiz/index.html" if lang == "en" else "quiz/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_trainer_page_carries_the_bank_version_and_its_words(built_site):
    for lang in ("zh", "en"):
        root = _page(built_site, lang).select_one("#quiz-trainer")
        assert root["data-bank-version"] == bank_version(compiled(lang)) == bank_version(compiled("zh"))
        words = json.loads(root["data-labels"])
        assert {"trainer", "handin", "code", "class"} <= set(words)
        assert root["data-root"] == ("../../" if lang == "en" else "../")
        # No trainer is asked to run Python; the trainer text is marked to hide on exam links.
        soup = _page(built_site, lang)
        assert "python -m" not in soup.select_one("article").get_text()
        assert soup.select_one("article .hb-trainer-only p")
        assert soup.select_one(".hb-quiz__setup button[type=submit]").has_attr("disabled")


def test_the_qr_library_is_served_and_precached_and_the_reader_is_not(built_site):
    assert (built_site / "assets/vendor/qrcode-generator/qrcode.mjs").is_file()
    assert "assets/vendor/qrcode-generator/qrcode.mjs" in (built_site / "sw.js").read_text(encoding="utf-8")
    assert not [p for p in built_site.rglob("*") if "jsqr" in p.name.lower()]
