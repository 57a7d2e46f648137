"""MkDocs hook: the footer's previous/next links read "上一页：标题" in a Chinese page.

Material's footer template joins its words with a half-width colon in every language
(aria-label="上一页: 前言"); a screen reader reads that label, and Chinese text on this site
uses full-width punctuation (tests/site/test_chinese_punctuation.py). Only the colon after
Material's Chinese words changes: English pages keep "Previous: Preface".
"""
from __future__ import annotations

import re

# Material's zh words for the footer links (its partials/languages/zh.html).
_FOOTER = re.compile(r'(aria-label="(?:上一页|下一页)): ')


def on_post_page(output, page, config, **kwargs):
    return _FOOTER.sub(r"\1：", output)
