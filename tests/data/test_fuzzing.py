"""Bad data files give a clear error naming the file, never a crash (the rules' JSON door is
fuzzed in tests/rules/test_door_fuzzing.py)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.data_files import DataFileError, parse
from handbook.models import Glossary, Handbook
from handbook.procedures import Procedure
from handbook.question_bank import QuestionFile
from handbook.service_levels import ServiceLevels
from site_pages import ROOT

FILES = {
    "checklists/equipment-room-work.yml": Procedure,
    "data/service_levels.yml": ServiceLevels,
    "questions/first-contact.yml": QuestionFile,
    "data/glossary.yml": Glossary,
    "data/handbook.yml": Handbook,
}
ODD = st.sampled_from(["\u202e", "\u0000", "\ufeff", "\U0001F600", "\u200b", "{{ x }}", "<script>", ": ", "- ",
                       "[", "{", "'", '"', "&a", "*a", "!!python/object:os.system", "\t", "\r", "\\", "%", "é", "機房"])


def _clear_error_or_valid(text: str, model, name: str) -> None:
    try:
        parse(text, model, name)
    except DataFileError as err:
        message = str(err)
        assert message.startswith(name), message  # it names the file first
        assert len(message) < 20_000


@pytest.mark.parametrize("name", FILES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_data_files_give_a_clear_error_or_load(name, data):
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "indent"]))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "insert":
            at = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + data.draw(ODD) + lines[i][at:]
        elif action == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        else:
            lines[i] = "  " + lines[i]
    _clear_error_or_valid("\n".join(lines), FILES[name], name)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_any_text_gives_a_clear_error(text):
    _clear_error_or_valid(text, Procedure, "checklists/x.yml")


@pytest.mark.parametrize("text, expected", [
    ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ("a: &a [*a]\nb: *a\n", ""),
    ("steps:\n" + "  - id: x\n" * 50_000, ""),
    ("\ufeffschema_version: 1\n", ""),
    ("id: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
], ids=["deep nesting", "alias loop", "huge file", "byte order mark", "python tag"])
def test_hostile_yaml_gives_a_clear_error(text, expected):
    with pytest.raises(DataFileError) as err:
        parse(text, Procedure, "checklists/x.yml")
    assert str(err.value).startswith("checklists/x.yml") and expected in str(err.value)
