"""The packager's key gate judges occurrences, names them privately, and honours a person's decisions.

Real WORK folders (tests/deposit/packager/workfixture.py): a .sav written by pyreadstat, a DDI
built from the manifest, the private key. Each test adds what its story needs to the key.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pyreadstat
import pytest

from anonymise.text import decisions
from deposit.cli import main
from manifests.fileio import read_json, read_jsonl, write_jsonl
from tests.deposit.packager import workfixture
from tests.deposit.packager.workfixture import decide


def package(work, dist, *extra) -> int:
    return main(["package", str(work.root), "--out", str(dist), *extra])


def add_to_key(work, *records: dict) -> None:
    write_jsonl(work.key, [*read_jsonl(work.key), *records], private=True)


def person(original: str, placeholder: str) -> dict:
    return {"original": original, "replacement": placeholder, "type": "PERSON", "file": "transcripts/sw01.txt"}


def stamped_sav(work, values: list[str]) -> None:
    """survey.sav as the data pass leaves it: written by pyreadstat, creation time stamped 01 Jan 80."""
    from anonymise.savfile import stamp_header

    path = work.data / "survey.sav"
    frame = pd.DataFrame({"case_id": [float(i + 1) for i in range(len(values))], "sex": [1.0] * len(values),
                          "age_band": values})
    pyreadstat.write_sav(frame, str(path), column_labels={"case_id": "Case identifier", "sex": "Sex of child",
                                                          "age_band": "Age band"})
    data = bytearray(path.read_bytes())
    stamp_header(data, datetime(1980, 1, 1))
    path.write_bytes(bytes(data))
    assert b"01 Jan 80" in bytes(data[:176])


def test_a_carer_called_jan_does_not_stop_every_sav_at_its_header_date(work, tmp_path):
    add_to_key(work, person("Jan", "[Person 2]"))
    stamped_sav(work, ["10-15"] * 6)
    assert package(work, tmp_path / "dist", "--format", "both") == 0


def test_jan_in_a_sav_value_still_stops_it_and_is_named_privately(work, tmp_path, capsys):
    add_to_key(work, person("Jan", "[Person 2]"))
    stamped_sav(work, ["10-15"] * 5 + ["Jan rang"])
    assert package(work, tmp_path / "dist", "--format", "spss") == 1
    err = capsys.readouterr().err
    assert "gate.original_found" in err and "spss/survey.sav" in err and "[Person 2]" in err
    assert "Jan rang" not in err and "Jan " not in err
    log = work.gate_log("package").read_text(encoding="utf-8")
    assert "PERSON 'Jan'" in log and "<<Jan>> rang" in log and "spss/survey.sav" in log
    assert str(work.gate_log("package")) in err and str(work.decisions) in err


def test_a_real_leak_stops_the_bundle_until_a_person_decides_on_that_occurrence(work, tmp_path, capsys):
    transcript = work.transcripts / "transcripts" / "sw01.txt"
    transcript.write_text(transcript.read_text() + "Then Tracey Walsh rang the office.\n")
    assert package(work, tmp_path / "dist") == 1
    err = capsys.readouterr().err
    assert "text/sw01.txt" in err and ", line 4" in err and "[Person 1]" in err and "tracey" not in err.lower()
    [row] = decisions.read(work.decisions)
    assert (row["gate"], row["file"], row["line"], row["type"]) == ("package", f"data/UKDA-{workfixture.STUDY_ID}-tab/text/sw01.txt", "4", "PERSON")
    assert row["context"] == "Then <<Tracey Walsh>> rang the office." and row["decision"] is None
    # "identifier": the person agrees it is a leak; the gate still refuses
    decide(work, row["occurrence"], decisions.IDENTIFIER)
    assert package(work, tmp_path / "dist") == 1
    capsys.readouterr()
    # the decision is per occurrence: a second mention elsewhere still stops the bundle
    text = work.decisions.read_bytes().decode("utf-8-sig").replace(",identifier\r\n", ",\r\n")
    work.decisions.write_bytes(text.encode("utf-8-sig"))
    decide(work, row["occurrence"])
    transcript.write_text(transcript.read_text() + "Later she called Tracey Walsh back.\n")
    assert package(work, tmp_path / "dist") == 1
    assert ", line 5" in capsys.readouterr().err
    transcript.write_text(transcript.read_text().replace("Later she called Tracey Walsh back.\n", ""))
    assert package(work, tmp_path / "dist") == 0
    assert not work.gate_log("package").exists()
    assert [r["decision"] for r in decisions.read(work.decisions)] == [decisions.NOT_IDENTIFIER]


def test_a_creators_surname_in_the_citation_is_not_a_leak_but_in_a_transcript_it_is(tmp_path, monkeypatch, capsys):
    plain = workfixture.manifest

    def with_creator() -> dict:
        data = plain()
        data["study"]["creators"].append({"name": "Quennell, R.", "affiliation": "University of Anytown"})
        return data

    monkeypatch.setattr(workfixture, "manifest", with_creator)
    work = workfixture.make_work(tmp_path)
    ddi = (work.metadata / "tab" / f"{workfixture.STUDY_ID}_ddi.xml").read_text(encoding="utf-8")
    assert "Quennell, R." in ddi
    # the family support worker in one transcript shares the creator's surname; the key has it
    add_to_key(work, person("Quennell", "[Person 3]"))
    assert package(work, tmp_path / "dist", "--format", "both") == 0
    transcript = work.transcripts / "transcripts" / "sw01.txt"
    transcript.write_text(transcript.read_text() + "The support worker, Mrs Quennell, came too.\n")
    assert package(work, tmp_path / "dist2") == 1
    err = capsys.readouterr().err
    assert "text/sw01.txt" in err and "[Person 3]" in err and "mrdoc" not in err


def test_keep_list_words_standing_as_identifiers_need_a_decision_and_no_flag_skips_it(work, tmp_path, capsys):
    text = "The family support worker, Mrs Quennell, came."
    start = text.index("Quennell")
    item = decisions.finding("keep_list", "anonymised/transcripts/transcripts/sw01.txt", "Quennell", "PERSON", "",
                             text, start, start + 8)
    decisions.record(work.decisions, "keep_list", [item])
    assert package(work, tmp_path / "dist", "--allow-pending-review") == 1
    err = capsys.readouterr().err
    assert "gate.kept_word_is_identifier" in err and item.occurrence in err and "Quennell" not in err
    decide(work, item.occurrence)
    assert package(work, tmp_path / "dist") == 0


def test_residual_hits_a_person_decided_on_are_not_refused_again(work, tmp_path, capsys):
    result = read_json(work.result("anonymise"))
    result["details"]["residual"] = {"status": "hits", "checked_files": 2, "originals_checked": 1,
                                     "hits": [{"file": "transcripts/sw01.txt", "location": "line 2", "type": "PERSON",
                                               "occurrence": "0123456789ab"}]}
    from manifests.fileio import write_json

    write_json(work.result("anonymise"), result)
    err = _refused(work, tmp_path, capsys)
    assert "occurrence 0123456789ab" in err and "gate_residual.log" in err
    text = "x <<y>> z"
    decisions.record(work.decisions, "residual", [decisions.Finding("residual", "transcripts/sw01.txt", 2, "y",
                                                                    "PERSON", "", text, "0123456789ab")])
    decide(work, "0123456789ab")
    err = _refused(work, tmp_path, capsys)
    assert "since decided" in err and "run 'ukds-deposit anonymise' again" in err


def _refused(work, tmp_path, capsys) -> str:
    assert package(work, tmp_path / "dist") == 1
    return capsys.readouterr().err


@pytest.fixture
def work(tmp_path):
    return workfixture.make_work(tmp_path)
