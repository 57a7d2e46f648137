"""mkdocs-macros module: thin render functions over validated data. No rules, no file reading:
the data comes from handbook/ (the build side's one loader), the answers from service_norms.

Every macro renders in the language of the page it is called from (zh or en).
"""
from __future__ import annotations

from . import benchmarks as benchmark_pages
from . import checklist as checklists
from . import changes as change_pages
from . import contents, flowchart as flowcharts, glossary, quizzes, records, restorations, rule_tables, tooltips, widgets
import logging

from handbook.data_files import holiday_notices
from handbook.holiday_notices import disagreement_report
from handbook.page_language import page_language

log = logging.getLogger("mkdocs.plugins.handbook")


def define_env(env):
    # The holiday notices are validated once per build (a bad one fails it, by file, line and
    # field); a day a notice and chinesecalendar count differently is named, with the winner.
    for line in disagreement_report(holiday_notices()):
        log.info(line)

    def lang() -> str:
        return page_language(env.page)

    def src() -> str:
        return env.page.file.src_uri

    def url() -> str:
        return env.page.url

    @env.macro
    def status_legend():
        return contents.status_legend(lang())

    @env.macro
    def handbook_contents():
        return contents.contents_table(lang(), src())

    @env.macro
    def chapter_sections(chapter_id: str):
        return contents.chapter_sections(chapter_id, lang(), src())

    @env.macro
    def glossary_table():
        return glossary.glossary_table(lang(), src())

    @env.macro
    def restoration_table():
        return restorations.restoration_table(lang())

    @env.macro
    def certainty_legend():
        return restorations.certainty_legend(lang())

    @env.macro
    def editorial_notes():
        return restorations.editorial_notes(lang(), src())

    # Procedures (checklists/*.yml) and the rule tables of the reference drafts.
    @env.macro
    def checklist(procedure_id: str):
        return checklists.checklist(procedure_id, lang(), url())

    @env.macro
    def flowchart(procedure_id: str):
        return flowcharts.flowchart(procedure_id, lang())

    @env.macro
    def draft_notice(procedure_id: str | None = None):
        return rule_tables.draft_notice(procedure_id, lang())

    @env.macro
    def severity_table():
        return rule_tables.severity_table(lang())

    @env.macro
    def priority_matrix():
        return rule_tables.priority_matrix(lang())

    @env.macro
    def time_limits_table(limit_ids: list[str] | None = None):
        return rule_tables.time_limits_table(limit_ids, lang())

    @env.macro
    def escalation_ladder():
        return rule_tables.escalation_ladder(lang())

    # Calculators answered in the browser by the rules package (Pyodide). A page holding one
    # whose values are a reference draft is marked as such in its title and H1 (hooks/provenance.py).
    def computes_with_service_levels():
        if widgets.values_status() == "reference-draft":
            env.page.meta["uses_draft_data"] = True

    @env.macro
    def deadline_calculator(limit_ids: list[str] | None = None):
        computes_with_service_levels()
        return widgets.deadline_calculator(lang(), url(), limit_ids)

    @env.macro
    def escalation_widget():
        computes_with_service_levels()
        return widgets.escalation_widget(lang(), url())

    # Quizzes from the question bank (questions/*.yml).
    # Records kept in the reader's browser: checklist runs and study progress.
    @env.macro
    def runs_page():
        return records.runs_page(lang(), url())

    @env.macro
    def study_progress():
        return records.study_page(lang(), url())

    @env.macro
    def quiz(section_id: str):
        return quizzes.quiz(section_id, lang(), url())

    @env.macro
    def quiz_trainer():
        return quizzes.trainer(lang(), url())

    @env.macro
    def quiz_exam():
        return quizzes.exam(lang(), url())

    # Editions: what changed (data/editions.yml and its snapshots, via handbook/editions.py).
    @env.macro
    def changes():
        return change_pages.changes_page(lang(), url())

    @env.macro
    def changed_since_read():
        return records.since_home(lang(), url())

    @env.macro
    def acknowledgements():
        return records.acknowledgements_page(lang(), url())

    @env.macro
    def edition_line():
        return change_pages.edition_line(lang())

    # What `make bench` measured (data/benchmarks.json): tables and an SVG chart per part.
    @env.macro
    def benchmarks(part: str):
        return benchmark_pages.benchmarks(part, lang())


def on_post_page_macros(env):
    """Glossary tooltips on the first use of each term in a page."""
    env.markdown = tooltips.annotate(env.markdown, page_language(env.page))


def on_post_build(env):
    """The build log says how many flowcharts were drawn and how many came from the cache
    (once per language build: mkdocs-static-i18n builds English as a nested build)."""
    stats = flowcharts.STATS
    if stats["drawn"] or stats["cached"]:
        flowcharts.log.info("flowcharts: %d drawn, %d from the cache (node_modules/.cache/handbook-flowcharts/)",
                            stats["drawn"], stats["cached"])
    stats.update(drawn=0, cached=0)
