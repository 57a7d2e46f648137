#!/usr/bin/env bash
# `make probe-zensical`: what Zensical makes of this project today (decisions/0001-generator-horizon.md).
# Installs the newest Zensical the registry can install into a throw-away venv ($1), builds a
# copy of the project's committed files with it, and prints a summary. Never fails: it is a
# probe whose findings the decision record keeps, not a gate.
set -uo pipefail
OUT=${1:-build/zensical}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$OUT" && mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
python3 -m venv "$OUT/venv"
PIP="$OUT/venv/bin/pip"

# The newest release first; the registry may lack what it depends on (0.1.x needed a
# zensical-ui that was not there in December 2026), so fall back release by release.
installed=""
for version in $("$PIP" index versions zensical 2>/dev/null | sed -n 's/^Available versions: //p' | tr -d ',' | cut -d' ' -f1-8); do
  if "$PIP" install --quiet "zensical==$version" >"$OUT/install-$version.log" 2>&1; then
    installed=$version
    break
  fi
  echo "zensical $version: cannot be installed here: $(grep -m1 '^ERROR' "$OUT/install-$version.log")"
done
if [ -z "$installed" ]; then
  echo "zensical: no release could be installed"
  exit 0
fi
echo "zensical $installed installed"
# What the project's macros and hooks import (Zensical brings its own Markdown and pymdown).
"$PIP" install --quiet -r <(grep -E '^(pydantic|PyYAML|jieba|chinesecalendar|icalendar|python-dateutil|beautifulsoup4|lxml|brotli)==' "$ROOT/requirements.txt") >"$OUT/install-deps.log" 2>&1

# A copy of the committed tree, with the npm packages and wheels the build reads.
mkdir -p "$OUT/project"
git -C "$ROOT" archive HEAD | tar -x -C "$OUT/project"
ln -s "$ROOT/node_modules" "$OUT/project/node_modules"
ln -s "$ROOT/.wheels" "$OUT/project/.wheels"
(cd "$OUT/project" && PYTHONPATH="$OUT/project" timeout 600 "$OUT/venv/bin/zensical" build >"$OUT/build.log" 2>&1)
status=$?
echo "zensical build: exit $status; full output in $OUT/build.log"
sed 's/\x1b\[[0-9;]*m//g' "$OUT/build.log" | grep -E '^(Warning|Error|[A-Za-z]+Error|RuntimeError)|issues found|Build' | sort | uniq -c | sort -rn | head -20
site="$OUT/project/site"
if [ -d "$site" ]; then
  echo "pages written: $(find "$site" -name index.html | wc -l) (MkDocs writes $(find "$ROOT/site" -name index.html 2>/dev/null | wc -l))"
  echo "English pages (/en/): $(find "$site/en" -name index.html 2>/dev/null | wc -l)"
else
  echo "no site written"
fi
exit 0
