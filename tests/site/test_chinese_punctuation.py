"""Chinese text uses full-width punctuation (，；：（）) wherever the site writes it: the built zh
pages (their text, chart titles and descriptions included), the zh messages of the rules
(service_norms/messages.py) and the zh labels (data/labels.yml).

A half-width , ; : ( ) is reported when it touches Chinese text (a space between them
allowed): "原书页码: 4", "2.06 秒, 热启动", "UTC; 传输量", "(参考草案)". Code, preformatted
text, scripts and styles are not text a reader reads as Chinese and are skipped; numbers
(1.5, 1,000), times (08:30), URLs and English inside a Chinese page ("Python 3.11, MkDocs")
touch no Chinese character and pass.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Comment

from service_norms.messages import MESSAGES
from site_pages import ROOT, SITE, built_path, zh_sources

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HALF_WIDTH = r",;:()"
# A half-width mark right after Chinese text, or right before it; one space between allowed.
MIXED = re.compile(rf"[{CJK}] ?[{HALF_WIDTH}]|[{HALF_WIDTH}] ?[{CJK}]")
# Elements whose text is code, markup or data, not Chinese prose.
NOT_PROSE = ("code", "pre", "kbd", "samp", "script", "style", "template", "textarea")
# Attributes a reader reads or hears: tooltips, labels, alternative text, hints.
READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
# A placeholder in a message ({name}): filled with Chinese text in a zh message, so it counts as Chinese.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def half_width_marks(text: str) -> list[str]:
    """Each half-width , ; : ( ) that touches Chinese text, shown with its surroundings."""
    return [text[max(0, m.start() - 8):m.end() + 8] for m in MIXED.finditer(text)]


def zh_pages() -> list[Path]:
    return sorted(p for p in SITE.rglob("index.html") if "en" not in p.relative_to(SITE).parts[:1])


def page_text(html: str) -> list[str]:
    """The reader's text of a page: every text node outside code, scripts and styles
    (SVG titles and descriptions of the charts included), and the attributes a reader
    reads or hears (tooltips, ARIA labels, alternative text, placeholders)."""
    soup = BeautifulSoup(html, "html.parser")
    texts = []
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or any(p.name in NOT_PROSE for p in node.parents):
            continue
        if node.strip():
            texts.append(str(node))
    for tag in soup.find_all(True):
        texts += [tag[k] for k in READ_ATTRIBUTES if isinstance(tag.get(k), str) and tag[k].strip()]
    return texts


def test_the_check_finds_what_it_should_and_passes_what_it_should():
    assert half_width_marks("原书页码: 4")
    assert half_width_marks("冷启动 2.06 秒, 热启动 0.83 秒;")
    assert half_width_marks("流程: equipment-room-work, 版本 1, V4 原文")
    assert half_width_marks("（参考草案)") and half_width_marks("依据 (参考草案）")
    assert half_width_marks("2026-12-01 18:25 UTC; 传输量")
    assert not half_width_marks("原书页码：4，共 1,000 行，08:30 开始，用 Python 3.11, MkDocs 1.6 构建")
    assert not half_width_marks("见 https://example.org/a:b 与 x (surname)")
    texts = page_text("<p>页码：4<code>a: 中</code></p><pre>中, 文</pre><script>x='中:'</script>"
                      "<svg><desc>冷启动 2.06 秒, 热启动</desc></svg><abbr title=\"页码: 4\">x</abbr>")
    assert [t for t in texts if half_width_marks(t)] == ["冷启动 2.06 秒, 热启动", "页码: 4"]


def test_zh_pages_use_full_width_punctuation(built_site):
    pages = zh_pages()
    missing = {built_path(src, "zh") for src in zh_sources()} - set(pages)
    assert not missing, f"zh pages not built: {sorted(str(p) for p in missing)}"
    found = {}
    for page in pages:
        marks = [m for t in page_text(page.read_text(encoding="utf-8")) for m in half_width_marks(t)]
        if marks:
            found[str(page.relative_to(SITE))] = sorted(set(marks))[:6]
    assert not found, "half-width , ; : ( ) in Chinese text (use ，；：（）):\n" + "\n".join(
        f"  {page}: {marks}" for page, marks in found.items())


def _zh_messages():
    for code, message in MESSAGES.items():
        yield f"service_norms/messages.py {code}", message["zh"]


def _zh_labels(node, where="data/labels.yml"):
    if isinstance(node, dict):
        if set(node) == {"zh", "en"}:
            yield where, node["zh"]
        else:
            for key, value in node.items():
                yield from _zh_labels(value, f"{where} {key}" if where.endswith(".yml") else f"{where}.{key}")


def test_zh_messages_and_labels_use_full_width_punctuation():
    labels = yaml.safe_load((ROOT / "data" / "labels.yml").read_text(encoding="utf-8"))
    texts = [*_zh_messages(), *_zh_labels(labels)]
    assert len(texts) > 100
    found = [f"  {where}: {half_width_marks(PLACEHOLDER.sub('字', text))}" for where, text in texts
             if half_width_marks(PLACEHOLDER.sub("字", text))]
    assert not found, "half-width , ; : ( ) in Chinese text (use ，；：（）):\n" + "\n".join(found)


def test_the_footer_hook_changes_only_material_s_chinese_labels():
    from hooks.footer_labels import on_post_page

    zh = '<a class="md-footer__link" aria-label="上一页: 前言"></a><a aria-label="下一页: 1. 基本行为准则">'
    en = '<a class="md-footer__link" aria-label="Previous: Preface"></a>'
    assert on_post_page(zh, None, None) == zh.replace("上一页: ", "上一页：").replace("下一页: ", "下一页：")
    assert on_post_page(en, None, None) == en


def test_zh_exports_use_full_width_punctuation():
    """The GIFT export's citation and a class report's answers use ：and ；in Chinese (the JS
    twins, quiz-export.js and class-results.js, read the same labels and compiled fields)."""
    from handbook.class_results import answer_text
    from handbook.questions import compiled
    from handbook.quiz_export import gift

    bank = list(compiled("zh"))
    # GIFT's own syntax (::title::, $CATEGORY:) aside, and its escapes ('\:') undone.
    exported = "\n".join(re.sub(r"::[^:]*::", "", line) for line in gift(bank).replace("\\", "").splitlines()
                         if not line.startswith("$CATEGORY"))
    assert not half_width_marks(exported), half_width_marks(exported)[:5]
    assert "：http" not in exported and "：conduct/" in exported  # the citation, then the clause
    multiple = next(q for q in bank if q["type"] == "multiple")
    both = answer_text(multiple, 0b11, "zh")
    assert both == f'{multiple["options"][0]["text"]}；{multiple["options"][1]["text"]}'
    assert answer_text(next(q for q in compiled("en") if q["id"] == multiple["id"]), 0b11, "en").count("; ") == 1
