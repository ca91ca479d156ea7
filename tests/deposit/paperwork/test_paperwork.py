"""`ukds-deposit paperwork`: the licence schedule, the ReShare record sheet and the intake summary,
compared field by field with the manifest they are filled from."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import yaml
from striprtf.striprtf import rtf_to_text

from deposit.cli import main
from deposit.demo.generate import generate
from deposit.paperwork import licence, reshare
from manifests.fileio import write_text
from manifests.loader import load_manifest, validate
from tests.deposit.packager.workfixture import STUDY_ID


@pytest.fixture(scope="module")
def demo_manifest(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("demo") / "collection"
    generate(folder, scale="small", seed=1)
    return load_manifest(folder)


def by_key(sheet: dict) -> dict[str, dict]:
    return {row["key"]: row for row in sheet["fields"]}


def test_the_reshare_sheet_holds_the_manifests_values(demo_manifest):
    study = demo_manifest["study"]
    sheet = reshare.record_sheet(demo_manifest)
    rows = by_key(sheet)
    assert [r["key"] for r in sheet["fields"]] == [f["key"] for f in reshare.fields()]
    assert rows["title"]["value"] == [study["title"]]
    assert rows["alternative_title"]["value"] == [study["alternative_title"]]
    assert rows["abstract"]["value"] == [study["abstract"]]
    assert [line.split(",")[0] + "," + line.split(",")[1] for line in rows["creators"]["value"]] == [
        c["name"] for c in study["creators"]]
    assert all(c["affiliation"] in line and c["orcid"] in line for c, line in zip(study["creators"], rows["creators"]["value"]))
    assert rows["funders"]["value"] == [f["name"] for f in study["funders"]]
    assert rows["grant_numbers"]["value"] == ["ES/X000000/1 (ESRC)"]
    assert rows["collection_period"]["value"] == [f"{study['collection_period']['start']} to {study['collection_period']['end']}"]
    assert rows["keywords"]["value"] == ["; ".join(k["term"] for k in study["keywords"])]
    assert rows["access_level"]["value"] == [reshare.ACCESS_LEVELS[study["access"]["level"]]]
    assert rows["licence"]["value"] == [f"{study['access']['licence']['name']} ({study['access']['licence']['uri']})"]
    assert rows["related_publications"]["value"] == [
        f"{p['citation']} {p['uri']}" for p in study["related_publications"]]
    assert rows["country"]["value"] == [study["nation"]["name"]] and rows["language"]["value"] == ["en"]
    assert rows["contact"]["value"] == [study["depositor"]["name"]]
    # every field the form has is filled from the demo's manifest, and its deadline follows the grant's end
    assert sheet["empty"] == [] and sheet["empty_required"] == []
    assert sheet["deadline"]["grant_end"] == study["funders"][0]["grant_end"] == "2015-03-31"
    assert sheet["deadline"]["due"] == "2015-06-30" and sheet["deadline"]["funder"] == "ESRC"


def test_empty_fields_are_kept_and_marked(demo_manifest):
    manifest = copy.deepcopy(demo_manifest)
    for key in ("alternative_title", "related_publications", "doi"):
        manifest["study"].pop(key)
    manifest["study"]["access"].pop("level")
    manifest["study"]["funders"][0].pop("grant_end")
    validate(manifest, "deposit")
    sheet = reshare.record_sheet(manifest)
    assert sheet["empty"] == ["alternative_title", "grant_end", "access_level", "related_publications", "doi"]
    assert sheet["empty_required"] == ["access_level"]
    assert sheet["deadline"]["due"] is None and "grant_end" in sheet["deadline"]["note"]
    html = reshare.render_html(sheet)
    assert html.count('<tr class="empty">') == 5
    assert "Not given in deposit.yaml: fill in study.access.level" in html
    assert "Deadline not computed: add grant_end" in html


@pytest.mark.parametrize("end, due", [("2015-03-31", "2015-06-30"), ("2014-11-30", "2015-02-28"),
                                      ("2015-11-30", "2016-02-29"), ("2015-03", "2015-06-30"), ("2015", "2016-03-31")])
def test_the_record_is_due_three_months_after_the_grant_ends(end, due):
    assert reshare.add_months(reshare.end_of(end), 3) == dt.date.fromisoformat(due)


def test_the_licence_schedule_names_a_holder_for_every_file(demo_manifest):
    manifest = copy.deepcopy(demo_manifest)
    manifest["copyright_holders"] = [
        {"path": "transcripts/", "holder": "Transcribers Ltd"},
        {"path": "transcripts/sw01.docx", "holder": "The interviewee", "statement": "Copyright the interviewee."},
        {"path": "data", "holder": "Survey Unit"},
    ]
    rows = {r["path"]: r for r in licence.holders(manifest)}
    assert set(rows) == {f["path"] for f in manifest["files"]}
    assert rows["transcripts/sw01.docx"]["holder"] == "The interviewee"           # the most specific rule wins
    assert rows["transcripts/sw01.docx"]["statement"] == "Copyright the interviewee."
    assert rows["transcripts/sw02.txt"]["holder"] == "Transcribers Ltd"
    assert rows["transcripts/sw02.txt"]["statement"] == "Copyright Transcribers Ltd, 2015. All rights reserved."
    assert rows["data/casefile_survey.sav"]["holder"] == "Survey Unit"
    assert rows["docs/consent_form.txt"]["holder"] == "University of Anytown"     # default: the creators' institution
    text = rtf_to_text(licence.schedule_rtf(manifest))
    assert "Licence agreement: schedule of copyright holders" in text
    for path, row in rows.items():
        assert path in text and row["holder"] in text


def test_paperwork_writes_the_three_documents_outside_the_bundle(work, tmp_path, capsys):
    manifest = yaml.safe_load(work.manifest_copy.read_text("utf-8"))
    next(f for f in manifest["files"] if f["role"] == "data")["expected"] = {"cases": 7, "variables": 3}
    manifest["expected_transcripts"] = {"social_worker": 1}
    manifest.pop("consent")
    write_text(work.manifest_copy, yaml.safe_dump(manifest, sort_keys=False), private=True)
    out = tmp_path / "paperwork"
    assert main(["paperwork", str(work.root), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == sorted([
        f"{STUDY_ID}_licence_schedule.rtf", f"{STUDY_ID}_reshare_record.html", f"{STUDY_ID}_reshare_record.json",
        f"{STUDY_ID}_intake_summary.html", f"{STUDY_ID}_intake_summary.json"])
    assert "create the ReShare record by 2015-06-30" in printed and "survey.sav cases" in printed
    sheet = json.loads((out / f"{STUDY_ID}_reshare_record.json").read_text("utf-8"))
    assert by_key(sheet)["title"]["value"] == [manifest["study"]["title"]]
    intake = json.loads((out / f"{STUDY_ID}_intake_summary.json").read_text("utf-8"))
    assert intake["data"] == [{"file": "survey.sav", "cases": {"found": 6, "expected": 7, "status": "differs"},
                               "variables": {"found": 3, "expected": 3, "status": "as expected"}}]
    assert intake["transcripts"] == [{"participant_type": "social_worker", "found": 1, "expected": 1,
                                      "status": "as expected"}]
    # the fixture's case_id and age_band have labels but no value labels; sex is labelled 1 and 2
    assert intake["labels"]["missing_variable_labels"] == []
    documents = {d["name"]: d["status"] for d in intake["documentation"]}
    assert documents["docs/interview_guide.txt"] == "present"
    assert documents["consent.form"] == documents["consent.information_sheet"] == "missing"
    assert documents[f"mrdoc/{STUDY_ID}_ddi.xml"] == "present"
    html = (out / f"{STUDY_ID}_intake_summary.html").read_text("utf-8")
    assert "UKDS expects a blank copy of the consent form" in html and 'class="differs"' in html


def test_paperwork_never_goes_into_the_private_folder_or_a_missing_work(work, tmp_path, capsys):
    assert main(["paperwork", str(work.root), "--out", str(work.private / "paper")]) == 2
    assert "private folder" in capsys.readouterr().err and not (work.private / "paper").exists()
    assert main(["paperwork", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "no manifest copy" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_the_form_fields_are_well_formed_data():
    """reshare.yaml: every field names a manifest field the schema knows and a writer that exists."""
    from manifests.loader import load_schema

    schema = load_schema("deposit")
    for field in reshare.fields():
        assert set(field) <= {"key", "label", "from", "as", "required"} and field["label"], field
        assert field.get("as", "text") in reshare.WRITERS, field
        node = schema
        for part in field["from"].split("."):
            node = node["properties"][part] if "properties" in node else node["items"]["properties"][part]
    assert len({f["key"] for f in reshare.fields()}) == len(reshare.fields())
