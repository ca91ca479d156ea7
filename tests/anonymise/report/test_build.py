"""The public report's content: schema, verdict logic, figures and what it must never hold."""

from __future__ import annotations

import json

import pytest

from anonymise.report.build import build_report
from anonymise.report.private import key_consistency
from manifests.errors import UserError
from manifests.fileio import dumps_json
from manifests.loader import validate


def build(manifest, result, key_records=None, recall=None):
    return build_report(manifest, result, "0.1.0", consistency=key_consistency(key_records) if key_records else None,
                        recall=recall)


def test_report_validates_against_its_schema(manifest, result, key_records):
    validate(build(manifest, result, key_records), "anonymisation_report", "test")
    validate(build(manifest, result), "anonymisation_report", "test")
    validate(build(manifest, result["details"]), "anonymisation_report", "test")


def test_schema_rejects_an_unknown_field(manifest, result):
    report = build(manifest, result)
    report["originals"] = ["anything"]
    with pytest.raises(UserError):
        validate(report, "anonymisation_report", "test")


def test_clean_run_is_ready_with_its_reasons(manifest, result, key_records, near_perfect):
    # "Clean" includes a detector whose measured recall leaves less than one expected miss.
    verdict = build(manifest, result, key_records, recall=near_perfect)["verdict"]
    assert verdict["status"] == "ready"
    assert verdict["label"] == "Ready to share"
    codes = [r["code"] for r in verdict["reasons"]]
    assert "residual.clean" in codes and "detector.recall" in codes and codes.count("data.k_reached") == 2
    assert all(r["outcome"] == "pass" for r in verdict["reasons"])


def test_residual_hits_make_it_not_ready(manifest, variant):
    result = variant()
    result["status"] = "failed"
    result["problems"] = [{"code": "residual.original_found", "message": "an original PERSON identifier survived",
                           "location": "anonymised/transcripts/sw01.docx:12", "hint": "", "severity": "error"}]
    result["details"]["residual"].update(status="hits", hits=[{"file": "anonymised/transcripts/sw01.docx", "location": "12", "type": "PERSON"}])
    report = build(manifest, result)
    assert report["verdict"]["status"] == "not_ready"
    failed = [r for r in report["verdict"]["reasons"] if r["outcome"] == "fail"]
    assert [r["code"] for r in failed] == ["residual.hits"]
    assert "sw01.docx" in failed[0]["message"]
    # The stage error behind the hit is counted by code, never by message.
    assert report["stage"]["issues"] == [{"severity": "error", "code": "residual.original_found", "count": 1}]
    assert any(c["topic"] == "Residual identifiers" for c in report["manual_checks"])


def test_pending_review_makes_it_conditional(manifest, variant):
    result = variant()
    result["details"]["review"]["pending"] = 4
    report = build(manifest, result)
    assert report["verdict"]["status"] == "conditional"
    assert report["verdict"]["label"] == "Share after the checks listed"
    pending = [r for r in report["verdict"]["reasons"] if r["code"] == "review.pending"]
    assert pending and pending[0]["outcome"] == "attention" and "4 uncertain" in pending[0]["message"]
    assert any(c["topic"] == "Pending review decisions" for c in report["manual_checks"])


def test_k_anonymity_not_reached_makes_it_not_ready(manifest, variant):
    result = variant()
    survey = result["details"]["data"][0]
    survey["risk_after"]["k_violations"]["3"] = 6
    survey["risk_after"]["sample_uniques"] = 2
    report = build(manifest, result)
    assert report["verdict"]["status"] == "not_ready"
    codes = {r["code"] for r in report["verdict"]["reasons"] if r["outcome"] == "fail"}
    assert codes == {"data.k_not_reached"}
    message = next(r["message"] for r in report["verdict"]["reasons"] if r["code"] == "data.k_not_reached")
    assert "6 record(s)" in message and "2 are unique" in message
    assert report["data"][0]["k_reached"] is False
    assert "fewer than 3 records" in report["data"][0]["statement"]


def test_sample_uniques_fail_even_when_k_is_not_measured(manifest, variant):
    result = variant()
    survey = result["details"]["data"][0]
    survey["k"] = 4  # k_violations only has 2, 3 and 5: k-anonymity at 4 cannot be judged
    survey["risk_after"]["sample_uniques"] = 1
    report = build(manifest, result)
    assert report["data"][0]["k_reached"] is None
    assert {r["code"] for r in report["verdict"]["reasons"] if r["outcome"] == "fail"} == {"data.sample_uniques"}


def test_other_stage_errors_fail_and_warnings_need_attention(manifest, variant):
    result = variant()
    result["problems"] = [{"code": "data.unreadable_value", "message": "x", "location": "", "hint": "", "severity": "warning"}]
    assert build(manifest, result)["verdict"]["status"] == "conditional"
    result["problems"].append({"code": "text.unit_failed", "message": "y", "location": "", "hint": "", "severity": "error"})
    result["status"] = "failed"
    assert build(manifest, result)["verdict"]["status"] == "not_ready"


def test_date_comes_from_the_manifest_never_the_clock(manifest, result):
    report = build(manifest, result)
    assert (report["date"], report["date_source"]) == ("2015-07-15", "study.version.date")
    del manifest["study"]["version"]["date"]
    report = build(manifest, result)
    assert (report["date"], report["date_source"]) == ("2015-06-30", "study.deposit_date")


def test_same_input_gives_the_same_bytes(manifest, result, key_records):
    assert dumps_json(build(manifest, result, key_records)) == dumps_json(build(manifest, result, key_records))


def test_transcript_figures_per_file_and_type(manifest, result, key_records):
    t = build(manifest, result, key_records)["transcripts"]
    assert [f["file"] for f in t["files"]] == sorted(f["file"] for f in result["details"]["transcripts"])
    assert t["totals"]["replaced"] == sum(f["replaced"] for f in t["files"])
    assert t["totals"]["by_type"]["PERSON"] == sum(f["by_type"].get("PERSON", 0) for f in t["files"])
    assert {f["file"]: f["participant_type"] for f in t["files"]}["transcripts/yp01.txt"] == "young_person"
    assert t["review"] == {"pending": 0, "replace": 5, "keep": 2, "file": "review/uncertain.csv"}
    assert t["residual"]["status"] == "clean"
    # The data file's free-text answer is not a transcript passage: the section leaves it out.
    assert t["samples"] == [x for x in result["details"]["samples"] if x["file"].startswith("transcripts/")]


def test_entity_consistency_from_the_key_and_from_the_public_list(manifest, variant, key_records):
    result = variant()
    entities = build(manifest, result, key_records)["transcripts"]["entities"]
    assert entities["consistency"] == {"source": "key", "entities": 26, "consistent": 26, "share": 1}
    assert entities["distinct"] == len(result["details"]["entities"])
    assert sum(entities["files_spanned"].values()) == entities["distinct"]
    assert entities["in_several_files"] == sum(v for n, v in entities["files_spanned"].items() if n != "1")
    # One original given two placeholders in the key: the key-based figure sees it.
    drifted = [dict(r) for r in key_records]
    seen = [r["original"].casefold() for r in drifted]
    repeated = next(i for i, o in enumerate(seen) if seen.count(o) > 1)
    drifted[repeated]["replacement"] = "[Person 99]"
    assert key_consistency(drifted) == {"originals": 26, "consistent": 25}
    # Two people sharing one numbered placeholder: the public-list figure sees it.
    people = [e for e in result["details"]["entities"] if e["type"] == "PERSON"]
    people[1]["placeholder"] = people[0]["placeholder"]
    public = build(manifest, result)["transcripts"]["entities"]["consistency"]
    assert public["source"] == "entities" and public["consistent"] == public["entities"] - 2
    assert build(manifest, result)["verdict"]["status"] == "conditional"


def test_data_file_sections(manifest, result):
    survey, questionnaire = build(manifest, result)["data"]
    assert survey["file"] == "data/casefile_survey.sav"
    assert survey["keys"] == ["la", "sex", "age_band", "ethnicity", "legal_status"]
    assert survey["variables"][0] == {"variable": "child_name", "key": False,
                                      "steps": [{"action": "drop", "reason": "Direct identifier", "detail": ""}]}
    assert [v["steps"][-1]["action"] for v in survey["variables"]][-1] == "keep"
    assert survey["actions"]["drop"] == 1 and survey["actions"]["band"] == 1
    assert survey["risk"]["before"]["k3"] == 36 and survey["risk"]["after"]["k3"] == 0
    assert survey["risk"]["before"]["sample_uniques"] == 18 and survey["risk"]["after"]["max_risk"] == pytest.approx(1 / 3, abs=1e-4)
    assert survey["suppressions"] == {"age_band": 4, "ethnicity": 9}  # zero counts are left out
    assert survey["info_loss"]["cells_suppressed"] == 13
    assert survey["k_reached"] is True
    assert "1 in 3" in survey["statement"] and "at least 3 records" in survey["statement"]
    assert questionnaire["actions"] == {"drop": 1, "topcode": 1, "freetext": 1}


def test_one_row_per_variable_with_every_step_in_order(manifest, result):
    survey = build(manifest, result)["data"][0]
    names = [v["variable"] for v in survey["variables"]]
    assert len(names) == len(set(names)) == 9
    rows = {v["variable"]: v for v in survey["variables"]}
    # banded by its rule, then values suppressed: one row, both steps, in the order taken
    assert [s["action"] for s in rows["age_band"]["steps"]] == ["band", "suppress"]
    assert [s["action"] for s in rows["ethnicity"]["steps"]] == ["recode", "suppress"]
    assert rows["age_band"]["key"] and not rows["placement_type"]["key"]
    # every step of the stage is in the report, once
    steps = sorted((v["variable"], s["action"]) for v in survey["variables"] for s in v["steps"])
    assert steps == sorted((d["variable"], d["action"]) for d in result["details"]["data"][0]["decisions"])
    # a variable counts once per action it had: 9 variables, 11 steps
    assert sum(survey["actions"].values()) == 11 and survey["actions"]["suppress"] == 2


def test_risk_histogram_bins_count_every_record(manifest, result):
    survey = build(manifest, result)["data"][0]
    dist = survey["risk_distribution"]
    assert dist["bins"][-1] == "1 in 1 (unique)" and dist["bins"][0] == "under 1 in 20"
    assert sum(dist["before"]) == sum(dist["after"]) == survey["records"]
    # Fixture classes: 18 uniques, 9 pairs, 6 triples, 5 of four, 4 of six, 3 of eight.
    assert dict(zip(dist["bins"], dist["before"])) == {
        "under 1 in 20": 0, "1 in 11-20": 0, "1 in 6-10": 48, "1 in 4-5": 20, "1 in 3": 18, "1 in 2": 18, "1 in 1 (unique)": 18}
    assert dist["after"][-2:] == [0, 0]


def test_plain_language_summary_is_generated_from_figures(manifest, result):
    summary = build(manifest, result)["summary"]
    text = " ".join(summary["plain_language"])
    assert "5 transcripts (27,660 words)" in text
    # The figure is the run's (every record of the key); the sentence says where they were made.
    assert summary["figures"]["identifiers_replaced"] == result["summary"]["identifiers_replaced"] == 174
    assert "130 identifiers in them replaced" in text
    assert "174 replacements in all: 130 in 5 transcripts and 44 in documentation and data files" in text
    assert "1 variable dropped (child_name)" in text
    assert "found none of the 26 originals it searches for" in text


def test_manual_checks_are_tailored_to_the_collection(manifest, result):
    checks = {c["topic"]: c for c in build(manifest, result)["manual_checks"]}
    for topic in ("Rare events and distinctive incidents", "Professions, job titles and roles", "Family circumstances",
                  "Small areas and local detail", "Young people's own accounts", "Parents' accounts",
                  "Focus-group cross-references", "Professionals and their caseloads", "Combinations in free-text answers"):
        assert topic in checks, topic
    assert checks["Young people's own accounts"]["where"] == ["transcripts/yp01.txt"]
    assert checks["Combinations in free-text answers"]["where"] == ["data/casefile_survey.sav::notes",
                                                                    "data/iro_questionnaire.sav::comments"]
    # A collection without young people does not get the young-people check.
    manifest["files"] = [f for f in manifest["files"] if f.get("participant_type") != "young_person"]
    topics = {c["topic"] for c in build(manifest, result)["manual_checks"]}
    assert "Young people's own accounts" not in topics


def test_only_public_settings_and_no_manifest_secrets(manifest, variant, key_records):
    result = variant()
    known = manifest["anonymisation"]["known_identifiers"][0]["text"]
    result["details"]["settings"]["keep_terms"] = "Ofsted, Cafcass"
    result["details"]["settings"]["known_names"] = [known]
    report = build(manifest, result, key_records)
    assert "keep_terms" not in report["settings"] and "known_names" not in report["settings"]
    text = json.dumps(report).casefold()
    assert known.casefold() not in text
    for record in key_records:
        assert record["original"].casefold() not in text


def test_empty_collection_parts_still_build(manifest, variant):
    result = variant()
    result["details"].update(transcripts=[], entities=[], samples=[], data=[], review={},
                             residual={"status": "clean", "checked_files": 0, "originals_checked": 0, "hits": []})
    report = build(manifest, result)
    validate(report, "anonymisation_report", "test")
    assert report["verdict"]["status"] == "ready"
    assert report["transcripts"]["entities"]["consistency"]["share"] == 1


def test_data_rule_codes_do_not_count_as_inconsistent(key_records):
    # A local authority coded "LA 2" by a data rule and "[Local authority 1]" in transcripts is by design.
    records = key_records + [
        {"original": "Westshire", "replacement": "[Local authority 1]", "type": "LOCAL_AUTHORITY", "file": "transcripts/sw01.docx"},
        {"original": "Westshire", "replacement": "LA 2", "type": "LOCAL_AUTHORITY", "file": "data/casefile_survey.sav",
         "variable": "la", "detector": "data_rule"},
    ]
    assert key_consistency(records) == {"originals": 27, "consistent": 27}


def test_missing_and_not_a_number_measures_become_null(manifest, variant):
    result = variant()
    survey = result["details"]["data"][0]
    survey["risk_after"]["expected_reidentifications"] = float("nan")
    del survey["risk_after"]["mean_risk"]
    report = build(manifest, result)
    validate(report, "anonymisation_report", "test")
    after = report["data"][0]["risk"]["after"]
    assert after["expected_reidentifications"] is None and after["mean_risk"] is None
    assert "NaN" not in dumps_json(report)


def test_identifier_figures_add_up_to_every_record_of_the_key(manifest, result, key_records):
    from anonymise.report.private import key_counts

    records = key_records + [  # a data rule's records: a dropped name column, not text replacements
        {"original": f"Name {i}", "replacement": "[dropped]", "type": "PERSON", "file": "data/casefile_survey.sav",
         "detector": "data_rule", "variable": "child_name", "row": i} for i in range(4)]
    records.append({"original": "Oak House", "replacement": "[Organisation 1]", "type": "ORGANISATION",
                    "file": "docs/interview_guide.txt", "detector": "spacy_ner", "score": 0.9})
    report = build_report(manifest, result, "0.1.0", consistency=key_consistency(records), counts=key_counts(records))
    validate(report, "anonymisation_report", "report")
    figures, t = report["summary"]["figures"], report["transcripts"]
    assert figures["identifiers_replaced"] == len(records)
    rows = {r["file"]: r["total"] for r in report["charts"]["identifiers_per_file"]}
    # transcripts first, then the documentation file and the data files' free text; data rules are not drawn
    assert list(rows)[:len(t["files"])] == [f["file"] for f in t["files"]]
    assert rows["docs/interview_guide.txt"] == 1
    assert sum(rows.values()) + 4 == len(records)
    text = " ".join(report["summary"]["plain_language"])
    assert f"In all, {len(records)} replacements are recorded in the private key" in text
    assert "1 in 1 documentation file" in text and "4 data values removed or recoded by rules" in text


def test_every_published_non_key_variable_is_listed_for_the_reviewer(manifest, result):
    report = build(manifest, result)
    checks = {c["topic"]: c for c in report["manual_checks"]}
    survey = checks["Variables outside the keys in data/casefile_survey.sav"]
    # kept, coarsened, recoded...: all published; keys, dropped, renumbered and free-text variables are not listed here
    listed = {w.split("::")[1].split(" ")[0] for w in survey["where"]}
    assert listed == {"dob", "placement_type"}
    assert "measured on the key variables only" in survey["why"]
    questionnaire = checks["Variables outside the keys in data/iro_questionnaire.sav"]
    assert questionnaire["where"] == ["data/iro_questionnaire.sav::years_service (top-coded)"]
    statement = next(d for d in report["data"] if d["file"] == "data/casefile_survey.sav")["statement"]
    assert "These figures measure risk on the key variables only" in statement
    assert "placement_type" in statement


def without_keys(result, proposed=None):
    """The survey as the data pass leaves it when the manifest names no keys: nothing measured,
    or (with `proposed`) risk measured on the keys it proposed."""
    survey = result["details"]["data"][0]
    survey["keys"] = []
    if proposed is None:
        survey.update(risk_before=None, risk_after=None, risk_distribution_before=[], risk_distribution_after=[])
    else:
        survey["proposed_keys"] = proposed
        for side in ("risk_before", "risk_after"):
            survey[side]["keys"] = [p["variable"] for p in proposed]
    return result


def test_without_keys_risk_is_not_measured_rather_than_zero(manifest, variant):
    report = build(manifest, without_keys(variant()))
    validate(report, "anonymisation_report", "test")
    survey = report["data"][0]
    assert survey["keys_source"] == "none" and survey["risk_keys"] == [] and survey["proposed_keys"] == []
    assert survey["risk_distribution"]["before"] is None and survey["risk_distribution"]["after"] is None
    assert set(survey["risk"]["after"].values()) == {None}
    # no chart of zeros: the chart data holds only the questionnaire, measured before and after
    assert [c["file"] for c in report["charts"]["risk_distributions"]] == ["data/iro_questionnaire.sav"]
    assert {"data.no_keys"} <= {r["code"] for r in report["verdict"]["reasons"]}
    assert not any(v["key"] for v in survey["variables"])


def test_proposed_keys_are_shown_with_their_reasons_and_need_a_person(manifest, variant):
    proposed = [{"variable": "la", "reason": "an area an intruder may know"},
                {"variable": "age_band", "reason": "age is commonly known"}]
    report = build(manifest, without_keys(variant(), proposed))
    validate(report, "anonymisation_report", "test")
    survey = report["data"][0]
    assert survey["keys"] == [] and survey["keys_source"] == "proposed"
    assert survey["proposed_keys"] == proposed and survey["risk_keys"] == ["la", "age_band"]
    assert {v["variable"] for v in survey["variables"] if v["key"]} == {"la", "age_band"}
    reason = next(r for r in report["verdict"]["reasons"] if r["code"] == "data.proposed_keys")
    assert reason["outcome"] == "attention" and "la, age_band" in reason["message"]
    assert "the tool proposed la, age_band" in survey["statement"]
    assert report["verdict"]["status"] != "ready"
    # the figures measured on them are reported as measured
    assert survey["risk"]["after"]["k3"] == 0 and survey["k_reached"] is True


def test_keep_list_in_full_with_where_each_word_came_from(manifest, result):
    from anonymise.report.private import person_decisions

    manifest["anonymisation"]["keep"] = ["Ofsted", "Cafcass", "Hartley"]
    decisions = person_decisions([{"text": "Rosebud", "type": "PERSON", "decision": "keep"},
                                  {"text": "Someone", "type": "PERSON", "decision": "replace"}])
    report = build_report(manifest, result, "0.1.0", decisions=decisions)
    validate(report, "anonymisation_report", "test")
    terms = report["keep_list"]["terms"]
    # a reviewer's additions first, then the manifest's, then the study description's organisations
    assert terms[0] == {"term": "Rosebud", "source": "review", "type": "PERSON"}
    assert [t["term"] for t in terms if t["source"] == "manifest"] == ["Cafcass", "Hartley", "Ofsted"]
    study = {t["term"] for t in terms if t["source"] == "study"}
    assert study and study <= set(_study_organisations(manifest))
    assert "Someone" not in json.dumps(report)
    assert report["keep_list"]["review_read"] is True
    # without the review file the list says so instead of implying no reviewer kept anything
    assert build(manifest, result)["keep_list"]["review_read"] is False


def _study_organisations(manifest):
    from anonymise.text.settings import study_organisations

    return study_organisations(manifest)


def test_decisions_a_person_made_are_counted_by_type_without_originals(manifest, result):
    from anonymise.report.private import person_decisions

    decisions = person_decisions(
        [{"text": "Rose", "type": "PERSON", "decision": "keep"}, {"text": "Will", "type": "PERSON", "decision": "replace"},
         {"text": "Brook", "type": "TOWN", "decision": "replace"}],
        occurrences=[{"type": "PERSON", "text": "May"}, {"type": "DATE"}])
    report = build_report(manifest, result, "0.1.0", decisions=decisions)
    validate(report, "anonymisation_report", "test")
    assert report["person_decisions"] == {"source": "decisions", "by_type": [
        {"type": "DATE", "replace": 0, "keep": 0, "not_identifier": 1},
        {"type": "PERSON", "replace": 1, "keep": 1, "not_identifier": 1},
        {"type": "TOWN", "replace": 1, "keep": 0, "not_identifier": 0}],
        "totals": {"replace": 2, "keep": 1, "not_identifier": 2}}
    text = json.dumps(report)
    assert "Will" not in text and "Brook" not in text and "May" not in text
    # built without the review file: the stage's totals, types unknown
    assert build(manifest, result)["person_decisions"] == {
        "source": "stage", "by_type": [], "totals": {"replace": 5, "keep": 2, "not_identifier": None}}


def test_keys_the_data_pass_proposed_are_not_reported_as_the_manifests(manifest, variant):
    """The data pass's own result shape: `keys` lists the keys it used, `key_source` says who chose
    them, and each proposal gives its reason as `why` (anonymise.data.stage.choose_keys)."""
    result = variant()
    survey = result["details"]["data"][0]
    used = list(survey["risk_before"]["keys"])
    survey.update(keys=used, key_source="proposed",
                  proposed_keys=[{"variable": v, "kind": "area", "why": f"why {v}"} for v in used])
    report = build(manifest, result)
    validate(report, "anonymisation_report", "test")
    data = report["data"][0]
    assert data["keys"] == [] and data["keys_source"] == "proposed" and data["risk_keys"] == used
    assert data["proposed_keys"] == [{"variable": v, "reason": f"why {v}"} for v in used]
    assert "data.proposed_keys" in {r["code"] for r in report["verdict"]["reasons"]}
    # named keys stay the manifest's, and what the pass would have proposed beside them is not shown
    survey.update(key_source="manifest")
    named = build(manifest, result)["data"][0]
    assert named["keys"] == used and named["keys_source"] == "manifest" and named["proposed_keys"] == []
