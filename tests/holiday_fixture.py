"""The fictional holiday notice of tests/rules/fixtures/, for tests of any layer."""
from __future__ import annotations

from pathlib import Path

from handbook.data_files import parse
from handbook.holiday_notices import HolidayNotices

FIXTURE = Path(__file__).parent / "rules" / "fixtures" / "holiday_notice_2031.yml"


def fixture_notices() -> list[dict]:
    return parse(FIXTURE.read_text(encoding="utf-8"), HolidayNotices, "holiday_notice_2031.yml").for_rules()
