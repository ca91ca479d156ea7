"""The demonstration collection as written to disk: manifest, composition, determinism, gold, .sav metadata."""

from __future__ import annotations

import collections
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pyreadstat
import pytest
from docx import Document

from anonymise.text.detection import ENTITY_TYPES
from deposit.cli import main
from deposit.demo.cast import World
from deposit.demo.datasets import DELIBERATE_PROBLEMS
from deposit.demo.generate import generate
from deposit.demo.gold import by_file, data_gold, read_lines, text_gold
from deposit.demo.manifest import KEEP
from deposit.demo.plan import SCALES, planned_words, transcript_plan
from deposit.demo.transcripts import compose
from manifests.loader import load_manifest

SMALL_COUNTS = {"social_worker": 2, "iro": 2, "parent": 2, "young_person": 2,
                "professional_focus_group": 1, "young_people_focus_group": 1}


def digest_tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "collection"
    generate(folder, scale="small", seed=1)
    return folder


@pytest.fixture(scope="module")
def manifest(demo) -> dict:
    return load_manifest(demo)


def test_manifest_validates_and_is_marked_synthetic(manifest):
    assert manifest["synthetic"] is True
    assert "SYNTHETIC" in manifest["synthetic_note"]
    assert manifest["study"]["title"].endswith("Synthetic Demonstration Collection")


def test_manifest_lists_every_file_and_only_existing_ones(demo, manifest):
    listed = {f["path"] for f in manifest["files"]}
    on_disk = {str(p.relative_to(demo)) for p in demo.rglob("*") if p.is_file()}
    assert listed == on_disk - {"deposit.yaml", "gold/annotations.jsonl", "gold/data_annotations.jsonl"}
    for entry in manifest["files"]:
        assert entry["description"]
        if entry["role"] != "documentation":
            assert entry["participant_type"]
        if entry["role"] == "data":
            assert len(entry["questions"]) >= 3


def test_manifest_data_settings_name_real_variables(demo, manifest):
    settings = manifest["anonymisation"]["data"]
    assert set(settings) == {f["path"] for f in manifest["files"] if f["role"] == "data"}
    actions = set()
    for path, entry in settings.items():
        _, meta = pyreadstat.read_sav(str(demo / path), metadataonly=True)
        variables = set(meta.column_names)
        assert set(entry["rules"]) <= variables
        assert set(entry["keys"]) <= variables and set(entry["importance"]) <= set(entry["keys"])
        assert entry["id_variable"] in variables
        actions |= {rule["action"] for rule in entry["rules"].values()}
    assert {"drop", "date", "authority", "freetext", "newid", "band", "topcode"} <= actions


def test_known_identifiers_were_really_planted(demo, manifest):
    anon = manifest["anonymisation"]
    planted = {r["text"] for r in text_gold(demo)}
    known = anon["known_identifiers"]
    assert any(k.get("label") for k in known)
    assert {"PERSON", "LOCAL_AUTHORITY"} <= {k["type"] for k in known}
    persons = [k for k in known if k["type"] == "PERSON"]
    assert all(k["text"] in planted or set(k.get("variants", [])) & planted for k in persons)
    assert anon["replacement_style"] == "brackets" and anon["age_bands"] is True


def test_case_reference_patterns_match_the_planted_references(demo, manifest):
    patterns = [re.compile(p) for p in manifest["anonymisation"]["case_reference_patterns"]]
    refs = [r["text"] for r in text_gold(demo) + data_gold(demo) if r["type"] == "CASE_REFERENCE"]
    assert refs
    for ref in refs:
        assert any(p.fullmatch(ref) for p in patterns), ref


def test_small_composition(demo, manifest):
    kinds = collections.Counter(f["participant_type"] for f in manifest["files"] if f["role"] == "transcript")
    assert dict(kinds) == SMALL_COUNTS
    suffixes = {Path(f["path"]).suffix for f in manifest["files"] if f["role"] == "transcript"}
    assert suffixes == {".docx", ".txt"}
    assert [f["role"] for f in manifest["files"]].count("data") == 4
    # interview guide, information sheet and the blank consent form UKDS expects with interviews
    assert [f["role"] for f in manifest["files"]].count("documentation") == 3
    assert manifest["expected_transcripts"] == SMALL_COUNTS
    assert set(manifest["consent"].values()) <= {f["path"] for f in manifest["files"] if f["role"] == "documentation"}


def test_expected_counts_are_those_of_the_data_written(demo, manifest):
    data = [f for f in manifest["files"] if f["role"] == "data"]
    for entry in data:
        _, meta = pyreadstat.read_sav(str(demo / entry["path"]), metadataonly=True)
        assert entry["expected"] == {"cases": meta.number_rows, "variables": meta.number_columns}
    assert next(e for e in data if e["path"] == "data/casefile_survey.sav")["expected"]["cases"] == 122


def test_small_transcripts_are_short(demo, manifest):
    for entry in manifest["files"]:
        if entry["role"] == "transcript":
            words = sum(len(line.split()) for line in read_lines(demo / entry["path"]))
            assert 250 <= words <= 1400, (entry["path"], words)


def test_legacy_encodings_are_present(demo):
    raw = {p.name: p.read_bytes() for p in (demo / "transcripts").glob("*.txt")}
    assert any(data.startswith(b"\xef\xbb\xbf") for data in raw.values()), "no UTF-8 file with a BOM"
    cp1252 = []
    for name, data in raw.items():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data.decode("cp1252")
            cp1252.append(name)
            assert b"\r\n" in data
    assert cp1252, "no cp1252 transcript"


def test_full_plan_mirrors_the_study_without_writing_it():
    specs = transcript_plan(World(1), "full", 1)
    kinds = collections.Counter(s.kind for s in specs)
    assert dict(kinds) == {"social_worker": 54, "iro": 54, "parent": 15, "young_person": 15,
                           "professional_focus_group": 4, "young_people_focus_group": 2}
    assert 900_000 <= planned_words("full") <= 1_100_000
    assert sum(s.words for s in specs) == pytest.approx(planned_words("full"), rel=0.05)
    # social worker and IRO talk about the same children
    assert [s.cases for s in specs if s.kind == "social_worker"] == [s.cases for s in specs if s.kind == "iro"]
    assert len({s.path for s in specs}) == len(specs)
    assert SCALES["small"].counts == SMALL_COUNTS


def test_same_seed_gives_identical_bytes_in_another_process(demo, tmp_path):
    """Another interpreter with another hash seed: no set or dict order may leak into the bytes."""
    again = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run([sys.executable, "-m", "deposit", "demo", str(again), "--seed", "1"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert digest_tree(again) == digest_tree(demo)


@pytest.mark.parametrize("kind", ["social_worker", "iro", "parent", "young_person", "professional_focus_group",
                                  "young_people_focus_group"])
def test_full_scale_transcripts_compose_to_length(kind):
    """One full-length transcript of each kind, composed in memory (writing a million words is the bench's job)."""
    world = World(1)
    spec = next(s for s in transcript_plan(world, "full", 1) if s.kind == kind)
    transcript = compose(world, spec, 1)
    assert spec.words <= transcript.words <= spec.words + 600
    for line in transcript.lines:
        assert "\n" not in line.text
        for span in line.spans:
            assert 0 <= span.start < span.end <= len(line.text)
    # Questions and back-channels ("Mm-hm.") recur in any long interview; long turns should not.
    turns = [re.sub(r"^(\[[0-9:]+\] )?[A-Za-z0-9 ]+: ", "", line.text) for line in transcript.lines]
    long_turns = [t for t in turns if len(t.split()) >= 12]
    assert len(set(long_turns)) >= 0.9 * len(long_turns), "long transcripts should not repeat whole turns"


def test_other_seed_gives_other_people(demo, tmp_path):
    other = tmp_path / "other"
    generate(other, scale="small", seed=2)
    names = {r["text"] for r in text_gold(demo) if r["type"] == "PERSON"}
    other_names = {r["text"] for r in text_gold(other) if r["type"] == "PERSON"}
    assert names != other_names


def test_regenerating_in_place_keeps_bytes_and_unrelated_files(tmp_path):
    folder = tmp_path / "c"
    generate(folder, scale="small", seed=3)
    before = digest_tree(folder)
    (folder / "my_notes.txt").write_text("keep me")
    (folder / "transcripts" / "sw01.docx").write_bytes(b"damaged")
    generate(folder, scale="small", seed=3)
    after = digest_tree(folder)
    assert (folder / "my_notes.txt").read_text() == "keep me"
    del after["my_notes.txt"]
    assert after == before


def test_a_smaller_demo_over_a_bigger_one_removes_only_the_old_demo_files(tmp_path, monkeypatch):
    from deposit.demo import plan

    bigger = plan.Scale(counts={**SMALL_COUNTS, "social_worker": 4}, words=plan.SCALES["small"].words)
    monkeypatch.setitem(plan.SCALES, "bigger", bigger)
    folder = tmp_path / "c"
    generate(folder, scale="bigger", seed=4)
    assert list((folder / "transcripts").glob("sw04.*"))
    (folder / "transcripts" / "mine.txt").write_text("not the demo's")
    generate(folder, scale="small", seed=4)
    assert not list((folder / "transcripts").glob("sw04.*"))
    assert (folder / "transcripts" / "mine.txt").is_file()
    listed = {f["path"] for f in load_manifest(folder)["files"]}
    assert all((folder / p).is_file() for p in listed)


def test_docx_is_stamped_with_fixed_properties(demo):
    path = demo / "transcripts" / "sw01.docx"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(2014, 3, 31, 12, 0, 0)}
    props = Document(str(path)).core_properties
    assert props.created.year == 2014 and props.modified == props.created
    assert props.revision == 1


def test_text_gold_points_at_the_exact_text(demo):
    records = text_gold(demo)
    assert len(records) > 150
    for file, items in by_file(records).items():
        lines = read_lines(demo / file)
        for r in items:
            assert lines[r["line"] - 1][r["start"]:r["end"]] == r["text"], r
            assert r["type"] in ENTITY_TYPES


def test_every_transcript_has_gold_and_the_types_cover_the_brief(demo, manifest):
    records = text_gold(demo)
    files = {f["path"] for f in manifest["files"] if f["role"] == "transcript"}
    assert set(by_file(records)) == files
    types = {r["type"] for r in records}
    assert {"PERSON", "TOWN", "STREET", "LOCAL_AUTHORITY", "SCHOOL", "HOSPITAL", "COURT", "CHILDRENS_HOME",
            "CHARITY", "ORGANISATION", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "NHS_NUMBER", "NI_NUMBER",
            "UPN", "CASE_REFERENCE", "DATE", "AGE"} <= types


def test_distractors_are_never_gold(demo):
    gold_texts = {r["text"].lower() for r in text_gold(demo)}
    assert not gold_texts & {k.lower() for k in KEEP}
    assert not gold_texts & {"monday", "tuesday", "wednesday", "thursday", "friday", "last week", "15 years"}


def test_data_gold_points_at_the_exact_cells(demo):
    records = data_gold(demo)
    assert {r["file"] for r in records} == {"data/casefile_survey.sav", "data/iro_questionnaire.sav",
                                            "data/team_manager_questionnaire.sav", "data/guardian_questionnaire.sav"}
    frames = {}
    for r in records:
        if r["file"] not in frames:
            frames[r["file"]] = pyreadstat.read_sav(str(demo / r["file"]))[0]
        cell = frames[r["file"]][r["variable"]].iloc[r["row"]]
        assert cell[r["start"]:r["end"]] == r["text"], r
        assert r["type"] in ENTITY_TYPES


def test_casefile_survey_has_122_children_in_four_authorities(demo):
    df, meta = pyreadstat.read_sav(str(demo / "data/casefile_survey.sav"), user_missing=True)
    assert len(df) == 122
    assert sorted(df["la"].value_counts().tolist()) == [30, 30, 30, 32]
    assert df["case_id"].is_unique
    for case_id, name, dob in zip(df["case_id"], df["child_name"], df["dob"]):
        initials = "".join(part[0] for part in name.split(" ", 1)).upper()
        assert case_id == f"{initials}{dob:%d%m%y}"
    assert meta.file_label.startswith("SYNTHETIC")
    assert meta.variable_value_labels["legal_status"][1] == "Accommodated under section 20"
    assert meta.variable_value_labels["reviews_attended"][-8] == "Not applicable (under 4)"
    assert {"lo": -9.0, "hi": -9.0} in meta.missing_ranges["ethnicity"]
    assert (df["reviews_attended"] == -8).any()         # user-missing codes survive as values
    assert meta.variable_measure["age_band"] == "ordinal"
    assert meta.variable_measure["la"] == "nominal"
    assert meta.original_variable_types["dob"].startswith("DATE")


def test_deliberate_data_problems_are_there(demo):
    problems = DELIBERATE_PROBLEMS["data/casefile_survey.sav"]
    _, meta = pyreadstat.read_sav(str(demo / "data/casefile_survey.sav"), metadataonly=True, user_missing=True)
    assert not meta.column_names_to_labels[problems["unlabelled_variable"]]
    var, code = problems["unlabelled_missing"]
    assert {"lo": code, "hi": code} in meta.missing_ranges[var]
    assert code not in meta.variable_value_labels.get(var, {})
    var, code = problems["long_value_label"]
    assert len(meta.variable_value_labels[var][code]) > 39


@pytest.mark.parametrize("path,rows", [("data/iro_questionnaire.sav", 65), ("data/team_manager_questionnaire.sav", 46),
                                       ("data/guardian_questionnaire.sav", 39)])
def test_questionnaires_keep_likert_labels_and_free_text(demo, path, rows):
    df, meta = pyreadstat.read_sav(str(demo / path), user_missing=True)
    assert len(df) == rows and df["resp_id"].is_unique
    assert meta.variable_value_labels["q1"][5] == "Strongly agree"
    assert {"lo": -9.0, "hi": -9.0} in meta.missing_ranges["q1"]
    assert meta.variable_measure["q1"] == "ordinal"
    assert df["comments"].str.len().sum() > 0


def test_command_prints_one_line_summary(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "cli"), "--seed", "5"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "identifiers planted" in out[0] and "words" in out[0]


def test_command_refuses_a_file_as_folder(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["demo", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err
