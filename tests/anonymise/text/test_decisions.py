"""The private decisions file: one row per occurrence a gate found, a person's decision kept across runs."""

from __future__ import annotations

import stat

import pytest

from anonymise.text import decisions
from manifests.errors import UserError


def found(gate: str, text: str, word: str, kind: str = "PERSON", file: str = "transcripts/a.txt"):
    start = text.index(word)
    return decisions.finding(gate, file, word, kind, "[Person 7]", text, start, start + len(word))


def set_decision(path, occurrence: str, value: str) -> None:
    """What a person does in a spreadsheet: fill in the decision column of one row."""
    text = path.read_bytes().decode("utf-8-sig")
    lines = [line + value if line.startswith(occurrence) else line for line in text.split("\r\n")]
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))


def test_rows_are_private_decisions_persist_and_stale_undecided_rows_go(tmp_path):
    path = tmp_path / "private" / "decisions.csv"
    path.parent.mkdir()
    jan = found("package", "The foster carer, Jan, came.", "Jan")
    seven = found("residual", "It was six or Seven said.", "Seven")
    decisions.record(path, "package", [jan])
    decisions.record(path, "residual", [seven])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = decisions.read(path)
    assert [(r["gate"], r["type"], r["placeholder"], r["decision"]) for r in rows] == [
        ("package", "PERSON", "[Person 7]", None), ("residual", "PERSON", "[Person 7]", None)]
    assert rows[0]["context"] == "The foster carer, <<Jan>>, came."
    set_decision(path, jan.occurrence, "not_identifier")
    assert decisions.not_identifier(path) == {jan.occurrence}
    # the next packaging finds nothing: the decided row stays, the residual scan's row is not the packager's
    decisions.record(path, "package", [])
    assert {r["occurrence"] for r in decisions.read(path)} == {jan.occurrence, seven.occurrence}
    decisions.record(path, "residual", [])                    # fixed: its undecided row goes
    assert [r["occurrence"] for r in decisions.read(path)] == [jan.occurrence]
    assert decisions.decided_not_identifier(path) == [{"type": "PERSON", "occurrence": jan.occurrence}]
    # found again on a later run: the row is kept with its decision
    decisions.record(path, "package", [jan])
    assert decisions.not_identifier(path) == {jan.occurrence}


def test_a_decision_nobody_can_read_is_one_clear_error(tmp_path):
    path = tmp_path / "decisions.csv"
    item = found("package", "The carer, Jan, came.", "Jan")
    decisions.record(path, "package", [item])
    set_decision(path, item.occurrence, "maybe")
    with pytest.raises(UserError) as err:
        decisions.read(path)
    assert "decisions.csv:2" in err.value.location and err.value.exit_code == 2


def test_the_log_names_original_file_line_and_context_and_what_to_do(tmp_path):
    item = found("package", "first line\nThe foster carer, Jan, came.", "Jan")
    log = decisions.write_log(tmp_path / "gate_package.log", "package", [item], decided=2,
                              decisions=tmp_path / "decisions.csv")
    text = log.read_text()
    assert "PRIVATE" in text and "transcripts/a.txt, line 2: PERSON 'Jan'" in text and "<<Jan>>" in text
    assert "2 more were decided 'not_identifier'" in text and "not_identifier" in text
    assert "Never put an identifier on the keep list" in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert decisions.write_log(log, "package", []) is None and not log.exists()
