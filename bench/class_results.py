"""5. Class results: a trainer pastes a class's result codes and presses "Show the results". The
page decodes, scores and draws the tables in that click's handler, so the time from the
click to the tables is how long the page does not respond: measured for 30, 1,000 and
10,000 lines (distinct hand-ins of one 10-question exam), median of the runs; beside it,
`python -m handbook quiz-results` on the same 10,000 lines (wall time of the command)."""
from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT, log
from .serving import serve

SIZES = (30, 1000, 10_000)
TIME_CLICK = """text => {
  const box = document.querySelector("#quiz-codes")
  box.value = text
  const t0 = performance.now()
  document.querySelector(".hb-class__actions .md-button--primary").click()
  const ms = performance.now() - t0
  if (!document.querySelector(".hb-class__table")) throw new Error("no class table")
  return ms
}"""


def class_codes(n: int, seed: int = 4242) -> list[str]:
    """n distinct hand-ins of one exam, answered at random (as the browser tests' classes)."""
    from handbook.questions import compiled
    from handbook.quiz import draw_exam
    from handbook.result_codes import encode

    bank = sorted(compiled("zh"), key=lambda q: q["id"])
    by_id = {q["id"]: q for q in bank}
    exam = [by_id[e["id"]] for e in draw_exam(bank, seed, None, 10, None)]
    rnd = random.Random(n)

    def answer(q):
        if q["type"] == "true_false":
            return rnd.random() < 0.5
        if q["type"] == "ordering":
            order = list(range(len(q["items"])))
            rnd.shuffle(order)
            return order
        k = len(q["options"])
        return sorted(rnd.sample(range(k), rnd.randint(1, k))) if q["type"] == "multiple" else [rnd.randrange(k)]
    return [encode(bank, "zh", seed, 10, None, None, [answer(q) for q in exam], f"学员 {i}") for i in range(n)]


def bench_class(browser, site: Path, runs: int) -> dict:
    codes = class_codes(max(SIZES))
    rows = []
    server, base = serve(site)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        page = context.new_page()
        page.goto(base + "/quiz/")
        page.locator("#quiz-trainer[data-ready]").wait_for(state="attached")
        for n in SIZES:
            text = "\n".join(codes[:n])
            times = [page.evaluate(TIME_CLICK, text) for _ in range(runs + 1)][1:]  # the first warms up
            rows.append({"lines": n, "page_ms": round(statistics.median(times), 1)})
            log(f"  class results, {n} lines: {rows[-1]['page_ms']} ms in the page")
        context.close()
    finally:
        server.shutdown()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "codes.txt"
        path.write_text("\n".join(codes) + "\n", encoding="utf-8")
        walls = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "handbook", "quiz-results", str(path), "--csv", str(Path(tmp) / "c.csv")],
                           cwd=ROOT, check=True, capture_output=True, timeout=600)
            walls.append(time.perf_counter() - t0)
    cli = round(statistics.median(walls), 2)
    log(f"  quiz-results, {max(SIZES)} lines: {cli} s")
    return {"runs": runs, "rows": rows, "cli_lines": max(SIZES), "cli_s": cli}
