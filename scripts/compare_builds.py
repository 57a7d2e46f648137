"""Compare two builds of the site file by file: the MkDocs build against the same sources built
by another generator (`make build-properdocs`, decisions/0001-generator-horizon.md).

Two builds are the same site when they hold the same files and every file is equal, except
for what names the generator and what follows from it:

- a page's `<meta name="generator" content="…">` tag;
- sw.js, whose build id and page revisions are hashes of the pages (the tag included): its
  file lists per tier and its code must be equal;
- the `.gz` / `.br` twins, which must decompress to their own build's file.

Anything else is a drift, printed with the file and its first differing line; the exit code
is then 1. `python scripts/compare_builds.py site build/properdocs/site`.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import brotli

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
MANIFEST = re.compile(rb"^const MANIFEST = (\{.*\})$", re.M)
TWINS = {".gz": gzip.decompress, ".br": brotli.decompress}


@dataclass
class Comparison:
    same: int = 0                     # equal byte for byte
    generator_only: int = 0           # equal once the generator tag is set aside
    drifts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.drifts


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _first_difference(a: bytes, b: bytes) -> str:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), 1):
        if x != y:
            return f"line {n}: {x[:120]!r} / {y[:120]!r}"
    return f"lengths {len(a)} / {len(b)} bytes"


def _manifest_shape(data: bytes) -> tuple[bytes, dict] | None:
    """sw.js without its manifest, and the manifest's file names per tier."""
    found = MANIFEST.search(data)
    if not found:
        return None
    manifest = json.loads(found[1])
    tiers = {tier: sorted(entry[0] for entry in entries) for tier, entries in manifest["tiers"].items()}
    return MANIFEST.sub(b"", data), tiers


def _compare_file(name: str, a: bytes, b: bytes, result: Comparison) -> None:
    if a == b:
        result.same += 1
    elif name.endswith(".html") and GENERATOR.sub(b"", a) == GENERATOR.sub(b"", b):
        result.generator_only += 1
    elif name == "sw.js" and (shape := _manifest_shape(a)) and shape == _manifest_shape(b):
        result.generator_only += 1
    else:
        result.drifts.append(f"{name}: {_first_difference(a, b)}")


def _check_twin(root: Path, name: str, result: Comparison) -> None:
    twin = root / name
    base = twin.with_suffix("")
    if not base.is_file():
        result.drifts.append(f"{root.name}/{name}: a compressed twin without its file")
        return
    try:
        if TWINS[twin.suffix](twin.read_bytes()) != base.read_bytes():
            result.drifts.append(f"{root.name}/{name}: does not decompress to {base.name}")
    except Exception as err:  # a damaged twin: say which, keep comparing
        result.drifts.append(f"{root.name}/{name}: cannot be decompressed ({err})")


def compare(first: Path, second: Path) -> Comparison:
    result = Comparison()
    a_files, b_files = _files(first), _files(second)
    for name in sorted(a_files - b_files):
        result.drifts.append(f"{name}: only in {first}")
    for name in sorted(b_files - a_files):
        result.drifts.append(f"{name}: only in {second}")
    for name in sorted(a_files & b_files):
        if Path(name).suffix in TWINS:
            _check_twin(first, name, result)
            _check_twin(second, name, result)
        else:
            _compare_file(name, (first / name).read_bytes(), (second / name).read_bytes(), result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path, help="a built site, e.g. site")
    parser.add_argument("second", type=Path, help="the other build, e.g. build/properdocs/site")
    args = parser.parse_args(argv)
    for root in (args.first, args.second):
        if not (root / "index.html").is_file():
            print(f"{root}: not a built site (no index.html)", file=sys.stderr)
            return 2
    result = compare(args.first, args.second)
    print(f"{args.first} and {args.second}: {result.same} files equal byte for byte, "
          f"{result.generator_only} equal but for the generator's name (and sw.js's hashes of it), "
          f"{len(result.drifts)} different")
    for drift in result.drifts:
        print(f"  {drift}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
