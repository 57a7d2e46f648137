"""Many pages opened in a few tabs at once: a page's load is mostly waiting (for the network,
for Playwright's 0.5 s of network idle), and side by side the waits overlap."""
from __future__ import annotations

TABS = 3


def side_by_side(context, base_url: str, paths: list[str], state: str, tabs: list | None = None):
    """Yield (tab, path) for every path, in order, once its tab has reached `state` ("load",
    "networkidle") on it. `tabs`: pages of `context` already set up (e.g. with listeners);
    by default TABS new ones."""
    tabs = tabs or [context.new_page() for _ in range(TABS)]
    for start in range(0, len(paths), len(tabs)):
        batch = list(zip(tabs, paths[start:start + len(tabs)]))
        for tab, path in batch:
            tab.goto(base_url + path, wait_until="commit")
        for tab, path in batch:
            tab.wait_for_load_state(state)
            yield tab, path
