"""Clause labels name the place a reader finds in the printed V4: for every clause the site
cites (checklist steps, questions, the glossary, the escalation trace, time limits that
interpret V4), in both languages, the label names the number and title of the heading the
link lands under on the built page, and the chapter as V4 numbers it (一、二、三)."""
from __future__ import annotations

import re

import pytest

from handbook.citations import clause_label
from handbook.data_files import glossary, procedures, service_levels, structure
from handbook.labels import label
from handbook.questions import bank
from service_norms.escalation import CLAUSES
from site_pages import DOCS, built_path, read_built

LANGS = ["zh", "en"]
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.+)$")


def _cited() -> list[str]:
    clauses = {s.clause for p in procedures().values() for s in p.steps if s.clause}
    clauses |= {p.source.clause for p in procedures().values() if p.source.clause}
    clauses |= {q.clause for q in bank()}
    clauses |= {t.clause for t in glossary().terms if t.clause}
    clauses |= set(CLAUSES.values())
    clauses |= {t.interprets.clause for t in service_levels().time_limits if t.interprets}
    return sorted(clauses)


def _heading_text(h) -> str:
    for a in h.select("a.headerlink"):
        a.decompose()
    return h.get_text(" ", strip=True)


def _landing(clause: str, lang: str) -> tuple[str, str | None]:
    """The page's H1 and the numbered subsection heading (if any) the anchor stands under."""
    page_src, _, anchor = clause.partition("#")
    page = read_built(built_path(DOCS / page_src, lang))
    h1 = _heading_text(page.article.select_one("h1")).removesuffix(label("provenance.suffix", lang))
    if not anchor:
        return h1, None
    target = page.soup.find(id=anchor)
    assert target is not None, f"{clause}: no #{anchor} on the built {lang} page"
    sub = None
    heading = target if re.fullmatch(r"h[2-6]", target.name) else target.find_previous(re.compile(r"^h[2-6]$"))
    if heading is not None and heading.find_previous("h1") is not None:
        text = _heading_text(heading)
        sub = text if NUMBERED.match(text) and "." in NUMBERED.match(text).group(1) else None
    return h1, sub


@pytest.mark.parametrize("lang", LANGS)
def test_every_label_names_the_heading_its_link_lands_on(built_site, lang):
    cited = _cited()
    assert len(cited) > 60
    chapters = {c.page.split("/")[0]: (n, c) for n, c in enumerate(structure().chapters, 1) if c.page}
    for clause in cited:
        text = clause_label(clause, lang)
        h1, sub = _landing(clause, lang)
        numbered = NUMBERED.match(h1)
        if numbered:  # a section's page: "3. 工程开通和维护行为规范"
            number, title = numbered.groups()
            position, chapter = chapters[clause.split("/")[0]]
            where = (f"第{chapter.number}章 {number}. {title}" if lang == "zh"
                     else f"Ch. {position}, §{number} {title}")
            assert text.startswith(where), (clause, text, where)
        else:  # a chapter's or front-matter page
            assert h1.split(" ", 1)[-1] in text, (clause, text, h1)
        if sub:
            assert sub in text, (clause, text, sub)
        else:
            assert not re.search(r"\b\d+\.\d+\b", text), (clause, text)  # no subsection it does not land in


def test_the_daily_closure_clause_is_cited_as_v4_prints_it():
    # 日事日清 is in chapter 1, section 1, subsection 1.3 (工作作风), not "clause 1.1".
    assert clause_label("conduct/basic-conduct.md#style-daily-closure", "zh") == "第一章 1. 基本行为准则 · 1.3 工作作风"
    assert clause_label("conduct/basic-conduct.md#style-daily-closure", "en") == \
        "Ch. 1, §1 Basic code of conduct, 1.3 Work style"
    assert clause_label("after-sales/fault-handling.md#escalation", "zh") == "第三章 1. 故障处理（参考草案）"


@pytest.mark.parametrize("lang", LANGS)
def test_the_command_line_cites_the_trace_as_the_handbook_numbers_it(lang):
    import subprocess
    import sys

    from site_pages import ROOT

    out = subprocess.run([sys.executable, "-m", "handbook", "--lang", lang, "escalate", "--severity", "minor",
                          "--elapsed", "3000"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert clause_label("after-sales/fault-handling.md#escalation", lang) in out.stdout
    assert "fault-handling.md#" not in out.stdout
