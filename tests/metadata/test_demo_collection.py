"""The demonstration collection's manifest and files describe with zero CESSDA violations at STANDARD.

The anonymise stage is stood in for by copying the demo's files into WORK as they are: what is
checked here is that the demo manifest gives the profile everything it asks for, whatever the data."""

import shutil

from deposit.cli import main
from manifests.fileio import read_json
from metadata.validate import summary, validate_ddi


def test_demo_collection_has_no_violations_at_standard(tmp_path, capsys):
    collection = tmp_path / "collection"
    assert main(["demo", str(collection)]) == 0
    work = tmp_path / "work"
    (work / "private").mkdir(parents=True)
    shutil.copy(collection / "deposit.yaml", work / "private" / "deposit.yaml")
    shutil.copytree(collection / "data", work / "anonymised" / "data")
    shutil.copytree(collection / "transcripts", work / "anonymised" / "transcripts" / "transcripts")
    assert main(["describe", str(work), "--gate", "STANDARD"]) == 0
    result = read_json(work / "results" / "describe.json")
    assert result["summary"]["violations"] == {"BASIC": 0, "STANDARD": 0}
    assert result["summary"]["data_files"] >= 1 and result["summary"]["transcripts"] >= 1
    report = validate_ddi(work / result["details"]["ddi"], gate="STANDARD")
    assert summary(report) == {"xsd_valid": True, "id_errors": 0, "violations": {"BASIC": 0, "STANDARD": 0}}
    assert [p for p in report if p.severity != "info"] == []
    # Strictly too, as the CESSDA validator reads the profile: no recommended node is skipped because an
    # optional element above it is absent, since the demo fills those (ORCID links, series, publication date).
    # The same for the DDI of each format's bundle.
    for ddi in [result["details"]["ddi"]] + [e["ddi"] for e in result["details"]["editions"].values()]:
        report = validate_ddi(work / ddi, gate="STANDARD", strict=True)
        assert [p for p in report if p.severity != "info"] == [], report.render()
    assert main(["describe", str(work), "--gate", "STANDARD", "--strict"]) == 0
    assert main(["describe", "--validate", str(work / result["details"]["ddi"]), "--gate", "STANDARD", "--strict"]) == 0
    assert "(strict); passes at gate STANDARD" in capsys.readouterr().out
