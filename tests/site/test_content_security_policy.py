"""The Content-Security-Policy allows no inline script or style (hooks/content_security_policy.py):
every built page holds nothing it would block and carries the policy as a <meta>; a build that
adds something the policy would block fails, naming the page and what to do."""
from __future__ import annotations

import re

import pytest

from hooks import content_security_policy as csp
from scripts.project_copy import build
from site_pages import SITE

PAGES = sorted(SITE.rglob("*.html"))
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_both_nginx_configs_send_one_strict_policy():
    policy = csp.site_policy()
    rules = csp.directives(policy)
    assert rules["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert rules["style-src"] == ["'self'"]
    assert not any("'unsafe-inline'" in values or "'unsafe-eval'" in values for values in rules.values())
    assert rules["object-src"] == ["'none'"] and rules["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(SITE).as_posix())
def test_every_page_holds_nothing_the_policy_blocks_and_carries_it(built_site, page):
    html = page.read_text(encoding="utf-8")
    assert csp.refusals(html, csp.site_policy()) == []
    [meta] = META.findall(html)
    assert meta == csp.meta_policy(csp.site_policy()).replace("'", "&#x27;")
    assert "frame-ancestors" not in meta  # a header-only directive: ignored, with a warning, in a <meta>
    # First thing after the charset: before any script or stylesheet.
    head = html[:html.index("</head>")]
    assert head.index("Content-Security-Policy") < min(head.find("<script") % len(head), head.find("<link") % len(head))


def test_the_policy_refuses_inline_scripts_handlers_and_styles_and_names_the_hash():
    policy = csp.site_policy()
    html = ('<html><head><script>alert(1)</script><script type="application/json">{"a": 1}</script></head>'
            '<body><button onclick="go()">x</button><p style="color:red">y</p></body></html>')
    problems = csp.refusals(html, policy)
    assert len(problems) == 3, problems
    assert problems[0].startswith("an inline script ('alert(1)'): make it a file, or add 'sha256-")
    assert csp.script_hash("alert(1)") in problems[0]
    assert "onclick" in problems[1] and 'style="color:red"' in problems[2]
    # A script whose hash the policy lists is allowed.
    allowed = policy.replace("script-src 'self'", f"script-src 'self' {csp.script_hash('alert(1)')}")
    assert len(csp.refusals(html, allowed)) == 2


def test_a_build_that_adds_an_inline_script_fails_naming_the_page_and_its_hash(project_copy):
    page = project_copy / "docs" / "conduct" / "office.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<script>window.injected = 1</script>\n", encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    # The page itself, or the print-all page that holds it, whichever is built first.
    assert re.search(r"(conduct/office|print)\.md: the Content-Security-Policy would block an inline script"
                     r" \('window\.injected = 1'\): make it a file, or add 'sha256-", result.stderr), result.stderr[-1500:]
    assert csp.script_hash("window.injected = 1") in result.stderr


def test_configs_that_disagree_fail_the_build(project_copy):
    conf = project_copy / "deploy" / "nginx" / "handbook-subpath.conf"
    conf.write_text(conf.read_text(encoding="utf-8").replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"),
                    encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0 and "send different Content-Security-Policy headers" in result.stderr
