"""MkDocs hook: write a gzip twin (`file.gz`) next to every compressible file in site/.

nginx serves the twin instead of the file when the browser accepts gzip
(`gzip_static on;` in deploy/nginx/handbook.conf), so nothing is compressed per request
and the largest file, Pyodide's 9.6 MB `pyodide.asm.wasm`, goes over the wire at about a
third of that.

- Text (html, css, js, mjs, json, svg, xml, webmanifest, map, txt), wasm, and the
  wheels and zips where it pays, over 1 KB. Images and fonts are already compressed.
- gzip -9 with mtime 0 and no file name in the header: the same site gives byte-identical
  .gz files on every build.
- A twin that is not at least 5 % smaller is not written: the server sends the file.
- A stale twin (its file changed or shrank under the threshold in a `--dirty` build) is
  removed, so gzip_static can never serve an old version.

Runs last of all post-build steps (priority -1000): after the search indexes, the vendored
assets, the Pyodide bundle and the service worker (-300) are written, so every one of them
gets its twin. The service worker precaches the plain files and ignores `*.gz`.
"""
from __future__ import annotations

import gzip
import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from hooks import nested_build

log = logging.getLogger("mkdocs.hooks.precompress")

SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".webmanifest", ".map",
            ".txt", ".wasm",
            # Zip archives are compressed file by file; gzip over the whole archive still
            # takes a third off the tzdata wheel (many tiny zone files); Pyodide's
            # python_stdlib.zip gains about 1 % and keeps no twin.
            ".whl", ".zip"}
MIN_SIZE = 1024          # below this, the gzip header and a round trip cost more than they save
MAX_RATIO = 0.95         # keep a twin only if it is at least 5 % smaller


def compress(data: bytes) -> bytes:
    """gzip -9, deterministic: mtime 0 and no original file name in the header."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def precompress(site: Path) -> tuple[int, int, int]:
    """Write the twins under `site`; return (files compressed, bytes before, bytes after)."""
    written: set[Path] = set()
    count = before = after = 0
    for path in sorted(site.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        packed = compress(data)
        if len(packed) > len(data) * MAX_RATIO:
            continue
        twin = path.with_name(path.name + ".gz")
        if not (twin.is_file() and twin.read_bytes() == packed):
            twin.write_bytes(packed)
        written.add(twin)
        count += 1
        before += len(data)
        after += len(packed)
    # Any other .gz whose plain file is here must decompress to that file, or it goes.
    # (MkDocs' own sitemap.xml.gz is a published URL and matches its sitemap.xml.)
    for twin in site.rglob("*.gz"):
        plain = twin.with_suffix("")
        if twin in written or not plain.is_file():
            continue
        try:
            same = gzip.decompress(twin.read_bytes()) == plain.read_bytes()
        except (OSError, EOFError):
            same = False
        if not same:
            log.info("precompress: removing stale %s", twin.relative_to(site))
            twin.unlink()
    return count, before, after


@event_priority(-1000)  # the very last post-build step: every other hook has written its files
def on_post_build(config, **kwargs):
    if nested_build(config):
        return  # a nested per-language build; the whole site is compressed once, at the end
    count, before, after = precompress(Path(config.site_dir))
    log.info("precompress: %d files, %.1f MB → %.1f MB gzip", count, before / 1e6, after / 1e6)
