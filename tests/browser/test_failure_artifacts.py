"""A failing browser test leaves what a person needs (failure_artifacts.py): run here on tests
that fail on purpose, in a pytest of their own with this folder's conftest, so this suite
stays green."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# The fixtures of tests/conftest.py and tests/browser/conftest.py, as conftest files one
# folder up would give them.
CONFTEST = textwrap.dedent(f"""
    import importlib.util

    def _load(name, path):
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return {{k: v for k, v in vars(module).items() if not k.startswith("__")}}

    globals().update(_load("tests_conftest", {str(ROOT / "tests" / "conftest.py")!r}))
    globals().update(_load("browser_conftest", {str(HERE / "conftest.py")!r}))
""")

FAILING = textwrap.dedent("""
    def test_offline_fails(browser, context_options, site_url):
        context = browser.new_context(**context_options, service_workers="allow")
        page = context.new_page()
        page.goto(site_url + "/en/")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)
        page.evaluate("() => console.log('said by the page')")
        page.evaluate("() => fetch('missing-file.txt')")
        assert page.locator("h1").inner_text() == "not the title"

    def test_own_context_closed_in_finally_fails(browser, context_options, site_url):
        context = browser.new_context(**context_options, service_workers="block")
        try:
            page = context.new_page()
            page.goto(site_url + "/en/preface/")
            page.evaluate("() => console.warn('a warning before the end')")
            assert False, "on purpose"
        finally:
            context.close()

    def test_passes(phone, site_url):
        page = phone.new_page()
        page.goto(site_url + "/en/")
""")


def test_a_failing_test_leaves_screenshots_console_requests_and_the_workers_status(tmp_path, built_site):
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_on_purpose.py").write_text(FAILING, encoding="utf-8")
    artifacts = tmp_path / "artifacts"
    env = {**os.environ, "HANDBOOK_TEST_ARTIFACTS": str(artifacts),
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests"), str(HERE)])}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
                          str(tmp_path / "test_on_purpose.py")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 failed, 1 passed" in run.stdout, run.stdout
    assert sorted(p.name for p in artifacts.iterdir()) == [
        "test_on_purpose.py_test_offline_fails", "test_on_purpose.py_test_own_context_closed_in_finally_fails"]

    offline = artifacts / "test_on_purpose.py_test_offline_fails"
    assert (offline / "page-1.png").read_bytes().startswith(b"\x89PNG")
    assert "said by the page" in (offline / "console.txt").read_text(encoding="utf-8")
    assert "/en/missing-file.txt: HTTP 404" in (offline / "requests.txt").read_text(encoding="utf-8")
    assert "not the title" in (offline / "failure.txt").read_text(encoding="utf-8")
    [status] = json.loads((offline / "sw-status.json").read_text(encoding="utf-8")).values()
    assert status["type"] == "status" and status["tiers"]["text"]["missing"] == 0

    closed = artifacts / "test_on_purpose.py_test_own_context_closed_in_finally_fails"
    assert (closed / "page-1.png").read_bytes().startswith(b"\x89PNG")
    assert "warning: a warning before the end" in (closed / "console.txt").read_text(encoding="utf-8")
    assert not (closed / "sw-status.json").exists()  # service workers blocked: nothing to ask
