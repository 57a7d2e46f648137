"""MkDocs hook: every page carries the site's Content-Security-Policy, and the build fails on
anything in a page that the policy would block.

The policy is the one `deploy/nginx/handbook.conf` sends (its `add_header
Content-Security-Policy` line; `handbook-subpath.conf` must send the same). It allows no inline
script and no inline style: every script of ours and of Material's is a file
(overrides/main.html, overrides/partials/javascripts/), and styles live in the stylesheets. An
inline script can still be allowed by adding its hash to `script-src`, never `'unsafe-inline'`.

For each page this hook
- checks what the policy would refuse: an inline `<script>` (JavaScript; JSON data islands
  such as Material's `__config` are data) whose `'sha256-…'` is not in `script-src`, an inline
  event handler (`onclick="…"`), a `style="…"` attribute or `<style>` element. The build fails
  naming the page, the element and what to do, so a page never ships what its readers' browsers
  would silently refuse;
- puts the policy in the page as `<meta http-equiv="Content-Security-Policy">`, first in the
  head, for hosts that cannot send headers (`make serve`, a file share behind a plain web
  server). A meta policy cannot say `frame-ancestors`; nginx's header does. With both, the
  browser enforces both, and they are the same.

SECURITY.md says what the policy protects against and what it cannot.
"""
from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = [ROOT / "deploy" / "nginx" / "handbook.conf", ROOT / "deploy" / "nginx" / "handbook-subpath.conf"]
_HEADER = re.compile(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"\s+always;', re.M)
# Directives a <meta> policy may not carry (the browser ignores them there, with a warning).
HEADER_ONLY = {"frame-ancestors", "report-uri", "report-to", "sandbox"}
# <script type> values that run as JavaScript; anything else (application/json …) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def policy_of(config: Path) -> str:
    found = _HEADER.findall(config.read_text(encoding="utf-8"))
    if len(found) != 1:
        raise PluginError(f"{config.relative_to(ROOT)}: expected one `add_header Content-Security-Policy \"…\" always;`"
                          f" line, found {len(found)}")
    return found[0]


def site_policy() -> str:
    """The policy both nginx configs send; they must agree."""
    policies = {config.name: policy_of(config) for config in CONFIGS}
    if len(set(policies.values())) != 1:
        raise PluginError("deploy/nginx/handbook.conf and handbook-subpath.conf send different"
                          " Content-Security-Policy headers: make them the same")
    return next(iter(policies.values()))


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        if part.strip():
            name, *values = part.split()
            parsed[name] = values
    return parsed


def meta_policy(policy: str) -> str:
    return "; ".join(part.strip() for part in policy.split(";")
                     if part.strip() and part.split()[0] not in HEADER_ONLY)


def script_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


class _Inline(HTMLParser):
    """The inline scripts, event handlers and styles of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.styles: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}=\"{value}\">")
            elif name == "style":
                self.styles.append(f"<{tag} style=\"{value}\">")
        if tag == "style":
            self.styles.append("<style>")
        if tag == "script" and "src" not in attributes and (attributes.get("type") or "").lower() in SCRIPT_TYPES:
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def refusals(html: str, policy: str) -> list[str]:
    """What in this page the policy would block, each said with what to do instead."""
    found = _Inline()
    found.feed(html)
    allowed = directives(policy)
    scripts, styles = allowed.get("script-src", []), allowed.get("style-src", allowed.get("default-src", []))
    problems = []
    for source in found.scripts:
        digest = script_hash(source)
        if digest not in scripts and "'unsafe-inline'" not in scripts:
            snippet = " ".join(source.split())[:80]
            problems.append(f"an inline script ({snippet!r}): make it a file, or add {digest} to script-src"
                            " in deploy/nginx/handbook.conf and handbook-subpath.conf")
    for handler in found.handlers:
        problems.append(f"an inline event handler {handler[:100]}: use addEventListener in a script file")
    if "'unsafe-inline'" not in styles:
        for style in found.styles:
            problems.append(f"an inline style {style[:100]}: use a class and the stylesheets")
    return problems


def _with_meta(html: str, policy: str, where: str) -> str:
    problems = refusals(html, policy)
    if problems:
        distinct = list(dict.fromkeys(problems))
        said = [f"{p} (x{problems.count(p)})" if problems.count(p) > 1 else p for p in distinct[:5]]
        more = f"; and {len(distinct) - 5} more" if len(distinct) > 5 else ""
        raise PluginError(f"{where}: the Content-Security-Policy would block " + "; ".join(said) + more)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(meta_policy(policy))}">'
    # Right after the charset (which must come first), before any script or stylesheet.
    head = re.search(r"<meta charset=[^>]*>", html) or re.search(r"<head[^>]*>", html)
    if not head:
        raise PluginError(f"{where}: no <head> to put the Content-Security-Policy in")
    return html[:head.end()] + "\n    " + meta + html[head.end():]


def on_post_page(output: str, page, config, **kwargs) -> str:
    return _with_meta(output, site_policy(), page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _with_meta(output_content, site_policy(), template_name)
