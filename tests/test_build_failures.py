"""Broken content fails `mkdocs build --strict` with a message that names the file."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_pages import ROOT

PROJECT = ["mkdocs.yml", "docs", "data", "macros", "scripts", "overrides"]


@pytest.fixture
def project_copy(tmp_path) -> Path:
    for name in PROJECT:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


def build(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "out")],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


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
