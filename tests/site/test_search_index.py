"""The built search indexes: one per language, domain words whole, their parts searchable too."""
from __future__ import annotations

import json
import re

import pytest

from handbook.data_files import page_statuses, read_front_matter
from site_pages import DOCS, SITE
from hooks import search_index as hook


def _index(lang: str) -> dict:
    """The entries the search worker loads when search is first used."""
    path = SITE / ("en/" if lang == "en" else "") / "search" / "search_docs.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_load_fetches_only_the_config(built_site, lang):
    """Material fetches search_index.json on every page: it holds the config alone, and names
    the entries for the worker, relative to the worker's own URL."""
    folder = SITE / ("en/" if lang == "en" else "") / "search"
    stub = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and (folder / "search_index.json").stat().st_size < 1024
    worker = SITE / "assets" / "javascripts" / "workers" / "search-handbook.js"
    target = (worker.parent / stub["config"]["handbook_docs"]).resolve()
    assert target == (folder / "search_docs.json").resolve()
    assert {k: v for k, v in stub["config"].items() if k != "handbook_docs"} == _index(lang)["config"]


def _tokens(index: dict, field: str) -> set[str]:
    separator = re.compile(index["config"]["separator"])
    out: set[str] = set()
    for doc in index["docs"]:
        out.update(t for t in separator.split(re.sub(r"<[^>]+>", " ", doc.get(field, ""))) if t)
    return out


def test_each_language_has_its_own_index(built_site):
    zh, en = _index("zh"), _index("en")
    assert zh["docs"] and en["docs"]
    assert not any(d["location"].startswith("en/") for d in zh["docs"])
    # en locations are relative to /en/ and point at built English pages.
    for doc in en["docs"]:
        page = doc["location"].split("#")[0]
        assert (SITE / "en" / page / "index.html").exists() or (SITE / "en" / page).is_file(), doc["location"]
    assert any(d["title"].startswith("7. First-contact accountability") for d in en["docs"])


@pytest.mark.parametrize("word", ["首问负责制", "工程服务处", "机房值班人员", "备板备件", "全球客户支持中心"])
def test_domain_words_are_single_tokens_in_the_zh_index(built_site, word):
    assert word in _tokens(_index("zh"), "text") | _tokens(_index("zh"), "title")


# Partial queries: 负责制, 备件, 服务处 are words of their own; 值班人员 is found as 值班 + 人员.
@pytest.mark.parametrize("part", ["负责制", "值班", "人员", "备件", "服务处"])
def test_parts_of_domain_words_are_indexed_too(built_site, part):
    index = _index("zh")
    assert part in _tokens(index, "parts") | _tokens(index, "text")


def test_parts_hold_what_the_text_tokens_hide(built_site):
    index = _index("zh")
    assert "负责制" not in _tokens(index, "text") and "负责制" in _tokens(index, "parts")


def test_english_tokens_are_not_stemmed(built_site):
    index = _index("en")
    assert index["config"]["pipeline"] == ["stopWordFilter"]
    assert {"duty", "engineering", "department"} <= {t.lower() for t in _tokens(index, "text")}


def test_parts_field_is_searched_but_not_shown(built_site):
    for lang in ("zh", "en"):
        fields = _index(lang)["config"]["fields"]
        assert "parts" in fields and fields["title"]["boost"] > fields["parts"]["boost"]


def test_sub_words_finds_words_inside_long_tokens():
    parts = hook.sub_words("首问负责制\u200b机房值班人员")
    assert "负责制" in parts and "值班人员" in parts
    assert "首问负责制" not in parts  # whole tokens are in the text already


def test_user_dictionary_holds_every_glossary_term():
    from handbook.data_files import glossary

    words = {line.split()[0] for line in (SITE.parent / "data" / "jieba_user_dict.txt").read_text(encoding="utf-8").splitlines() if line.strip()}
    missing = [t.zh for t in glossary().terms if t.zh not in words]
    assert not missing, f"data/jieba_user_dict.txt lacks glossary terms: {missing}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reference_drafts_and_site_pages_rank_below_v4_text(built_site, lang):
    """Every entry of a reference-draft page carries the draft boost, of a site page the lower
    site boost; V4 pages keep the default."""
    statuses = page_statuses()
    index = _index(lang)
    prefix = "en/" if lang == "en" else ""
    for page, status in statuses.items():
        if (read_front_matter(DOCS / page).get("search") or {}).get("exclude"):
            continue  # the print-all page repeats every page: left out of search on purpose
        stem = page.removesuffix(".md").removesuffix("index").rstrip("/")
        location = f"{stem}/" if stem else ""
        entries = [d for d in index["docs"] if d["location"].split("#")[0] == location]
        assert entries, f"{prefix}{location} is not in the {lang} index"
        boosts = {d.get("boost") for d in entries}
        if status == "converted":
            assert boosts == {None}, page
        else:
            assert boosts == {hook.BOOST[status]}, page
    assert hook.BOOST["site"] < hook.BOOST["reference-draft"] < 1


def test_jieba_segmentations_are_cached_across_builds(tmp_path, monkeypatch):
    """A build that meets only texts it has segmented before never loads jieba's dictionary;
    the answers are jieba's own, and a changed user dictionary starts a new cache."""
    import types

    calls: list[str] = []
    fake = types.SimpleNamespace(
        __version__="0.42.1",
        cut=lambda s, cut_all=False, HMM=True: (calls.append("cut"), iter(["首问", "负责制"]))[1],
        cut_for_search=lambda s, HMM=True: (calls.append("search"), iter(["负责制"]))[1],
        load_userdict=lambda f: calls.append("dict"))
    monkeypatch.setattr(hook, "JIEBA_CACHE", tmp_path)
    userdict = tmp_path / "dict.txt"
    userdict.write_text("首问负责制 10\n", encoding="utf-8")

    first = hook._JiebaCache(fake)
    first.load_userdict(str(userdict))
    first.load_userdict(str(userdict))  # the nested en build loads it again
    assert calls == []  # deferred until jieba is needed
    assert list(first.cut("首问负责制".encode("utf-8"))) == ["首问", "负责制"]
    assert list(first.cut_for_search("首问负责制")) == ["负责制"]
    assert calls == ["dict", "cut", "search"]
    first.save()

    calls.clear()
    again = hook._JiebaCache(fake)
    again.load_userdict(str(userdict))
    assert list(again.cut("首问负责制")) == ["首问", "负责制"] and list(again.cut_for_search("首问负责制")) == ["负责制"]
    assert calls == [], "jieba was loaded although every text was cached"

    userdict.write_text("首问负责制 10\n值班人员 10\n", encoding="utf-8")
    changed = hook._JiebaCache(fake)
    changed.load_userdict(str(userdict))
    list(changed.cut("首问负责制"))
    assert calls == ["dict", "cut"]
