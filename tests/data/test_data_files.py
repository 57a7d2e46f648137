"""Data files are validated; bad data fails with the file, line, field and what was expected."""
from __future__ import annotations

import pytest

from handbook.data_files import DATA, DataFileError, load, parse, read_front_matter
from handbook.sections import section_status
from handbook.models import Glossary, Handbook, PageMeta, RestorationRecord
from site_pages import DOCS, en_twin, zh_sources


def test_the_real_data_files_validate():
    assert len(load("glossary.yml", Glossary).terms) >= 14
    book = load("handbook.yml", Handbook)
    assert len(book.chapters) == 3
    assert len(book.sections()) == 33
    assert [len(c.sections) for c in book.chapters] == [8, 7, 18]
    load("restorations.yml", RestorationRecord)


def test_glossary_entry_without_english_names_file_line_and_field():
    bad = "terms:\n  - zh: 机房\n    en: equipment room\n    definition: {zh: 房间}\n"
    with pytest.raises(DataFileError) as err:
        parse(bad, Glossary, "data/glossary.yml")
    message = str(err.value)
    assert "data/glossary.yml:4" in message
    assert "terms.0.definition.en" in message
    assert "Field required" in message


def test_glossary_entry_with_empty_chinese_is_rejected():
    bad = "terms:\n  - zh: ''\n    en: equipment room\n    definition: {zh: 房间, en: room}\n"
    with pytest.raises(DataFileError, match=r"data/glossary.yml:2: terms.0.zh: String should have at least 1 character"):
        parse(bad, Glossary, "data/glossary.yml")


def test_duplicate_glossary_term_is_rejected():
    entry = "  - zh: 机房\n    en: equipment room\n    definition: {zh: 房间, en: room}\n"
    with pytest.raises(DataFileError, match="duplicate zh term '机房'"):
        parse("terms:\n" + entry + entry, Glossary, "data/glossary.yml")


def test_unknown_certainty_names_the_allowed_values():
    text = (DATA / "restorations.yml").read_text(encoding="utf-8").replace("certainty: likely", "certainty: maybe", 1)
    with pytest.raises(DataFileError) as err:
        parse(text, RestorationRecord, "data/restorations.yml")
    assert "certainty: Input should be 'sure', 'likely' or 'uncertain'" in str(err.value)
    line = int(str(err.value).split(":")[1])
    assert "certainty: maybe" in text.splitlines()[line - 1]


def test_unknown_restoration_kind_is_rejected():
    text = (DATA / "restorations.yml").read_text(encoding="utf-8").replace("kind: script-gap", "kind: typo", 1)
    with pytest.raises(DataFileError, match="kind 'typo' is not one of the kinds"):
        parse(text, RestorationRecord, "data/restorations.yml")


def test_malformed_yaml_names_the_line():
    with pytest.raises(DataFileError, match=r"data/glossary.yml:2: not valid YAML"):
        parse("terms:\n\t- zh: 机房\n", Glossary, "data/glossary.yml")


def test_duplicate_section_id_is_rejected():
    text = (DATA / "handbook.yml").read_text(encoding="utf-8").replace("id: site-survey", "id: contract-review")
    with pytest.raises(DataFileError, match="duplicate section id 'contract-review'"):
        parse(text, Handbook, "data/handbook.yml")


@pytest.mark.parametrize("page", [*zh_sources(), *map(en_twin, zh_sources())], ids=lambda p: str(p.relative_to(DOCS)))
def test_every_page_declares_valid_front_matter(page):
    meta = read_front_matter(page)
    try:
        PageMeta.model_validate(meta)
    except Exception as err:  # the message names the page
        pytest.fail(f"{page.relative_to(DOCS)}: front matter invalid: {err}")


@pytest.mark.parametrize("page", [*zh_sources(), *map(en_twin, zh_sources())], ids=lambda p: str(p.relative_to(DOCS)))
def test_start_python_only_where_there_is_a_calculator(page):
    """`start_python: true` starts the calculators' Python as the page loads: on a page
    without one it would download Python for nothing."""
    if PageMeta.model_validate(read_front_matter(page)).start_python:
        text = page.read_text(encoding="utf-8")
        assert "deadline_calculator(" in text or "escalation_widget(" in text, page.relative_to(DOCS)


def test_start_python_is_a_yes_or_no():
    meta = {"title": "t", "section": "tools", "status": "site", "owner": "o", "last_reviewed": "2026-01-01"}
    assert PageMeta.model_validate(meta).start_python is False
    with pytest.raises(ValueError, match="start_python"):
        PageMeta.model_validate({**meta, "start_python": "at once"})


def test_section_status_comes_from_the_page():
    pages = {"a.md": "converted", "b.md": "reference-draft", "c.md": "site"}
    assert section_status(None, pages) == "not-in-source"
    assert section_status("a.md", pages) == "converted"
    assert section_status("b.md", pages) == "reference-draft"
    with pytest.raises(ValueError, match="'c.md' has status 'site'"):
        section_status("c.md", pages)
    with pytest.raises(ValueError, match="'missing.md' does not exist"):
        section_status("missing.md", pages)
