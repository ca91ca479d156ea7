"""`ukds-deposit describe`: the stage end to end through the CLI, and --validate on real records."""

import json
from pathlib import Path

import pytest
import yaml

from deposit.cli import main
from manifests.loader import validate

from tests.metadata.fixtures import example_manifest, make_work

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "ddi-examples"


def outputs(work):
    return sorted(p.name for p in (work / "metadata").iterdir())


def test_describe_writes_everything_and_a_valid_result(tmp_path, capsys):
    work = make_work(tmp_path)
    assert main(["describe", str(work), "--gate", "STANDARD"]) == 0
    assert outputs(work) == ["900001_ddi.xml", "casefile_survey_ukda_data_dictionary.rtf", "codebook.html"]
    result = json.loads((work / "results" / "describe.json").read_text(encoding="utf-8"))
    validate(result, "stage_result", "describe.json")
    assert result["status"] == "ok" and result["problems"] == []
    assert result["summary"]["violations"] == {"BASIC": 0, "STANDARD": 0}
    assert result["summary"]["variables"] == 8 and result["summary"]["cases"] == {"casefile_survey": 40}
    assert result["outputs"] == ["metadata/900001_ddi.xml", "metadata/casefile_survey_ukda_data_dictionary.rtf",
                                 "metadata/codebook.html"]
    assert "STANDARD 0" in capsys.readouterr().out
    # Nothing is left half-written.
    assert not [p for p in (work / "metadata").iterdir() if p.name.startswith(".")]


def test_describe_twice_gives_the_same_bytes(tmp_path):
    work = make_work(tmp_path)
    main(["describe", str(work)])
    first = {p.name: p.read_bytes() for p in (work / "metadata").iterdir()}
    first["describe.json"] = (work / "results" / "describe.json").read_bytes()
    main(["describe", str(work)])
    second = {p.name: p.read_bytes() for p in (work / "metadata").iterdir()}
    second["describe.json"] = (work / "results" / "describe.json").read_bytes()
    assert first == second


def test_missing_mandatory_field_fails_early_naming_it(tmp_path, capsys):
    data = example_manifest()
    del data["study"]["doi"]
    work = make_work(tmp_path, data)
    assert main(["describe", str(work)]) == 2
    err = capsys.readouterr().err
    assert "study.doi" in err and "CESSDA" in err
    assert "Traceback" not in err
    assert not (work / "metadata").exists(), "nothing is built when the manifest cannot pass"
    result = json.loads((work / "results" / "describe.json").read_text(encoding="utf-8"))
    assert result["status"] == "failed" and result["problems"][0]["location"] == "study.doi"


def test_schema_required_field_is_named_by_the_loader(tmp_path, capsys):
    data = example_manifest()
    del data["study"]["nation"]["abbr"]
    work = make_work(tmp_path, data)
    assert main(["describe", str(work)]) == 2
    err = capsys.readouterr().err
    assert "study.nation" in err and "abbr" in err


def test_missing_recommended_field_warns_but_passes_basic(tmp_path):
    data = example_manifest()
    del data["study"]["access"]["restrictions"]
    work = make_work(tmp_path, data)
    assert main(["describe", str(work)]) == 0
    result = json.loads((work / "results" / "describe.json").read_text(encoding="utf-8"))
    warnings = {p["code"]: p for p in result["problems"] if p["severity"] == "warning"}
    assert warnings["manifest.cdc_recommended"]["location"] == "study.access.restrictions"
    assert result["summary"]["violations"] == {"BASIC": 0, "STANDARD": 1}
    # The stricter gate turns it into a failure.
    assert main(["describe", str(work), "--gate", "STANDARD"]) == 1


def test_stale_dictionary_is_removed(tmp_path):
    work = make_work(tmp_path)
    (work / "metadata").mkdir()
    stale = work / "metadata" / "gone_ukda_data_dictionary.rtf"
    stale.write_text("{\\rtf1 old}", encoding="ascii")
    main(["describe", str(work)])
    assert not stale.exists()


def test_no_manifest_copy_is_a_usage_error(tmp_path, capsys):
    assert main(["describe", str(tmp_path)]) == 2
    assert "deposit.yaml" in capsys.readouterr().err
    assert main(["describe"]) == 2


@pytest.mark.parametrize("name, code", [
    ("cdc25-compliant-example.xml", 0),
    ("ukds-2000-ddi25.xml", 1),
    ("ukds-7481-ddi25.xml", 1),
    ("ukds-6684-oai-pmh-getrecord.xml", 1),
    ("dataverse-dct_codebook.xml", 1),
])
def test_validate_shared_examples(name, code, capsys):
    assert main(["describe", "--validate", str(EXAMPLES / name)]) == code
    out = capsys.readouterr().out
    assert "BASIC" in out and "STANDARD" in out


def test_validate_compliant_example_at_standard_and_as_json(capsys):
    assert main(["describe", "--validate", str(EXAMPLES / "cdc25-compliant-example.xml"), "--gate", "STANDARD",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["xsd_valid"] and report["violations"] == {"BASIC": 0, "STANDARD": 0}


def test_validate_reports_html_in_ukds_record(capsys):
    main(["describe", "--validate", str(EXAMPLES / "ukds-7481-ddi25.xml"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert not report["xsd_valid"]
    assert any(p["code"] == "ddi.xsd" and "raw HTML" in p["hint"] for p in report["problems"])


def test_validate_unreadable_or_not_xml(tmp_path, capsys):
    assert main(["describe", "--validate", str(tmp_path / "nope.xml")]) == 2
    (tmp_path / "bad.xml").write_bytes(b"\x00\x01 not xml")
    assert main(["describe", "--validate", str(tmp_path / "bad.xml")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_manifest_file_without_anonymised_copy_is_a_warning(tmp_path):
    data = example_manifest()
    data["files"].append({"path": "transcripts/iro09.txt", "role": "transcript"})
    work = make_work(tmp_path, data)
    assert main(["describe", str(work)]) == 0
    result = json.loads((work / "results" / "describe.json").read_text(encoding="utf-8"))
    assert [(p["code"], p["location"]) for p in result["problems"]] == [("describe.missing_file", "transcripts/iro09.txt")]


def test_corrupt_inputs_end_with_one_message(tmp_path, capsys):
    work = make_work(tmp_path)
    (work / "results" / "anonymise.json").write_text("{not json", encoding="utf-8")
    assert main(["describe", str(work)]) == 2
    (work / "results" / "anonymise.json").unlink()
    (work / "anonymised" / "data" / "casefile_survey.sav").write_bytes(b"$FL2 truncated")
    assert main(["describe", str(work)]) == 2
    err = capsys.readouterr().err
    assert "anonymise.json" in err and "casefile_survey.sav" in err and "Traceback" not in err
