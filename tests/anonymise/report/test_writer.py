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
