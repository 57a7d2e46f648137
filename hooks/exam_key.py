"""mkdocs hook: write the exam pool's key apart from the site.

The key of the exam-pool questions (handbook/exam_key.py) is never in site/: after the
build it goes to exam-keys/key-<bank version>.json beside mkdocs.yml (git-ignored), the file
the department hands to its trainers. `python -m handbook exam-key --out FILE` writes the
same bytes without a build.
"""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.exam_key")


def on_post_build(config, **kwargs):
    from handbook.exam_key import build_key

    version, text = build_key()
    out = Path(config.config_file_path).parent / "exam-keys" / f"key-{version}.json"
    site = Path(config.site_dir).resolve()
    if out.resolve().is_relative_to(site):  # a site_dir around the project would serve it
        log.warning("exam key not written: %s would be inside site_dir %s", out, site)
        return
    out.parent.mkdir(exist_ok=True)
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    log.info("exam key for trainers (never served): %s", out)
