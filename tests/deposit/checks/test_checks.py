"""`ukds-deposit check` on real collections: a .sav with planted problems, transcripts,
a manifest listing a missing file, and the JSON/HTML report and stage result."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from anonymise.tabular import Table, TableMeta
from deposit.checks.config import load_checks, word_list
from deposit.checks.data import check_table, misspelt
from deposit.cli import main
from manifests.loader import validate

ROOT = Path(__file__).resolve().parents[3]


def write_problem_survey(path: Path, rows: int = 30) -> None:
    rng = np.random.default_rng(7)
    ids = [f"{i:03d}" for i in range(rows)]
    ids[5] = ids[4]                                    # a duplicate ID
    df = pd.DataFrame({
        "hh_id": ids,
        "respondent_name": [f"Person {chr(65 + i % 26)}{i}" for i in range(rows)],
        "tenure": rng.choice([1.0, 2.0, 3.0], rows),
        "income": [np.nan] * 20 + list(rng.normal(2000, 300, rows - 20)),   # two thirds system-missing
        "n_kids": [1.0] * rows,
        "visit_date": ["2013-04-0%d" % (1 + i % 9) for i in range(rows)],
        "remark": ["fine"] * rows,
        "region": [1.0] * rows,
        "nolabel": np.arange(rows, dtype=float),
    })
    df.loc[3, "tenure"] = 7.0                            # outside the labelled range 1..3
    df.loc[7, "visit_date"] = "4th April 2013"          # not an allowed date format
    df.loc[2, "visit_date"] = "04/13/2013"               # month-first: not allowed either
    df.loc[9, "remark"] = "and the"                      # only stop-words
    df.loc[10, "remark"] = "fiine"                       # misspelt
    df.loc[11, "region"] = 2.0                           # a category seen once
    df.loc[12, "n_kids"] = -9.0
    pyreadstat.write_sav(
        df, str(path),
        column_labels={"hh_id": "Household identifier", "respondent_name": "Respondent's name",
                       "tenure": "Housing  tenure",   # double space: odd characters
                       "income": "Monthly income of the household in pounds sterling before tax and after benefits were paid",
                       "n_kids": "Numbr of children", "visit_date": "Date of visit", "remark": "Interviewer remark",
                       "region": "Region"},
        variable_value_labels={"tenure": {1: "Owner", 2: "Social rent",
                                          3: "Private rent from a landlord who is not a relative or friend"},
                               "region": {1: "North", 2: "South"}},
        missing_ranges={"n_kids": [-9]},
        variable_measure={"tenure": "nominal", "region": "nominal", "income": "scale"},
    )


def make_collection(base: Path, broken: bool = True) -> Path:
    coll = base / "collection"
    (coll / "data").mkdir(parents=True)
    (coll / "transcripts").mkdir()
    (coll / "gold").mkdir()
    write_problem_survey(coll / "data" / "survey.sav")
    (coll / "transcripts" / "int01.txt").write_text("Interviewer: How did the review go?\nJo: Fine, thanks.\n",
                                                    encoding="utf-8")
    (coll / "gold" / "annotations.jsonl").write_text("{}\n", encoding="utf-8")
    manifest = yaml.safe_load((ROOT / "manifests" / "example-deposit.yaml").read_text(encoding="utf-8"))
    manifest["files"] = [
        {"path": "data/survey.sav", "role": "data"},
        {"path": "transcripts/int01.txt", "role": "transcript"},
    ]
    manifest["anonymisation"]["data"] = {"data/survey.sav": {"id_variable": "hh_id"}}
    if broken:
        (coll / "transcripts" / "int02.txt").write_bytes(b"\x00\x01\x02binary\x00")
        (coll / "transcripts" / "stray notes.txt").write_text("not listed", encoding="utf-8")
        manifest["files"] += [{"path": "transcripts/int02.txt", "role": "transcript"},
                              {"path": "transcripts/int03.txt", "role": "transcript"}]
    (coll / "deposit.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return coll


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    base = tmp_path_factory.mktemp("check")
    coll = make_collection(base)
    work = base / "work"
    code = main(["check", str(coll), "--work", str(work)])
    report = json.loads((work / "reports" / "check.json").read_text(encoding="utf-8"))
    return {"code": code, "report": report, "work": work, "coll": coll}


def findings(report: dict, check: str) -> list[dict]:
    return [p for p in report["problems"] if p["code"] == f"check.{check}"]


def test_errors_give_exit_1_and_a_valid_report_and_stage_result(checked):
    assert checked["code"] == 1
    validate(checked["report"], "check_report", "check.json")
    result = json.loads((checked["work"] / "results" / "check.json").read_text(encoding="utf-8"))
    validate(result, "stage_result", "results/check.json")
    assert result["stage"] == "check" and result["status"] == "failed"
    assert sorted(result["outputs"]) == ["reports/check.html", "reports/check.json"]


def test_missing_unreadable_and_unlisted_files(checked):
    report = checked["report"]
    missing = findings(report, "manifest_files")
    assert [(p["location"], p["severity"]) for p in missing] == [("transcripts/int03.txt", "error")]
    unreadable = findings(report, "transcript_readable")
    assert [(p["location"], p["severity"]) for p in unreadable] == [("transcripts/int02.txt", "error")]
    unlisted = [p["location"] for p in findings(report, "unlisted_files")]
    assert unlisted == ["transcripts/stray notes.txt"]          # gold/ and deposit.yaml are ignored
    names = [p["location"] for p in findings(report, "file_name_pattern")]
    assert names == []                                           # only listed files are judged by name
    status = {f["path"]: f["status"] for f in report["files"]}
    assert status == {"data/survey.sav": "ok", "transcripts/int01.txt": "ok", "transcripts/int02.txt": "unreadable",
                      "transcripts/int03.txt": "missing"}


def test_data_findings_have_locators(checked):
    report = checked["report"]
    f = "data/survey.sav"
    dup = findings(report, "duplicate_ids")
    assert dup and dup[0]["location"] == f"{f}:hh_id[4]" and dup[0]["severity"] == "error" and "4, 5" in dup[0]["message"]
    assert f"{f}:nolabel" in [p["location"] for p in findings(report, "missing_variable_labels")]
    assert [p["location"] for p in findings(report, "user_missing_without_labels")] == [f"{f}:n_kids"]
    assert f"{f}:income" in [p["location"] for p in findings(report, "variable_label_max_length")]
    assert f"{f}:tenure" in [p["location"] for p in findings(report, "value_label_max_length")]
    assert f"{f}:tenure" in [p["location"] for p in findings(report, "odd_characters")]
    assert [p["location"] for p in findings(report, "system_missing")] == [f"{f}:income"]
    assert [p["location"] for p in findings(report, "values_outside_labels")] == [f"{f}:tenure[3]"]
    assert sorted(p["location"] for p in findings(report, "date_formats")) == [f"{f}:visit_date[2]", f"{f}:visit_date[7]"]
    assert [p["location"] for p in findings(report, "stopword_values")] == [f"{f}:remark[9]"]
    assert f"{f}:region[11]" in [p["location"] for p in findings(report, "rare_values")]
    spelling = {(p["location"], p["message"].split("'")[1]) for p in findings(report, "spelling_labels") + findings(report, "spelling_values")}
    assert (f"{f}:n_kids", "numbr") in spelling and (f"{f}:remark[10]", "fiine") in spelling
    assert f"{f}:respondent_name" in [p["location"] for p in findings(report, "high_cardinality_strings")]


def test_identifiers_in_raw_data_are_warnings(checked):
    report = checked["report"]
    hints = {p["location"]: p for p in findings(report, "identifier_hints")}
    assert "data/survey.sav:respondent_name" in hints and hints["data/survey.sav:respondent_name"]["severity"] == "warning"
    for p in findings(report, "identifiers_in_values"):
        assert p["severity"] in ("warning", "info")
        assert re.fullmatch(r"data/survey\.sav(:\w+(\[\d+\])?)?", p["location"])


def test_html_is_self_contained(checked):
    html = (checked["work"] / "reports" / "check.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "data/survey.sav:hh_id[4]" in html and "transcripts/int02.txt" in html


def test_clean_collection_exits_0_although_identifiers_are_found(tmp_path, capsys):
    coll = make_collection(tmp_path, broken=False)
    config = tmp_path / "checks.yaml"
    config.write_text("duplicate_ids: false\n", encoding="utf-8")
    assert main(["check", str(coll), "--config", str(config), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] > 0
    assert not findings(report, "duplicate_ids")
    assert next(c for c in report["checks"] if c["name"] == "duplicate_ids")["enabled"] is False


def test_corrupt_data_file_is_an_error_finding(tmp_path, capsys):
    coll = make_collection(tmp_path, broken=False)
    (coll / "data" / "survey.sav").write_text("id,name\n1,Jo\n", encoding="utf-8")
    assert main(["check", str(coll), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    [problem] = findings(report, "data_readable")
    assert problem["severity"] == "error" and problem["location"] == "data/survey.sav" and "plain text" in problem["message"]


def test_unknown_check_in_config_is_a_usage_error(tmp_path, capsys):
    coll = make_collection(tmp_path, broken=False)
    config = tmp_path / "checks.yaml"
    config.write_text("duplicate_idz: false\n", encoding="utf-8")
    assert main(["check", str(coll), "--config", str(config)]) == 2
    assert "did you mean 'duplicate_ids'" in capsys.readouterr().err


def test_config_overrides_merge_field_by_field():
    checks = load_checks()
    assert checks["variable_label_max_length"].setting == 79 and checks["value_label_max_length"].setting == 39
    assert all(c.severity in ("error", "warning", "info") and c.desc for c in checks.values())


def test_shipped_word_lists():
    english = word_list("en_GB")
    assert len(english) > 50_000 and {"colour", "organise", "children", "placement"} <= english
    assert "color" not in english
    assert {"the", "and"} <= word_list("stopwords_en")


def test_spelling_skips_names_and_acronyms():
    known, proper = word_list("en_GB"), word_list("en_GB_proper")
    assert misspelt("Numbr of placments with the IRO in Leeds", known, proper) == ["numbr", "placments"]
    assert misspelt("Child's mother's partner", known, proper) == []
    assert misspelt("Asian or Asian British", known, proper) == []
    # cell values: a capitalised word is never judged, so names are never quoted as typos
    assert misspelt("Gerald Numbr", known) == [] and misspelt("Gerald", known, proper) == []


def test_regex_rules_and_caps():
    df = pd.DataFrame({"code": ["A1", "B2", "bad", "worse", "C3"] * 10})
    checks = load_checks()
    from dataclasses import replace
    checks = {**checks,
              "regex_rules": replace(checks["regex_rules"], setting=[{"variables": ["code"], "pattern": r"^[A-Z]\d$",
                                                                      "must": "match", "desc": "letter+digit"}]),
              "max_findings_per_variable": replace(checks["max_findings_per_variable"], setting=5)}
    problems = check_table("f.csv", Table(df, TableMeta()), checks)
    regex = [p for p in problems if p.code == "check.regex_rules"]
    assert len(regex) == 6 and regex[0].location == "f.csv:code[2]" and "letter+digit" in regex[0].message
    assert regex[-1].message.startswith("15 more findings")


def test_csv_data_in_windows_1252_with_semicolons(tmp_path, capsys):
    coll = make_collection(tmp_path, broken=False)
    (coll / "data" / "extra.csv").write_bytes("id;town;comment\r\n1;Bury;Zoë said no\r\n2;Leeds;fine\r\n"
                                               .encode("cp1252"))
    manifest = yaml.safe_load((coll / "deposit.yaml").read_text(encoding="utf-8"))
    manifest["files"].append({"path": "data/extra.csv", "role": "data"})
    (coll / "deposit.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    main(["check", str(coll), "--json"])
    report = json.loads(capsys.readouterr().out)
    extra = next(f for f in report["files"] if f["path"] == "data/extra.csv")
    assert extra == {"path": "data/extra.csv", "role": "data", "status": "ok", "records": 2, "variables": 3,
                     "format": "csv", "encoding": "cp1252"}
    assert "data/extra.csv:town" in [p["location"] for p in findings(report, "missing_variable_labels")]


def add_data_file(coll: Path, name: str, data: bytes) -> None:
    (coll / "data" / name).write_bytes(data)
    manifest = yaml.safe_load((coll / "deposit.yaml").read_text(encoding="utf-8"))
    manifest["files"].append({"path": f"data/{name}", "role": "data"})
    (coll / "deposit.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")


def test_utf16_tab_from_excel_is_checked_not_refused(tmp_path, capsys):
    coll = make_collection(tmp_path, broken=False)
    text = "id\tsex\tcomment\r\n" + "".join(f"{i}\t{1 + i % 2}\tfine\r\n" for i in range(6))
    add_data_file(coll, "unicode.tab", b"\xff\xfe" + text.encode("utf-16-le"))    # Excel's "Unicode Text"
    main(["check", str(coll), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert not findings(report, "data_readable")
    extra = next(f for f in report["files"] if f["path"] == "data/unicode.tab")
    assert extra == {"path": "data/unicode.tab", "role": "data", "status": "ok", "records": 6, "variables": 3,
                     "format": "tab", "encoding": "utf-16"}


def rare_locations(path: Path) -> set[str]:
    from anonymise.tabular import read_table

    checks = {n: c for n, c in load_checks().items() if n != "identifiers_in_values"}
    return {p.location for p in check_table(path.name, read_table(path), checks) if p.code == "check.rare_values"}


def test_rare_codes_in_csv_and_stata_files_without_a_measure(tmp_path):
    df = pd.DataFrame({"id": range(1, 21),
                       "tenure": [1, 2, 1, 2] * 4 + [1, 2, 1, 9],          # code 9 occurs once
                       "score": [round(50 + i * 1.37, 2) for i in range(20)],  # a measurement: not a category
                       "count": list(range(20))})                             # every value differs
    df.to_csv(tmp_path / "codes.csv", index=False)
    df.to_csv(tmp_path / "codes.tab", index=False, sep="\t")
    pyreadstat.write_dta(df.astype({"tenure": float}), str(tmp_path / "codes.dta"))
    for name in ("codes.csv", "codes.tab", "codes.dta"):
        assert rare_locations(tmp_path / name) == {f"{name}:tenure[19]"}, name


def test_rare_values_follow_the_spss_measure_when_there_is_one(tmp_path):
    df = pd.DataFrame({"tenure": [1.0, 2.0, 1.0, 2.0] * 4 + [1.0, 2.0, 1.0, 9.0],
                       "rooms": [3.0, 4.0, 3.0, 4.0] * 4 + [3.0, 4.0, 3.0, 12.0],
                       "kids": [0.0, 1.0, 0.0, 1.0] * 4 + [0.0, 1.0, 0.0, 7.0]})
    pyreadstat.write_sav(df, str(tmp_path / "measured.sav"),
                         variable_measure={"tenure": "nominal", "rooms": "scale"})   # kids: no measure
    assert rare_locations(tmp_path / "measured.sav") == {"measured.sav:tenure[19]", "measured.sav:kids[19]"}


def test_region_value_labels_are_not_identifiers_but_names_are_people(tmp_path):
    regions = ["North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
               "East of England", "London", "South East", "South West", "Wales", "Scotland", "Northern Ireland"]
    rows = 24
    df = pd.DataFrame({"region": [float(1 + i % 12) for i in range(rows)],
                       "region_name": [regions[i % 12] for i in range(rows)],
                       "child_name": ["Will Green", "Amelia Hargreaves", "Kieran Okafor"] * (rows // 3)})
    path = tmp_path / "regions.sav"
    pyreadstat.write_sav(df, str(path), column_labels={"region": "Region of employer", "region_name": "Region",
                                                       "child_name": "Child's name"},
                         variable_value_labels={"region": {i + 1: r for i, r in enumerate(regions)}},
                         variable_measure={"region": "nominal"})
    from anonymise.tabular import read_table

    problems = [p for p in check_table("regions.sav", read_table(path), load_checks())
                if p.code == "check.identifiers_in_values"]
    assert not [p.message for p in problems if "not available" in p.message], "the text engine must run here"
    flagged = {p.location: p.message for p in problems}
    assert not [loc for loc in flagged if loc.startswith(("regions.sav:region", "regions.sav:region_name"))], flagged
    # a child's name is reported as a person, never as a street ("Will Green")
    assert flagged["regions.sav:child_name[0]"].endswith("holds PERSON")
    assert all("STREET" not in m for m in flagged.values())
    # without the kept terms the engine does take region labels for people: the setting is what helps
    from dataclasses import replace
    checks = load_checks()
    checks["identifier_kept_terms"] = replace(checks["identifier_kept_terms"], setting=False)
    bare = {p.location for p in check_table("regions.sav", read_table(path), checks)
            if p.code == "check.identifiers_in_values"}
    assert "regions.sav:region" in bare


def set_manifest(coll: Path, change) -> None:
    manifest = yaml.safe_load((coll / "deposit.yaml").read_text(encoding="utf-8"))
    change(manifest)
    (coll / "deposit.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")


def test_counts_are_compared_with_the_expected_ones(tmp_path, capsys):
    coll = make_collection(tmp_path, broken=False)

    def expect(manifest):
        manifest["files"][0]["expected"] = {"cases": 29, "variables": 9}     # the survey has 30 cases, 9 variables
        manifest["files"][1]["participant_type"] = "social_worker"
        manifest["expected_transcripts"] = {"social_worker": 1, "iro": 2}
    set_manifest(coll, expect)
    assert main(["check", str(coll), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {(p["location"], p["message"], p["severity"]) for p in findings(report, "expected_counts")}
    assert found == {("data/survey.sav", "holds 30 cases but files[].expected says 29", "error"),
                     ("expected_transcripts.iro", "0 iro transcript(s) present but expected_transcripts says 2", "error")}

    def agree(manifest):
        manifest["files"][0]["expected"] = {"cases": 30, "variables": 9}
        manifest["expected_transcripts"] = {"social_worker": 1}
    set_manifest(coll, agree)
    main(["check", str(coll), "--json"])
    assert not findings(json.loads(capsys.readouterr().out), "expected_counts")


def test_consent_documents_are_expected_with_transcripts(tmp_path, capsys):
    coll = make_collection(tmp_path, broken=False)
    set_manifest(coll, lambda m: m.pop("consent"))
    main(["check", str(coll), "--json"])
    missing = findings(json.loads(capsys.readouterr().out), "consent_documents")
    assert [p["location"] for p in missing] == ["consent.form", "consent.information_sheet"]
    assert all(p["severity"] == "warning" and "UK Data Service expects" in p["message"] for p in missing)
    assert "consent form" in missing[0]["message"] and "information sheet" in missing[1]["message"]

    (coll / "docs").mkdir()
    (coll / "docs" / "consent.txt").write_text("Consent form (blank)\n", encoding="utf-8")

    def listed(manifest):
        manifest["files"].append({"path": "docs/consent.txt", "role": "documentation"})
        manifest["consent"] = {"form": "docs/consent.txt", "information_sheet": "docs/sheet.txt"}
    set_manifest(coll, listed)
    main(["check", str(coll), "--json"])
    [left] = findings(json.loads(capsys.readouterr().out), "consent_documents")
    assert left["location"] == "consent.information_sheet" and "not listed in files[]" in left["message"]


def test_spss_portable_is_only_acceptable_now(tmp_path, capsys):
    coll = make_collection(tmp_path, broken=False)
    pyreadstat.write_por(pd.DataFrame({"id": [1.0, 2.0, 3.0]}), str(coll / "data" / "old.por"))
    from deposit.demo.writers import docx_bytes

    (coll / "transcripts" / "int05.docx").write_bytes(docx_bytes(["Interviewer: Hello.", "Jo: Hi."], title="int05"))
    set_manifest(coll, lambda m: m["files"].extend([{"path": "data/old.por", "role": "data"},
                                                    {"path": "transcripts/int05.docx", "role": "transcript"}]))
    main(["check", str(coll), "--json"])
    report = json.loads(capsys.readouterr().out)
    [por] = findings(report, "preferred_formats")      # the .docx transcript becomes RTF in the bundle: not named
    assert por["location"] == "data/old.por" and "only acceptable" in por["message"] and ".sav" in por["hint"]


def test_unlabelled_codes_inside_the_labelled_range(tmp_path):
    df = pd.DataFrame({"answer": [1.0, 2.0, 3.0, 9.0, 1.0, 3.0, 3.0, 12.0]})
    path = tmp_path / "codes.sav"
    pyreadstat.write_sav(df, str(path), variable_value_labels={"answer": {1: "Yes", 2: "No", 9: "Refused"}},
                         variable_measure={"answer": "nominal"})
    from anonymise.tabular import read_table

    checks = {n: c for n, c in load_checks().items() if n != "identifiers_in_values"}
    problems = check_table("codes.sav", read_table(path), checks)
    assert [(p.location, p.message) for p in problems if p.code == "check.unlabelled_values"] == [
        ("codes.sav:answer[2]", "value 3 (3 case(s)) has no value label")]
    assert [p.location for p in problems if p.code == "check.values_outside_labels"] == ["codes.sav:answer[7]"]
