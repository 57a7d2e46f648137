"""Procedure files validate against the schema; each invalid case is named precisely."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.data_files import DataFileError, parse
from handbook.data_files import load_procedure, service_levels
from handbook.procedures import Procedure
from site_pages import DOCS, ROOT

CHECKLISTS = sorted((ROOT / "checklists").glob("*.yml"))
GOOD = (ROOT / "checklists" / "equipment-room-work.yml").read_text(encoding="utf-8")


def _load(text: str) -> Procedure:
    limits = {t.id for t in service_levels().time_limits}
    return parse(text, Procedure, "checklists/x.yml", context={"time_limits": limits})


def _error(text: str) -> str:
    with pytest.raises(DataFileError) as err:
        _load(text)
    return str(err.value)


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [i for i, l in enumerate(text.splitlines(), 1) if needle in l]
    return lines[occurrence - 1]


@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.name)
def test_procedure_files_validate(path: Path):
    assert load_procedure(path).id == path.stem


@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.name)
def test_every_clause_link_resolves_in_both_languages(path: Path):
    procedure = parse(path.read_text(encoding="utf-8"), Procedure, path.name)
    clauses = [procedure.source.clause] + [s.clause for s in procedure.steps]
    for clause in filter(None, clauses):
        page, anchor = clause.split("#")
        for doc in (DOCS / page, DOCS / page.replace(".md", ".en.md")):
            assert re.search(r"\{\s*#" + re.escape(anchor) + r"\s*\}", doc.read_text(encoding="utf-8")), \
                f"{path.name}: {clause} has no anchor in {doc.relative_to(DOCS)}"


# (what to break, the line the error must point at and which occurrence of it, the message)
INVALID = {
    "unknown step reference": (("next: stay-on-duty", "next: stay-on-site"), ("next: stay-on-site", 1),
                               "steps.6.branches.0.next: unknown step 'stay-on-site'"),
    "duplicate step id": (("- id: return-borrowed", "- id: clean-up"), ("- id: clean-up", 2),
                          "steps.9.id: duplicate step id 'clean-up' (first at steps.8)"),
    "missing language": ((', en: "Take anti-static measures before handling equipment hardware."', ""),
                         ("操作设备硬件时采取防静电措施", 1), "steps.3.text.en: Field required"),
    "unknown time limit": (("    role: engineer\n    clause: conduct/equipment-room.md#room-antistatic",
                            "    role: engineer\n    time_limit: within-an-hour\n    clause: conduct/equipment-room.md#room-antistatic"),
                           ("time_limit: within-an-hour", 1),
                           "steps.3.time_limit: unknown time limit 'within-an-hour'; expected an id of data/service_levels.yml time_limits"),
    "unknown role": (("role: room-supervisor", "role: supervisor"), ("role: supervisor", 1),
                     "steps.5.role: unknown role 'supervisor'; expected one of ['engineer', 'duty-staff', 'room-supervisor']"),
    "sign-off by an unknown role": (("  role: duty-staff\n  clause:", "  role: customer\n  clause:"), ("role: customer", 1),
                                    "sign_off.role: unknown role 'customer'; expected one of ['engineer', 'duty-staff', 'room-supervisor']"),
    "sign-off statement missing a language": (('en: "I am one of the equipment-room duty staff on shift, and I confirm that the engineer told me when they left the equipment room."', ""),
                                              ("本人为机房值班人员", 1), "sign_off.statement.en: Field required"),
    "sign-off of a V4 procedure without its clause": (("  clause: conduct/equipment-room.md#room-entry\n  statement", "  statement"),
                                                      ("  role: duty-staff", 1), "sign_off.clause: missing; a procedure on a V4 clause names the clause"),
    "sign-off with a field the schema does not know": (("  role: duty-staff\n", "  role: duty-staff\n  by: customer\n"), ("by: customer", 1),
                                                       "sign_off.by: Extra inputs are not permitted"),
}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_procedure_is_rejected_with_file_line_and_field(case):
    (old, new), (marker, occurrence), expected = INVALID[case]
    bad = GOOD.replace(old, new)
    assert bad != GOOD, "the edit must change the file"
    message = _error(bad)
    assert f"checklists/x.yml:{_line_of(bad, marker, occurrence)}: {expected}" in message


def test_branch_that_never_reaches_an_end():
    # stay-on-duty loops back to the fault question, and "no fault" loops too: no way out.
    bad = GOOD.replace("next: clean-up", "next: stay-on-duty").replace(
        "    text: {zh: 在现场值班", "    branches: [{when: {zh: 仍有故障, en: Still faulty}, next: fault-affects-operation}]\n    text: {zh: 在现场值班")
    message = _error(bad)
    # No step can reach the end now; the first one is reported, at its line.
    assert f"checklists/x.yml:{_line_of(bad, '- id: enter-with-consent')}: steps.0: " in message
    assert "from step 'enter-with-consent' no path reaches an end step" in message


def test_source_needs_clause_or_draft_basis():
    message = _error(GOOD.replace("source: {clause: conduct/equipment-room.md#equipment-room}", "source: {}"))
    assert "source: give either `clause`" in message


def test_unsupported_schema_version():
    message = _error(GOOD.replace("schema_version: 1", "schema_version: 2"))
    assert "schema_version: Input should be less than or equal to 1" in message


def test_steps_follow_in_file_order_unless_they_branch():
    procedure = _load(GOOD)
    ids = [s.id for s in procedure.steps]
    assert [ids[i] for i in procedure.successors(0)] == ["bring-items"]
    assert [ids[i] for i in procedure.successors(ids.index("removable-media-needed"))] == \
        ["removable-media-consent", "fault-affects-operation"]
    assert procedure.successors(len(ids) - 1) == []


def test_file_name_and_id_must_agree(tmp_path):
    path = tmp_path / "other-name.yml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_procedure(path)
    assert "id: 'equipment-room-work' must equal the file name 'other-name'" in str(err.value)
