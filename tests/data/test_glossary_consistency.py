"""One English rendering per glossary term, unit by unit, everywhere the site has both languages.

A unit is the smallest text that exists in both languages as twins: a clause, paragraph,
heading or note of a page and its translation (paired by the clause's fixed id, or by order
where a block has none), and every {zh, en} pair in the data (checklist steps, quiz prompts,
choices and explanations, labels, the glossary's own definitions, service levels,
restorations, the handbook's titles) and in the rules' messages. Wherever a unit's Chinese
uses a term of data/glossary.yml, its English must use the term's `en` or one of its
`en_variants` (case, hyphens and plurals aside): "personal moods" on the page and
"personal feelings" in a quiz explanation, or "performance-indicator terms" against "terms
for the specifications", cannot both pass.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from handbook.data_files import glossary
from handbook.front_matter import split_front_matter
from service_norms.messages import MESSAGES
from site_pages import DOCS, ROOT, en_twin, zh_sources

_ID = re.compile(r"\{\s*:?\s*#([\w-]+)[^}]*\}")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_LINK = re.compile(r"\]\([^)]*\)")
_ITEM = re.compile(r"^(?:[-*+]|\d+\.)\s+")
_HEADING = re.compile(r"^#{1,6}\s+")
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s*[\w-]+\s*(?:"(.*)")?\s*$')


def page_units(markdown: str) -> dict[str, str]:
    """A page's blocks by key: the block's own id ("#room-entry") where it has one, else its
    kind and place among the blocks of that kind without an id ("paragraph 2")."""
    units: dict[str, str] = {}
    counts: dict[str, int] = {}
    block: list[str] = []
    kind = ""
    in_fence = False

    def close():
        nonlocal block, kind
        text = " ".join(line.strip() for line in block)
        if text.strip():
            ids = _ID.findall(text)
            key = "#" + ids[-1] if ids else f"{kind} {counts.setdefault(kind, 0) + 1}"
            if not ids:
                counts[kind] += 1
            units[key] = _LINK.sub("]", _MACRO.sub("", _ID.sub("", text))).strip()
        block, kind = [], ""

    for line in split_front_matter(markdown)[1].splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            close()
            continue
        if in_fence or line.lstrip().startswith(("<", "{{")):
            close()
            continue
        if not line.strip():
            if kind != "note":
                close()
            continue
        admonition = _ADMONITION.match(line)
        if _HEADING.match(line) or admonition or _ITEM.match(line):
            close()
            kind = "heading" if _HEADING.match(line) else "note" if admonition else "item"
            line = (admonition.group(1) or "") if admonition else _ITEM.sub("", _HEADING.sub("", line))
            block = [line]
            if kind == "heading":
                close()
        elif kind == "note" and not line.startswith((" ", "\t")):
            close()
            kind, block = "paragraph", [line]
        else:
            kind = kind or "paragraph"
            block.append(line)
    close()
    return units


def _pairs_in(node, where: str):
    """Every {zh: str, en: str} mapping in a YAML tree, with where it is."""
    if isinstance(node, dict):
        if {"zh", "en"} <= set(node) and isinstance(node["zh"], str) and isinstance(node["en"], str):
            yield where, node["zh"], node["en"]
        for key, value in node.items():
            yield from _pairs_in(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            name = value.get("id", i) if isinstance(value, dict) else i
            yield from _pairs_in(value, f"{where}[{name}]")


def data_units() -> list[tuple[str, str, str]]:
    files = [*sorted((ROOT / "checklists").glob("*.yml")), *sorted((ROOT / "questions").glob("*.yml")),
             *(ROOT / "data" / name for name in ("glossary.yml", "labels.yml", "handbook.yml", "service_levels.yml",
                                                  "restorations.yml"))]
    units = []
    for path in files:
        units += _pairs_in(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)))
    return units


def message_units() -> list[tuple[str, str, str]]:
    units = []
    for code, message in MESSAGES.items():
        en = message["en"]
        en = " / ".join((en["one"], en["other"])) if isinstance(en, dict) else en
        units.append((f"service_norms/messages.py {code}", message["zh"], en))
    return units


def page_pairs() -> list[tuple[str, str, str]]:
    units = []
    for zh_path in zh_sources():
        zh = page_units(zh_path.read_text(encoding="utf-8"))
        en = page_units(en_twin(zh_path).read_text(encoding="utf-8"))
        for key, text in zh.items():
            if key in en:
                units.append((f"docs/{zh_path.relative_to(DOCS)} {key}", text, en[key]))
    return units


def _normal(text: str) -> str:
    """Lower case, hyphens as spaces: "Equipment-room duty staff" contains "equipment room"."""
    return re.sub(r"[\s\-‐–]+", " ", text.lower())


def missing_terms(zh: str, en: str) -> list[str]:
    """The glossary terms the Chinese uses and the English does not render as the glossary does."""
    text = _normal(en)
    return [f"{t.zh} → {' / '.join(t.english_forms())}" for t in glossary().terms
            if t.zh in zh and not any(_normal(form) in text for form in t.english_forms())]


ALL_UNITS = {"pages": page_pairs, "data": data_units, "messages": message_units}


def test_pages_pair_their_clauses_by_id():
    units = page_units("# 标题 { #a }\n\n正文一。\n{ #p }\n\n- 条一\n  { #one }\n- 条二\n  { #two }\n\n"
                       '!!! note "编者注：甲"\n    注一。\n\n    注二。\n\n尾段。\n')
    assert units == {"#a": "标题", "#p": "正文一。", "#one": "条一", "#two": "条二", "note 1": "编者注：甲 注一。 注二。",
                     "paragraph 1": "尾段。"}
    assert len([u for u in page_pairs() if u[0].startswith("docs/conduct/basic-conduct.md #")]) > 20


def test_the_check_finds_a_second_rendering():
    assert missing_terms("保持机房整洁。", "Keep the machine room tidy.") == ["机房 → equipment room"]
    assert missing_terms("离开机房时与机房值班人员打招呼。", "Tell the Equipment-Room duty staff when you leave.") == []
    assert missing_terms("电话铃响尽快摘机。", "When the phone rings, pick up at once.") == []


@pytest.mark.parametrize("kind", ALL_UNITS)
def test_every_unit_renders_its_glossary_terms_as_the_glossary_does(kind):
    units = ALL_UNITS[kind]()
    assert units, f"no {kind} units found"
    found = [f"  {where}: {missing}\n    zh: {zh}\n    en: {en}" for where, zh, en in units
             if (missing := missing_terms(zh, en))]
    assert not found, (f"{len(found)} {kind} units use a glossary term in Chinese but not its English "
                       "(data/glossary.yml en / en_variants):\n" + "\n".join(found))
