"""MkDocs hook: copy the browser libraries installed from the npm registry into the site
(qrcode-generator for the quiz's result codes, fflate for the job records' zip export,
signature_pad (MIT) for a job record's drawn sign-off; the flowcharts are SVG drawn at build time).

Nothing is fetched from a CDN: the versions are pinned in package.json and locked in
package-lock.json (`npm ci`), and the files are served from the site's own assets/vendor/.
"""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from hooks import nested_build

log = logging.getLogger("mkdocs.hooks.vendor_assets")

ROOT = Path(__file__).resolve().parent.parent
# node_modules path → path under the built site
VENDORED = {
    # The result code's QR code on the trainer page's exam links (quiz-trainer.js imports it).
    "qrcode-generator/dist/qrcode.mjs": "assets/vendor/qrcode-generator/qrcode.mjs",
    # "Export all" job records with photos as a zip, and its import (run-photos.js, loaded
    # when used; zipSync/unzipSync only, so no worker). MIT licence.
    "fflate/esm/browser.js": "assets/vendor/fflate/browser.js",
    "fflate/LICENSE": "assets/vendor/fflate/LICENSE.txt",
    # The drawn signature of a job record's sign-off (run-signoff.js imports it): an ES module.
    "signature_pad/dist/signature_pad.js": "assets/vendor/signature_pad/signature_pad.js",
}


@event_priority(-200)  # once, after mkdocs-static-i18n (-100) has built every language
def on_post_build(config, **kwargs):
    if nested_build(config):
        return  # a nested per-language build; the assets are shared at the site root
    for source, target in VENDORED.items():
        src = ROOT / "node_modules" / source
        if not src.is_file():
            raise PluginError(f"{src.relative_to(ROOT)} is missing: run `npm ci` (or `make build`, which runs it)")
        dest = Path(config.site_dir) / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
