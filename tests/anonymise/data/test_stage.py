"""The data pass end to end on real .sav files: automatic mode, manifest rules, the
collection-stage contract (prepare -> text units -> finish) and the command line."""

from __future__ import annotations

import json
import stat

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from anonymise.data.stage import FileSettings, PreparedData, anonymise_file, plan, prepare, private_folder
from anonymise.tabular import Table, TableMeta, read_table
from anonymise.text.units import UnitResult
from deposit.cli import main
from manifests.errors import UserError
from manifests.loader import validate


def by_variable(result: dict) -> dict[str, dict]:
    """Each variable's rule decision (the first: an exact age that is a key is banded after it)."""
    out: dict[str, dict] = {}
    for d in result["decisions"]:
        if d["action"] != "suppress":
            out.setdefault(d["variable"], d)
    return out


def actions(result: dict, variable: str) -> list[str]:
    return [d["action"] for d in result["decisions"] if d["variable"] == variable]


def test_automatic_mode_removes_direct_identifiers_and_keeps_analytic_variables(survey, tmp_path):
    out = tmp_path / "out" / "survey.sav"
    result = anonymise_file(survey, out, reference_date="2013-09-01")
    d = by_variable(result)
    assert d["child_name"]["action"] == "drop" and "name" in d["child_name"]["reason"]
    assert d["email"]["action"] == "drop"
    assert d["case_id"]["action"] == "newid" and "date" in d["case_id"]["reason"]
    assert d["dob"]["action"] == "date" and "age" in d["dob"]["reason"]
    assert d["la"]["action"] == "authority"
    for var in ("sex", "age_band", "n_placements", "score"):
        assert d[var]["action"] == "keep"
    df, meta = pyreadstat.read_sav(str(out), user_missing=True)
    assert set(df.columns) == {"case_id", "dob", "la", "sex", "age_band", "n_placements", "score"}
    original_df, original = pyreadstat.read_sav(str(survey), user_missing=True)
    # analytic variables and their labels untouched
    for var in ("sex", "age_band"):
        assert meta.variable_value_labels[var] == original.variable_value_labels[var]
        assert meta.column_names_to_labels[var] == original.column_names_to_labels[var]
    assert meta.missing_ranges["age_band"] == original.missing_ranges["age_band"]
    pd.testing.assert_series_equal(df["score"], original_df["score"])
    # (a suppressed string cell is empty in SPSS)
    assert sorted(set(df["la"]) - {""}) == ["Authority A", "Authority B", "Authority C", "Authority D"]
    assert sorted(df["case_id"]) == [float(i) for i in range(1, 41)]
    assert df["case_id"].tolist()[:3] != [1.0, 2.0, 3.0]          # a secret order, not the rows' order
    # no keys were named: the ages from the dates of birth are a proposed key, so they are banded
    assert actions(result, "dob")[:2] == ["date", "band"] and result["key_source"] == "proposed"
    assert set(df["dob"].dropna()) <= {1.0, 2.0, 3.0} and meta.variable_value_labels["dob"][3.0] == "10-15"
    assert int(df["dob"].isna().sum()) == result["suppressions"].get("dob", 0)


def test_private_outputs_are_owner_only_and_not_beside_the_output(survey, tmp_path):
    out = tmp_path / "out" / "survey.sav"
    result = anonymise_file(survey, out)
    private = tmp_path / "out" / "private"
    assert result["private"] == str(private)
    crosswalk = private / "crosswalk_survey.csv"
    assert stat.S_IMODE(crosswalk.stat().st_mode) == 0o600
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    lines = crosswalk.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "variable,original,replacement" and any(line.startswith("case_id,") for line in lines)
    # no free text here, so no key records: the crosswalk is the whole private record
    assert not (private / "key_survey.jsonl").exists()
    with pytest.raises(UserError, match="must not be the output"):
        private_folder(out, out.parent)


def test_without_reference_date_dob_becomes_year(survey, tmp_path):
    result = anonymise_file(survey, tmp_path / "o.sav")
    assert "year" in by_variable(result)["dob"]["reason"]
    df, _ = pyreadstat.read_sav(str(tmp_path / "o.sav"))
    assert df["dob"].dropna().between(2000, 2014).all()
    # a year of birth is a proposed key: the years k-anonymity needs blanked are the only ones missing
    assert int(df["dob"].isna().sum()) == result["suppressions"].get("dob", 0)


def test_rules_win_over_automatic_choices_and_risk_is_measured(survey, tmp_path):
    rules = {"child_name": {"action": "drop"}, "dob": {"action": "date", "to": "year"},
             "n_placements": {"action": "topcode", "top": 6}, "la": {"action": "keep", "reason": "public"}}
    result = anonymise_file(survey, tmp_path / "o.sav", rules=rules, keys=["sex", "age_band", "n_placements"], k=3)
    d = by_variable(result)
    assert d["la"]["action"] == "keep" and d["la"]["reason"] == "public"
    assert d["n_placements"]["action"] == "topcode"
    assert d["email"]["action"] == "drop" and d["email"]["reason"].startswith("automatic")
    before, after = result["risk_before"], result["risk_after"]
    assert before["records"] == after["records"] == 40
    assert after["k_violations"]["3"] <= before["k_violations"]["3"]
    assert len(result["risk_distribution_before"]) == 40
    assert result["info_loss"]["cells_suppressed"] == sum(result["suppressions"].values())
    json.dumps(result)   # JSON-able, no numpy types


def test_unknown_rule_variable_or_key_is_a_user_error(survey, tmp_path):
    with pytest.raises(UserError, match="not in the file"):
        anonymise_file(survey, tmp_path / "o.sav", rules={"nope": {"action": "drop"}})
    with pytest.raises(UserError, match="not in the file"):
        anonymise_file(survey, tmp_path / "o.sav", keys=["sex", "nope"])


def manifest_for(path: str) -> dict:
    return {"files": [{"path": path, "role": "data"}], "anonymisation": {"reference_date": "2013-09-01"}}


def test_collection_contract_text_units_and_finish(survey, tmp_path):
    table = read_table(survey)
    table.df["notes"] = ["Visited by Jo on Monday" if i % 2 == 0 else "" for i in range(len(table.df))]
    from anonymise.tabular import write_sav
    collection = tmp_path / "collection"
    write_sav(collection / "data" / "casefile.sav", table)
    settings = {"rules": {"notes": {"action": "freetext"}}, "keys": ["sex", "age_band"], "k": 2}
    prepared = prepare(collection / "data" / "casefile.sav", settings, manifest_for("data/casefile.sav"))
    units = prepared.text_units()
    cells = [u for u in units if u.variable == "notes"]
    assert len(cells) == 20 and units[:20] == cells
    # then the file label and the labels of the published variables, for the same text engine run
    assert [u.uid for u in units[20:22]] == ["data/casefile.sav::meta::file_label", "data/casefile.sav::meta::label::case_id"]
    assert units[20].text == "Synthetic case-file survey" and units[21].location == "variable label of case_id"
    assert not any(u.uid.endswith("::label::child_name") for u in units)      # dropped: its label is never published
    assert units[1].uid == "data/casefile.sav::notes::2" and units[1].variable == "notes" and units[1].row == 2
    assert units[1].file == "data/casefile.sav" and units[1].text == "Visited by Jo on Monday"
    results = [UnitResult(u.uid, u.text.replace("Jo", "[Person 1]"),
                          [{"original": "Jo", "replacement": "[Person 1]", "type": "PERSON", "file": u.file,
                            "start": 11, "end": 13}] if "Jo" in u.text else []) for u in units]
    work = tmp_path / "work"
    result = prepared.finish(results, work / "anonymised" / "data", work / "private")
    assert result["outputs"] == ["anonymised/data/casefile.sav", "anonymised/data/casefile.tab"]
    key_records = result.pop("key_records")
    for record in key_records:
        validate(record, "key_record", "key record")
    names = [r for r in key_records if r["variable"] == "child_name"]
    assert "Amelia Hargreaves" in {r["original"] for r in names} and {r["replacement"] for r in names} == {"[dropped]"}
    authorities = {r["original"]: r["replacement"] for r in key_records if r["variable"] == "la"}
    # the labels' order comes from a private secret; the key and the crosswalk agree on it
    assert sorted(authorities.values()) == ["Authority A", "Authority B", "Authority C", "Authority D"]
    crosswalk = (work / "private" / "crosswalk_casefile.csv").read_text(encoding="utf-8").splitlines()
    assert {tuple(line.split(",")[1:]) for line in crosswalk if line.startswith("la,")} == set(authorities.items())
    assert any(r["variable"] == "case_id" and r["type"] == "CASE_REFERENCE" for r in key_records)
    notes = [r for r in key_records if r["variable"] == "notes"]
    assert len(notes) == 20 and {r["row"] for r in notes} == set(range(0, 40, 2))
    df, _ = pyreadstat.read_sav(str(work / "anonymised" / "data" / "casefile.sav"))
    assert df["notes"].iloc[0] == "Visited by [Person 1] on Monday" and df["notes"].iloc[1] == ""
    tab = (work / "anonymised" / "data" / "casefile.tab").read_text(encoding="utf-8")
    assert "Jo " not in tab and "[Person 1]" in tab and "Hargreaves" not in tab
    assert (work / "private" / "crosswalk_casefile.csv").is_file()
    assert result["file"] == "data/casefile.sav" and result["k"] == 2 and result["keys"] == ["sex", "age_band"]


def test_free_text_the_engine_did_not_process_is_dropped(survey, tmp_path):
    table = read_table(survey)
    table.df["notes"] = "a long free-text answer that mentions somebody by name"
    prepared = PreparedData("t.sav", table, FileSettings(rules={"notes": {"action": "freetext"}}),
                            plan(table, FileSettings(rules={"notes": {"action": "freetext"}}), None), None)
    out, result, _keys, _cw = prepared.apply(None)
    assert "notes" not in out.df.columns
    assert "did not process" in by_variable(result)["notes"]["reason"]


def test_same_input_gives_the_same_bytes(survey, tmp_path):
    anonymise_file(survey, tmp_path / "a" / "s.sav", reference_date="2013-09-01")
    anonymise_file(survey, tmp_path / "b" / "s.sav", reference_date="2013-09-01")
    assert (tmp_path / "a" / "s.sav").read_bytes() == (tmp_path / "b" / "s.sav").read_bytes()


def test_serial_ids_are_kept_and_external_numbers_replaced():
    df = pd.DataFrame({"id": np.arange(1, 31, dtype=float), "ref": np.arange(1, 31) * 7919.0 + 4000000,
                       "x": np.ones(30)})
    table = Table(df, TableMeta(variable_labels={"ref": "Council reference number"}))
    planned = {p.variable: p for p in plan(table, FileSettings(), None)}
    assert planned["id"].rule["action"] == "keep"
    assert planned["ref"].rule["action"] == "newid" and "external" in planned["ref"].reason


# ---------------------------------------------------------------- command line

def test_cli_writes_output_and_json(survey, tmp_path, capsys):
    out = tmp_path / "o.tab"
    code = main(["anonymise-data", str(survey), str(out), "--private", str(tmp_path / "private"), "--keys", "sex,age_band", "--k", "2",
                 "--reference-date", "2013-09-01", "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["k"] == 2 and result["records"] == 40
    assert out.read_text(encoding="utf-8").splitlines()[0].split("\t")[0] == "case_id"


def test_cli_rules_file(survey, tmp_path, capsys):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  child_name: {action: drop}\n  score: {action: band, bands: [[0, 50, low], [50.01, 100, high]]}\n"
                     "keys: [sex]\nk: 2\n", encoding="utf-8")
    assert main(["anonymise-data", str(survey), str(tmp_path / "o.sav"), "--private", str(tmp_path / "private"), "--rules", str(rules)]) == 0
    printed = capsys.readouterr().out
    assert "score: band" in printed
    df, meta = pyreadstat.read_sav(str(tmp_path / "o.sav"))
    assert set(df["score"].dropna().unique()) <= {1.0, 2.0} and meta.variable_value_labels["score"] == {1.0: "low", 2.0: "high"}


@pytest.mark.parametrize("content", [b"id,name\n1,Jo\n", b"$FL2" + b"\x00" * 40, b""])
def test_cli_exit_2_for_corrupt_truncated_or_mislabelled_input(tmp_path, content, capsys):
    bad = tmp_path / "bad.sav"
    bad.write_bytes(content)
    assert main(["anonymise-data", str(bad), str(tmp_path / "o.sav"), "--private", str(tmp_path / "private")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err
    assert not (tmp_path / "o.sav").exists()


def test_cli_exit_2_for_truncated_real_sav(survey, tmp_path, capsys):
    cut = tmp_path / "cut.sav"
    cut.write_bytes(survey.read_bytes()[:-40])
    assert main(["anonymise-data", str(cut), str(tmp_path / "o.sav"), "--private", str(tmp_path / "private")]) == 2
    assert "truncated or corrupt" in capsys.readouterr().err


def test_cli_refuses_key_dir_beside_output_and_bad_rules(survey, tmp_path, capsys):
    assert main(["anonymise-data", str(survey), str(tmp_path / "o.sav"), "--private", str(tmp_path)]) == 2
    rules = tmp_path / "r.yaml"
    rules.write_text("child_name: drop\n", encoding="utf-8")
    assert main(["anonymise-data", str(survey), str(tmp_path / "o.sav"), "--private", str(tmp_path / "private"), "--rules", str(rules)]) == 2
    rules.write_text("child_name: {action: explode}\n", encoding="utf-8")
    assert main(["anonymise-data", str(survey), str(tmp_path / "o.sav"), "--private", str(tmp_path / "private"), "--rules", str(rules)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_event_dates_are_coarsened_by_the_setting_and_dates_of_birth_transformed():
    df = pd.DataFrame({"review_date": pd.to_datetime(["2013-01-05", "2013-02-07"]),
                       "review_text": ["2013-01-05", "17/02/2013"],
                       "birth_date": pd.to_datetime(["2001-01-05", "2002-02-07"])})
    table = Table(df, TableMeta(variable_labels={"birth_date": "Date of birth"}))
    planned = {p.variable: p for p in plan(table, FileSettings(), "2013-09-01")}
    assert planned["review_date"].rule == {"action": "date", "to": "month_year"}
    assert "exact_dates: month_year" in planned["review_date"].reason
    assert planned["review_text"].rule == {"action": "date", "to": "month_year"}      # a CSV's dates are text
    assert planned["birth_date"].rule == {"action": "date", "to": "age"}
    by_year = {p.variable: p for p in plan(table, FileSettings(dates="year"), "2013-09-01")}
    assert by_year["review_date"].rule == {"action": "date", "to": "year"}
    kept = {p.variable: p for p in plan(table, FileSettings(dates="keep"), "2013-09-01")}
    assert kept["review_date"].rule == {"action": "keep"} and "dates: keep" in kept["review_date"].reason
    with pytest.raises(UserError, match="dates must be one of"):
        FileSettings.from_dict({"dates": "week"})


def test_a_kept_id_that_encodes_a_date_is_kept_but_noted(survey, tmp_path):
    result = anonymise_file(survey, tmp_path / "o.sav", rules={"case_id": {"action": "keep", "reason": "needed"}})
    decision = by_variable(result)["case_id"]
    assert decision["action"] == "keep" and decision["reason"].startswith("needed; note:") and "a date" in decision["reason"]


def test_a_variable_that_determines_a_suppressed_key_is_suppressed_with_it(tmp_path):
    """An exact age published beside the key age_band would give back every blanked band."""
    rng = np.random.default_rng(3)
    ages = rng.integers(0, 18, 60).astype(float)
    band = np.select([ages < 5, ages < 10, ages < 16], [1.0, 2.0, 3.0], 4.0)
    df = pd.DataFrame({"sex": rng.integers(1, 3, 60).astype(float), "age_band": band, "age": ages,
                       "score": rng.integers(1, 6, 60).astype(float)})
    source = tmp_path / "in.sav"
    pyreadstat.write_sav(df, str(source))
    result = anonymise_file(source, tmp_path / "out.sav", rules={v: {"action": "keep"} for v in df.columns},
                            keys=["sex", "age_band"], k=3)
    out, _ = pyreadstat.read_sav(str(tmp_path / "out.sav"))
    blanked = out["age_band"].isna() & df["age_band"].notna()
    assert blanked.any(), "the fixture must need some suppression"
    # wherever the band was blanked and the same age is published elsewhere, the age is blanked too
    published = set(out.loc[out["age_band"].notna(), "age"].dropna())
    assert not (blanked & out["age"].isin(published)).any()
    reasons = {d["variable"]: d["reason"] for d in result["decisions"] if d["action"] == "suppress"}
    assert "age_band" in reasons["age"]
    assert "score" not in reasons          # a score does not determine the band: left alone


def test_authority_labels_on_real_files_are_secret_ordered_and_reproducible(tmp_path, monkeypatch):
    """A .sav with labelled authority codes and a .csv with the names: same secret, same
    labels in both files and the same bytes on a re-run; the crosswalk records the mapping."""
    from anonymise.data.rules import RuleContext, authority_numbers

    names = ["Eastborough Council", "Northshire County Council", "Southmere Borough Council", "Westvale Council"]
    def order(secret):
        numbers = authority_numbers(names, RuleContext(file="t", secret=secret))
        return sorted(names, key=lambda n: numbers[n.casefold()])
    secret = next(s for s in (f"collection-secret-{i}" for i in range(100)) if order(s) != names)
    monkeypatch.setenv("UKDS_DEPOSIT_SECRET", secret)
    expected = {name: f"Authority {'ABCD'[i]}" for i, name in enumerate(order(secret))}
    rows = [names[i % 4] for i in range(24)]
    sav, csv = tmp_path / "casefile.sav", tmp_path / "survey.csv"
    pyreadstat.write_sav(pd.DataFrame({"la": [float(names.index(n) + 1) for n in rows], "sex": [1.0, 2.0] * 12}),
                         str(sav), column_labels={"la": "Local authority", "sex": "Sex"},
                         variable_value_labels={"la": {i + 1: n for i, n in enumerate(names)}, "sex": {1: "M", 2: "F"}})
    pd.DataFrame({"la": rows[::-1], "score": range(24)}).to_csv(csv, index=False)
    rules = {"la": {"action": "authority"}}
    outputs = {}
    for run in ("a", "b"):
        for source, target in ((sav, "casefile.sav"), (csv, "survey.tab")):
            anonymise_file(source, tmp_path / run / target, rules=rules)
        outputs[run] = {p.relative_to(tmp_path / run).as_posix(): p.read_bytes()
                        for p in sorted((tmp_path / run).rglob("*")) if p.is_file()}
    assert outputs["a"] == outputs["b"]                               # same inputs, same bytes
    df, meta = pyreadstat.read_sav(str(tmp_path / "a" / "casefile.sav"))
    labelled = [meta.variable_value_labels["la"][code] for code in df["la"]]
    assert labelled == [expected[n] for n in rows]
    assert pd.read_csv(tmp_path / "a" / "survey.tab", sep="\t")["la"].tolist() == [expected[n] for n in rows[::-1]]
    assert labelled != [f"Authority {'ABCD'[names.index(n)]}" for n in rows]     # not alphabetical
    for target in ("casefile", "survey"):
        lines = (tmp_path / "a" / "private" / f"crosswalk_{target}.csv").read_text(encoding="utf-8").splitlines()
        assert dict(tuple(line.split(",")[1:]) for line in lines[1:] if line.startswith("la,")) == expected
    published = b"".join(data for path, data in outputs["a"].items() if not path.startswith("private/"))
    assert secret.encode() not in published and not any(n.encode() in published for n in names)


def test_a_collection_shares_one_authority_order_without_any_secret_file(tmp_path, monkeypatch):
    """Two files naming different sets of authorities: one label per authority across both, an
    order taken from the files themselves, and nothing written to the user's configuration."""
    from anonymise.data.stage import share_labels

    monkeypatch.delenv("UKDS_DEPOSIT_SECRET", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    pd.DataFrame({"la": ["Eastborough Council", "Westvale Council"] * 4, "x": range(8)}).to_csv(first, index=False)
    pd.DataFrame({"la": ["Westvale Council", "Northshire County Council"] * 4, "x": range(8)}).to_csv(second, index=False)
    settings = {"rules": {"la": {"action": "authority"}}}
    labels = []
    for attempt in range(2):
        prepared = [prepare(first, settings, {}), prepare(second, settings, {})]
        share_labels(prepared)
        tables = [p.apply([])[0] for p in prepared]
        labels.append([dict(zip(t.df["x"], t.df["la"])) for t in tables])
    assert labels[0] == labels[1]                                   # same files, same labels
    a, b = labels[0]
    assert a[1] == b[0]                                             # Westvale: one label in both files
    assert len({a[0], a[1], b[1]}) == 3
    assert not (tmp_path / "config").exists()


def test_cli_text_output_reports_information_loss(survey, tmp_path, capsys):
    assert main(["anonymise-data", str(survey), str(tmp_path / "o.sav"), "--private", str(tmp_path / "private"), "--keys", "sex,age_band", "--k", "3"]) == 0
    out = capsys.readouterr().out
    assert "information loss:" in out and "cells suppressed" in out
