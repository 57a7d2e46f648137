"""Command line: the same answers as the browser widgets, through the same JSON door.

    python -m service_norms deadline --start 2025-09-30T16:00 --limit complaint-resolve [--other-zone Europe/Berlin]
    python -m service_norms deadline --start 2025-09-30T16:00 --kind working_days --amount 3 --json
    python -m service_norms deadline --start 2025-09-30T16:00 --limit complaint-resolve --ics due.ics
    python -m service_norms escalate --severity major --elapsed 300 [--restored-at 200] [--key-customer] [--complaint]
    python -m service_norms escalate --impact high --urgency low --elapsed 30 --lang en

The service levels are read from data/service_levels.yml (or --levels, YAML or JSON) as
they stand: the build validates that file (handbook/service_levels.py), and the rules
check every value they use, so a bad value is answered as a clear error here too. Only
this module reads a file; the browser never imports it. (The quiz export, which needs the
build's loaders, is `python -m handbook quiz-export`.) Exit status: 0 answered, 2 bad
input (the message says which).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .browser import call
from .messages import text as message
from .vocabulary import DIRECTIONS, RULE_KINDS

DEFAULT_LEVELS = Path(__file__).resolve().parent.parent / "data" / "service_levels.yml"


def load_levels(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    import yaml  # the command line's only third-party import, and never the browser's

    return yaml.safe_load(text)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m service_norms", description=__doc__.split("\n\n")[0])
    top.add_argument("--levels", type=Path, default=DEFAULT_LEVELS, help="service levels YAML (default: %(default)s)")
    top.add_argument("--lang", choices=("zh", "en"), default="zh")
    top.add_argument("--json", action="store_true", help="print the whole answer as JSON")
    sub = top.add_subparsers(dest="fn", required=True)
    d = sub.add_parser("deadline", help="when a time limit falls due")
    d.add_argument("--start", required=True, help="local start, YYYY-MM-DDTHH:MM")
    d.add_argument("--zone", default="Asia/Shanghai", help="IANA zone of the start (default: %(default)s)")
    d.add_argument("--limit", help="a time limit id from the service levels, e.g. phone-contact")
    d.add_argument("--kind", help="or a rule: " + ", ".join(RULE_KINDS))
    d.add_argument("--amount", help="the rule's amount")
    d.add_argument("--direction", choices=DIRECTIONS, default="after",
                   help="before: --start is the planned time, answer the latest time to act")
    d.add_argument("--other-zone", help="also show the due time in this zone")
    d.add_argument("--finished", help="local finish time: was it on time?")
    d.add_argument("--ics", type=Path, metavar="FILE",
                   help="also write the due time as a calendar event (iCalendar) to FILE ('-': standard output)")
    e = sub.add_parser("escalate", help="the escalation rung and who must be told")
    e.add_argument("--severity")
    e.add_argument("--impact")
    e.add_argument("--urgency")
    e.add_argument("--elapsed", type=str, default="0", help="minutes since the report")
    e.add_argument("--restored-at", help="minute at which service was restored")
    e.add_argument("--key-customer", action="store_true")
    e.add_argument("--complaint", action="store_true")
    e.add_argument("--outage", action="store_true", help="a total outage: the most severe class, whatever the matrix says")
    return top


def request_from(ns: argparse.Namespace, levels: dict) -> dict:
    if ns.fn == "deadline":
        args = {"start": ns.start, "zone": ns.zone, "other_zone": ns.other_zone, "finished": ns.finished}
        if ns.limit:
            args["limit"] = ns.limit
        else:
            args["rule"] = {"kind": ns.kind, "amount": ns.amount, "direction": ns.direction}
    else:
        args = {"severity": ns.severity, "impact": ns.impact, "urgency": ns.urgency, "elapsed_minutes": ns.elapsed,
                "restored_at_minutes": ns.restored_at, "key_customer": ns.key_customer, "complaint": ns.complaint,
                "outage": ns.outage}
    request = {"fn": ns.fn, "lang": ns.lang, "levels": levels, "args": {k: v for k, v in args.items() if v is not None}}
    if getattr(ns, "ics", None):
        request["ics"] = True
    return request


def main(argv: list[str] | None = None, cite=None) -> int:
    """`cite(clause, lang)` names a trace's clause as the handbook numbers it; without it (the
    rules alone know no handbook) the clause's page#anchor is printed. `python -m handbook
    deadline|escalate` passes the build side's citations."""
    ns = parser().parse_args(argv)
    answer = call(request_from(ns, load_levels(ns.levels)))
    ics = answer.pop("ics", None)
    if ics is not None and str(ns.ics) == "-":
        sys.stdout.write(ics)
        return 0
    if ics is not None:
        try:
            ns.ics.write_text(ics, encoding="utf-8", newline="")  # CRLF line ends, as RFC 5545 wants
        except OSError as err:
            print(message("ics_unwritable", ns.lang, path=ns.ics, reason=err.strerror or err), file=sys.stderr)
            return 2
    if ns.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    elif not answer["ok"]:
        print(answer["error"]["message"], file=sys.stderr)
    else:
        text = answer["text"]
        lines = text["summary"] + [f"- {line}" for line in text.get("explanation", [])]
        where = (lambda c: cite(c, ns.lang)) if cite else (lambda c: c)
        brackets = "【{}】" if ns.lang == "zh" else " [{}]"
        lines += [f"- {t['text']}{brackets.format(where(t['clause']))}" for t in text.get("trace", [])]
        lines += [message("warning", ns.lang, text=w) for w in text.get("warnings", [])]
        lines += text.get("provenance", [])
        if ics is not None:
            lines.append(message("ics_written", ns.lang, path=ns.ics))
        print("\n".join(lines))
    return 0 if answer["ok"] else 2


if __name__ == "__main__":
    sys.exit(main())
