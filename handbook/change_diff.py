"""Two texts of one clause, their difference marked: character by character for Chinese (a
Chinese word has no spaces around it, and a changed character is the change), word by word
for English (a changed letter would make the diff unreadable).

Pure: text in, HTML out. Deleted text is <del>, inserted text <ins>, each led by a label in
words (hidden on screen, read by screen readers and kept in copied text), and struck through /
underlined by the browser: the change is never shown by colour alone.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import escape

# A word, a run of spaces or one other character (punctuation): an English diff never splits a word.
_EN_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def tokens(text: str, lang: str) -> list[str]:
    """The units the diff compares: characters (zh), words, spaces and punctuation (en)."""
    return list(text) if lang == "zh" else _EN_TOKEN.findall(text)


def diff_ops(old: str, new: str, lang: str) -> list[tuple[str, str]]:
    """The texts as runs of ("same" | "del" | "ins", text), in reading order."""
    a, b = tokens(old, lang), tokens(new, lang)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("ins", "".join(b[j1:j2])))
    return out


def diff_html(old: str, new: str, lang: str, words: dict[str, str]) -> str:
    """The new text with what was removed in <del> and what was added in <ins>.

    `words`: {"deleted": …, "inserted": …, "end": …} from data/labels.yml (the hidden labels)."""
    parts = []
    for kind, text in diff_ops(old, new, lang):
        if kind == "same":
            parts.append(escape(text))
        else:
            tag = "del" if kind == "del" else "ins"
            word = words["deleted" if kind == "del" else "inserted"]
            parts.append(f'<{tag}><span class="hb-visually-hidden">{escape(word)}</span>{escape(text)}'
                         f'<span class="hb-visually-hidden">{escape(words["end"])}</span></{tag}>')
    return "".join(parts)
