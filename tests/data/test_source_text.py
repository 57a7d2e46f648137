"""The zh site carries every sentence of the V4 source, restored as the record says, and nothing of the publisher's."""
from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

from handbook.data_files import restoration_record as record
from handbook.restoration import RestorationError, Replacement, apply_restorations, handbook_parts, sentences
from site_pages import ROOT, built_pages, read_built

SOURCE = ROOT.parent / "shared" / "source" / "handbook-v4-excerpt.txt"


@pytest.fixture(scope="module")
def source_text() -> str:
    if not SOURCE.exists():
        pytest.fail(f"the source text is missing: {SOURCE}")
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def converted(source_text) -> str:
    return opencc.OpenCC("t2s").convert(source_text)


@pytest.fixture(scope="module")
def restored(converted) -> str:
    rec = record()
    parts = handbook_parts(converted, rec.layout.drop_line_pattern, rec.layout.appended_from)
    return apply_restorations(parts, rec.replacements())


@pytest.fixture(scope="module")
def zh_site_text(built_site) -> str:
    return "".join(read_built(p).compact() for p in built_pages("zh"))


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_every_source_sentence_is_on_the_zh_site(restored, zh_site_text):
    # The TOC's original page numbers are shown in their own column, not after the title.
    glued = {"目录公司企业文化及核心价值观": ["目录", "公司企业文化及核心价值观"]}
    missing = []
    for sentence in sentences(restored, strip_page_numbers=True):
        for piece in glued.get(sentence, [re.sub(r"^前言", "", sentence) or sentence]):
            if _compact(piece) not in zh_site_text:
                missing.append(piece)
    assert not missing, "sentences of the restored source not on any zh page:\n" + "\n".join(missing)


def test_sentence_count_covers_the_whole_source(restored):
    # Guards the test above against splitting the source into too few pieces: at least
    # one piece per non-empty line.
    pieces = sentences(restored)
    assert len(pieces) >= sum(1 for line in restored.splitlines() if line.strip())


def test_publisher_metadata_and_appended_articles_are_not_on_the_site(converted, zh_site_text):
    lines = converted.splitlines()
    metadata = lines[2]
    assert "字数" in metadata and "阅读" in metadata
    assert _compact(metadata) not in zh_site_text
    assert "9936" not in zh_site_text  # the view count
    appended = converted[converted.index("\n规范售后服务\n"):]
    for fragment in ["如何规范售后服务行业", "家电行业的售后维修", "软体售后服务规范", "IT行业售后服务规范",
                     "永远不能与客户顶嘴", "任何时候不能说"]:
        assert fragment in appended
        assert fragment not in zh_site_text, f"appended article text on the site: {fragment}"


def test_only_the_uncertain_mask_survives(restored):
    masks = [line for line in restored.splitlines() if "**" in line]
    assert masks == ["7. 货物** 69"]
    entry = next(r for r in record().restorations if r.source == "货物**")
    assert entry.certainty == "uncertain"


def test_restored_text_has_no_taiwan_phrasing_left(restored):
    for word in ["装置", "程式", "档案", "乙个", "支援", "公升级", "除错", "硬体", "专案", "网路", "介面", "整合", "著"]:
        assert word not in restored, word


def test_every_restoration_is_recorded_with_reason_and_certainty():
    rec = record()
    assert len(rec.restorations) >= 40
    for r in rec.restorations:
        assert r.kind in rec.kinds and r.certainty in ("sure", "likely", "uncertain")


def test_a_stale_restoration_is_an_error_that_names_it():
    with pytest.raises(RestorationError, match=r"#1 '客户计算机' → '客户电脑': expected 1 occurrence\(s\), found 0"):
        apply_restorations("没有这个词", [Replacement("客户计算机", "客户电脑")])


def test_an_ambiguous_restoration_is_an_error():
    with pytest.raises(RestorationError, match="expected 1 occurrence"):
        apply_restorations("联络、联络", [Replacement("联络", "联系")])


def test_restoration_page_lists_every_entry(built_site):
    for lang in ("zh", "en"):
        page = read_built(built_site / ("en/" if lang == "en" else "") / "restorations" / "index.html")
        rows = page.article.select("table tbody tr")
        assert len(rows) == len(record().restorations), lang
