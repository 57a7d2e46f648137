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

import hashlib
import json
import logging
import marshal
import os
import re
import time
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

# --- jieba's segmentations, cached across builds --------------------------------------------
# Material's search plugin segments every Chinese run of every page with jieba.cut, and
# sub_words() above asks jieba.cut_for_search; loading jieba's dictionary alone takes ~0.6 s
# of every build. The answers are kept in node_modules/.cache/handbook-jieba/, under a hash of
# jieba's version and the user dictionary's content: a build that meets only texts it has
# seen never loads jieba's dictionary at all. Same input, same segmentation: it is jieba's own.
JIEBA_CACHE = Path(__file__).resolve().parent.parent / "node_modules" / ".cache" / "handbook-jieba"
JIEBA_CACHE_MAX = 500_000  # entries; past this a file starts afresh (texts long gone pile up)


class _JiebaCache:
    def __init__(self, jieba):
        self.jieba = jieba
        self.originals = {n: getattr(jieba, n) for n in ("cut", "cut_for_search", "load_userdict")}
        self.userdicts: list[str] = []
        self.key = hashlib.sha256(f"jieba {getattr(jieba, '__version__', '?')}".encode())
        self.cuts: dict | None = None
        self.ready = False
        self.new = 0

    def load_userdict(self, f):
        if f in self.userdicts:
            return  # the nested en build loads it again
        self.userdicts.append(f)  # applied when jieba itself is first needed
        self.key.update(Path(f).read_bytes() if isinstance(f, str) and Path(f).is_file() else repr(f).encode())
        self.cuts = None

    @property
    def path(self) -> Path:
        return JIEBA_CACHE / f"cuts-{self.key.hexdigest()[:20]}.marshal"

    def _table(self) -> dict:
        if self.cuts is None:
            try:
                self.cuts = marshal.loads(self.path.read_bytes())
            except (OSError, ValueError, EOFError, TypeError):
                self.cuts = {}
        return self.cuts

    def _segment(self, name: str, sentence, *args) -> list[str]:
        text = sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence
        key = (name, text, *args)
        table = self._table()
        if key not in table:
            if not self.ready:
                for f in self.userdicts:
                    self.originals["load_userdict"](f)
                self.ready = True
            table[key] = list(self.originals[name](sentence, *args))
            self.new += 1
        return table[key]

    def cut(self, sentence, cut_all=False, HMM=True, use_paddle=False):
        return iter(self._segment("cut", sentence, cut_all, HMM))

    def cut_for_search(self, sentence, HMM=True):
        return iter(self._segment("cut_for_search", sentence, HMM))

    def save(self) -> None:
        if not self.new or self.cuts is None:
            return
        table = self.cuts if len(self.cuts) <= JIEBA_CACHE_MAX else {}
        try:
            JIEBA_CACHE.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            partial.write_bytes(marshal.dumps(table))
            partial.replace(self.path)
            for old in JIEBA_CACHE.glob("cuts-*.marshal"):
                if old != self.path and old.stat().st_mtime < time.time() - 14 * 86400:
                    old.unlink()
        except OSError:
            pass  # a read-only cache only makes the next build slower
        self.new = 0


_jieba_cache: _JiebaCache | None = None


@event_priority(100)  # before Material's search plugin loads the user dictionary (its on_config)
def on_config(config, **kwargs):
    global _jieba_cache
    try:
        import jieba
    except ImportError:
        return config
    existing = getattr(jieba.cut, "__self__", None)
    if isinstance(getattr(existing, "originals", None), dict):
        _jieba_cache = existing  # patched already (the hook module loaded again)
    elif _jieba_cache is None or _jieba_cache.jieba is not jieba:
        _jieba_cache = _JiebaCache(jieba)
        for name in ("cut", "cut_for_search", "load_userdict"):
            setattr(jieba, name, getattr(_jieba_cache, name))
    return config


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
    try:
        _on_post_build(config)
    finally:
        if _jieba_cache is not None:
            _jieba_cache.save()


def _on_post_build(config) -> None:
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
