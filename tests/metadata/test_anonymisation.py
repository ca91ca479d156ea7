"""Anonymisation decisions in words, per variable and per file; never more than the decisions say."""

from metadata.anonymisation import decision_note, file_notes, result_for, variable_notes

RESULT = {
    "file": "data/survey.sav", "outputs": ["anonymised/data/survey.sav"], "k": 3, "keys": ["la", "age"],
    "decisions": [
        {"variable": "name", "action": "drop", "reason": "Direct identifier", "detail": ""},
        {"variable": "dob", "action": "date", "reason": "", "detail": "recoded from date of birth to year of birth"},
        {"variable": "sex", "action": "keep", "reason": "automatic", "detail": "unchanged"},
        {"variable": "age", "action": "suppress", "reason": "", "detail": "4 values set to system-missing"},
    ],
    "suppressions": {"age": 4, "la": 1},
    "risk_after": {"k_violations": {"3": 0}},
}


def test_sentences():
    assert decision_note({"action": "date", "detail": "recoded from date of birth to year of birth"}) == \
        "Anonymisation: date coarsened (recoded from date of birth to year of birth)."
    assert decision_note({"action": "topcode", "reason": "Rare values.", "detail": {"top": 6}}) == \
        "Anonymisation: top-coded (values beyond a limit shown at the limit) (top: 6). Reason: Rare values."


def test_variable_notes_skip_kept_and_dropped_and_do_not_repeat_suppression():
    notes = variable_notes(RESULT)
    assert sorted(notes) == ["age", "dob", "la"]
    assert len(notes["age"]) == 1 and "4 values" in notes["age"][0]
    assert notes["la"] == ["Anonymisation: 1 value set to missing by local suppression to reach k-anonymity with k = 3."]


def test_file_notes_and_matching():
    notes = file_notes(RESULT)
    assert notes[0] == "Variables removed before deposit to protect confidentiality: name (Direct identifier)."
    assert "3-anonymity" in notes[1] and notes[1].endswith(": 0.")
    assert result_for("survey", [RESULT]) is RESULT and result_for("other", [RESULT]) is None
    assert variable_notes(None) == {} and file_notes(None) == []
