"""Writing the reports into WORK: where, with which permissions, and never with a leak."""

from __future__ import annotations

import json
import stat

import pytest

from anonymise.report import OriginalLeak, write_reports
from anonymise.report.leak import find_originals
from manifests.loader import validate
from manifests.workdir import Work


def test_writes_public_json_and_html_and_a_private_html(tmp_path, manifest, result, key_records):
    work = Work.at(tmp_path / "work")
    written = write_reports(work, manifest, result, key_records)
    names = [p.relative_to(work.root).as_posix() for p in written]
    assert names == ["reports/anonymisation_report.json", "reports/anonymisation_report.html",
                     "private/anonymisation_report_private.html"]
    report = json.loads((work.reports / "anonymisation_report.json").read_text(encoding="utf-8"))
    validate(report, "anonymisation_report", "written report")
    private = work.private / "anonymisation_report_private.html"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(work.private.stat().st_mode) == 0o700
    public = {p.name: p.read_text(encoding="utf-8") for p in work.reports.iterdir()}
    assert find_originals(public, key_records) == []
    assert find_originals({"private": private.read_text(encoding="utf-8")}, key_records)


def test_planted_original_stops_the_write(tmp_path, manifest, variant, key_records):
    result = variant()
    person = next(r["original"] for r in key_records if r["type"] == "PERSON")
    result["details"]["samples"].append({"file": "transcripts/sw01.docx", "text": f"I spoke to {person} about [Person 2]."})
    work = Work.at(tmp_path / "work")
    write_reports(work, manifest, variant(), key_records)  # an earlier, clean run
    with pytest.raises(OriginalLeak) as err:
        write_reports(work, manifest, result, key_records)
    assert person.casefold() not in err.value.render().casefold()
    assert {p.location for p in err.value.report} == {"anonymisation_report.json", "anonymisation_report.html"}
    assert not work.reports.exists() or not any(work.reports.iterdir())
    # The private report is written, owner-only, and names the leaked original for the data manager.
    private = work.private / "anonymisation_report_private.html"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    page = private.read_text(encoding="utf-8")
    assert "Originals found in the public report" in page and person in page
    assert str(private) in err.value.hint


def test_rewriting_gives_the_same_bytes(tmp_path, manifest, result, key_records):
    first = [p.read_bytes() for p in write_reports(Work.at(tmp_path / "a"), manifest, result, key_records)]
    second = [p.read_bytes() for p in write_reports(Work.at(tmp_path / "b"), manifest, result, key_records)]
    assert first == second


def write_review_file(work: Work, rows: list[tuple[str, str, str]]) -> None:
    """A review file as the text pass writes it, with a person's decisions filled in."""
    from anonymise.text.review import COLUMNS, REVIEW_FILE
    from manifests.fileio import write_text

    cells = [{"file": "transcripts/sw01.docx", "line": "3", "context": f"She met <<{text}>> there", "type": kind,
              "why": "surname list", "suggested_replacement": "[Person 9]", "occurrences": "1", "decision": decision}
             for text, kind, decision in rows]
    lines = [",".join(COLUMNS)] + [",".join(row[c] for c in COLUMNS) for row in cells]
    write_text(work.review / REVIEW_FILE, "\r\n".join(lines) + "\r\n", private=True, encoding="utf-8-sig")


def test_decisions_a_person_made_and_words_they_kept_are_reported(tmp_path, manifest, result, key_records):
    work = Work.at(tmp_path / "work")
    replaced = next(r["original"] for r in key_records if r["type"] == "PERSON")
    write_review_file(work, [("Pickle", "PERSON", "keep"), (replaced, "PERSON", "replace"),
                             ("Sunnyside", "ORGANISATION", "keep"), ("Brook", "TOWN", "")])
    write_reports(work, manifest, result, key_records)
    report = json.loads((work.reports / "anonymisation_report.json").read_text(encoding="utf-8"))
    assert report["person_decisions"]["by_type"] == [
        {"type": "ORGANISATION", "replace": 0, "keep": 1, "not_identifier": 0},
        {"type": "PERSON", "replace": 1, "keep": 1, "not_identifier": 0}]
    # The words a reviewer kept are published by that decision and listed, marked as a reviewer's;
    # the original a reviewer had replaced is nowhere in the public report.
    reviewed = [t for t in report["keep_list"]["terms"] if t["source"] == "review"]
    assert reviewed == [{"term": "Pickle", "source": "review", "type": "PERSON"},
                        {"term": "Sunnyside", "source": "review", "type": "ORGANISATION"}]
    page = (work.reports / "anonymisation_report.html").read_text(encoding="utf-8")
    assert "<td>Pickle</td><td><b>a reviewer decided to keep it</b> (detected as person)</td>" in page
    assert replaced.casefold() not in page.casefold() and "Brook" not in page


def test_the_report_reads_the_recall_shipped_with_the_package(tmp_path, manifest, result, key_records, monkeypatch,
                                                             figures):
    from anonymise.report import writer

    work = Work.at(tmp_path / "work")
    write_reports(work, manifest, result, key_records)
    report = json.loads((work.reports / "anonymisation_report.json").read_text(encoding="utf-8"))
    shipped = writer.measured_recall()
    assert report["recall"]["status"] == ("not_measured" if shipped.get("placeholder") else "measured")
    # and real figures, once they replace the placeholder, are used as they are
    monkeypatch.setattr(writer, "measured_recall", lambda: figures(0.9, (0.88, 0.92)))
    write_reports(work, manifest, result, key_records)
    report = json.loads((work.reports / "anonymisation_report.json").read_text(encoding="utf-8"))
    assert report["recall"]["status"] == "measured" and report["recall"]["source"]["corpus"] == "gold-test"


def test_a_leak_is_named_privately_and_a_persons_decision_lets_the_report_through(tmp_path, manifest, variant,
                                                                                   key_records):
    from anonymise.text import decisions

    result = variant()
    person = next(r for r in key_records if r["type"] == "PERSON")
    result["details"]["samples"].append({"file": "transcripts/sw01.docx",
                                         "text": f"Then {person['original']} rang the office about the plan."})
    work = Work.at(tmp_path / "work")
    with pytest.raises(OriginalLeak) as err:
        write_reports(work, manifest, result, key_records)
    # the console names the placeholder, never the original; the private log and the decisions file do
    rendered = err.value.render()
    assert person["replacement"] in rendered and person["original"].casefold() not in rendered.casefold()
    log = work.gate_log("report").read_text(encoding="utf-8")
    assert person["original"] in log and f"<<{person['original']}>> rang the office" in log
    assert str(work.gate_log("report")) in err.value.hint and str(work.decisions) in err.value.hint
    [row] = decisions.read(work.decisions)      # one occurrence, though it stands in the JSON and the HTML
    assert (row["gate"], row["type"], row["decision"]) == ("report", "PERSON", None)
    # a person decides that this occurrence is not that identifier: the report is written and counts it
    text = work.decisions.read_bytes().decode("utf-8-sig").replace("\r\n", "not_identifier\r\n", 2)
    work.decisions.write_bytes(text.replace("decisionnot_identifier", "decision", 1).encode("utf-8-sig"))
    write_reports(work, manifest, result, key_records)
    report = json.loads((work.reports / "anonymisation_report.json").read_text(encoding="utf-8"))
    assert report["person_decisions"]["totals"]["not_identifier"] == 1
    assert {"type": "PERSON", "replace": 0, "keep": 0, "not_identifier": 1} in report["person_decisions"]["by_type"]
    assert not work.gate_log("report").exists()
