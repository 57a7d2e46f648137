"""Every label of data/labels.yml loads whole, in both languages, and renders as written.

An unquoted value in a YAML flow mapping ends at its first ", ": `{en: Likely, though …}`
once loaded as "Likely" with a stray key "though …". The loader refuses that (naming the
line), each label's text is the text its line holds, and pages show the labels whole."""
from __future__ import annotations

import re

import pytest
import yaml

from handbook.data_files import DATA, DataFileError, _compose_and_load
from handbook.labels import LANGS, all_labels, check_labels, label
from site_pages import DOCS, built_path, read_built

_ONE_LINE = re.compile(r"^\s*(?:[\w-]+|\"[\w-]+\"): \{zh: (?P<zh>.*), en: (?P<en>.*)\}\s*$")


def _check(text: str) -> None:
    check_labels(_compose_and_load(text)[0], "data/labels.yml")


def test_a_label_cut_at_a_comma_fails_with_its_line():
    text = "certainty_help:\n  sure: {zh: 确定, en: Sure}\n  likely: {zh: 很可能, en: The most likely reading, though not the only one.}\n"
    with pytest.raises(DataFileError) as err:
        _check(text)
    message = str(err.value)
    assert message.startswith("data/labels.yml:3: certainty_help.likely: unexpected key 'though not the only one.'")
    assert "quoted" in message
    _check(text.replace("en: The most likely reading, though not the only one.",
                        'en: "The most likely reading, though not the only one."'))


@pytest.mark.parametrize("text, expected", [
    ("a: {zh: 是}\n", "data/labels.yml:1: a: no 'en' text"),
    ("a: {zh: 是, en: yes}\n", "data/labels.yml:1: a.en: expected text, got 'yes' (quote it)"),
    ("a: {zh: 是, en: Here, fr: Ici}\n", "data/labels.yml:1: a: unexpected key 'fr' beside zh and en"),
    ("a:\n  b: just words\n", "data/labels.yml:2: a.b: expected a label"),
])
def test_a_malformed_label_names_line_and_path(text, expected):
    with pytest.raises(DataFileError, match=re.escape(expected)):
        _check(text)


def test_every_label_is_the_whole_text_of_its_line():
    """Each one-line label, read again in block context (where a comma ends nothing), gives the
    text the loader gives: nothing was cut."""
    labels = all_labels()
    lines = (DATA / "labels.yml").read_text(encoding="utf-8").splitlines()
    by_text = {(v["zh"], v["en"]) for v in labels.values()}
    checked = 0
    for number, line in enumerate(lines, 1):
        m = _ONE_LINE.match(line)
        if not m:
            continue
        zh, en = (yaml.safe_load(f"x: {m.group(lang)}\n")["x"] for lang in LANGS)
        assert (zh, en) in by_text, f"data/labels.yml:{number}: loads as something else than {zh!r} / {en!r}"
        checked += 1
    assert checked == sum(line.count("{zh:") for line in lines) and checked >= 400


def test_every_label_has_text_in_both_languages():
    for path, texts in all_labels().items():
        for lang in LANGS:
            assert isinstance(texts[lang], str) and texts[lang].strip(), (path, lang)
            assert label(path, lang) == texts[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_the_labels_once_cut_at_a_comma_show_whole_on_their_pages(built_site, lang):
    restorations = read_built(built_path(DOCS / "restorations.md", lang)).text()
    assert label("certainty_help.likely", lang) in restorations
    benchmarks = read_built(built_path(DOCS / "benchmarks.md", lang))
    headers = [th.get_text(" ", strip=True) for th in benchmarks.article.select("th")]
    assert label("benchmarks.page_kb", lang) in headers
