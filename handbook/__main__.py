"""Command line of the build side.

    python -m handbook [--lang zh|en] quiz-export --format moodle|gift [--pool study|exam --seed N
                                                --sections a,b --count N --types single,ordering]
                                                [--base-url https://handbook.intranet/]
    python -m handbook [--lang zh|en] quiz-results codes.txt [--key key.json] [--counting first|last]
                                                 [--csv out.csv] [--base-url …]
    python -m handbook exam-key --out exam-keys/key.json
    python -m handbook [--lang zh|en] verify-records records.json
    python -m handbook edition ID        (the current text as edition ID of data/editions.yml:
                                          data/editions/ID.json; `make edition ID=…`)
    python -m handbook [--lang zh|en] deadline|escalate|calendar …   (as python -m service_norms, clauses
                                                           cited as the handbook numbers them)

quiz-export writes the question bank, or the seeded exam the trainer page draws for --seed,
as Moodle XML or GIFT on standard output (the trainer page's downloads are the same bytes).
quiz-results reads trainees' result codes (one a line; `-` reads standard input) and prints
the class table and the item analysis the trainer page shows; --csv writes the page's CSV.
Refused lines go to standard error, each with its line number; the exit status is 1 when no
code could be counted. verify-records checks each job record of an exported records file
against its fingerprint (handbook/record_fingerprint.py, as the My job records page does on
import): one line per record, exit status 1 when any record was changed after export or the
file is not a records file. An exam-pool code is scored only with --key, the exam key file
(handbook/exam_key.py) that exam-key writes and the build writes to exam-keys/; clause links
start with --base-url, by default the site's address (SITE_URL, else mkdocs.yml's site_url). The bank is loaded and checked by the build's own loader
(handbook/questions.py), so a bad question fails here as it fails the build: exit status 1
with the file, line and field.
"""
from __future__ import annotations

import argparse
import sys

from .data_files import DataFileError


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m handbook", description=__doc__.split("\n\n")[0])
    top.add_argument("--lang", choices=("zh", "en"), default="zh")
    sub = top.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quiz-export", help="the question bank, or a seeded exam, as Moodle XML or GIFT")
    q.add_argument("--format", choices=("moodle", "gift"), required=True)
    q.add_argument("--pool", choices=("study", "exam"), default="study",
                   help="the question pool (default: study; exam needs --key)")
    q.add_argument("--key", help="the exam key file, for the exam pool")
    q.add_argument("--seed", type=_seed, help="export the exam the trainer page draws for this seed (1 … 2147483647)")
    q.add_argument("--sections", help="comma-separated section ids (default: all)")
    q.add_argument("--types", help="comma-separated question types (default: all)")
    q.add_argument("--count", type=_count, help="number of questions of a seeded exam (default: all)")
    q.add_argument("--base-url", default=None, help="site URL for the clause links (default: the site's address)")
    r = sub.add_parser("quiz-results", help="a class's results from its trainees' result codes")
    r.add_argument("codes", help="a text file with one result code a line, or - for standard input")
    r.add_argument("--csv", help="also write the class table as CSV (as the trainer page downloads it)")
    r.add_argument("--key", help="the exam key file (exam-keys/key-<bank version>.json), for exam-pool codes")
    r.add_argument("--counting", choices=("first", "last"), default="first",
                   help="which of a trainee's codes counts (default: the first attempt)")
    r.add_argument("--base-url", default=None, help="site URL for the clause links (default: the site's address)")
    v = sub.add_parser("verify-records", help="check an exported job records file against its fingerprints")
    v.add_argument("file", help="a JSON file made by My job records (one record, or Export all job records)")
    k = sub.add_parser("exam-key", help="write the exam pool's key file (for trainers; never put it in site/)")
    k.add_argument("--out", required=True, help="the file to write, e.g. exam-keys/key.json")
    e = sub.add_parser("edition", help="snapshot the current text as an edition listed in data/editions.yml")
    e.add_argument("id", help="the edition's id, as data/editions.yml lists it")
    return top


def site_url() -> str:
    """The site's address, as mkdocs.yml takes it: SITE_URL, else its default there."""
    import os
    import re

    from .data_files import ROOT
    if os.environ.get("SITE_URL"):
        return os.environ["SITE_URL"]
    m = re.search(r"^site_url:\s*!ENV\s*\[SITE_URL,\s*'([^']*)'\]", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else ""


def _base(value: str | None) -> str:
    base = site_url() if value is None else value
    return base if not base or base.endswith("/") else base + "/"


def served_bank(lang: str, key_path: str | None) -> list[dict]:
    """The bank as the trainer page has it: served, with the key file put in when given."""
    from .exam_key import read_key, served, with_key
    from .questions import compiled
    bank = [served(q) for q in compiled(lang)]
    if key_path:
        bank = with_key(bank, read_key(key_path), lang, where=key_path)
    return bank


def _seed(text: str) -> int:
    from .quiz import check_seed
    try:
        return check_seed(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _count(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"the number of questions must be a whole number above 0, not {text!r}")
    return int(text)


def _list(value: str | None) -> list[str] | None:
    return None if value is None else [v for v in value.split(",") if v]


def _clause_url(base_url: str, lang: str):
    from .links import built_url

    def clause_url(clause: str) -> str:
        page, _, anchor = clause.partition("#")
        return base_url + built_url(page, lang) + (f"#{anchor}" if anchor else "")
    return clause_url


def quiz_export(ns: argparse.Namespace) -> str:
    from .quiz import draw_exam
    from .quiz_export import gift, moodle_xml

    if ns.pool == "exam" and not ns.key:
        raise DataFileError("quiz-export --pool exam: the exam pool's answers are in the key file; give it with --key")
    bank = {q["id"]: q for q in served_bank(ns.lang, ns.key)}
    questions = sorted(bank.values(), key=lambda q: q["id"])
    sections, types = _list(ns.sections), _list(ns.types)
    if ns.seed is not None:
        # The trainer page's exam for this seed, options in its order too.
        exam = draw_exam(questions, ns.seed, sections, ns.count, types, ns.pool)
        questions = [_reordered(bank[e["id"]], e["order"]) for e in exam]
    else:
        questions = [q for q in questions if q["pool"] == ns.pool and (sections is None or q["section"] in sections)
                     and (types is None or q["type"] in types)]
    return (moodle_xml if ns.format == "moodle" else gift)(questions, _clause_url(_base(ns.base_url), ns.lang))


def quiz_results(ns: argparse.Namespace) -> tuple[str, list[str], str | None]:
    """(the text report, the refused lines' messages, the CSV or None when nothing counted)."""
    from .class_results import csv_text, report, text_report

    if ns.codes == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(ns.codes, encoding="utf-8-sig", newline="") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as err:
            raise DataFileError(f"{ns.codes}: cannot read the result codes: {err}") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rep = report(text, served_bank(ns.lang, ns.key), ns.lang, _clause_url(_base(ns.base_url), ns.lang), ns.counting)
    problems = [p["message"] for p in rep["problems"]]
    return text_report(rep, ns.lang), problems, csv_text(rep, ns.lang) if "questions" in rep else None


def verify_records(ns: argparse.Namespace) -> tuple[str, bool]:
    """(one line per record with its check, whether every record is unchanged or carries none)."""
    import json

    from .labels import label
    from .record_fingerprint import check_file
    try:
        with open(ns.file, encoding="utf-8-sig") as f:
            rows = check_file(json.load(f))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise DataFileError(label("signoff.cli_bad_file", ns.lang).format(file=ns.file, error=err)) from None
    lines = []
    for row in rows:
        key = "changed_signed" if row["check"] == "changed" and row["signed"] else row["check"]
        lines.append(label("signoff.cli_line", ns.lang).format(
            number=row["index"] + 1, id=row["id"], label=row["label"] or label("checklist.no_label", ns.lang),
            check=label("signoff.check_" + key, ns.lang)))
    ok = all(r["check"] != "changed" for r in rows)
    return "\n".join(lines) + "\n", ok


def _reordered(q: dict, order: list[int]) -> dict:
    if q.get("options"):
        return {**q, "options": [q["options"][i] for i in order]}
    return q  # ordering items keep the right order: the platform shuffles them


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if any(a in ("deadline", "escalate", "calendar") for a in argv):
        # The rules' own command line, with the trace's clauses cited as V4 numbers them.
        from service_norms.__main__ import main as rules_main

        from .citations import clause_label
        return rules_main(argv, cite=clause_label)
    ns = parser().parse_args(argv)
    try:
        if ns.command == "quiz-export":
            sys.stdout.write(quiz_export(ns))
            return 0
        if ns.command == "exam-key":
            from pathlib import Path

            from .exam_key import build_key
            version, text = build_key()
            Path(ns.out).parent.mkdir(parents=True, exist_ok=True)
            Path(ns.out).write_text(text, encoding="utf-8")
            print(f"{ns.out}: the exam key of question bank version {version}; give it to trainers only, "
                  "never put it in site/", file=sys.stderr)
            return 0
        if ns.command == "verify-records":
            out, ok = verify_records(ns)
            sys.stdout.write(out)
            return 0 if ok else 1
        if ns.command == "edition":
            from .data_files import ROOT
            from .editions import write_snapshot
            path = write_snapshot(ns.id)
            print(f"{path.relative_to(ROOT)}: edition {ns.id}; commit it with data/editions.yml", file=sys.stderr)
            return 0
        out, problems, csv = quiz_results(ns)
    except DataFileError as err:
        print(err, file=sys.stderr)
        return 1
    for message in problems:
        print(message, file=sys.stderr)
    sys.stdout.write(out)
    if csv is None:
        return 1
    if ns.csv:
        with open(ns.csv, "w", encoding="utf-8", newline="") as f:
            f.write(csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
