"""Photos at a step, on the built site: the step the procedure asks a photo of says so with its
caption in both languages, the procedure's JSON (which a run keeps) carries it for that step
only, and fflate (the zip of "export all") is served from the site, as pinned, with its licence."""
from __future__ import annotations

import json
import re
from html import unescape

from handbook.data_files import procedures
from handbook.labels import label
from scripts.project_copy import ROOT


def _procedure_json(html: str, pid: str) -> dict:
    block = re.search(rf'id="checklist-{pid}".*?<script type="application/json" class="hb-checklist__data">(.*?)</script>',
                      html, re.S)
    return json.loads(block[1])


def test_a_required_photo_is_shown_at_its_step_in_both_languages(built_site):
    step = next(s for s in procedures()["equipment-room-work"].steps if s.id == "clean-up")
    assert step.photo and step.photo.need == "required"
    for lang, prefix in (("zh", ""), ("en", "en/")):
        html = (built_site / prefix / "conduct/equipment-room/index.html").read_text(encoding="utf-8")
        item = re.search(r'<li class="hb-checklist__step" id="step-equipment-room-work-clean-up".*?</li>', html, re.S)[0]
        mark = re.search(r'<span class="hb-photo-need" data-need="required">(.*?)</span>', item)[1]
        assert unescape(mark) == label("checklist.photo.need_required", lang) + label("colon", lang) + step.photo.caption[lang]
        data = _procedure_json(html, "equipment-room-work")
        assert {s["id"]: s.get("photo") for s in data["steps"] if "photo" in s} == {
            "clean-up": {"need": "required", "caption": step.photo.caption.model_dump()}}
        assert html.count('class="hb-photo-need"') == 1


def test_fflate_is_served_from_the_site_as_pinned_with_its_licence(built_site):
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["fflate"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)  # exact, as npm install --save-exact writes it
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/fflate"]["version"] == pinned
    served = built_site / "assets/vendor/fflate/browser.js"
    assert served.read_bytes() == (ROOT / "node_modules/fflate/esm/browser.js").read_bytes()
    assert "MIT License" in (built_site / "assets/vendor/fflate/LICENSE.txt").read_text(encoding="utf-8")
    assert "assets/vendor/fflate/browser.js" in (built_site / "sw.js").read_text(encoding="utf-8")
    # Loaded by run-photos.js from the site, never from another host.
    module = (built_site / "assets/javascripts/run-photos.js").read_text(encoding="utf-8")
    assert '"../vendor/fflate/browser.js"' in module and "https://" not in module
