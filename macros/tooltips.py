"""Glossary tooltips: wrap the first use of each term in a page in <abbr title="…">.

Material shows an abbr's title as a tooltip (feature content.tooltips). Python-Markdown's
own abbreviations need word boundaries, which Chinese text does not have, so the page's
Markdown is annotated here instead. Headings, admonition titles, attribute lists, links,
code and existing tags are left alone.
"""
from __future__ import annotations

import re
from html import escape

from handbook.data_files import glossary

# Spans that must not be touched: existing tags (and the abbr content), attribute lists,
# links, inline code.
_PROTECTED = re.compile(r"<abbr\b[^>]*>.*?</abbr>|<[^>]+>|\{[^}]*\}|\[[^\]]*\]\([^)]*\)|`[^`]*`")
_SKIP_LINE = re.compile(r"^\s*(#|!!!|\?\?\?|\||<)")


def _pattern(term: str, lang: str) -> re.Pattern:
    if lang == "zh":
        return re.compile(re.escape(term))
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", re.IGNORECASE)


def _terms(lang: str):
    other = "en" if lang == "zh" else "zh"
    for t in glossary().terms:
        title = f"{getattr(t, other)} — {t.definition[lang]}"
        forms = [t.zh] if lang == "zh" else t.english_forms()
        for form in forms:
            yield form, title


def _in_code(lines: list[str]) -> list[bool]:
    """Per line: inside a fenced code block or a raw <pre> (source text shown as is), or
    that <pre>'s own line. Wrapping a term never changes this, so it is worked out once."""
    out = []
    in_fence = in_pre = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if "<pre" in line:
            in_pre = "</pre>" not in line
            out.append(True)
        elif in_pre:
            in_pre = "</pre>" not in line
            out.append(True)
        else:
            out.append(in_fence)
    return out


def annotate(markdown: str, lang: str) -> str:
    lines = markdown.split("\n")
    code = _in_code(lines)
    # The lines a term may be wrapped in: not code, and not headings, tables or raw HTML (the
    # macros' checklists, forms and quizzes are long lines of it). Wrapping never adds one.
    prose = "\n".join(line for i, line in enumerate(lines) if not code[i] and not _SKIP_LINE.match(line))
    # Longest first, so 机房值班人员 is wrapped before 机房 can match inside it.
    for term, title in sorted(_terms(lang), key=lambda tt: -len(tt[0])):
        pattern = _pattern(term, lang)
        if not pattern.search(prose):  # most terms are not on a given page
            continue
        for i, line in enumerate(lines):
            # A line is looked at closely only if the term is in it at all.
            if code[i] or _SKIP_LINE.match(line) or not pattern.search(line):
                continue
            lines[i], done = _wrap_first(line, pattern, title)
            if done:
                break  # only the first use in the page gets a tooltip; the glossary page lists them all
    return "\n".join(lines)


def _wrap_first(line: str, pattern: re.Pattern, title: str) -> tuple[str, bool]:
    pos = 0
    for protected in [*_PROTECTED.finditer(line), None]:
        end = protected.start() if protected else len(line)
        m = pattern.search(line, pos, end)
        if m:
            wrapped = f'<abbr title="{escape(title)}">{m.group(0)}</abbr>'
            return line[:m.start()] + wrapped + line[m.end():], True
        if protected is None:
            break
        pos = protected.end()
    return line, False
