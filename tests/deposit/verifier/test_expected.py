"""verify holds a bundle to what the depositor said it holds: the manifest's expected counts, which
`describe` writes into the DDI (cases, variables as listed less those anonymisation removed, and
transcripts per participant type)."""

from __future__ import annotations

import json

import pytest
import yaml

from deposit.cli import main
from manifests.fileio import write_text
from tests.deposit.packager.workfixture import STUDY_ID

BAG = f"{STUDY_ID}_tab"


def expect(work, cases: int, variables: int, transcripts: dict) -> None:
    """Set the expected figures in the work folder's manifest copy and describe again."""
    manifest = yaml.safe_load(work.manifest_copy.read_text("utf-8"))
    data = next(f for f in manifest["files"] if f["role"] == "data")
    data["expected"] = {"cases": cases, "variables": variables}
    manifest["expected_transcripts"] = transcripts
    write_text(work.manifest_copy, yaml.safe_dump(manifest, sort_keys=False), private=True)
    assert main(["describe", str(work.root)]) == 0


def verify(work, tmp_path, capsys) -> tuple[int, list[dict]]:
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist")]) == 0
    capsys.readouterr()
    code = main(["verify", str(tmp_path / "dist" / f"{BAG}.zip"), "--json", "--no-residual"])
    report = json.loads(capsys.readouterr().out)
    data = next(c for c in report["checks"] if c["name"] == "data")
    return code, data["problems"]


def test_a_bundle_as_expected_is_valid_and_the_ddi_carries_the_figures(work, tmp_path, capsys):
    expect(work, cases=6, variables=3, transcripts={"social_worker": 1})
    ddi = (work.metadata / "tab" / f"{STUDY_ID}_ddi.xml").read_text("utf-8")
    assert '<notes xml:lang="en" type="expected" subject="cases">6</notes>' in ddi
    assert 'type="expected" subject="transcripts:social_worker">1</notes>' in ddi
    assert 'type="participant-type">social_worker</notes>' in ddi
    code, problems = verify(work, tmp_path, capsys)
    assert code == 0 and problems == []


@pytest.mark.parametrize("cases, variables, transcripts, code", [
    (7, 3, {"social_worker": 1}, "data.expected_cases"),
    (6, 4, {"social_worker": 1}, "data.expected_variables"),
    (6, 3, {"social_worker": 1, "iro": 2}, "data.expected_transcripts"),
])
def test_a_bundle_whose_counts_differ_from_the_expected_ones_fails(work, tmp_path, capsys, cases, variables,
                                                                     transcripts, code):
    expect(work, cases, variables, transcripts)
    exit_code, problems = verify(work, tmp_path, capsys)
    assert exit_code == 1
    assert [p["code"] for p in problems if p["severity"] == "error"] == [code]


def test_variables_anonymisation_removed_are_not_missing(work, tmp_path, capsys):
    """The depositor counts the file as listed; anonymisation dropped one variable (recorded in the
    anonymise result), so the bundle's file is expected to hold one fewer."""
    result_path = work.result("anonymise")
    result = json.loads(result_path.read_text("utf-8"))
    result["details"]["data"] = [{"file": "data/survey.sav", "outputs": ["anonymised/data/survey.sav"],
                                  "variables_before": 4, "variables_after": 3, "decisions": []}]
    write_text(result_path, json.dumps(result))
    expect(work, cases=6, variables=4, transcripts={"social_worker": 1})
    code, problems = verify(work, tmp_path, capsys)
    assert code == 0 and problems == []
