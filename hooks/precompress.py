"""MkDocs hook: write a gzip twin (`file.gz`) and a brotli twin (`file.br`) next to every
compressible file in site/.

nginx serves a twin instead of the file when the browser accepts its encoding
(`gzip_static on;`, and `brotli_static on;` where Debian's brotli module is installed: see
deploy/nginx/handbook.conf), so nothing is compressed per request and the largest file,
Pyodide's 9.6 MB `pyodide.asm.wasm`, goes over the wire at about a third of that.

- Text (html, css, js, mjs, json, svg, xml, webmanifest, map, txt), wasm, and the
  wheels and zips where it pays, over 1 KB. Images and fonts are already compressed.
- gzip -9 with mtime 0 and no file name in the header; brotli at quality 11 for files of
  256 KB and more (the vendored libraries, the search indexes: the wasm takes about a
  minute, once, then comes from the cache), 5 below and for every HTML page (fast, and
  still smaller than gzip -9; see brotli_quality). Same input, same bytes on every build.
- A gzip twin that is not at least 5 % smaller than its file is not written; a brotli twin
  only where it is smaller than the gzip one (or, without one, 5 % smaller than the file).
- A stale twin (its file changed or shrank under the threshold in a `--dirty` build) is
  removed, so the server can never send an old version.
- Twins of files of 16 KB and more are cached by content hash in
  node_modules/.cache/handbook-precompress/ (brotli 11 takes seconds a megabyte): a build
  compresses only what changed since the last one. Entries unused for 14 days are dropped.

Runs after the search indexes, the vendored assets and the Pyodide bundle are written
(priority -250) and before the service worker (-300), whose manifest records what each file
costs to download; the service worker hook compresses sw.js itself with `twins()`.
"""
from __future__ import annotations

import gzip
import hashlib
import logging
import os
import time
from pathlib import Path

from mkdocs.plugins import event_priority

from hooks import nested_build, preview

log = logging.getLogger("mkdocs.hooks.precompress")

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "node_modules" / ".cache" / "handbook-precompress"
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".webmanifest", ".map",
            ".txt", ".wasm",
            # Zip archives are compressed file by file; gzip over the whole archive still
            # takes a third off the tzdata wheel (many tiny zone files); Pyodide's
            # python_stdlib.zip gains about 1 % and keeps no twin.
            ".whl", ".zip"}
MIN_SIZE = 1024          # below this, the header and a round trip cost more than they save
MAX_RATIO = 0.95         # keep a twin only if it is at least 5 % smaller
CACHE_MIN = 16 * 1024    # smaller files are compressed again at every build: it is cheap
CACHE_DAYS = 14
TWINS = (".gz", ".br")


def compress(data: bytes) -> bytes:
    """gzip -9, deterministic: mtime 0 and no original file name in the header."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_quality(size: int, page: bool = False) -> int:
    """11 for the large files a build copies (vendored libraries, the wasm, the search indexes:
    compressed once, then from the cache); 5 for everything else, and for every page whatever
    its size: each build writes them anew, and at 20 times today's pages (each page carries
    the whole nav, ~230 KB and more) quality 11 took most of a 20-minute build."""
    return 11 if size >= 256 * 1024 and not page else 5


def compress_brotli(data: bytes, quality: int) -> bytes:
    import brotli  # pinned in requirements.txt

    return brotli.compress(data, quality=quality)


def _cached(data: bytes, suffix: str, make) -> bytes:
    if len(data) < CACHE_MIN:
        return make(data)
    key = hashlib.sha256(data).hexdigest()
    path = CACHE / key[:2] / f"{key}{suffix}"
    try:
        out = path.read_bytes()
        os.utime(path)
        return out
    except OSError:
        pass
    out = make(data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(out)
        partial.replace(path)  # atomic: a parallel build sees no half-written entry
    except OSError:
        pass  # a read-only cache only makes the build slower
    return out


def twins(data: bytes, page: bool = False) -> dict[str, bytes]:
    """The twins worth writing for `data` (`page`: an HTML page): {".gz": …, ".br": …}, either
    may be missing."""
    if len(data) < MIN_SIZE:
        return {}
    out = {}
    packed = _cached(data, ".gz", compress)
    if len(packed) <= len(data) * MAX_RATIO:
        out[".gz"] = packed
    quality = brotli_quality(len(data), page)
    br = _cached(data, f".br{quality}", lambda d: compress_brotli(d, quality))
    if len(br) < len(out.get(".gz", b"")) or (".gz" not in out and len(br) <= len(data) * MAX_RATIO):
        out[".br"] = br
    return out


def write_twins(path: Path, data: bytes | None = None) -> dict[str, int]:
    """Write (or remove) the twins of one file; {suffix: size} of those written."""
    made = twins(path.read_bytes() if data is None else data, page=path.suffix == ".html")
    for suffix in TWINS:
        twin = path.with_name(path.name + suffix)
        if suffix in made:
            if not (twin.is_file() and twin.read_bytes() == made[suffix]):
                twin.write_bytes(made[suffix])
        elif twin.is_file():
            twin.unlink()
    return {suffix: len(packed) for suffix, packed in made.items()}


def _decodes_to(twin: Path, plain: Path) -> bool:
    try:
        data = twin.read_bytes()
        if twin.suffix == ".gz":
            return gzip.decompress(data) == plain.read_bytes()
        import brotli
        return brotli.decompress(data) == plain.read_bytes()
    except Exception:  # noqa: BLE001 - any undecodable twin is stale
        return False


def precompress(site: Path) -> tuple[int, int, int]:
    """Write the twins under `site`; return (files compressed, bytes before, gzip bytes after)."""
    written: set[Path] = set()
    count = before = after = 0
    for path in sorted(site.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        sizes = write_twins(path, data)
        for suffix in TWINS:
            written.add(path.with_name(path.name + suffix))
        if ".gz" in sizes:
            count += 1
            before += len(data)
            after += sizes[".gz"]
    # Any other twin whose plain file is here must decode to that file, or it goes.
    # (MkDocs' own sitemap.xml.gz is a published URL and matches its sitemap.xml.)
    for suffix in TWINS:
        for twin in site.rglob("*" + suffix):
            plain = twin.with_suffix("")
            if twin in written or not plain.is_file():
                continue
            if not _decodes_to(twin, plain):
                log.info("precompress: removing stale %s", twin.relative_to(site))
                twin.unlink()
    _prune_cache()
    return count, before, after


def _prune_cache() -> None:
    if not CACHE.is_dir():
        return
    old = time.time() - CACHE_DAYS * 86400
    for entry in CACHE.glob("*/*"):
        try:
            if entry.stat().st_mtime < old:
                entry.unlink()
        except OSError:
            pass


@event_priority(-250)  # after every hook that writes files, before the service worker (-300)
def on_post_build(config, **kwargs):
    if nested_build(config):
        return  # a nested per-language build; the whole site is compressed once, at the end
    if preview():
        return  # make preview: no twins, no service worker (every save would replace it)
    count, before, after = precompress(Path(config.site_dir))
    log.info("precompress: %d files, %.1f MB → %.1f MB gzip", count, before / 1e6, after / 1e6)
