"""Print the built handbook to PDF, one file per language: `make pdf` (after `make build`).

    python scripts/make_pdf.py [--site site] [--out pdf] [--lang zh en]

Serves the built site on 127.0.0.1 (a free port, like `make serve`), opens each language's
print-all page (/print/, /en/print/ — hooks/print_all.py) in Debian's headless Chromium
through Playwright, waits until the fonts are loaded (the flowcharts are SVG in the page,
drawn at build time; the print styles fit each on one sheet), and writes
<out>/handbook-<lang>.pdf (A4, backgrounds, a PDF outline from the headings, tagged).

Every request to a host other than 127.0.0.1 is aborted, and the script then fails: the
PDF must come from the site alone. Fails too on a JavaScript error.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scripts.local_browser import CHROMIUM_ARGS, BrowserMissing, chromium_path, guard_offsite, serve

ROOT = Path(__file__).resolve().parent.parent
LANGS = {"zh": "/print/", "en": "/en/print/"}
# The footer is drawn outside the page's CSS: it names its font like the print styles do.
FOOTER = ('<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:\'Noto Sans\',sans-serif;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def _chromium() -> str:
    try:
        return chromium_path()
    except BrowserMissing as err:
        sys.exit(f"make_pdf: {err}")


def make_pdfs(site: Path, out: Path, langs: list[str], timeout_ms: int = 60000) -> dict[str, Path]:
    from playwright.sync_api import sync_playwright

    for lang in langs:
        page_file = site / LANGS[lang].strip("/") / "index.html"
        if not page_file.is_file():
            sys.exit(f"make_pdf: {page_file} is missing: run `make build` first")
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    offsite: list[str] = []
    errors: list[str] = []
    written: dict[str, Path] = {}

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS, headless=True)
            try:
                # No service worker: it would precache the whole site (~24 MB) for nothing.
                context = browser.new_context(service_workers="block")
                guard_offsite(context, offsite)
                for lang in langs:
                    page = context.new_page()
                    page.on("pageerror", lambda e, lang=lang: errors.append(f"{lang}: {e}"))
                    page.emulate_media(media="print")
                    page.goto(base + LANGS[lang], wait_until="load", timeout=timeout_ms)
                    page.evaluate("() => document.fonts.ready.then(() => true)")
                    path = out / f"handbook-{lang}.pdf"
                    page.pdf(path=str(path), format="A4", print_background=True,
                             margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                             display_header_footer=True, header_template="<span></span>",
                             footer_template=FOOTER, outline=True, tagged=True)
                    page.close()
                    written[lang] = path
                context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
    if offsite:
        for path in written.values():
            path.unlink(missing_ok=True)
        sys.exit("make_pdf: requests to other hosts (aborted):\n  " + "\n  ".join(offsite))
    if errors:
        sys.exit("make_pdf: JavaScript errors on the print page:\n  " + "\n  ".join(errors))
    return written


def _pages(path: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return str(len(PdfReader(path).pages))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--out", type=Path, default=ROOT / "pdf", help="where to write the PDFs (default: pdf/)")
    parser.add_argument("--lang", nargs="+", choices=sorted(LANGS), default=list(LANGS))
    args = parser.parse_args(argv)
    started = time.monotonic()
    written = make_pdfs(args.site.resolve(), args.out, args.lang)
    for lang, path in written.items():
        print(f"make_pdf: {path} ({path.stat().st_size / 1e6:.1f} MB, {_pages(path)} pages)")
    print(f"make_pdf: done in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
