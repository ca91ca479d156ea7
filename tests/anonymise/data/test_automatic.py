"""A data manager's first real deposit: an SPSS case file with no rules and no key variables.

New IDs in a secret order, exact dates coarsened, quasi-identifiers proposed as keys with
their reasons and k applied to them, the unique child protected, and the file label, notes
and variable labels through the text pass; and with keys named, those keys win. Every test
writes a real .sav with pyreadstat and reads the output back."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from anonymise.data import identify
from anonymise.data.config import shipped
from anonymise.data.rules import RuleContext, authority_mentions
from anonymise.data.stage import FileSettings, PreparedData, anonymise_file, plan, prepare
from anonymise.risk.measures import record_risks
from anonymise.tabular import Table, TableMeta, read_table
from deposit.cli import main
from manifests.errors import UserError
from tests.anonymise.data.conftest import COUNCILS, NOTE, UNIQUE_ROW

STEMS = ["Northshire", "Eastborough", "Westvale", "Southmere"]


@pytest.fixture(autouse=True)
def collection_secret(monkeypatch):
    """A secret of the data manager's own, so the secret orders below are fixed (without one,
    the digest of the input file is the secret, and pyreadstat stamps each file it writes)."""
    monkeypatch.setenv("UKDS_DEPOSIT_SECRET", "a data manager's private secret")


def spearman(a, b) -> float:
    return float(pd.Series(a).rank().corr(pd.Series(b).rank()))


def run(casefile, tmp_path, **options):
    source, original = casefile
    out = tmp_path / "out" / "casefile.sav"
    result = anonymise_file(source, out, key_dir=tmp_path / "private", reference_date="2013-09-01", **options)
    df, meta = pyreadstat.read_sav(str(out), user_missing=True)
    return result, df, meta, original


def test_no_rules_no_keys_proposes_keys_applies_k_and_protects_the_unique_child(casefile, tmp_path):
    result, df, meta, original = run(casefile, tmp_path)
    decisions = {}
    for d in result["decisions"]:
        decisions.setdefault(d["variable"], []).append(d)

    # new IDs: 1..n, in no relation to the council's order (rows are sorted by it)
    assert decisions["case_ref"][0]["action"] == "newid" and "random order" in decisions["case_ref"][0]["reason"]
    assert sorted(df["case_ref"]) == list(range(1, 123))
    assert abs(spearman(original["case_ref"], df["case_ref"])) < 0.2
    assert (original["case_ref"] - df["case_ref"]).nunique() > 100          # not old - 99, nor any shift

    # exact dates become year and month, and the decision says by which setting
    (date_rule,) = [d for d in decisions["review_date"] if d["action"] == "date"]
    assert "exact_dates: month_year" in date_rule["reason"] and "YYYY-MM" in date_rule["detail"]
    published = set(df["review_date"]) - {""}
    assert published and all(len(v) == 7 and v[4] == "-" for v in published)
    assert published <= set(original["review_date"].dt.strftime("%Y-%m"))

    # keys proposed with a reason each; k applied to them
    assert result["key_source"] == "proposed" and result["k_applied"] is True
    assert result["keys"] == ["la", "sex", "age", "ethnicity", "review_date"]
    why = {p["variable"]: p for p in result["proposed_keys"]}
    assert why["age"]["kind"] == "age" and why["la"]["kind"] == "area" and why["review_date"]["kind"] == "date"
    assert "'ethnicity', by its name" in why["ethnicity"]["why"] and "score" not in why and "case_ref" not in why
    before, after = result["risk_before"], result["risk_after"]
    assert before["keys"] == after["keys"] == result["keys"]
    assert before["k_violations"]["3"] > 100 and after["k_violations"]["3"] == 0
    assert after["max_risk"] <= 1 / 3 + 1e-9 < before["max_risk"]
    assert any(d["action"] == "suppress" for d in result["decisions"])
    assert result["info_loss"]["records_affected"] > 0

    # the exact age, a key, is in bands
    assert [d["action"] for d in decisions["age"]][:2] == ["keep", "band"]
    assert meta.variable_value_labels["age"][4.0] == "16-17"
    assert set(df["age"].dropna()) <= set(meta.variable_value_labels["age"])

    # the only 17-year-old Black child of one authority: at least 3 records now match what is published of them
    risks = record_risks(df.replace({"": np.nan}).pipe(meta_missing, meta), result["keys"])
    assert risks["fk"].iat[UNIQUE_ROW] >= 3
    assert (risks["fk"] >= 3).all()
    json.dumps(result)


def meta_missing(df: pd.DataFrame, meta) -> pd.DataFrame:
    """User-missing codes as missing, as the risk measures see them."""
    for var, ranges in meta.missing_ranges.items():
        for r in ranges:
            df[var] = df[var].mask(df[var].between(r["lo"], r["hi"]))
    return df


def test_file_label_notes_and_variable_labels_go_through_the_text_pass(casefile, tmp_path):
    result, df, meta, _original = run(casefile, tmp_path)
    source_meta = pyreadstat.read_sav(str(casefile[0]), metadataonly=True)[1]
    assert all(stem in source_meta.file_label for stem in STEMS)           # the raw file names the four councils
    published = " ".join([meta.file_label, *meta.notes, *filter(None, meta.column_names_to_labels.values())])
    for name in STEMS + ["Tracey", "Walsh"]:
        assert name not in published
    assert meta.file_label.startswith("Case files from ") and "pilot scale" in meta.column_names_to_labels["score"]
    assert meta.column_names_to_labels["review_date"] == "Date of last review (year-month)"
    labels = result["metadata_text"]
    assert labels["file_label"] >= 4 and labels["variable_labels"] == {"score": 1} and labels["not_read_so_emptied"] == []
    (score,) = [d for d in result["decisions"] if d["variable"] == "score"]
    assert "variable label: 1 identifier(s) replaced" in score["detail"]
    # the private key holds what the labels said, so a collection's residual scan hunts it everywhere
    key = [json.loads(line) for line in (tmp_path / "private" / "key_casefile.jsonl").read_text("utf-8").splitlines()]
    assert {"Westvale", "Northshire"} <= {r["original"] for r in key}
    assert all(r["file"] == "casefile.sav" for r in key)


def test_authority_names_the_text_engine_misses_in_labels_are_replaced_by_the_data_labels(casefile):
    """A list of bare names ("Northshire, Eastborough, ...") is hard for a text engine; the data
    say they are the authorities, so whatever survives the text pass takes the authority's label."""
    from anonymise.text.units import UnitResult

    source, _ = casefile
    prepared = prepare(source, {}, {})
    unchanged = [UnitResult(u.uid, u.text, []) for u in prepared.text_units()]     # an engine that finds nothing
    out, result, key_records, crosswalk = prepared.apply(unchanged)
    labels = dict(zip(crosswalk[-1]["originals"], crosswalk[-1]["replacements"]))
    expected = ", ".join(labels[c] for c in COUNCILS[:3])
    assert out.meta.file_label == f"Case files from {expected} and {labels[COUNCILS[3]]}"
    assert out.meta.variable_labels["score"] == f"Wellbeing score ({labels['Westvale Borough Council']} pilot scale)"
    assert set(out.df["la"].dropna()) == set(labels.values())
    # the document note ("Extracted from the Westvale Borough Council case system ...") names one in full
    assert {r["original"] for r in key_records if r["detector"] == "data_rule" and "location" in r} == \
        set(STEMS) | {"Westvale Borough Council"}
    assert "Westvale" not in out.meta.notes[0] and labels["Westvale Borough Council"] in out.meta.notes[0]
    assert result["metadata_text"]["file_label"] == 4


def test_explicit_keys_win_over_proposed_ones(casefile, tmp_path):
    result, df, meta, original = run(casefile, tmp_path, keys=["la", "sex"], k=3)
    assert result["keys"] == ["la", "sex"] and result["key_source"] == "manifest" and result["k_applied"] is True
    # the proposal is still reported, for the reviewer to compare
    assert [p["variable"] for p in result["proposed_keys"]] == ["la", "sex", "age", "ethnicity", "review_date"]
    assert result["risk_before"]["keys"] == result["risk_after"]["keys"] == ["la", "sex"]
    # age is not a key here: the manifest's keys decide, so it is not banded nor suppressed
    assert [d["action"] for d in result["decisions"] if d["variable"] == "age"] == ["keep"]
    pd.testing.assert_series_equal(df["age"], original["age"], check_dtype=False)
    # everything else automatic mode does still happens
    assert set(df["review_date"]) - {""} <= set(original["review_date"].dt.strftime("%Y-%m"))
    assert abs(spearman(original["case_ref"], df["case_ref"])) < 0.2
    assert "Westvale" not in meta.file_label


def test_an_exact_age_named_as_a_key_is_banded_unless_a_rule_names_it(casefile, tmp_path):
    result, df, meta, _original = run(casefile, tmp_path, keys=["la", "age"])
    (band,) = [d for d in result["decisions"] if d["variable"] == "age" and d["action"] == "band"]
    assert "named as a key" in band["reason"] and meta.variable_value_labels["age"][1.0] == "0-4"
    assert result["risk_after"]["k_violations"]["3"] == 0
    result, df, _meta, original = run(casefile, tmp_path, keys=["la", "age"], rules={"age": {"action": "keep"}})
    assert [d["action"] for d in result["decisions"] if d["variable"] == "age"][0] == "keep"
    assert set(df["age"].dropna()) <= set(original["age"])            # exact (some suppressed), as the rule says


def test_proposed_keys_measured_only_when_the_file_says_so(casefile, tmp_path):
    result, df, _meta, original = run(casefile, tmp_path, protect_proposed_keys=False)
    assert result["key_source"] == "proposed" and result["k_applied"] is False
    assert not any(d["action"] == "suppress" for d in result["decisions"]) and result["suppressions"] == {}
    # risk is measured and shown all the same: the unique child still stands out, and the figures say so
    assert result["risk_after"]["k_violations"]["3"] > 0 and result["risk_after"]["max_risk"] == 1.0
    assert df["sex"].notna().all()


def test_a_manifest_entry_sets_dates_and_protection(casefile, tmp_path):
    source, _ = casefile
    manifest = {"files": [{"path": "casefile.sav", "role": "data"}]}
    prepared = prepare(source, {"dates": "year", "protect_proposed_keys": False}, manifest)
    assert next(p.rule for p in prepared.planned if p.variable == "review_date") == {"action": "date", "to": "year"}
    assert prepared.keys.protect is False and prepared.keys.source == "proposed"
    with pytest.raises(UserError, match="protect_proposed_keys must be true or false"):
        prepare(source, {"protect_proposed_keys": "sometimes"}, manifest)


def test_the_collection_stage_sends_labels_to_the_shared_registry(casefile, tmp_path):
    """A name in a transcript and the same name in a data file's note or label get one placeholder:
    the labels are text units of the same text-engine run (the public entry points only)."""
    from anonymise.text.pipeline import TextAnonymiser
    from anonymise.text.registry import Registry
    from anonymise.text.settings import TextSettings
    from anonymise.text.units import TextUnit

    source, _ = casefile
    table = read_table(source)
    table.meta.notes = [NOTE]        # as a reader that keeps SPSS documents will hand them over
    settings = FileSettings()
    prepared = PreparedData("data/casefile.sav", table, settings, plan(table, settings, "2013-09-01"), "2013-09-01")
    prepared.secret = b"collection secret"
    units = [TextUnit("transcripts/sw01.txt::text", "transcripts/sw01.txt", "I spoke to Tracey Walsh about the review.")]
    units += prepared.text_units()
    assert "data/casefile.sav::meta::note::0" in {u.uid for u in units}
    text_settings = TextSettings.from_manifest({})
    results = {r.uid: r for r in TextAnonymiser(text_settings, Registry.from_settings(text_settings)).run(units)}
    transcript = results["transcripts/sw01.txt::text"].text
    out, result, key_records, _ = prepared.apply([results[u.uid] for u in prepared.text_units()])
    placeholder = transcript.split("to ")[1].split(" about")[0]
    assert placeholder.startswith("[") and placeholder in out.meta.notes[0] and "Tracey" not in out.meta.notes[0]
    assert "Westvale" not in out.meta.notes[0] and "Westvale" not in out.meta.file_label
    assert any(r.get("location") == "document note 1" and r["original"] == "Tracey Walsh" for r in key_records)


def test_labels_the_text_engine_did_not_read_are_emptied_never_published(casefile):
    source, _ = casefile
    table = read_table(source)
    settings = FileSettings(keys=["sex"])
    prepared = PreparedData("casefile.sav", table, settings, plan(table, settings, None), None)
    prepared.secret = b"collection secret"
    out, result, _key, _cw = prepared.apply(None)
    # only what the rules write from the variable's name is left
    assert out.meta.file_label == "" and out.meta.variable_labels == {"review_date": "review_date (year-month)"}
    assert "file label" in result["metadata_text"]["not_read_so_emptied"]


# ---------------------------------------------------------------- the pieces

def test_quasi_identifier_hints_and_rare_categories():
    df = pd.DataFrame({"gender": ["F", "M"] * 20, "v12": [1.0] * 40, "region": [1.0, 2.0] * 20,
                       "placement": [1.0] * 39 + [6.0], "likert": [1.0] * 39 + [5.0], "score": np.arange(40.0),
                       "ageyrs": np.arange(40.0) % 18, "age_band": [1.0, 2.0, 3.0, 4.0] * 10})
    meta = TableMeta(variable_labels={"v12": "Ethnic group"},
                     value_labels={"placement": {1.0: "Foster care", 6.0: "Secure unit"},
                                   "likert": {1.0: "Agree", 5.0: "Disagree"},
                                   "age_band": {1.0: "Under 5", 2.0: "5-9", 3.0: "10-15", 4.0: "16+"}},
                     measure={"placement": "nominal", "likert": "ordinal", "score": "scale"})
    table = Table(df, meta)
    proposed = identify.propose_keys(table, list(df.columns), set(), set(), shipped().quasi_identifiers, 1, 30)
    kinds = {p["variable"]: p["kind"] for p in proposed}
    assert kinds == {"gender": "sex", "v12": "ethnicity", "region": "area", "placement": "rare",
                     "ageyrs": "age", "age_band": "age"}
    assert "by its label" in next(p["why"] for p in proposed if p["variable"] == "v12")
    assert "1 record" in next(p["why"] for p in proposed if p["variable"] == "placement")
    assert identify.is_exact_age(table, "ageyrs") and not identify.is_exact_age(table, "age_band")
    # only the kinds switched on in automatic.yaml are proposed
    assert [p["variable"] for p in identify.propose_keys(table, list(df.columns), set(), set(), ("sex",), 1, 30)] == ["gender"]


def test_authority_names_and_their_distinctive_part_are_replaced_in_text():
    ctx = RuleContext(file="f", secret="s")
    ctx.crosswalk.append({"kind": "authority", "variable": "la", "originals": COUNCILS,
                          "replacements": ["Authority C", "Authority A", "Authority D", "Authority B"]})
    text, found = authority_mentions("Westvale, eastborough council and NORTHSHIRE COUNTY COUNCIL; a westvale walk",
                                     ctx, shipped().authority_generic_words)
    assert text == "Authority D, Authority A and Authority C; a westvale walk"
    assert [f[1] for f in found] == ["Authority D", "Authority A", "Authority C"]


def test_cli_without_keys_says_what_it_proposed_and_bad_settings_exit_2(casefile, tmp_path, capsys):
    source, _ = casefile
    private = str(tmp_path / "private")
    assert main(["anonymise-data", str(source), str(tmp_path / "o.sav"), "--private", private]) == 0
    out = capsys.readouterr().out
    assert "no key variables named: proposed la, sex, age, ethnicity, review_date" in out
    assert "ethnicity: ethnicity: often visible" in out and "risk on la, sex, age" in out and "labels:" in out
    assert main(["anonymise-data", str(source), str(tmp_path / "o.sav"), "--private", private,
                 "--dates", "year", "--no-protect-proposed-keys"]) == 0
    assert "risk measured only" in capsys.readouterr().out
    rules = tmp_path / "rules.yaml"
    rules.write_text("protect_proposed_keys: perhaps\n", encoding="utf-8")
    assert main(["anonymise-data", str(source), str(tmp_path / "o2.sav"), "--private", private, "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert "protect_proposed_keys must be true or false" in err and "Traceback" not in err
    assert not (tmp_path / "o2.sav").exists()


def test_same_input_and_secret_give_the_same_bytes_and_another_secret_other_ids(casefile, tmp_path, monkeypatch):
    source, original = casefile
    outputs = {}
    for run_, secret in (("a", "one"), ("b", "one"), ("c", "two")):
        monkeypatch.setenv("UKDS_DEPOSIT_SECRET", secret)
        anonymise_file(source, tmp_path / run_ / "c.sav", key_dir=tmp_path / run_ / "private")
        outputs[run_] = pyreadstat.read_sav(str(tmp_path / run_ / "c.sav"))[0]["case_ref"]
    assert (tmp_path / "a" / "c.sav").read_bytes() == (tmp_path / "b" / "c.sav").read_bytes()
    assert not outputs["a"].equals(outputs["c"])


def test_new_ids_are_uncorrelated_with_the_old_over_many_secrets():
    """Over 40 secrets the rank correlation of new with old IDs (122 rows sorted by the old)
    centres on 0 with the spread of a random permutation (about 1/sqrt(121) = 0.09)."""
    from anonymise.data.rules import apply_rule

    old = pd.DataFrame({"case_ref": 5_310_000.0 + 7.0 * np.arange(122)})
    rhos = []
    for i in range(40):
        table = Table(old.copy(), TableMeta())
        apply_rule(table, "case_ref", {"action": "newid"}, RuleContext(file="f", secret=f"secret {i}"))
        rhos.append(spearman(old["case_ref"], table.df["case_ref"]))
    assert abs(np.mean(rhos)) < 0.05 and 0.05 < np.std(rhos) < 0.15 and max(map(abs, rhos)) < 0.35
