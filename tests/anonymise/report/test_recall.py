"""What the detector probably missed: the measured recall, its mapping and the estimate."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from anonymise.report import recall
from anonymise.report.build import build_report
from anonymise.report.private import key_counts
from anonymise.text.detection import ENTITY_TYPES
from manifests.loader import validate


def test_every_type_the_detector_writes_has_one_group():
    # A new type added to the detector without a group would be counted under OTHER and never
    # estimated: this test makes the addition fail here instead.
    assert set(recall.TYPE_GROUPS) == set(ENTITY_TYPES)
    assert set(recall.TYPE_GROUPS.values()) == set(recall.GROUPS)


def test_the_shipped_figures_have_the_agreed_shape_and_a_placeholder_never_counts():
    text = resources.files("anonymise.text").joinpath("measured_recall.json").read_text(encoding="utf-8")
    figures = json.loads(text)
    validate(figures, "measured_recall", "anonymise/text/measured_recall.json")
    assert set(figures["by_type"]) == set(recall.GROUPS)
    if figures.get("placeholder"):
        assert not recall.is_measurement(figures)
        assert recall.estimate({"PERSON": 10}, figures, "text")["why_not"] == "placeholder"
    else:  # the real figures: measured on the sealed split, every group measured
        assert recall.is_measurement(figures) and all(g["total"] for g in figures["by_type"].values())


def test_expected_misses_per_group_with_the_interval_rounded_outward(figures):
    measured = figures(0.9, (0.85, 0.95), PERSON=(0.9, (0.85, 0.95)), PLACE=(0.5, (0.0, 0.7)))
    out = recall.estimate({"PERSON": 60, "TOWN": 20, "STREET": 10, "LOCAL_AUTHORITY": 0, "EMAIL": 4}, measured, "text")
    validate_section = {g["group"]: g for g in out["groups"]}
    person = validate_section["PERSON"]
    # 60 replaced at r = 0.9 is 60 of about 66.7: about 6.7 missed; r from 0.95 to 0.85: 3.1 to 10.6
    assert person["expected_missed"] == 6.7 and person["expected_range"] == [3.1, 10.6]
    place = validate_section["PLACE"]
    assert place["types"] == ["LOCAL_AUTHORITY", "STREET", "TOWN"] and place["replaced"] == 30
    assert place["expected_missed"] == 30.0 and place["expected_range"] == [12.8, None]  # r could be 0: no upper bound
    assert validate_section["ORGANISATION"]["replaced"] == 0 and validate_section["ORGANISATION"]["expected_missed"] == 0
    total = out["total"]
    assert total["replaced"] == 94 and total["expected_missed"] == pytest.approx(6.7 + 30.0 + 0.4, abs=0.05)
    assert total["expected_range"][1] is None
    assert out["status"] == "measured" and out["source"]["split"] == "sealed"


def test_nothing_is_estimated_without_a_sealed_measurement(figures):
    replaced = {"PERSON": 12}
    assert recall.estimate(replaced, None, "text")["why_not"] == "missing"
    unsealed = dict(figures(), split="development")
    assert recall.estimate(replaced, unsealed, "text")["why_not"] == "not_sealed"
    for out in (recall.estimate(replaced, None, "text"), recall.estimate(replaced, unsealed, "text")):
        assert out["status"] == "not_measured" and out["total"]["expected_missed"] is None
        assert all(g["recall"] is None for g in out["groups"])


def test_a_group_without_gold_examples_or_a_type_without_a_group_leaves_the_total_unestimated(figures):
    measured = figures()
    measured["by_type"]["ID"] = {"caught": 0, "total": 0, "recall": 0, "ci95": [0, 1]}
    out = recall.estimate({"PERSON": 10, "NHS_NUMBER": 2}, measured, "text")
    assert {g["group"]: g["recall"] for g in out["groups"]}["ID"] is None
    assert out["total"]["expected_missed"] is None
    out = recall.estimate({"PERSON": 10, "PET_NAME": 3}, figures(), "text")
    assert out["groups"][-1] == {"group": "OTHER", "types": ["PET_NAME"], "replaced": 3, "recall": None, "ci95": None,
                                 "expected_missed": None, "expected_range": None}
    assert out["total"]["expected_missed"] is None


def test_a_clean_residual_scan_is_not_the_whole_truth(manifest, result, key_records, figures):
    """The tester's collection: the scan found none, yet identifiers remained. The verdict states
    the scan's scope and what the detector's measured recall says was missed."""
    report = build_report(manifest, result, "0.1.0", counts=key_counts(key_records),
                          recall=figures(0.85, (0.82, 0.88)))
    validate(report, "anonymisation_report", "test")
    reasons = {r["code"]: r for r in report["verdict"]["reasons"]}
    assert "can only find again what the detector already found" in reasons["residual.clean"]["message"]
    assert "can only find again what the detector already found" in " ".join(report["summary"]["plain_language"])
    missed = reasons["detector.recall"]
    assert missed["outcome"] == "attention" and report["verdict"]["status"] == "conditional"
    # 174 text replacements at 85% (82% to 88%): about 31 missed, 23.7 to 38.2, and a little wider
    # as the sum of the groups' ranges, each rounded outward
    assert report["recall"]["total"] == {"replaced": 174, "expected_missed": 30.7, "expected_range": [23.4, 38.5]}
    assert "about 31 identifiers in this collection's text were missed" in missed["message"]
    assert "(between 23 and 39)" in missed["message"] and "The residual scan cannot find these" in missed["message"]
    assert report["recall"]["statement"] in report["summary"]["plain_language"]
    # data rules are not detections: the 174 are the text pass's, in transcripts, documentation and free text
    assert report["recall"]["scope"] == "text"


def test_recall_not_measured_needs_a_person_and_says_why(manifest, result):
    report = build_report(manifest, result, "0.1.0")
    reason = next(r for r in report["verdict"]["reasons"] if r["code"] == "detector.recall")
    assert reason["outcome"] == "attention" and "has not been measured" in reason["message"]
    assert report["recall"]["status"] == "not_measured" and report["recall"]["scope"] == "transcripts"
    assert report["verdict"]["status"] == "conditional"


def test_no_text_no_recall_reason(manifest, variant):
    result = variant()
    result["details"].update(transcripts=[], entities=[], samples=[])
    report = build_report(manifest, result, "0.1.0")
    assert "detector.recall" not in {r["code"] for r in report["verdict"]["reasons"]}
