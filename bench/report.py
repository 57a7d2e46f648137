"""The table `make bench` prints: each measurement's numbers, from the data it writes."""
from __future__ import annotations


def report(data: dict) -> None:
    print(f"\nBenchmarks {data['date']}  ({data['machine']['cpus']} CPUs, {data['machine']['cpu']}; "
          f"{'quick' if data['quick'] else 'full'} run)")
    if "build" in data:
        b = data["build"]
        print(f"\n1. Build time, median of {b['runs']} rounds: this project vs plain Material on the same Markdown")
        print(f"  {'size':>5} {'pages':>6} {'CPU s':>7} {'plain':>7} {'ratio':>6} {'wall s':>7} {'plain':>7} {'ratio':>6}"
              f" {'ms/page':>8} {'plain':>6} {'growth':>7} {'plain':>6} {'HTML MB':>8} {'page KB':>8}")
        for r in b["sizes"]:
            print(f"  {r['scale']:>4}x {r['pages']:>6} {r['project_s']:>7.2f} {r['plain_s']:>7.2f} {r['ratio']:>5.2f}x"
                  f" {r['project_wall_s']:>7.2f} {r['plain_wall_s']:>7.2f} {r['wall_ratio']:>5.2f}x"
                  f" {r['project_ms_per_page']:>8.1f} {r['plain_ms_per_page']:>6.1f}"
                  f" {r.get('exponent_from_previous', ''):>7} {r.get('plain_exponent_from_previous', ''):>6}"
                  f" {r['html_mb']:>8} {r['page_kb']:>8}")
        for kind, f in b.get("fit", {}).items():
            print(f"  fit {kind:7}: {f['ms_per_page']} ms per page + {f['fixed_s']} s fixed; time ~ pages^{f['exponent']}")
    if "bytes" in data:
        b = data["bytes"]
        print("\n2. First visit, bytes transferred as the server sends them (br/gzip twins)")
        print(f"  {'page':11} {'path':22} {'page KB':>8} {'+ SW 30 s':>10} {'Pyodide':>8} {'Mermaid':>8} {'search':>7}"
              f" {'other':>7} {'req':>4} {'longest task':>13}")
        rows = b["pages"] + ([{**b["text_page_20x"], "type": "text@20x"}] if "text_page_20x" in b else [])
        for r in rows:
            t = r["total"] or 1
            fv = f"{r['first_visit'] / 1024:10.1f}" if "first_visit" in r else f"{'':>10}"
            print(f"  {r['type']:11} {r['path']:22} {r['total'] / 1024:8.1f} {fv} {r['pyodide'] / t:8.0%} {r['mermaid'] / t:8.0%}"
                  f" {r['search_index'] / t:7.0%} {r['other'] / t:7.0%} {r['requests']:>4} {r.get('longest_task_ms', ''):>10} ms")
        for r in rows:
            for task in r.get("long_tasks", [])[:1]:
                print(f"  {r['type']:11} longest task {task['ms']} ms: {'; '.join(task['by'])}")
        if "target_text_kb" in b:
            text = b["pages"][0]
            print(f"  text page {text['total'] / 1024:.1f} KB (target {b['target_text_kb']} KB); first visit with the service"
                  f" worker {text.get('first_visit', 0) / 1e6:.2f} MB (target {b.get('target_first_visit_mb', '?')} MB)")
        for tier, t in b.get("service_worker", {}).items():
            print(f"  service worker tier {tier:12} {t['files']:4} files {t['bytes'] / 1e6:6.2f} MB")
    if "widget" in data:
        w = data["widget"]
        print(f"\n3. Page load -> first deadline answer (median of {w['runs']})")
        for name in ("widget", "widget_no_sw", "worker_only", "pyscript", "bare"):
            if name not in w:
                continue
            s = w[name]
            print(f"  {name:12} cold {s['cold_s']:6.2f} s  warm {s['warm_s']:6.2f} s  longest main-thread block "
                  f"{s['longest_block_ms']} ms   (cold runs {s['cold_runs']}, warm runs {s['warm_runs']})")
        for name in ("widget", "widget_no_sw"):
            for temp, ph in w[name].get("phases_ms", {}).items():
                print(f"  {name:12} {temp} phases (ms after navigation): {ph}")
        print(f"  widget / PyScript: cold {w['widget']['cold_s'] / w['pyscript']['cold_s']:.2f}x (target 0.7), "
              f"warm {w['widget']['warm_s'] / w['pyscript']['warm_s']:.2f}x; same answer: {w['same_answer']}")
        if "bare" in w:
            print(f"  widget - bare Pyodide: cold {w['widget']['cold_s'] - w['bare']['cold_s']:+.2f} s (target +0.3 s), "
                  f"warm {w['widget']['warm_s'] - w['bare']['warm_s']:+.2f} s; warm widget {w['widget']['warm_s']:.2f} s (target 0.5)")
        if "worker_only" in w:
            print(f"  rules worker alone on an empty page: cold {w['worker_only']['cold_s']:.2f} s, warm "
                  f"{w['worker_only']['warm_s']:.2f} s; the calculator page adds {w['widget']['cold_s'] - w['worker_only']['cold_s']:+.2f} s"
                  f" cold, {w['widget']['warm_s'] - w['worker_only']['warm_s']:+.2f} s warm")
        for probe in w["pyscript_probes"]:
            print(f"  PyScript {probe['page']}: answered={probe['answered']} offsite={probe['offsite']} "
                  f"not found={probe['not_found']}")
    if "search" in data:
        print(f"\n4. Search, last keystroke -> results shown ({data['search']['reps']} rounds of every query)")
        for r in data["search"]["rows"]:
            print(f"  {r['site']:5} {r['lang']}  median {r['median_ms']:6.1f} ms  p90 {r['p90_ms']:6.1f} ms"
                  f"  ({r['samples']} samples, index {r['index_kb']} KB gzip)")
    if "mobile" in data:
        m = data["mobile"]
        p = m["profile"]
        print(f"\n7. Lighthouse's mobile profile ({p['down_kbps'] / 1000:g} Mbps down, {p['up_kbps']} kbps up,"
              f" {p['rtt_ms']} ms RTT, CPU {p['cpu']}x), first visit, the page alone")
        print(f"  {'page':11} {'path':30} {'DCL ms':>7} {'load ms':>8} {'task ms':>8} {'KB':>7} {'Mermaid B':>10}"
              f" {'unthrottled task ms':>20}")
        for r in m["pages"]:
            t, u = r["mobile"], r["unthrottled"]
            print(f"  {r['type']:11} {r['path']:30} {t['dcl_ms']:>7} {t['load_ms']:>8} {t['longest_task_ms']:>8}"
                  f" {t['bytes'] / 1024:>7.1f} {t['mermaid_bytes']:>10} {u['longest_task_ms']:>20}")
        for r in m["pages"]:
            for task in r["mobile"].get("long_tasks", [])[:1]:
                print(f"  {r['type']:11} {r['path']} longest throttled task {task['ms']} ms: {'; '.join(task['by'])}")
        tg = m["targets"]
        print(f"  targets: procedure page DCL <= {tg['procedure_dcl_s']} s, no task > {tg['procedure_task_ms']} ms,"
              f" Mermaid {tg['mermaid_bytes']} B; unthrottled no task > {tg['unthrottled_task_ms']} ms")
    if "photos" in data:
        ph = data["photos"]
        print(f"\n8. A 12-megapixel photo at a checklist step, phone profile (CPU {ph['cpu']}x): stored and shown after"
              f" {ph['median_s']:.2f} s (median; runs {ph['runs_s']}; target <= {ph['target_s']} s)")
    if "class" in data:
        c = data["class"]
        print(f"\n5. Class results: click -> tables drawn in the page (median of {c['runs']})")
        for r in c["rows"]:
            print(f"  {r['lines']:>6} lines  {r['page_ms']:8.1f} ms")
        print(f"  python -m handbook quiz-results, {c['cli_lines']} lines: {c['cli_s']:.2f} s")
    if "preview" in data:
        p = data["preview"]
        print(f"\n5. make preview: first build {p['first_build_s']} s; one page edit shown after {p['edit_s']} s"
              f" (median; runs {p['edit_runs']}; target < {p['target_s']} s)")
    if "editions" in data:
        print("\n8. editions: their work in the build (CPU s), and its share of the whole build (target ≤ 10 % at 20x)")
        for r in data["editions"]["sizes"]:
            print(f"  {r['scale']:2}x {r['pages']:5} pages {r['items']:6} items: editions {r['editions_s']:6.2f} s "
                  f"(history {r['history_s']}, compare {r['compare_s']}, render {r['render_s']}), "
                  f"build {r['build_s']:7.2f} s, share {r['share'] * 100:.1f} %")
