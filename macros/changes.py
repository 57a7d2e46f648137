"""The "what changed" page (变更记录): every edition, newest first, with its changes grouped by
chapter and section, cited as V4 numbers them, each with its diff and a link; and the edition
line of the print page (and so of the PDFs). Data from handbook/editions.py."""
from __future__ import annotations

from html import escape

from handbook.change_diff import diff_html
from handbook.editions import history
from handbook.labels import counted, label
from handbook.links import href_from


def _l(path: str, lang: str) -> str:
    return label("editions." + path, lang)


def diff_words(lang: str) -> dict[str, str]:
    return {k: _l(k, lang) for k in ("deleted", "inserted", "end")}


def edition_line(lang: str) -> str:
    """「版次 2026-12（2026-12-06）：网站首个版次」 for the print page and the PDFs."""
    cur = history()["current"]
    if not cur:
        return ""
    e = cur["edition"]
    return (f'<p class="hb-edition-line">{escape(_l("print", lang).format(id=e.id, date=e.date.isoformat(), title=e.title[lang]))}'
            "</p>")


def _link(item: dict, lang: str, page_url: str, live: bool) -> str:
    if not item["page"]:
        return ""
    target = f'{item["page"]}#{item["anchor"]}' if live else item["page"]
    words = _l("link" if live else "link_page", lang)
    return f' <a class="hb-change__link" href="{escape(href_from(page_url, target, lang))}">{escape(words)}</a>'


def _change(c: dict, lang: str, page_url: str, current: dict) -> str:
    pages = {i["page"] for i in current.values()}
    old, new = c["old"], c["new"]
    item = new or old
    kinds = [c["kind"]] if c["kind"] != "changed" else (
        (["status"] if c["status"] else []) + (["changed"] if c["text"] else []) + (["moved"] if c["moved"] else []))
    badges = " ".join(f'<span class="hb-change__kind hb-change__kind--{k}">{escape(_l("kind." + k, lang))}</span>'
                      for k in kinds)
    out = [f'<li class="hb-change" data-change="{c["kind"]}" data-key="{escape(c["key"])}">',
           f'<p class="hb-change__head">{badges} <span class="hb-change__cite">{escape(item["cite"][lang])}</span>'
           f'{_link(item, lang, page_url, c["key"] in current) if item["page"] in pages else ""}</p>']
    if c["status"]:
        out.append(f'<p class="hb-change__status">{escape(_l("provenance", lang).format(old=_l("status." + old["status"], lang), new=_l("status." + new["status"], lang)))}</p>')
    if c["kind"] == "added":
        out.append(f'<p class="hb-change__text"><ins>{escape(new["text"][lang])}</ins></p>')
    elif c["kind"] == "removed":
        out.append(f'<p class="hb-change__text"><del>{escape(old["text"][lang])}</del></p>')
    elif c["text"]:
        out.append(f'<p class="hb-change__text" lang="{lang}">{diff_html(old["text"][lang], new["text"][lang], lang, diff_words(lang))}</p>')
    else:
        out.append(f'<p class="hb-change__text">{escape(new["text"][lang])}</p>')
    if c["moved"]:
        out.append(f'<p class="hb-change__moved">{escape(_l("moved_from", lang).format(where=old["cite"][lang]))}</p>')
    out.append("</li>")
    return "".join(out)


def change_items(changes: list[dict], lang: str, page_url: str, current: dict) -> str:
    """The changes as list items, without groups (a procedure's changes since a version)."""
    return "".join(_change(c, lang, page_url, current) for c in changes)


def change_list(changes: list[dict], lang: str, page_url: str, current: dict) -> str:
    """The changes grouped by chapter and section (the provenance changes, first, as their own group)."""
    out, group = [], None
    for c in changes:
        item = c["new"] or c["old"]
        key = ("status", "") if c["status"] else ("group", item["group"][lang])
        if key != group:
            if group is not None:
                out.append("</ul>")
            title = _l("kind.status", lang) if c["status"] else item["group"][lang]
            out.append(f'<h3 class="hb-changes__group">{escape(title)}</h3><ul class="hb-changes__list">')
            group = key
        out.append(_change(c, lang, page_url, current))
    if group is not None:
        out.append("</ul>")
    return "".join(out)


def changes_page(lang: str, page_url: str) -> str:
    h = history()
    current = h["snapshot"]
    out = [f'<p class="hb-changes__key">{escape(_l("diff_key", lang))} {escape(_l("provenance_first", lang))}</p>']
    if h["pending"]:
        last = h["current"]["edition"].id
        out += [f'<h2 id="pending">{escape(_l("pending", lang))}</h2>',
                f'<p>{escape(_l("pending_note", lang).format(id=last))}</p>',
                change_list(h["pending"], lang, page_url, current)]
    for ed in reversed(h["editions"]):
        e = ed["edition"]
        n = len(ed["changes"])
        out += [f'<section class="hb-edition" data-edition="{escape(e.id)}" data-fingerprint="{ed["fingerprint"]}">',
                f'<h2 id="edition-{escape(e.id)}">{escape(_l("heading", lang).format(id=e.id, title=e.title[lang], date=e.date.isoformat()))}</h2>',
                f'<p class="hb-edition__summary">{escape(e.summary[lang])}</p>']
        if ed["first"]:
            out.append(f'<p>{escape(_l("first", lang))}</p>')
        else:
            out.append(f'<p class="hb-edition__count">{escape(counted("editions.count", lang, n).format(count=n))}</p>')
            out.append(f'<p class="hb-edition__fingerprint">{escape(_l("fingerprint", lang))}<code>{ed["fingerprint"]}</code></p>')
            out.append(change_list(ed["changes"], lang, page_url, current) if n else f'<p>{escape(_l("none", lang))}</p>')
        out.append("</section>")
    return "\n".join(out)


# --- for the reader's browser: the study page, the home page, the manager's page ---------------

READING_WORDS = ("since_title", "since_count", "since_count_one", "since_none", "read_in", "read_old", "read_old_one",
                 "in_edition", "see_changes", "ack_title", "ack_name", "ack_button", "ack_need_name", "ack_done",
                 "ack_statement", "ack_mine", "ack_none", "download_txt", "download_csv", "download_json", "print",
                 "col_name", "col_edition", "col_date", "col_time", "col_fingerprint", "col_code", "colon", "counted",
                 "counted_one", "line", "not_ack", "damaged", "foreign_edition", "foreign_fingerprint", "no_name",
                 "bad_time", "duplicate", "not_acknowledged", "refused_title", "table_title", "ack_changes", "change_line")


def reading_words(lang: str) -> dict[str, str]:
    words = {k: label("reading." + k, lang) for k in READING_WORDS}
    words.update({f"kind_{k}": _l("kind." + k, lang) for k in ("added", "removed", "changed", "moved", "status")})
    return words


def reader_editions(lang: str, page_url: str) -> list[dict]:
    """The editions made, oldest first, as the browser needs them: id, date, title, the
    fingerprint of the change list and each change's sections, citation and link."""
    h = history()
    current = h["snapshot"]
    out = []
    for ed in h["editions"]:
        e = ed["edition"]
        changes = []
        for c in ed["changes"]:
            item = c["new"] or c["old"]
            live = c["key"] in current
            target = f'{item["page"]}#{item["anchor"]}' if live else item["page"]
            kind = "status" if c["status"] else ("moved" if c["kind"] == "changed" and not c["text"] else c["kind"])
            changes.append({"key": c["key"], "kind": kind, "sections": item["sections"], "cite": item["cite"][lang],
                            "href": href_from(page_url, target, lang) if item["page"] else ""})
        out.append({"id": e.id, "date": e.date.isoformat(), "title": e.title[lang], "fingerprint": ed["fingerprint"],
                    "href": href_from(page_url, f"changes.md#edition-{e.id}", lang), "changes": changes})
    return out
