"""Every page exists in both languages with the same structure, and glossary terms carry over."""
from __future__ import annotations

from pathlib import Path

import pytest

from handbook.data_files import read_front_matter
from handbook.data_files import glossary
from handbook.translation_structure import compare_structure, structure
from site_pages import DOCS, en_twin, zh_sources


def _pairs():
    return [(p, en_twin(p)) for p in zh_sources()]


def test_every_zh_page_has_an_en_twin_and_back():
    missing = [str(en.relative_to(DOCS)) for zh, en in _pairs() if not en.exists()]
    orphans = [str(p.relative_to(DOCS)) for p in DOCS.rglob("*.en.md")
               if not p.with_name(p.name[:-6] + ".md").exists()]
    assert not missing, f"pages without an English translation: {missing}"
    assert not orphans, f"English pages without a Chinese original: {orphans}"


@pytest.mark.parametrize("zh,en", _pairs(), ids=lambda p: str(p.relative_to(DOCS)))
def test_zh_and_en_have_the_same_structure(zh: Path, en: Path):
    problems = compare_structure(zh.read_text(encoding="utf-8"), en.read_text(encoding="utf-8"))
    assert not problems, f"{en.relative_to(DOCS)} differs from {zh.relative_to(DOCS)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("zh,en", _pairs(), ids=lambda p: str(p.relative_to(DOCS)))
def test_front_matter_agrees(zh: Path, en: Path):
    a, b = read_front_matter(zh), read_front_matter(en)
    assert set(a) == set(b), f"{en.relative_to(DOCS)}: front matter keys differ from {zh.name}"
    for key in ("section", "status", "last_reviewed"):
        assert a[key] == b[key], f"{en.relative_to(DOCS)}: {key} is {b[key]!r}, the zh page says {a[key]!r}"


def test_structure_check_catches_drift():
    zh = "# 标题 { #a }\n\n- 一\n  { #one }\n- 二\n  { #two }\n"
    assert compare_structure(zh, "# Title { #a }\n\n- One\n  { #one }\n- Two\n  { #two }\n") == []
    dropped = compare_structure(zh, "# Title { #a }\n\n- One\n  { #one }\n")
    assert any("two" in p for p in dropped)
    renamed = compare_structure(zh, "# Title { #b }\n\n- One\n  { #one }\n- Two\n  { #two }\n")
    assert any("#a" in p and "#b" in p for p in renamed)
    extra_heading = compare_structure(zh, "# Title { #a }\n\n## More\n\n- One\n  { #one }\n- Two\n  { #two }\n")
    assert extra_heading


def test_structure_reads_headings_items_admonitions_and_macros():
    s = structure('# T { #t }\n\n!!! note "x"\n    y\n\n- a\n  { #a }\n1. b\n   { #b }\n\n{{ glossary_table() }}\n')
    assert s.headings == [(1, "t")]
    assert s.ids == ["t", "a", "b"]
    assert s.list_items == 2
    assert s.admonitions == ["note"]
    assert s.macros == ["glossary_table()"]


def _zh_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("zh,en", _pairs(), ids=lambda p: str(p.relative_to(DOCS)))
def test_glossary_terms_in_a_zh_page_have_their_english_term_in_the_en_page(zh: Path, en: Path):
    zh_text, en_text = _zh_text(zh), en.read_text(encoding="utf-8").lower()
    missing = [f"{t.zh} → {t.en}" for t in glossary().terms
               if t.zh in zh_text and not any(f.lower() in en_text for f in t.english_forms())]
    assert not missing, f"{en.relative_to(DOCS)} lacks the English glossary terms: {missing}"
