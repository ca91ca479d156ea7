"""A data manager's first real deposit: the gates protect without forcing a leak.

Real bundles built from the demonstration collection (`deposit demo --scale small`) with one more
interview, whose few lines hold what pushed a data manager into publishing identifiers:

- "Short said no" makes "Short" an uncertain person waiting for review; the report's own template
  says "other short numbers";
- "Seven said" makes "Seven" a person; a sample passage of the report says "six or seven years ago";
- the foster carer is called Jan; the SPSS writer stamps "01 Jan 80" in every .sav header;
- the family support worker is Mrs Specimen; "Specimen, C." is one of the study's creators.

Each passes now with nothing on the keep list; a real leak (an original left in a transcript)
still stops the bundle, and is named privately so a person can decide.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from anonymise.text import decisions
from deposit.cli import main
from manifests.fileio import read_json, read_jsonl
from manifests.workdir import Work
from tests.deposit.packager.workfixture import decide

pytestmark = pytest.mark.slow

STORY = "transcripts/story01.txt"
LINES = (
    "Transcript STORY01: parent\n"
    "[00:00:05] R: It started six or seven years ago, when Eileen was little, Seven said, and she was right.\n"
    "[00:00:20] R: Short said no, we would not go to court without Eileen.\n"
    "[00:00:40] R: The foster carer, Jan, came, and the family support worker, Mrs Specimen, was brilliant with Eileen.\n"
    "[00:01:00] R: Jan said Mrs Specimen would ring me back about the review.\n"
)
CREATOR = "Specimen, C."
WORDS = ("Short", "Seven", "Jan", "Specimen")


def collection_with_the_story(base: Path, keep: list[str] = ()) -> Path:
    collection = base / "collection"
    assert main(["demo", str(collection), "--scale", "small", "--seed", "1"]) == 0
    (collection / STORY).write_text(LINES, encoding="utf-8")
    manifest_path = collection / "deposit.yaml"
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    assert CREATOR in [c["name"] for c in manifest["study"]["creators"]]
    manifest["files"].append({"path": STORY, "role": "transcript", "participant_type": "parent",
                              "description": "Transcript of an interview with a parent, STORY01 (synthetic)"})
    manifest["anonymisation"]["keep"] += list(keep)
    # the depositor's own count of interviews gains the added one, or verify (rightly) objects
    expected = manifest.get("expected_transcripts") or {}
    if "parent" in expected:
        expected["parent"] += 1
    manifest_path.write_text(yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return collection


def run(collection: Path, work: Path, dist: Path, *extra: str) -> int:
    return main(["run", str(collection), "--work", str(work), "--out", str(dist), "--format", "both", *extra])


def originals(work: Path) -> dict[str, dict]:
    return {r["original"]: r for r in read_jsonl(Work.at(work).key)}


def bundle_files(dist: Path) -> dict[str, bytes]:
    [bundle] = dist.glob("*.zip")
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    base = tmp_path_factory.mktemp("story")
    collection = collection_with_the_story(base)
    work, dist = base / "work", base / "dist"
    code = run(collection, work, dist, "--allow-pending-review")
    return {"base": base, "collection": collection, "work": work, "dist": dist, "code": code}


def test_the_deposit_goes_through_with_nothing_on_the_keep_list(story):
    assert story["code"] == 0
    manifest = yaml.safe_load((story["collection"] / "deposit.yaml").read_text(encoding="utf-8"))
    assert not {w.casefold() for w in WORDS} & {k.casefold() for k in manifest["anonymisation"]["keep"]}
    key = originals(story["work"])
    assert key["Short"]["pending_review"] and key["Seven"]["type"] == key["Jan"]["type"] == key["Specimen"]["type"] == "PERSON"
    assert len(list(story["dist"].glob("*.zip"))) == 1


def test_a_pending_word_in_the_reports_own_template_does_not_stop_the_report(story):
    work = Work.at(story["work"])
    page = (work.reports / "anonymisation_report.html").read_text(encoding="utf-8")
    assert "other short numbers" in page                     # the template's word, which once stopped it
    report = json.loads((work.reports / "anonymisation_report.json").read_text(encoding="utf-8"))
    passages = [s["text"] for s in report["transcripts"]["samples"]]
    # the age typed as a person stands in a sample passage as a number, and is not that person
    assert any("six or seven years ago" in p and "[Person" in p for p in passages)
    assert not work.gate_log("report").exists() and not work.gate_log("residual").exists()


def test_the_carer_jan_does_not_stop_the_sav_files_whose_header_says_01_jan_80(story):
    files = bundle_files(story["dist"])
    savs = {name: data for name, data in files.items() if name.endswith(".sav")}
    assert len(savs) == 4 and all(b"01 Jan 80" in data[:176] for data in savs.values())
    transcript = files[next(n for n in files if n.endswith("-spss/text/story01.txt"))].decode("utf-8")
    assert "Jan" not in re.findall(r"\w+", transcript) and "carer, [Person" in transcript


def test_a_creators_surname_is_public_in_the_citation_and_replaced_in_the_transcript(story):
    files = bundle_files(story["dist"])
    ddi = next(d for n, d in files.items() if n.endswith("-spss/mrdoc/900001_ddi.xml")).decode("utf-8")
    assert CREATOR in ddi
    for name, data in files.items():
        if name.endswith("story01.txt"):
            text = data.decode("utf-8")
            assert "Specimen" not in text and text.count("Mrs [Person") == 2
    # the tool tells the data manager, naming the surname only in the private log
    result = read_json(Work.at(story["work"]).result("anonymise"))
    [note] = [p for p in result["problems"] if p["code"] == "anonymise.published_name_in_text"]
    assert note["severity"] == "info" and note["location"].startswith(STORY) and "Specimen" not in note["message"]
    log = Work.at(story["work"]).gate_log("published_names").read_text(encoding="utf-8")
    assert "'Specimen'" in log and CREATOR in log


def test_a_real_leak_still_stops_the_bundle_and_a_decision_persists_into_the_report(story, tmp_path, capsys):
    work = Work.at(tmp_path / "work")
    shutil.copytree(story["work"], work.root)
    written = work.transcripts / STORY
    written.write_text(written.read_text(encoding="utf-8") + "[00:01:30] R: Mrs Specimen never rang.\n",
                       encoding="utf-8")
    capsys.readouterr()
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist"), "--format", "both",
                 "--allow-pending-review"]) == 1
    err = capsys.readouterr().err
    placeholder = originals(work.root)["Specimen"]["replacement"]
    assert "gate.original_found" in err and "story01.txt" in err and placeholder in err and "Specimen" not in err
    assert not list((tmp_path / "dist").glob("*.zip"))
    log = work.gate_log("package").read_text(encoding="utf-8")
    assert "PERSON 'Specimen'" in log and "Mrs <<Specimen>> never rang." in log
    rows = decisions.read(work.decisions)
    assert {(r["gate"], r["context"]) for r in rows} == {("package", "[00:01:30] R: Mrs <<Specimen>> never rang.")}
    # a person decides that this occurrence is not that identifier: the same bundle goes through
    decide(work, rows[0]["occurrence"])
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist"), "--format", "both",
                 "--allow-pending-review"]) == 0
    # the decision persists: the next anonymise run reports it as a decision a person made
    collection = json.loads((work.private / "collection.json").read_text(encoding="utf-8"))["collection"]
    assert main(["anonymise", collection, "--work", str(work.root)]) == 0
    report = json.loads((work.reports / "anonymisation_report.json").read_text(encoding="utf-8"))
    assert report["person_decisions"]["totals"]["not_identifier"] == 1
    assert [r["decision"] for r in decisions.read(work.decisions)] == [decisions.NOT_IDENTIFIER]


def test_a_surname_on_the_keep_list_is_not_published_silently(tmp_path, capsys):
    collection = collection_with_the_story(tmp_path, keep=["Specimen"])
    work, dist = Work.at(tmp_path / "work"), tmp_path / "dist"
    assert run(collection, work.root, dist, "--allow-pending-review") == 1
    err = capsys.readouterr().err
    assert "gate.kept_word_is_identifier" in err and "Specimen" not in err
    assert not list(dist.glob("*.zip")) if dist.exists() else True
    rows = [r for r in decisions.read(work.decisions) if r["gate"] == "keep_list"]
    assert len(rows) == 2 and all("<<Specimen>>" in r["context"] for r in rows)
    assert "Specimen" in work.gate_log("keep_list").read_text(encoding="utf-8")
