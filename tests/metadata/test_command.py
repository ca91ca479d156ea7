"""`ukds-deposit describe`: the stage end to end through the CLI, and --validate on real records."""

import hashlib
import json

import pytest
from lxml import etree

from deposit.cli import main
from manifests.loader import validate
from metadata.validate import summary, validate_ddi
from tests.metadata.fixtures import DDI_EXAMPLES as EXAMPLES
from tests.metadata.fixtures import example_manifest, make_work

NS = {"ddi": "ddi:codebook:2_5"}
WRITTEN = ["900001_ddi.xml", "casefile_survey_ukda_data_dictionary.rtf", "codebook.html"]


def outputs(work):
    return sorted(p.relative_to(work / "metadata").as_posix() for p in (work / "metadata").rglob("*") if p.is_file())


def test_describe_writes_everything_and_a_valid_result(tmp_path, capsys):
    work = make_work(tmp_path)
    assert main(["describe", str(work), "--gate", "STANDARD"]) == 0
    # The whole collection's metadata, and the edition of each format's bundle.
    assert outputs(work) == sorted(WRITTEN + [f"{fmt}/{name}" for fmt in ("spss", "tab") for name in WRITTEN])
    result = json.loads((work / "results" / "describe.json").read_text(encoding="utf-8"))
    validate(result, "stage_result", "describe.json")
    assert result["status"] == "ok" and result["problems"] == []
    assert result["summary"]["violations"] == {"BASIC": 0, "STANDARD": 0}
    assert result["summary"]["variables"] == 8 and result["summary"]["cases"] == {"casefile_survey": 40}
    assert result["outputs"] == [f"metadata/{name}" for name in outputs(work)]
    editions = result["details"]["editions"]
    assert {fmt: e["data_files"] for fmt, e in editions.items()} == {"tab": ["tab/casefile_survey.tab"],
                                                                    "spss": ["spss/casefile_survey.sav"]}
    assert all(e["xsd_valid"] and e["violations"] == {"BASIC": 0, "STANDARD": 0} for e in editions.values())
    assert "STANDARD 0" in capsys.readouterr().out
    # Nothing is left half-written.
    assert not [p for p in (work / "metadata").rglob("*") if p.name.startswith(".")]


def test_describe_twice_gives_the_same_bytes(tmp_path):
    work = make_work(tmp_path)
    main(["describe", str(work)])
    first = {name: (work / "metadata" / name).read_bytes() for name in outputs(work)}
    first["describe.json"] = (work / "results" / "describe.json").read_bytes()
    main(["describe", str(work)])
    second = {name: (work / "metadata" / name).read_bytes() for name in outputs(work)}
    second["describe.json"] = (work / "results" / "describe.json").read_bytes()
    assert first == second


@pytest.mark.parametrize("fmt, other", [("tab", "spss"), ("spss", "tab")])
def test_each_format_edition_names_only_that_formats_data(tmp_path, fmt, other):
    work = make_work(tmp_path)
    assert main(["describe", str(work), "--gate", "STANDARD"]) == 0
    edition = work / "metadata" / fmt
    suffix, other_suffix = {"tab": (".tab", ".sav"), "spss": (".sav", ".tab")}[fmt]
    ddi = (edition / "900001_ddi.xml").read_bytes()
    root = etree.fromstring(ddi)
    files = {f.get("ID"): f for f in root.iterfind("ddi:fileDscr", NS)}
    assert sorted(f.get("URI") for f in files.values()) == [f"{fmt}/casefile_survey{suffix}", "text/sw01.txt"]
    data = next(f for f in files.values() if f.get("URI").startswith(f"{fmt}/"))
    assert data.findtext("ddi:fileTxt/ddi:fileName", namespaces=NS) == f"casefile_survey{suffix}"
    assert f"({suffix})" in data.findtext("ddi:fileTxt/ddi:format", namespaces=NS)
    digest = hashlib.sha256((work / "anonymised" / "data" / f"casefile_survey{suffix}").read_bytes()).hexdigest()
    assert data.findtext(".//ddi:digitalFingerprintValue", namespaces=NS) == digest
    for var in root.iterfind("ddi:dataDscr/ddi:var", NS):
        assert var.get("files") == data.get("ID")
        assert [loc.get("fileid") for loc in var.iterfind("ddi:location", NS)] == [data.get("ID")]
    assert f"{other}/".encode() not in ddi and other_suffix.encode() not in ddi
    assert summary(validate_ddi(ddi, gate="STANDARD")) == {"xsd_valid": True, "id_errors": 0,
                                                           "violations": {"BASIC": 0, "STANDARD": 0}}
    # The codebook and the data dictionary agree with the DDI.
    codebook = (edition / "codebook.html").read_text(encoding="utf-8")
    dictionary = (edition / "casefile_survey_ukda_data_dictionary.rtf").read_text(encoding="ascii")
    for text in (codebook, dictionary):
        assert f"casefile_survey{suffix}" in text and f"casefile_survey{other_suffix}" not in text


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


def test_strict_reading_asks_for_what_optional_elements_would_hold(tmp_path, capsys):
    # The example manifest has no ORCID iDs, series or related publications: fine at STANDARD,
    # not under the CESSDA validator's strict reading, which only the --strict flag asks for.
    work = make_work(tmp_path)
    assert main(["describe", str(work), "--gate", "STANDARD"]) == 0
    assert main(["describe", str(work), "--gate", "STANDARD", "--strict"]) == 1
    result = json.loads((work / "results" / "describe.json").read_text(encoding="utf-8"))
    assert result["details"]["strict"] is True
    assert {p["location"].rsplit("/", 2)[-2] for p in result["problems"] if p["severity"] == "error"} == {
        "ddi:ExtLink", "ddi:serName", "ddi:serInfo", "ddi:distDate"}
    assert main(["describe", str(work), "--strict"]) == 0  # recommended rules are STANDARD's: BASIC still passes
    capsys.readouterr()
    assert main(["describe", "--validate", str(work / "metadata" / "900001_ddi.xml"), "--gate", "STANDARD",
                 "--strict", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["strict"] is True and report["violations"]["STANDARD"] == 5


def test_stale_dictionary_is_removed(tmp_path):
    work = make_work(tmp_path)
    stale = [work / "metadata" / folder / "gone_ukda_data_dictionary.rtf" for folder in ("", "tab", "spss")]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{\\rtf1 old}", encoding="ascii")
    main(["describe", str(work)])
    assert not any(path.exists() for path in stale)


def test_a_data_set_without_a_tab_copy_is_left_out_of_the_tab_edition(tmp_path):
    work = make_work(tmp_path)
    (work / "anonymised" / "data" / "casefile_survey.tab").unlink()
    assert main(["describe", str(work), "--gate", "STANDARD"]) == 0
    assert outputs(work) == sorted(WRITTEN + [f"spss/{name}" for name in WRITTEN]
                                   + ["tab/900001_ddi.xml", "tab/codebook.html"])
    root = etree.parse(str(work / "metadata" / "tab" / "900001_ddi.xml")).getroot()
    assert [f.get("URI") for f in root.iterfind("ddi:fileDscr", NS)] == ["text/sw01.txt"]
    assert root.find("ddi:dataDscr", NS) is None
    assert "allissue" not in (work / "metadata" / "tab" / "900001_ddi.xml").read_text(encoding="utf-8")
    assert summary(validate_ddi(work / "metadata" / "tab" / "900001_ddi.xml", gate="STANDARD"))["violations"] == {
        "BASIC": 0, "STANDARD": 0}


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
def test_validate_reference_examples(name, code, capsys):
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
