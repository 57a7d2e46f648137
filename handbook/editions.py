"""Editions of the handbook: what the text was at each one, and what changed between them.

`data/editions.yml` lists the editions (id, date, title and summary in both languages, and
`removed:` the ids an edition takes out). `python -m handbook edition ID` (`make edition
ID=…`) writes `data/editions/<ID>.json`: a snapshot of every clause (a paragraph, list item
or heading of a handbook page with its own `{ #id }`), every procedure step, every time limit
and every glossary entry, keyed by a stable id, each with its text in both languages, its
provenance (V4 text, compiled from V4 clauses, reference draft) and where it stands.

Removal is recorded, never inferred: an id in one edition's snapshot that the next one lacks
must be listed in that next edition's `removed:`; an id of the last edition that is gone
from the current text must be listed in the `removed:` of the edition being prepared (the
last entry of editions.yml, whose snapshot is not made yet). Otherwise the build fails
naming the id: a clause deleted by mistake never passes as a change.

The comparison (`compare`) is pure: two snapshots in, the changes out (added, removed,
changed: text and/or provenance, moved), sorted with provenance changes first.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationInfo, model_validator

from .citations import clause_label
from .data_files import DATA, DOCS, ROOT, DataFileError, glossary, page_checklists, page_statuses, parse, procedures, \
    service_levels, structure
from .front_matter import split_front_matter
from .labels import counted, label
from .models import Strict, Text

EDITIONS_FILE = "editions.yml"
SNAPSHOTS = "editions"  # data/editions/<id>.json
KINDS = ("clause", "step", "limit", "term")
_EDITION_ID = r"^[a-z0-9][a-z0-9.-]*$"


# --- data/editions.yml ----------------------------------------------------------------------

class Edition(Strict):
    id: str = Field(pattern=_EDITION_ID)
    date: dt.date
    title: Text
    summary: Text
    removed: list[str] = []  # the ids (e.g. "step:fault-handling/record") this edition takes out


class Editions(Strict):
    editions: list[Edition] = Field(min_length=1)

    @model_validator(mode="after")
    def _order_and_removals(self, info: ValidationInfo):
        seen: dict[str, int] = {}
        for i, e in enumerate(self.editions):
            if e.id in seen:
                raise ValueError(f"editions.{i}.id: {e.id!r} is already the id of edition {seen[e.id] + 1}; "
                                 "every edition needs its own id")
            seen[e.id] = i
            if i and e.date < self.editions[i - 1].date:
                raise ValueError(f"editions.{i}.date: {e.date} is before {self.editions[i - 1].date}, the date of "
                                 f"the edition listed before it ({self.editions[i - 1].id!r}); list editions oldest first")
        context = info.context or {}
        if "snapshots" not in context:  # the file alone (make edition): its own checks only
            return self
        snapshots: dict[str, set[str]] = context.get("snapshots", {})
        current: set[str] | None = context.get("current")
        made = [e for e in self.editions if e.id in snapshots]
        for i, e in enumerate(self.editions):
            if e.id not in snapshots and i != len(self.editions) - 1:
                raise ValueError(f"editions.{i}.id: edition {e.id!r} has no snapshot (data/editions/{e.id}.json); "
                                 f"only the last edition may be in preparation (run `make edition ID={e.id}`)")
        for i, e in enumerate(self.editions):
            before = set(snapshots[self.editions[i - 1].id]) if i else set()
            after = set(snapshots[e.id]) if e.id in snapshots else current
            if after is None:
                continue
            for j, key in enumerate(e.removed):
                if key not in before:
                    raise ValueError(f"editions.{i}.removed.{j}: {key!r} is not an id of the edition before "
                                     f"({self.editions[i - 1].id if i else 'none'}); expected one of its clause:, "
                                     "step:, limit: or term: ids")
                if key in after:
                    raise ValueError(f"editions.{i}.removed.{j}: {key!r} is still in "
                                     f"{'edition ' + repr(e.id) if e.id in snapshots else 'the current text'}")
            gone = sorted(before - after - set(e.removed)) if i else []
            if gone:
                raise ValueError(f"editions.{i}.removed: {', '.join(gone)} disappeared in edition {e.id!r} without being "
                                 "recorded: list each under `removed:`")
        if made and current is not None and made[-1] is self.editions[-1]:
            gone = sorted(set(snapshots[made[-1].id]) - current)
            if gone:
                raise ValueError(f"editions: {', '.join(gone)} of edition {made[-1].id!r} is gone from the current text "
                                 "without being recorded: add the next edition to data/editions.yml with each id under "
                                 "`removed:` (or restore the text)")
        return self


# --- the current text as a snapshot ---------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{\s*#([\w-]+)[^}]*\}\s*$")
_ANCHOR_LINE = re.compile(r"^\s*\{\s*#([\w-]+)\s*\}\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|__")
_LIMITS_CALL = re.compile(r"\{\{\s*time_limits_table\((.*?)\)\s*\}\}")


def _clean(lines: list[str], lang: str) -> str:
    text = ("" if lang == "zh" else " ").join(line.strip() for line in lines)
    return re.sub(r"\s+", " ", _EMPHASIS.sub("", _LINK.sub(r"\1", text))).strip()


def _page_file(page: str, lang: str) -> Path:
    return DOCS / (page if lang == "zh" else page.removesuffix(".md") + ".en.md")


def page_clauses(text: str, lang: str) -> list[tuple[str, str, str]]:
    """A page's Markdown → (anchor, the heading it stands under, its text), in page order.

    A clause is a heading with an id, or a paragraph or list item followed by a line `{ #id }`."""
    out = []
    block: list[str] = []
    heading = ""
    for line in split_front_matter(text)[1].splitlines():
        found = _HEADING.match(line)
        if found:
            heading = found.group(3)
            out.append((heading, "", _clean([found.group(2)], lang)))
            block = []
            continue
        anchor = _ANCHOR_LINE.match(line)
        if anchor:
            if block:
                out.append((anchor.group(1), heading, _clean(block, lang)))
            block = []
        elif not line.strip() or line.lstrip().startswith(("{{", "!!!", "???", "<")):
            block = []
        elif _ITEM.match(line):
            block = [_ITEM.sub("", line, count=1)]
        else:
            block.append(line)
    return out


def _handbook_pages() -> list[str]:
    """The handbook's pages in reading order (front matter, then each chapter and its sections)."""
    book = structure()
    pages = [p.page for p in book.front_matter if p.page]
    for chapter in book.chapters:
        pages += [chapter.page] if chapter.page else []
        pages += [s.page for s in chapter.sections if s.page]
    return pages


def _section_of() -> dict[str, str]:
    return {s.page: s.id for c in structure().chapters for s in c.sections if s.page}


def _both(fn) -> dict[str, str]:
    return {lang: fn(lang) for lang in ("zh", "en")}


def _limit_text(limit, lang: str) -> str:
    rule = counted("service_levels.kinds." + limit.rule.kind, lang, limit.rule.amount or 0).format(amount=limit.rule.amount)
    if limit.rule.direction == "before":
        rule = label("service_levels.before", lang).format(limit=rule)
    return label("editions.limit_text", lang).format(name=limit.name[lang], limit=rule, applies=limit.applies[lang])


def _limit_pages(pages: list[str], all_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for page in pages:
        for call in _LIMITS_CALL.findall(_page_file(page, "zh").read_text(encoding="utf-8")):
            ids = json.loads(call) if call.strip() else all_ids
            for i in ids:
                out.setdefault(i, []).append(page)
    return out


def _term_slug(text: str) -> str:
    # The glossary table's row ids (macros/glossary.py: term-<slug of the English term>).
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def current_snapshot() -> dict[str, dict]:
    """Every clause, procedure step, time limit and glossary entry of the current sources, by id."""
    pages = _handbook_pages()
    statuses = page_statuses()
    sections = _section_of()
    items: dict[str, dict] = {}
    order = 0

    def add(key, **item):
        nonlocal order
        order += 1
        items[key] = {**item, "order": order}

    for page in pages:
        status = statuses.get(page, "")
        if status not in ("converted", "reference-draft"):
            continue
        zh = page_clauses(_page_file(page, "zh").read_text(encoding="utf-8"), "zh")
        en = dict((a, t) for a, _, t in page_clauses(_page_file(page, "en").read_text(encoding="utf-8"), "en"))
        group = _both(lambda lang: clause_label(page, lang))
        for position, (anchor, under, text) in enumerate(zh):
            add(f"clause:{page}#{anchor}", kind="clause", text={"zh": text, "en": en.get(anchor, "")}, status=status,
                container=f"{page}#{under}" if under else page, position=position, page=page, anchor=anchor,
                sections=[sections[page]] if page in sections else [], group=group,
                cite=_both(lambda lang: clause_label(f"{page}#{anchor}", lang)))
    shown = {pid: page for page, ids in page_checklists().items() for pid in ids}
    for pid, proc in procedures().items():
        page = shown.get(pid, "")
        group = _both(lambda lang: clause_label(page, lang)) if page in pages else {"zh": proc.title.zh, "en": proc.title.en}
        for position, step in enumerate(proc.steps):
            add(f"step:{pid}/{step.id}", kind="step", text={"zh": step.text.zh, "en": step.text.en},
                status=proc.source.status, container=pid, position=position, page=page,
                anchor=f"step-{pid}-{step.id}", sections=[sections[page]] if page in sections else [], group=group,
                version=proc.version,
                cite=_both(lambda lang: label("editions.step_cite", lang).format(
                    group=group[lang], procedure=proc.title[lang], number=position + 1)))
    levels = service_levels()
    limit_pages = _limit_pages([p for p in pages if statuses.get(p)], [t.id for t in levels.time_limits])
    for position, limit in enumerate(levels.time_limits):
        where = limit_pages.get(limit.id, [])
        page = where[0] if where else ""
        group = _both(lambda lang: clause_label(page, lang)) if page else _both(lambda lang: label("editions.levels", lang))
        add(f"limit:{limit.id}", kind="limit", text=_both(lambda lang: _limit_text(limit, lang)),
            status=limit.status or levels.status, container="service_levels", position=position, page=page,
            anchor=f"limit-{limit.id}", sections=sorted({sections[p] for p in where if p in sections}), group=group,
            cite=_both(lambda lang: label("editions.limit_cite", lang).format(group=group[lang], name=limit.name[lang])))
    terms_group = _both(lambda lang: label("editions.glossary", lang))
    for position, term in enumerate(glossary().terms):
        add(f"term:{_term_slug(term.en)}", kind="term",
            text={"zh": f"{term.zh}（{term.en}）：{term.definition.zh}", "en": f"{term.en} ({term.zh}): {term.definition.en}"},
            status="compiled" if term.clause else "site", container="glossary", position=position, page="glossary.md",
            anchor=f"term-{_term_slug(term.en)}", sections=[], group=terms_group,
            cite=_both(lambda lang: label("editions.term_cite", lang).format(group=terms_group[lang], term=getattr(term, lang))))
    return items


# --- snapshots on disk ----------------------------------------------------------------------

_ITEM_FIELDS = {"kind": str, "text": dict, "status": str, "container": str, "position": int, "page": str,
                "anchor": str, "sections": list, "group": dict, "cite": dict, "order": int}


def snapshot_path(edition_id: str, data: Path = DATA) -> Path:
    return data / SNAPSHOTS / f"{edition_id}.json"


def dump_snapshot(edition_id: str, items: dict[str, dict]) -> str:
    """The file's text: deterministic (keys sorted), one item a few lines, UTF-8 as written."""
    return json.dumps({"edition": edition_id, "items": items}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def read_snapshot(path: Path) -> dict[str, dict]:
    """One snapshot file, checked: a fault names the file, the line and the field."""
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataFileError(f"{name}:{err.lineno}: not valid JSON: {err.msg}") from None

    def line_of(needle: str) -> int:
        at = text.find(json.dumps(needle, ensure_ascii=False))
        return text.count("\n", 0, at) + 1 if at >= 0 else 1

    if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
        raise DataFileError(f"{name}:1: items: expected an object of snapshot items by id")
    if data.get("edition") != path.stem:
        raise DataFileError(f"{name}:{line_of('edition')}: edition: {data.get('edition')!r} must equal the file name "
                            f"{path.stem!r}")
    for key, item in data["items"].items():
        kind = key.partition(":")[0]
        if kind not in KINDS:
            raise DataFileError(f"{name}:{line_of(key)}: items.{key}: unknown kind of id {kind!r}; expected one of "
                                f"{', '.join(KINDS)}")
        for field, typ in _ITEM_FIELDS.items():
            if not isinstance(item, dict) or not isinstance(item.get(field), typ):
                raise DataFileError(f"{name}:{line_of(key)}: items.{key}.{field}: missing or not a {typ.__name__}")
        for field in ("text", "group", "cite"):
            if not all(isinstance(item[field].get(lang), str) for lang in ("zh", "en")):
                raise DataFileError(f"{name}:{line_of(key)}: items.{key}.{field}: needs zh and en text")
    return data["items"]


def write_snapshot(edition_id: str, data: Path = DATA) -> Path:
    """`make edition ID=…`: the current text as edition `edition_id`, which editions.yml must list."""
    listed = parse((data / EDITIONS_FILE).read_text(encoding="utf-8"), Editions, f"data/{EDITIONS_FILE}")
    if edition_id not in [e.id for e in listed.editions]:
        raise DataFileError(f"data/{EDITIONS_FILE}: no edition {edition_id!r}; add it (id, date, title, summary) "
                            "before making its snapshot")
    path = snapshot_path(edition_id, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_snapshot(edition_id, current_snapshot()), encoding="utf-8")
    history.cache_clear()
    changed_in_current.cache_clear()
    return path


# --- the comparison (pure) ------------------------------------------------------------------

def compare(old: dict[str, dict], new: dict[str, dict]) -> list[dict]:
    """What changed from `old` to `new`, by id: each change {"key", "kind": added | removed |
    changed, "text", "status", "moved" (booleans), "old", "new" (the items)}; provenance
    changes first, then in the handbook's order."""
    common = old.keys() & new.keys()
    moved = {k for k in common if old[k]["container"] != new[k]["container"]}
    # Within a container, the items outside the longest run kept in order are the ones that moved.
    by_container: dict[str, list[str]] = {}
    for k in common:
        if k not in moved:
            by_container.setdefault(new[k]["container"], []).append(k)
    for stay in by_container.values():
        if all(old[k]["position"] == new[k]["position"] for k in stay):
            continue  # nothing re-ordered (the usual case): no sequence to match
        a = sorted(stay, key=lambda k: old[k]["position"])
        b = sorted(stay, key=lambda k: new[k]["position"])
        kept = {k for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
                for k in a[block.a:block.a + block.size]}
        moved |= set(stay) - kept
    changes = []
    for key in old.keys() | new.keys():
        o, n = old.get(key), new.get(key)
        if o is None or n is None:
            changes.append({"key": key, "kind": "added" if o is None else "removed", "text": True, "status": False,
                            "moved": False, "old": o, "new": n})
            continue
        text, status = o["text"] != n["text"], o["status"] != n["status"]
        if text or status or key in moved:
            changes.append({"key": key, "kind": "changed", "text": text, "status": status, "moved": key in moved,
                            "old": o, "new": n})
    return sorted(changes, key=lambda c: (not c["status"], (c["new"] or c["old"])["order"], c["key"]))


def fingerprint(changes: list[dict]) -> str:
    """SHA-256 of the change list (ids, kinds, old and new text and provenance): what a reader
    acknowledges having read."""
    rows = [[c["key"], c["kind"], c["moved"], (c["old"] or {}).get("text"), (c["new"] or {}).get("text"),
             (c["old"] or {}).get("status"), (c["new"] or {}).get("status")] for c in changes]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


# --- the history the build shows ------------------------------------------------------------

@lru_cache(maxsize=None)
def history(data: Path = DATA) -> dict:
    """The editions with their snapshots checked and compared: {"editions": [{edition, made,
    changes, fingerprint}], "current": the last edition made, "pending": changes of the current
    text since it}. A fault names file, line and field."""
    folder = data / SNAPSHOTS
    snapshots = {p.stem: read_snapshot(p) for p in sorted(folder.glob("*.json"))} if folder.is_dir() else {}
    current = current_snapshot()
    name = f"data/{EDITIONS_FILE}"
    listed = parse((data / EDITIONS_FILE).read_text(encoding="utf-8"), Editions, name,
                   context={"snapshots": snapshots, "current": set(current)})
    ids = [e.id for e in listed.editions]
    for stem in snapshots:
        if stem not in ids:
            raise DataFileError(f"data/{SNAPSHOTS}/{stem}.json: names the edition {stem!r}, which {name} does not list")
    out, previous = [], None
    for e in listed.editions:
        if e.id not in snapshots:
            continue
        changes = compare(snapshots[previous], snapshots[e.id]) if previous else []
        out.append({"edition": e, "made": True, "first": previous is None, "changes": changes,
                    "fingerprint": fingerprint(changes), "items": snapshots[e.id]})
        previous = e.id
    pending = compare(snapshots[previous], current) if previous else []
    upcoming = listed.editions[-1] if listed.editions[-1].id not in snapshots else None
    return {"editions": out, "current": out[-1] if out else None, "pending": pending, "upcoming": upcoming,
            "snapshot": current}


@lru_cache(maxsize=None)
def changed_in_current() -> dict[str, dict]:
    """Clause anchors ("page#anchor") changed in the current edition → the change (for the marks)."""
    h = history()
    cur = h["current"]
    if not cur or cur["first"]:
        return {}
    # Not a procedure step: its checklist item is a control (the procedure page says what changed
    # since a job record's version instead).
    return {f"{c['new']['page']}#{c['new']['anchor']}": c for c in cur["changes"]
            if c["kind"] == "changed" and (c["text"] or c["status"]) and c["new"]["kind"] != "step"}


def procedure_changes_since(procedure_id: str) -> dict[int, list[dict]]:
    """Each earlier version of a procedure that an edition recorded → the changes of its steps
    from that version to the current text (for a job record made under it)."""
    h = history()
    prefix = f"step:{procedure_id}/"
    current = {k: v for k, v in h["snapshot"].items() if k.startswith(prefix)}
    if not current:
        return {}
    now = next(iter(current.values()))["version"]
    out: dict[int, list[dict]] = {}
    for ed in h["editions"]:  # oldest first: a later edition with the same version wins
        steps = {k: v for k, v in ed["items"].items() if k.startswith(prefix)}
        version = next(iter(steps.values()), {}).get("version")
        if version is not None and version != now:
            out[version] = compare(steps, current)
    return out
