"""Command line: the same answers as the browser widgets, through the same JSON door.

    python -m service_norms deadline --start 2025-09-30T16:00 --limit complaint-resolve [--other-zone Europe/Berlin]
    python -m service_norms deadline --start 2025-09-30T16:00 --kind working_days --amount 3 --json
    python -m service_norms deadline --start 2025-09-30T16:00 --limit complaint-resolve --ics due.ics
    python -m service_norms escalate --severity major --elapsed 300 [--restored-at 200] [--key-customer] [--complaint]
    python -m service_norms escalate --impact high --urgency low --elapsed 30 --lang en
    python -m service_norms calendar [--year 2026]

`--lang`, `--json`, `--levels` and `--notices` go before or after the sub-command.

The service levels are read from data/service_levels.yml (or --levels, YAML or JSON) as
they stand, and the holiday notices from data/holiday_notices.yml (or --notices): the
build validates those files (handbook/service_levels.py, holiday_notices.py), and the rules
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

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_LEVELS = DATA / "service_levels.yml"
DEFAULT_NOTICES = DATA / "holiday_notices.yml"


def load_levels(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    import yaml  # the command line's only third-party import, and never the browser's

    return yaml.safe_load(text)


def load_notices(path: Path) -> list[dict]:
    """The `notices` of a holiday-notices file, as the browser gets them (ISO dates)."""
    if not path.exists():
        return []
    data = load_levels(path) or {}
    return json.loads(json.dumps(data.get("notices") or [], default=str))


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    """The options taken before or after the sub-command: defaults only on the top parser, so
    a value given after the sub-command is not reset by the top one's default."""
    default = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
    parser.add_argument("--levels", type=Path, default=default(DEFAULT_LEVELS),
                        help=f"service levels YAML (default: {DEFAULT_LEVELS})")
    parser.add_argument("--notices", type=Path, default=default(DEFAULT_NOTICES),
                        help=f"holiday notices YAML (default: {DEFAULT_NOTICES})")
    parser.add_argument("--lang", choices=("zh", "en"), default=default("zh"))
    parser.add_argument("--json", action="store_true", default=default(False), help="print the whole answer as JSON")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m service_norms", description=__doc__.split("\n\n")[0])
    _common(top, True)
    sub = top.add_subparsers(dest="fn", required=True)
    d = sub.add_parser("deadline", help="when a time limit falls due")
    _common(d, False)
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
    d.add_argument("--label", help="names the calendar event: a work order, a site")
    c = sub.add_parser("calendar", help="the working calendar: how far it reaches; a year's holidays and makeup days")
    _common(c, False)
    c.add_argument("--year", help="list this year's holidays and makeup working days")
    e = sub.add_parser("escalate", help="the escalation rung and who must be told")
    _common(e, False)
    e.add_argument("--severity")
    e.add_argument("--impact")
    e.add_argument("--urgency")
    e.add_argument("--elapsed", type=str, default="0", help="minutes since the report")
    e.add_argument("--restored-at", help="minute at which service was restored")
    e.add_argument("--key-customer", action="store_true")
    e.add_argument("--complaint", action="store_true")
    e.add_argument("--outage", action="store_true", help="a total outage: the most severe class, whatever the matrix says")
    return top


def request_from(ns: argparse.Namespace, levels: dict, notices: list | None = None) -> dict:
    if ns.fn == "deadline":
        args = {"start": ns.start, "zone": ns.zone, "other_zone": ns.other_zone, "finished": ns.finished,
                "label": ns.label}
        if ns.limit:
            args["limit"] = ns.limit
        else:
            args["rule"] = {"kind": ns.kind, "amount": ns.amount, "direction": ns.direction}
    elif ns.fn == "calendar":
        args = {"year": ns.year}
    else:
        args = {"severity": ns.severity, "impact": ns.impact, "urgency": ns.urgency, "elapsed_minutes": ns.elapsed,
                "restored_at_minutes": ns.restored_at, "key_customer": ns.key_customer, "complaint": ns.complaint,
                "outage": ns.outage}
    request = {"fn": ns.fn, "lang": ns.lang, "levels": levels, "notices": notices,
               "args": {k: v for k, v in args.items() if v is not None}}
    if getattr(ns, "ics", None):
        request["ics"] = True
    return request


def main(argv: list[str] | None = None, cite=None) -> int:
    """`cite(clause, lang)` names a trace's clause as the handbook numbers it, as the pages
    do; `python -m handbook deadline|escalate` passes the build side's citations. Without it
    (the rules alone know no handbook) a trace line cites nothing rather than an internal
    page#anchor: the pages show the `python -m handbook` command for that reason."""
    ns = parser().parse_args(argv)
    answer = call(request_from(ns, load_levels(ns.levels), load_notices(ns.notices)))
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
        brackets = "【{}】" if ns.lang == "zh" else " [{}]"
        lines += [f"- {t['text']}{brackets.format(cite(t['clause'], ns.lang)) if cite else ''}" for t in text.get("trace", [])]
        lines += [message("warning", ns.lang, text=w) for w in text.get("warnings", [])]
        lines += text.get("provenance", [])
        if ics is not None:
            lines.append(message("ics_written", ns.lang, path=ns.ics))
        print("\n".join(lines))
    return 0 if answer["ok"] else 2


if __name__ == "__main__":
    sys.exit(main())
