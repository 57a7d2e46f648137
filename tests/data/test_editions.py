"""Editions: the comparison of two snapshots, the diff of a clause's text, and the checks on
data/editions.yml and the snapshot files (handbook/editions.py, handbook/change_diff.py)."""
from __future__ import annotations

import json

import pytest

from handbook.change_diff import diff_html, diff_ops
from handbook.data_files import DataFileError, parse
from handbook.editions import Editions, compare, current_snapshot, dump_snapshot, fingerprint, history, read_snapshot

WORDS = {"deleted": "[deleted: ", "inserted": "[added: ", "end": "]"}


def item(text, status="converted", container="p.md", position=0, order=0):
    return {"kind": "clause", "text": {"zh": text, "en": text}, "status": status, "container": container,
            "position": position, "page": "p.md", "anchor": "a", "sections": [], "group": {"zh": "g", "en": "g"},
            "cite": {"zh": "c", "en": "c"}, "order": order}


def test_compare_finds_added_removed_changed_and_provenance_first():
    old = {"clause:a": item("甲", order=1), "clause:b": item("乙", order=2), "clause:c": item("丙", "reference-draft", order=3)}
    new = {"clause:a": item("甲改", order=1), "clause:c": item("丙", "converted", order=3), "clause:d": item("丁", order=4)}
    changes = compare(old, new)
    assert [(c["key"], c["kind"]) for c in changes] == [
        ("clause:c", "changed"), ("clause:a", "changed"), ("clause:b", "removed"), ("clause:d", "added")]
    c, a = changes[0], changes[1]
    assert c["status"] and not c["text"] and a["text"] and not a["status"]


def test_compare_names_only_the_step_that_moved():
    old = {f"step:p/{k}": item(k, container="p", position=i, order=i) for i, k in enumerate("abcde")}
    new = {f"step:p/{k}": item(k, container="p", position=i, order=i) for i, k in enumerate("abdce")}
    new["step:p/d"]["position"], new["step:p/c"]["position"] = 2, 3
    moved = [c["key"] for c in compare(old, new)]
    assert len(moved) == 1 and moved[0] in ("step:p/c", "step:p/d")
    assert all(c["moved"] and not c["text"] for c in compare(old, new))


def test_a_clause_moved_to_another_section_is_moved():
    old = {"clause:x": item("x", container="p.md#one")}
    new = {"clause:x": item("x", container="p.md#two")}
    (change,) = compare(old, new)
    assert change["moved"] and change["kind"] == "changed" and not change["text"]


def test_identical_snapshots_have_no_changes_and_one_fingerprint():
    snap = {"clause:a": item("甲")}
    assert compare(snap, snap) == []
    assert fingerprint([]) == fingerprint([])
    one = compare(snap, {"clause:a": item("乙")})
    other = compare(snap, {"clause:a": item("丙")})
    assert len(fingerprint(one)) == 64 and fingerprint(one) != fingerprint(other)


def test_chinese_is_compared_character_by_character():
    assert diff_ops("先恢复业务，再查根因。", "先恢复服务，再查根因。", "zh") == [
        ("same", "先恢复"), ("del", "业"), ("ins", "服"), ("same", "务，再查根因。")]


def test_english_is_compared_word_by_word():
    ops = diff_ops("Call the customer within 15 minutes.", "Call the customer within 30 minutes.", "en")
    assert ops == [("same", "Call the customer within "), ("del", "15"), ("ins", "30"), ("same", " minutes.")]
    # A changed letter changes the whole word, never part of it.
    assert ("del", "owner") in diff_ops("the owner stays", "the owners stays", "en")


def test_diff_html_labels_each_change_in_words_and_escapes_text():
    html = diff_html("a <b> c", "a <i> c", "en", WORDS)
    assert "<del><span class=\"hb-visually-hidden\">[deleted: </span>b<span" in html
    assert "<ins><span class=\"hb-visually-hidden\">[added: </span>i<span" in html
    assert "&lt;" in html and "<b>" not in html


def editions_yaml(*entries: str) -> str:
    return "editions:\n" + "".join(entries)


def entry(eid, date, removed=""):
    return (f"  - id: \"{eid}\"\n    date: {date}\n    title: {{zh: 标题, en: Title}}\n"
            f"    summary: {{zh: 摘要。, en: Summary.}}\n" + (f"    removed: [{removed}]\n" if removed else ""))


def test_two_editions_with_one_id_are_refused_by_line_and_field():
    text = editions_yaml(entry("a", "2026-01-01"), entry("a", "2026-02-01"))
    with pytest.raises(DataFileError, match=r"data/editions.yml:6: editions.1.id: 'a' is already the id of edition 1"):
        parse(text, Editions, "data/editions.yml")


def test_out_of_order_dates_are_refused_by_line_and_field():
    text = editions_yaml(entry("a", "2026-03-01"), entry("b", "2026-02-01"))
    with pytest.raises(DataFileError, match=r"data/editions.yml:7: editions.1.date: 2026-02-01 is before 2026-03-01"):
        parse(text, Editions, "data/editions.yml")


def test_a_bad_field_is_named_with_its_line():
    text = editions_yaml(entry("a", "2026-03-01").replace("en: Title", "fr: Title"))
    with pytest.raises(DataFileError, match=r"data/editions.yml:4: editions.0.title.en: Field required"):
        parse(text, Editions, "data/editions.yml")


def test_an_unknown_removed_id_is_refused_by_line_and_field():
    text = editions_yaml(entry("a", "2026-01-01"), entry("b", "2026-02-01", "\"clause:no.md#such\""))
    context = {"snapshots": {"a": {"clause:x"}}, "current": {"clause:x"}}
    with pytest.raises(DataFileError, match=r"data/editions.yml:10: editions.1.removed.0: 'clause:no.md#such' is not an id"):
        parse(text, Editions, "data/editions.yml", context=context)


def test_an_id_gone_without_being_recorded_fails_naming_it():
    text = editions_yaml(entry("a", "2026-01-01"))
    context = {"snapshots": {"a": {"clause:x", "step:p/s"}}, "current": {"clause:x"}}
    with pytest.raises(DataFileError, match=r"editions: step:p/s of edition 'a' is gone from the current text"):
        parse(text, Editions, "data/editions.yml", context=context)
    # Recorded under the edition being prepared, the removal passes.
    text = editions_yaml(entry("a", "2026-01-01"), entry("b", "2026-02-01", "\"step:p/s\""))
    parse(text, Editions, "data/editions.yml", context=context)


def test_a_snapshot_that_is_not_json_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"edition": "x",\n "items": {,}}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"x.json:2: not valid JSON"):
        read_snapshot(path)
    good = json.loads(dump_snapshot("x", {"clause:a": item("甲")}))
    del good["items"]["clause:a"]["status"]
    path.write_text(json.dumps(good, indent=1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"x.json:\d+: items.clause:a.status: missing"):
        read_snapshot(path)


def test_the_first_edition_snapshots_every_kind_and_lists_no_changes():
    h = history()
    first = h["editions"][0]
    assert first["first"] and first["changes"] == []
    kinds = {item["kind"] for item in first["items"].values()}
    assert kinds == {"clause", "step", "limit", "term"}
    # Its text is the text of the ids the current pages still hold (a change is listed, never lost).
    current = current_snapshot()
    removed = {k for e in h["editions"][1:] for k in e["edition"].removed} | set(h["upcoming"].removed if h["upcoming"] else [])
    assert set(first["items"]) <= set(current) | removed


def test_make_edition_writes_a_deterministic_snapshot_and_refuses_an_unlisted_id(tmp_path, capsys):
    import shutil

    from handbook.__main__ import main
    from handbook.data_files import DATA
    from handbook.editions import write_snapshot

    shutil.copy(DATA / "editions.yml", tmp_path / "editions.yml")
    first = write_snapshot("2026-12", tmp_path).read_text(encoding="utf-8")
    assert write_snapshot("2026-12", tmp_path).read_text(encoding="utf-8") == first
    items = json.loads(first)["items"]
    assert list(items) == sorted(items) and json.loads(first)["edition"] == "2026-12"
    assert main(["edition", "no-such-edition"]) == 1
    assert "data/editions.yml: no edition 'no-such-edition'" in capsys.readouterr().err
