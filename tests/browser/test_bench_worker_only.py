"""The benchmark's empty page (bench/worker_only.py): the calculator's rules worker alone must
answer as the rules do, and leave the service worker caching the calculators as the tools page
does, or its time would be the floor of something else."""
from __future__ import annotations

import json

import pytest

from bench.widget import deadline_request
from bench.worker_only import PAGE_NAME, worker_only_root
from scripts.local_browser import guard_offsite, serve
from service_norms.browser import answer as cpython_answer
from sw_status import wait_until_cached

pytestmark = pytest.mark.browser


def test_the_empty_page_answers_like_cpython_and_caches_the_calculators(browser, context_options, built_site, tmp_path,
                                                                         offsite_requests):
    request, _ = deadline_request(built_site)
    server, base = serve(worker_only_root(tmp_path, built_site, request))
    context = browser.new_context(**context_options, service_workers="allow")
    guard_offsite(context, offsite_requests)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/{PAGE_NAME}")
        page.wait_for_function("() => document.querySelector('#answer').textContent", timeout=60_000)
        shown = page.locator("#answer").text_content()
        assert json.loads(shown)["ok"] is True, shown
        assert shown == cpython_answer(request)
        # After the answer, as keepCalculatorsOffline() does: the service worker caches them all.
        page.wait_for_function("() => navigator.serviceWorker.controller", timeout=30_000)
        wait_until_cached(page, "calculators", timeout_ms=30_000)
        assert not errors, errors
        assert not offsite_requests, offsite_requests
    finally:
        context.close()
        server.shutdown()
