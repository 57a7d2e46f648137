"""Command line of the build side.

    python -m handbook [--lang zh|en] quiz-export --format moodle|gift [--seed N --sections a,b --count N
                                                --types single,ordering] [--base-url https://handbook.intranet/]

quiz-export writes the question bank, or the seeded exam the trainer page draws for --seed,
as Moodle XML or GIFT on standard output. The bank is loaded and checked by the build's own
loader (handbook/questions.py), so a bad question fails here as it fails the build: exit
status 1 with the file, line and field.
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
    q.add_argument("--seed", type=int, help="export the exam the trainer page draws for this seed")
    q.add_argument("--sections", default="", help="comma-separated section ids (default: all)")
    q.add_argument("--types", default="", help="comma-separated question types (default: all)")
    q.add_argument("--count", type=int, help="number of questions of a seeded exam (default: all)")
    q.add_argument("--base-url", default="", help="site URL for the clause links, e.g. https://handbook.intranet/")
    return top


def quiz_export(ns: argparse.Namespace) -> str:
    from .links import built_url
    from .questions import compiled
    from .quiz import draw_exam
    from .quiz_export import gift, moodle_xml

    bank = {q["id"]: q for q in compiled(ns.lang)}
    questions = sorted(bank.values(), key=lambda q: q["id"])
    sections = [s for s in ns.sections.split(",") if s]
    types = [t for t in ns.types.split(",") if t]
    if ns.seed is not None:
        # The trainer page's exam for this seed, options in its order too.
        exam = draw_exam(questions, ns.seed, sections, ns.count, types)
        questions = [_reordered(bank[e["id"]], e["order"]) for e in exam]
    else:
        questions = [q for q in questions if (not sections or q["section"] in sections)
                     and (not types or q["type"] in types)]

    def clause_url(clause: str) -> str:
        page, _, anchor = clause.partition("#")
        return ns.base_url + built_url(page, ns.lang) + (f"#{anchor}" if anchor else "")
    return (moodle_xml if ns.format == "moodle" else gift)(questions, clause_url)


def _reordered(q: dict, order: list[int]) -> dict:
    if q.get("options"):
        return {**q, "options": [q["options"][i] for i in order]}
    return q  # ordering items keep the right order: the platform shuffles them


def main(argv: list[str] | None = None) -> int:
    ns = parser().parse_args(argv)
    try:
        sys.stdout.write(quiz_export(ns))
    except DataFileError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
