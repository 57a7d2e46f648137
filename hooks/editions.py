"""mkdocs hook: editions (handbook/editions.py).

- At the start of the build, data/editions.yml and every snapshot in data/editions/ are read
  and compared with the current text: a file that does not parse, an unknown id, two
  editions with one id, dates out of order or an id gone without being recorded as removed
  fails the build with the file, the line and the field.
- A clause or time limit changed in the current edition carries a small mark, 「版次 … 修改」 /
  "Changed in edition …", that opens its text before that edition (a <details>: no script).
  The first edition changes nothing, so it marks nothing.
"""
from __future__ import annotations

import re
from html import escape

from mkdocs.exceptions import PluginError

from handbook.change_diff import diff_html
from handbook.data_files import DataFileError
from handbook.editions import changed_in_current, history
from handbook.labels import label
from handbook.page_language import page_language


def on_config(config):
    try:
        history.cache_clear()  # `make preview` rebuilds in one process: read the files again
        changed_in_current.cache_clear()
        history()
    except DataFileError as err:
        raise PluginError(str(err)) from None
    return config


def on_page_markdown(markdown: str, page, config, files):
    # The edition a reader reads (reading.js keeps it per section: overrides/main.html's meta).
    current = history()["current"]
    if current:
        page.meta["edition"] = current["edition"].id
    return markdown


def _mark(change: dict, lang: str) -> str:
    eid = history()["current"]["edition"].id
    old, new = change["old"], change["new"]
    words = {k: label("editions." + k, lang) for k in ("deleted", "inserted", "end")}
    body = []
    if change["text"]:
        body.append(f'<span class="hb-changed__label">{escape(label("editions.mark_old", lang).format(id=eid))}</span> '
                    f'<span class="hb-changed__old">{escape(old["text"][lang])}</span>'
                    f'<span class="hb-changed__diff">{diff_html(old["text"][lang], new["text"][lang], lang, words)}</span>')
    if change["status"]:
        status = label("editions.status." + old["status"], lang)
        body.append(f'<span class="hb-changed__label">{escape(label("editions.mark_status", lang).format(id=eid, status=status))}</span>')
    return (f'<details class="hb-changed" data-edition="{escape(eid)}"><summary>'
            f'{escape(label("editions.mark", lang).format(id=eid))}</summary>'
            f'<span class="hb-changed__body">{"".join(body)}</span></details>')


_OPEN = r'<(li|p|h[1-6]|span)\b[^>]*\bid="{}"[^>]*>'


def on_page_content(html: str, page, config, files):
    changed = changed_in_current()
    if not changed:
        return html
    src = page.file.src_uri.replace(".en.md", ".md")
    lang = page_language(page)
    for where, change in changed.items():
        path, _, anchor = where.partition("#")
        if path != src:
            continue
        found = re.search(_OPEN.format(re.escape(anchor)), html)
        if not found:
            continue
        tag = found.group(1)
        # After the clause's own text: a list item's before any nested list, a paragraph's,
        # heading's or table cell's label after its closing tag (a <details> cannot sit in a <p>).
        if tag == "li":
            end = re.compile(r"<ul|<ol|</li>").search(html, found.end())
            at = end.start() if end else found.end()
        else:
            close = html.find(f"</{tag}>", found.end())
            at = close + len(tag) + 3 if close >= 0 else found.end()
        html = html[:at] + _mark(change, lang) + html[at:]
    return html
