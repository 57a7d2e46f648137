"""The handbook's table of contents, with each section's status read from data and pages."""
from __future__ import annotations

from html import escape

from handbook.data_files import page_checklists, page_statuses, procedure, structure
from handbook.labels import label
from handbook.links import link_from
from handbook.sections import section_status

from .escaping import md_text


def _badge(status: str, lang: str) -> str:
    return (f'<span class="status-badge status-{status}" title="{escape(label("status_help." + status, lang))}">'
            f'{escape(label("status." + status, lang))}</span>')


def status_legend(lang: str) -> str:
    rows = [f"- {_badge(s, lang)} {escape(label('status_help.' + s, lang))}\n  {{ #status-{s} }}"
            for s in ("converted", "reference-draft", "not-in-source", "compiled")]
    return "\n".join(rows)


def _title_cell(title: str, page: str | None, src: str, uncertain: bool, lang: str) -> str:
    text = escape(title).replace("*", "&#42;")  # a masked word's ** must not turn into bold
    if uncertain:
        text += f' <span class="uncertain" title="{escape(label("uncertain_title", lang))}">(?)</span>'
    return f"[{text}]({link_from(src, page)})" if page else text


def _checklist_links(page: str | None, checklists: dict[str, list[str]], src: str, lang: str) -> str:
    """Links to the checklists a section's page shows (their data gives the titles), each with
    its status: compiled from V4 clauses, or a reference draft."""
    ids = checklists.get(page, []) if page else []
    return "<br>".join(f"[{md_text(procedure(pid).title[lang])}]({link_from(src, f'{page}#checklist-{pid}')})"
                       f" {_badge(procedure(pid).source.status, lang)}" for pid in ids)


def contents_table(lang: str, src: str) -> str:
    book = structure()
    statuses = page_statuses()
    checklists = page_checklists()
    h = lambda k: label("headers." + k, lang)  # noqa: E731
    out = [f"## {label('front_matter', lang)} {{ #front-matter }}", "",
           f"| {h('section')} | {h('source_page')} | {h('status')} |", "|---|---|---|"]
    for part in book.front_matter:
        status = section_status(part.page, statuses)
        out.append(f"| {_title_cell(part.title[lang], part.page, src, False, lang)} | "
                   f"{part.source_page or ''} | {_badge(status, lang)} |")
    for position, chapter in enumerate(book.chapters, start=1):
        chapter_title = f"{chapter.number}、{chapter.title.zh}" if lang == "zh" else \
            f"{label('chapter', lang).format(number=position)} {chapter.title.en}"
        # Every chapter shows its original page; a converted chapter also links to its page.
        where = f"{label('headers.source_page', lang)}{label('colon', lang)}{chapter.source_page}"
        if chapter.page:
            where += f" · [{escape(chapter_title)}]({link_from(src, chapter.page)})"
        out += ["", f"## {chapter_title} {{ #chapter-{chapter.id} }}", "", where, ""]
        out += [f"| {h('number')} | {h('section')} | {h('source_page')} | {h('status')} | {h('checklists')} |",
                "|---|---|---|---|---|"]
        for s in chapter.sections:
            status = section_status(s.page, statuses)
            out.append(f"| {s.number} | {_title_cell(s.title[lang], s.page, src, s.uncertain, lang)} | "
                       f"{s.source_page or ''} | {_badge(status, lang)} | {_checklist_links(s.page, checklists, src, lang)} |")
    return "\n".join(out)


def chapter_sections(chapter_id: str, lang: str, src: str) -> str:
    book = structure()
    try:
        chapter = next(c for c in book.chapters if c.id == chapter_id)
    except StopIteration:
        raise ValueError(f"chapter_sections: no chapter {chapter_id!r} in data/handbook.yml") from None
    statuses = page_statuses()
    out = []
    for s in chapter.sections:
        status = section_status(s.page, statuses)
        out.append(f"{s.number}. {_title_cell(s.title[lang], s.page, src, s.uncertain, lang)} {_badge(status, lang)}\n"
                   f"   {{ #section-{s.id} }}")
    return "\n".join(out)

