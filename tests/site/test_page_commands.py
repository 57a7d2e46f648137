"""Every command a built page shows runs as written, and answers what the page's calculator
answers: the same rules, the same service levels and holiday notices the page sends."""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from html import unescape

import pytest

from service_norms.__main__ import parser, request_from
from service_norms.browser import call
from site_pages import ROOT, SITE

COMMAND = re.compile(r"^python -m (?:service_norms|handbook) .+$", re.M)


def page_commands() -> list[tuple[str, str]]:
    found = []
    for page in sorted(SITE.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        for block in re.findall(r"<pre[^>]*>(.*?)</pre>", html, re.S):
            text = unescape(re.sub(r"<[^>]+>", "", block))
            found += [(page.relative_to(SITE).as_posix(), line.strip()) for line in COMMAND.findall(text)
                      for line in [line]]
    return found


def page_form_data(page: str) -> tuple[dict, list]:
    html = (SITE / page).read_text(encoding="utf-8")
    levels = re.search(r'data-levels="([^"]*)"', html).group(1)
    notices = re.search(r'data-notices="([^"]*)"', html).group(1)
    return json.loads(unescape(levels)), json.loads(unescape(notices))


def run(command: str) -> subprocess.CompletedProcess:
    argv = shlex.split(command)
    assert argv[:2] == ["python", "-m"]
    return subprocess.run([sys.executable, *argv[1:]], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_tools_pages_show_commands(built_site):
    pages = {page for page, _ in page_commands()}
    assert {"tools/index.html", "en/tools/index.html"} <= pages


@pytest.mark.parametrize("page,command", page_commands() or [("none", "none")])
def test_a_page_command_runs_as_written_and_gives_the_pages_answer(built_site, page, command):
    done = run(command)
    assert done.returncode == 0, f"{page}: `{command}` failed:\n{done.stderr}"
    assert "Traceback" not in done.stdout + done.stderr
    # The page's calculator, asked the same with the data the page sends.
    argv = shlex.split(command)[3:]
    ns = parser().parse_args(argv)
    levels, notices = page_form_data(page)
    expected = call(request_from(ns, levels, notices))
    assert expected["ok"]
    out = done.stdout.splitlines()
    for line in expected["text"]["summary"]:
        assert line in out, f"{page}: `{command}` does not say {line!r}"
    # Cited as the pages cite: the handbook's clause numbers, never a page#anchor.
    assert not re.search(r"\.md#", done.stdout), done.stdout
    as_json = run(command + " --json")
    assert as_json.returncode == 0, as_json.stderr
    answer = json.loads(as_json.stdout)
    assert answer["result"] == json.loads(json.dumps(expected["result"], ensure_ascii=False))


@pytest.mark.parametrize("argv", [["--lang", "en", "--json", "calendar"], ["calendar", "--lang", "en", "--json"],
                                  ["--json", "calendar", "--lang", "en"]])
def test_lang_and_json_go_before_or_after_the_sub_command(argv):
    done = subprocess.run([sys.executable, "-m", "service_norms", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["text"]["summary"][0].startswith("The holiday calendar covers up to ")


def test_the_rules_alone_cite_no_internal_anchor():
    """`python -m service_norms` knows no handbook: it cites nothing rather than a page#anchor
    (the pages show `python -m handbook`, which cites the clause numbers)."""
    done = subprocess.run([sys.executable, "-m", "service_norms", "escalate", "--severity", "major", "--elapsed", "300",
                           "--complaint"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert ".md#" not in done.stdout and "【" not in done.stdout
