"""The restoration record and the editorial notes, rendered from data/restorations.yml."""
from __future__ import annotations

from html import escape

from handbook.data_files import restoration_record as record
from handbook.labels import label
from handbook.links import link_from


def _code(text: str) -> str:
    # <code> keeps `**`, commas and quotes visible exactly as they stand in the source.
    return f"<code>{escape(text)}</code>"


def certainty_legend(lang: str) -> str:
    return "\n".join(
        f'- <span class="certainty certainty-{c}">{escape(label("certainty." + c, lang))}</span>'
        f' {escape(label("certainty_help." + c, lang))}\n  {{ #certainty-{c} }}'
        for c in ("sure", "likely", "uncertain"))


def restoration_table(lang: str) -> str:
    rec = record()
    h = lambda k: label("headers." + k, lang)  # noqa: E731
    out = [f"| # | {h('source')} | {h('restored')} | {h('count')} | {h('reason')} | {h('certainty')} |",
           "|---|---|---|---|---|---|"]
    for number, r in enumerate(rec.restorations, start=1):
        reason = rec.kinds[r.kind][lang] + (" " + r.note[lang] if r.note else "")
        out.append(
            f'| <span id="restoration-{number}">{number}</span> | {_code(r.source)} | {_code(r.restored)} | {r.count} | '
            f'{escape(reason)} | <span class="certainty certainty-{r.certainty}">'
            f'{escape(label("certainty." + r.certainty, lang))}</span> |')
    return "\n".join(out)


def editorial_notes(lang: str, src: str) -> str:
    return "\n".join(
        f'- {escape(getattr(n, lang))} ([→]({link_from(src, n.where)}))\n  {{ #note-{n.id} }}'
        for n in record().notes)
