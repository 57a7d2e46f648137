"""A job record's fingerprint, twice: handbook/record_fingerprint.py and the site's
record-fingerprint.js (through node, on overrides/assets/javascripts, the files the build copies into site/) give the same canonical
JSON and the same digest for the same record — Chinese text, control characters, keys that
sort differently by code point and by UTF-16 unit, integers, fractions and exponents — and a
records file exported by the site checks out in Python, unless one character is changed."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from handbook import __main__ as cli
from handbook.record_fingerprint import canonical_json, check, check_file, fingerprint
from site_pages import ROOT

HERE = Path(__file__).parent
PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5E"
       "rkJggg==")
RUN = {
    "format": 1, "id": "run-00112233445566ff", "label": "机房 A，2 号柜（“B 区”）", "procedure": "equipment-room-work",
    "version": 3, "status": "compiled", "title": {"zh": "在客户机房工作", "en": "Working in a customer's equipment room"},
    "steps": [{"id": "leave-and-tell", "text": {"zh": "离开机房时与机房值班人员打招呼。", "en": "Tell the duty staff."},
               "end": True, "branches": []}],
    "started_at": "2025-10-09T06:00:00Z", "updated_at": "2025-10-09T06:05:00Z", "finished_at": "2025-10-09T06:05:00Z",
    "ticks": {"leave-and-tell": "2025-10-09T06:01:00Z"}, "answers": {},
    "notes": {"leave-and-tell": "值班：李工\n\t\"ok\" \\ \u0001 😀"},
    "sign_off": {"role": "duty-staff", "role_name": {"zh": "机房值班人员", "en": "Equipment-room duty staff"},
                 "clause": "conduct/equipment-room.md#room-entry", "cite": None,
                 "statement": {"zh": "本人确认。", "en": "I confirm."}},
    "signed": {"name": "王小明", "at": "2025-10-09T06:05:00Z", "method": "drawn", "image": PNG},
}
VALUES = [
    {"b": 1, "a": [True, None, "x"], "c": {"z": 1.0, "y": 0.5}},
    {"名": "机房，值班\n\"引号\"\u0001\u001f\u007f", "é": 2, "a": 3, "Z": 4, "😀": 5, "\uff5e": 6},
    [0, -1, 1.5, 0.1, 123.0, 1e16, 1e21, 1.5e300, 1e-6, 1e-7, 2.5e-8, 123456789012345680000.0, -0.000001234],
    {"photos": [{"id": "p1", "width": 1280, "height": 960, "bytes": 123456, "data": "iVBORw0KGgo="}]},
]


@pytest.fixture(scope="module")
def twins(tmp_path_factory) -> dict:
    assert shutil.which("node"), "node is missing: the build's toolchain (README) installs it"
    folder = tmp_path_factory.mktemp("fingerprints")
    path = folder / "input.json"
    runs = [RUN, {**RUN, "id": "run-0000000000000002", "signed": {**RUN["signed"], "method": "typed", "image": None}}]
    path.write_text(json.dumps({"site_js": str(ROOT / "overrides" / "assets" / "javascripts"), "values": VALUES, "runs": runs},
                               ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(["node", str(HERE / "fingerprint_twins.mjs"), str(path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return {"runs": runs, **json.loads(done.stdout)}


def test_the_canonical_form_is_the_same(twins):
    assert twins["canonical"] == [canonical_json(v) for v in VALUES]
    assert twins["canonical"][0] == '{"a":[true,null,"x"],"b":1,"c":{"y":0.5,"z":1}}'
    assert twins["canonical"][2] == ("[0,-1,1.5,0.1,123,10000000000000000,1e+21,1.5e+300,0.000001,1e-7,2.5e-8,"
                                     "123456789012345680000,-0.000001234]")


def test_the_fingerprint_is_the_same(twins):
    assert twins["fingerprints"] == [fingerprint(r) for r in twins["runs"]]


def test_a_file_the_site_exported_checks_out_and_one_changed_character_does_not(twins, tmp_path, capsys):
    data = json.loads(twins["exported"])
    assert [r["check"] for r in check_file(data)] == ["matches", "matches"]
    path = tmp_path / "records.json"
    path.write_text(twins["exported"], encoding="utf-8")
    assert cli.main(["--lang", "en", "verify-records", str(path)]) == 0
    assert "Record 1 (run-00112233445566ff, 机房 A，2 号柜（“B 区”）): unchanged since it was exported" in capsys.readouterr().out
    path.write_text(twins["exported"].replace("李工", "张工", 1), encoding="utf-8")
    assert cli.main(["verify-records", str(path)]) == 1
    out = capsys.readouterr().out
    assert "第 1 条（run-00112233445566ff，机房 A，2 号柜（“B 区”））：已签字，但导出后被改动过！" in out
    assert "第 2 条（run-0000000000000002，机房 A，2 号柜（“B 区”））：与导出时一致" in out


def test_a_file_that_is_not_a_records_file_is_named(tmp_path, capsys):
    path = tmp_path / "other.json"
    path.write_text('{"format": "something-else"}', encoding="utf-8")
    assert cli.main(["--lang", "en", "verify-records", str(path)]) == 1
    assert f"{path}: not a job records file (expected a JSON object with format 'service-norms-runs'" in capsys.readouterr().err
    assert check({"id": "x"}) == "none"
