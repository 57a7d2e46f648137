"""Glossary tooltips (macros/tooltips.py): the first use of a term in a page's prose gets an
<abbr>; code, diagrams, headings, tables, tags and later uses do not."""
from __future__ import annotations

from macros.tooltips import annotate


def test_only_the_first_use_in_prose_is_wrapped():
    page = "\n".join([
        "# 工程服务处",                      # a heading
        "```",
        "工程服务处 in a code block",
        "```",
        '<pre class="mermaid">',
        "A[工程服务处] --> B",              # a diagram's source
        "</pre>",
        "| 工程服务处 | table |",
        "`工程服务处` in code, then 工程服务处 in prose.",
        "Again 工程服务处, and [工程服务处](x.md).",
    ])
    lines = annotate(page, "zh").split("\n")
    assert lines[:8] == page.split("\n")[:8]
    assert lines[8].startswith("`工程服务处` in code, then <abbr title=\"Engineering Service Department — ")
    assert lines[8].count("<abbr") == 1 and "<abbr" not in lines[9]


def test_english_forms_match_whole_words_in_any_case():
    text = annotate("A sub-division. The Division works; the division again.", "en")
    assert text.count("<abbr") == 1 and '">Division</abbr> works' in text
