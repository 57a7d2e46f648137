"""mkdocs hook: make the one search index serve both languages and partial Chinese words.

1. Partial words. jieba with the domain dictionary keeps 首问负责制, 机房值班人员 and
   备板备件 as single tokens, and Material's query matches token prefixes only, so 负责制
   or 值班人员 would find nothing. Each entry gets a `parts` field (indexed, never shown)
   holding the sub-words jieba's search mode finds inside long tokens.
2. One language per reader. mkdocs-static-i18n merges both languages into
   search/search_index.json; en entries' locations start with `en/`. An en page's search
   base is /en/, so the en entries go to en/search/search_index.json (locations made
   relative to /en/), and the root index keeps the zh entries.
3. Fetched when search is first used. Material fetches search/search_index.json on every
   page load, parses it on the main thread and copies it into its worker. That file is now
   only the index's `config` (a few hundred bytes: the worker's setup, and what the
   search.highlight feature needs) naming `search_docs.json` beside it, which holds the
   entries; our worker wrapper (search-handbook.js) fetches that itself, off the main thread,
   when the search box is focused or the first query comes.
4. V4 text first. A reference-draft page (front matter `status: reference-draft`) gets
   a search boost of 0.5, and a page of the site itself (`status: site`: tools, quizzes,
   glossary, contents, benchmarks …) 0.2, unless it sets its own: a query on a V4 term
   finds the clause before the drafts and site pages that mention it.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from hooks import nested_build

log = logging.getLogger("mkdocs.hooks.search_index")

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_TAGS = re.compile(r"<[^>]+>")


def sub_words(text: str) -> list[str]:
    """Words inside the long tokens of `text` (tokens joined by U+200B), not tokens themselves."""
    import jieba  # imported lazily: only builds need it

    tokens = set(text.replace("\u200b", " ").split())
    parts: list[str] = []
    for run in _HAN.findall(text.replace("\u200b", " ")):
        if len(run) < 3:
            continue
        for word in jieba.cut_for_search(run):
            if len(word) >= 2 and word != run and word not in tokens and word not in parts:
                parts.append(word)
    return parts


def _split(index: dict) -> tuple[dict, dict]:
    zh, en = dict(index), dict(index)
    zh["docs"], en["docs"] = [], []
    for doc in index["docs"]:
        doc = dict(doc)
        parts = sub_words(_TAGS.sub(" ", doc.get("title", "") + " " + doc.get("text", "")))
        if parts:
            doc["parts"] = "\u200b".join(parts)
        if doc["location"].startswith("en/"):
            en["docs"].append({**doc, "location": doc["location"][3:]})
        else:
            zh["docs"].append(doc)
    for part in (zh, en):
        part["config"] = {**index["config"],
                          "fields": {**index["config"]["fields"], "parts": {"boost": 10.0}}}
    return zh, en


BOOST = {"reference-draft": 0.5, "site": 0.2}  # V4 text keeps 1.0


def on_page_markdown(markdown, page, **kwargs):
    boost = BOOST.get(page.meta.get("status"))
    if boost is not None:
        search = page.meta.setdefault("search", {})
        search.setdefault("boost", boost)
    return markdown


def _name_material_worker(site: Path) -> None:
    """Write the hashed name of Material's search worker into our wrapper."""
    workers = site / "assets" / "javascripts" / "workers"
    material = sorted(p.name for p in workers.glob("search.*.min.js"))
    if len(material) != 1:
        raise PluginError(f"expected one Material search worker in {workers}, found {material}")
    wrapper = workers / "search-handbook.js"
    text = wrapper.read_text(encoding="utf-8")
    if material[0] in text and "__MATERIAL_SEARCH_WORKER__" not in text:
        return  # a dirty rebuild (make preview) left the named copy in place
    if "__MATERIAL_SEARCH_WORKER__" not in text:
        raise PluginError(f"{wrapper}: no __MATERIAL_SEARCH_WORKER__ placeholder to fill")
    wrapper.write_text(text.replace("__MATERIAL_SEARCH_WORKER__", material[0]), encoding="utf-8")


DOCS = "search_docs.json"
# Where the worker wrapper finds each language's entries, from its own URL
# (assets/javascripts/workers/search-handbook.js): relative, so the site works under any path.
WORKER_TO_ROOT = "../../../"


def _write(directory: Path, index: dict, prefix: str) -> None:
    """search_index.json (the config, for Material's main thread) and search_docs.json (all of it)."""
    directory.mkdir(parents=True, exist_ok=True)
    dump = lambda data: json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    (directory / DOCS).write_text(dump(index), encoding="utf-8")
    stub = {"config": {**index["config"], "handbook_docs": f"{WORKER_TO_ROOT}{prefix}search/{DOCS}"}, "docs": []}
    (directory / "search_index.json").write_text(dump(stub), encoding="utf-8")


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged both languages
def on_post_build(config, **kwargs):
    if nested_build(config):
        return  # a nested per-language build; the outer build writes the final index
    site = Path(config.site_dir)
    path = site / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if not any(d["location"].startswith("en/") for d in index["docs"]):
        log.warning("search index has no en/ entries: is the i18n plugin building English?")
    _name_material_worker(site)
    zh, en = _split(index)
    _write(path.parent, zh, "")
    _write(site / "en" / "search", en, "en/")
