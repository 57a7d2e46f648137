"""The browser tests, N times in a random order under a background CPU load: a test that passes
only on a quiet machine, or only after another test, fails here (`make test-stress N=5`).

    python -m scripts.stress_browser [--rounds N] [--load CORES] [--seed S] [pytest paths or node ids]

Each round runs the tests (default: tests/browser, marker `browser`) in an order shuffled by
the seed and the round's number, while CORES processes spin (2 by default); the spinners are
started before the first round and always stopped, also on Ctrl-C or a failure. A round's
results go to stress/round-<k>.xml (JUnit) and a failing test's screenshots and logs to
test-artifacts/stress-<k>/ (tests/browser/failure_artifacts.py). At the end: each test that
failed, how many times out of how many runs, and the seed that repeats the orders.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPIN = "while True: pass"


def collect(paths: list[str]) -> list[str]:
    """The node ids of the browser tests under `paths`, as pytest collects them."""
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "browser", "-p", "no:cacheprovider",
                          *paths], cwd=ROOT, capture_output=True, text=True, check=False)
    ids = [line for line in out.stdout.splitlines() if "::" in line and not line.startswith(" ")]
    if not ids:
        raise SystemExit(f"no browser tests collected from {' '.join(paths)}:\n{out.stdout}{out.stderr}")
    return ids


def results(xml: Path) -> tuple[dict[str, bool], int]:
    """{node id: failed} from a round's JUnit file, and how many tests it names."""
    if not xml.exists():
        return {}, 0
    found = {}
    for case in ET.parse(xml).iter("testcase"):
        module = case.get("classname", "").replace(".", "/")
        node = f"{module}.py::{case.get('name')}"
        # A teardown error after a failure is a second entry of the same test.
        found[node] = found.get(node, False) or case.find("failure") is not None or case.find("error") is not None
    return found, len(found)


def spinners(cores: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", SPIN], start_new_session=True) for _ in range(cores)]


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--load", type=int, default=2, help="CPU-spinning processes beside the tests (0: none)")
    parser.add_argument("--seed", type=int, default=None, help="repeat the orders of an earlier stress run")
    parser.add_argument("paths", nargs="*", default=["tests/browser"])
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    tests = collect(args.paths)
    print(f"stress: {len(tests)} browser tests x {args.rounds} rounds, {args.load} cores kept busy, seed {seed}"
          f" (repeat: make test-stress N={args.rounds} SEED={seed})", flush=True)
    out = ROOT / "stress"
    out.mkdir(exist_ok=True)
    failed, ran = Counter(), Counter()
    broken = []  # rounds that left no results (pytest itself failed)
    # SIGTERM (a CI timeout, kill) stops the spinners too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load = spinners(args.load)
    started = time.monotonic()
    try:
        for k in range(1, args.rounds + 1):
            order = tests[:]
            random.Random(f"{seed}-{k}").shuffle(order)
            xml = out / f"round-{k}.xml"
            xml.unlink(missing_ok=True)
            env = {**os.environ, "HANDBOOK_TEST_ARTIFACTS": str(ROOT / "test-artifacts" / f"stress-{k}")}
            print(f"stress: round {k}/{args.rounds}, first {order[0]}", flush=True)
            subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=-ra",
                            f"--junitxml={xml}", *order], cwd=ROOT, env=env, check=False)
            found, n = results(xml)
            if not n:
                broken.append(k)
            for node, bad in found.items():
                ran[node] += 1
                failed[node] += bad
            print(f"stress: round {k}: {sum(found.values())} of {n} failed", flush=True)
    finally:
        stop(load)
    minutes = (time.monotonic() - started) / 60
    print(f"\nstress: {args.rounds} rounds in {minutes:.1f} min, seed {seed}, {args.load} cores kept busy")
    if broken:
        print(f"stress: rounds {broken} left no results: see their output above")
    if not broken and not sum(failed.values()):
        print(f"stress: 0 failures in {sum(ran.values())} test runs")
        return 0
    print("stress: failures per test (failed / ran):")
    for node, bad in sorted(failed.items(), key=lambda kv: (-kv[1], kv[0])):
        if bad:
            print(f"  {bad} / {ran[node]}  {node}")
    if sum(failed.values()):
        print("stress: screenshots and logs in test-artifacts/stress-<round>/")
    return 1


if __name__ == "__main__":
    sys.exit(main())
