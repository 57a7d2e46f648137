"""What a person needs to see when a browser test fails, written to test-artifacts/<test id>/.

Every browser context a test opens (the desktop and phone fixtures, and a test's own
browser.new_context or browser.new_page) is watched from the start: each page's console
messages and uncaught errors, and the requests that failed or were answered with an error.
When the test fails (setup, call or teardown), conftest.py's report hook writes, for that
test:

- page-<n>.png: a screenshot of each page still open (a context a test closes itself, in a
  `finally`, is shot as it closes while the failure is on its way up);
- console.txt: every page's console messages and page errors, in order, with the page's URL;
- requests.txt: failed requests (aborted, refused, offline) and responses of 400 and above;
- sw-status.json: for contexts that allow service workers (the offline tests), what the
  service worker says it holds (sw_status.py's {type: "status"} question), per page;
- failure.txt: the failure as pytest reports it.

The folder is `test-artifacts/` at the project root (HANDBOOK_TEST_ARTIFACTS overrides it),
emptied when a session starts; .ci/run prints its listing and console logs at the end.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sw_status import STATUS

ROOT = Path(__file__).resolve().parents[2]
# A status question the worker never answers must not hold the report up.
STATUS_WITHIN = "() => Promise.race([(" + STATUS + ")(), new Promise((ok) => setTimeout(() => ok('no answer within 5 s'), 5000))])"


def folder() -> Path:
    return Path(os.environ.get("HANDBOOK_TEST_ARTIFACTS") or ROOT / "test-artifacts")


@dataclass
class Watched:
    """One browser context of the running test and what it has seen so far."""
    context: object
    service_workers: bool
    pages: list = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    shots: dict[int, bytes] = field(default_factory=dict)  # taken as the context closed mid-failure
    statuses: dict[int, object] = field(default_factory=dict)
    closed: bool = False


class Recorder:
    """The contexts of the test that runs now (reset before each test's setup)."""

    def __init__(self) -> None:
        self.watched: list[Watched] = []

    def reset(self) -> None:
        self.watched = []

    def watch_browser(self, browser) -> None:
        """From now on, every context and page the browser makes is watched."""
        new_context, new_page = browser.new_context, browser.new_page

        def watched_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            self.watch(context, kwargs.get("service_workers", "allow") != "block")
            return context

        def watched_page(*args, **kwargs):
            page = new_page(*args, **kwargs)  # in a context of its own, closed with the page
            self.watch(page.context, kwargs.get("service_workers", "allow") != "block")._page(page)
            return page

        browser.new_context, browser.new_page = watched_context, watched_page

    def watch(self, context, service_workers: bool) -> "_Watch":
        w = Watched(context, service_workers)
        self.watched.append(w)
        watch = _Watch(w)
        context.on("page", watch._page)
        close = context.close

        def closing(*args, **kwargs):
            # A test that closes its own context in a `finally` does so while its failure is
            # on the way up: the pages are shot now, or never.
            if sys.exc_info()[1] is not None and not w.closed:
                watch.capture()
            w.closed = True
            return close(*args, **kwargs)

        context.close = closing
        return watch

    def write(self, nodeid: str, when: str, failure: str) -> Path:
        """Everything watched during the test `nodeid`, to its folder; never raises."""
        out = folder() / re.sub(r"[^\w.-]+", "_", nodeid).strip("_")[:150]
        out.mkdir(parents=True, exist_ok=True)
        with (out / "failure.txt").open("a", encoding="utf-8") as f:
            f.write(f"== {nodeid} failed in {when}\n{failure}\n")
        console, requests, statuses = [], [], {}
        n = 0
        for c, w in enumerate(self.watched, 1):
            if not w.closed:
                _Watch(w).capture()
            for i, page in enumerate(w.pages):
                n += 1
                shot = w.shots.get(i)
                if shot:
                    (out / f"page-{n}.png").write_bytes(shot)
                if w.service_workers and i in w.statuses:
                    statuses[f"context {c} page {i + 1}: {_url(page)}"] = w.statuses[i]
            console += [f"[context {c}] {line}" for line in w.console]
            requests += [f"[context {c}] {line}" for line in w.requests]
        (out / "console.txt").write_text("\n".join(console) + "\n", encoding="utf-8")
        (out / "requests.txt").write_text("\n".join(requests) + "\n", encoding="utf-8")
        if statuses:
            (out / "sw-status.json").write_text(json.dumps(statuses, indent=1, ensure_ascii=False), encoding="utf-8")
        return out


class _Watch:
    def __init__(self, w: Watched) -> None:
        self.w = w

    def _page(self, page) -> "_Watch":
        w = self.w
        if page in w.pages:
            return self
        w.pages.append(page)
        n = len(w.pages)
        page.on("console", lambda m: w.console.append(f"[page {n}] {m.type}: {m.text} ({_url(page)})"))
        page.on("pageerror", lambda e: w.console.append(f"[page {n}] uncaught: {e} ({_url(page)})"))
        page.on("requestfailed", lambda r: w.requests.append(f"[page {n}] {r.method} {r.url}: {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and w.requests.append(f"[page {n}] {r.request.method} {r.url}: HTTP {r.status}"))
        return self

    def capture(self) -> None:
        """Screenshots (and the service worker's status) of the pages still open."""
        w = self.w
        for i, page in enumerate(w.pages):
            if page.is_closed():
                continue
            try:
                w.shots[i] = page.screenshot(timeout=10_000)
            except Exception as err:  # a page mid-navigation or crashed: say so, go on
                w.console.append(f"[page {i + 1}] (no screenshot: {type(err).__name__}: {err})")
            if w.service_workers:
                try:
                    w.statuses[i] = page.evaluate(STATUS_WITHIN)
                except Exception as err:
                    w.statuses[i] = f"{type(err).__name__}: {err}"


def _url(page) -> str:
    try:
        return page.url
    except Exception:
        return "?"


def clear() -> None:
    """A session's artifacts replace the last session's."""
    shutil.rmtree(folder(), ignore_errors=True)
