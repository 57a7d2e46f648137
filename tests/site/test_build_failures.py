"""Broken content fails `mkdocs build --strict` with a message that names the file."""
from __future__ import annotations

import pytest

from scripts.project_copy import build


def test_the_copy_builds_cleanly(project_copy):
    result = build(project_copy)
    assert result.returncode == 0, result.stderr[-2000:]


def test_broken_anchor_fails_the_build_naming_the_page(project_copy):
    page = project_copy / "docs" / "conduct" / "office.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[首问负责制](first-contact.md#no-such-clause)\n", encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert "conduct/office.md" in result.stderr and "#no-such-clause" in result.stderr


def test_glossary_entry_without_english_fails_the_build_naming_file_and_line(project_copy):
    glossary = project_copy / "data" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8").replace("    en: cutover\n", "", 1)
    glossary.write_text(text, encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.strip() == "- zh: 割接")
    assert f"data/glossary.yml:{line}: terms." in result.stderr and ".en: Field required" in result.stderr


def test_procedure_with_an_unknown_step_fails_the_build_naming_file_and_line(project_copy):
    path = project_copy / "checklists" / "equipment-room-work.yml"
    text = path.read_text(encoding="utf-8").replace("next: clean-up", "next: clean-up-room")
    path.write_text(text, encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "next: clean-up-room" in l)
    assert f"checklists/equipment-room-work.yml:{line}: steps.6.branches.1.next: unknown step 'clean-up-room'" in result.stderr


def test_a_page_naming_a_missing_procedure_fails_the_build(project_copy):
    page = project_copy / "docs" / "conduct" / "office.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ checklist("no-such-procedure") }}\n', encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert "no procedure 'no-such-procedure' in checklists/" in result.stderr


def test_a_bad_holiday_notice_fails_the_build_naming_file_line_and_field(project_copy):
    from holiday_fixture import FIXTURE

    # A notice whose makeup day falls on a Monday (the fictional fixture year, entered wrong).
    text = FIXTURE.read_text(encoding="utf-8").replace("makeup: [2031-09-28,", "makeup: [2031-09-29,")
    (project_copy / "data" / "holiday_notices.yml").write_text(text, encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "2031-09-29" in l)
    assert (f"data/holiday_notices.yml:{line}: notices.0.holidays.1.makeup.0: 2031-09-29 is a Monday; "
            "a makeup working day is a Saturday or Sunday") in result.stderr


def test_a_notice_year_changes_the_pages_with_no_code_change(project_copy):
    from holiday_fixture import FIXTURE

    (project_copy / "data" / "holiday_notices.yml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    result = build(project_copy)
    assert result.returncode == 0, result.stderr[-2000:]
    html = (project_copy / "out" / "tools" / "index.html").read_text(encoding="utf-8")
    assert "测试〔2030〕1号" in html  # the notice goes to the calculator with its data (data-notices)
    assert "2026 年官方通知" not in html and "2031 年官方通知" in html  # the coverage line names it


def test_a_label_the_flowchart_cannot_draw_fails_the_build_naming_file_and_step(project_copy):
    path = project_copy / "checklists" / "equipment-room-work.yml"
    text = path.read_text(encoding="utf-8")
    old = "text: {zh: 操作设备硬件时采取防静电措施。, en: \"Take anti-static measures before handling equipment hardware.\"}"
    assert old in text
    path.write_text(text.replace(old, "text: {zh: 防静电, en: \"See https://intranet.example/a-very-long-address/that-no-line-can-hold\"}"),
                    encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert "checklists/equipment-room-work.yml: steps." in result.stderr and "(anti-static)" in result.stderr
    assert "wider than the diagram's column" in result.stderr


@pytest.mark.parametrize("photo, error", [
    ("{need: always, caption: {zh: 现场, en: Site}}",
     "steps.8.photo.need: step 'clean-up' has need 'always'; expected one of optional, required"),
    ("required",
     "steps.8.photo: step 'clean-up' has photo 'required'; expected {need: optional | required, caption: {zh: …, en: …}}"),
])
def test_a_bad_photo_on_a_step_fails_the_build_naming_file_line_step_and_the_values(project_copy, photo, error):
    path = project_copy / "checklists" / "equipment-room-work.yml"
    text = path.read_text(encoding="utf-8")
    old = next(l for l in text.splitlines() if l.strip().startswith("photo: {need: required"))
    text = text.replace(old, "    photo: " + photo)
    path.write_text(text, encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l == "    photo: " + photo)
    assert f"checklists/equipment-room-work.yml:{line}: {error}" in result.stderr


def test_a_sign_off_by_a_role_the_procedure_lacks_fails_the_build_naming_file_line_and_the_roles(project_copy):
    path = project_copy / "checklists" / "equipment-room-work.yml"
    text = path.read_text(encoding="utf-8").replace("  role: duty-staff\n  clause:", "  role: customer\n  clause:", 1)
    path.write_text(text, encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l == "  role: customer")
    assert (f"checklists/equipment-room-work.yml:{line}: sign_off.role: unknown role 'customer'; "
            "expected one of ['engineer', 'duty-staff', 'room-supervisor']") in result.stderr
