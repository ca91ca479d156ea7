"""Each per-variable rule on a small in-memory table: values, metadata and the decision."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from anonymise.data.rules import RuleContext, apply_rule, authority_letters, authority_numbers, user_secret, user_secret_path
from anonymise.tabular import Table, TableMeta
from manifests.errors import UserError


def make_table() -> Table:
    df = pd.DataFrame({
        "age": [3.0, 7.0, 12.0, 16.0, -9.0, np.nan],
        "kids": [0.0, 1.0, 2.0, 9.0, 12.0, 1.0],
        "tenure": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "dob": pd.to_datetime(["2000-09-02", "2000-09-01", "1999-12-31", None, "2005-01-15", "2013-08-31"]),
        "la": ["Westvale Council", "Eastborough Council", "Westvale Council", None, "Northshire", "Eastborough Council"],
        "la_code": [2.0, 1.0, 2.0, 3.0, -9.0, 1.0],
        "case": ["AB12", "CD34", "AB12", "EF56", None, "GH78"],
        "name": ["Jo Bloggs", "Sam Smith", "A Person", "B Person", "C Person", "D Person"],
    })
    meta = TableMeta(
        variable_labels={"age": "Age in years", "dob": "Date of birth", "la": "Local authority"},
        value_labels={"tenure": {1.0: "Owner", 2.0: "Mortgage", 3.0: "Social rent", 4.0: "Private rent"},
                      "age": {-9.0: "Not known"},
                      "la_code": {1.0: "Westvale", 2.0: "Eastborough", 3.0: "Northshire", -9.0: "Not recorded"}},
        missing_ranges={"age": [{"lo": -9.0, "hi": -9.0}], "la_code": [{"lo": -9.0, "hi": -9.0}]},
        formats={"dob": "DATE11", "age": "F3.0"},
    )
    return Table(df, meta)


@pytest.fixture
def ctx():
    return RuleContext(file="data/t.sav", reference_date="2013-09-01")


def test_drop_removes_values_and_metadata(ctx):
    table = make_table()
    d = apply_rule(table, "name", {"action": "drop", "reason": "Direct identifier"}, ctx)
    assert "name" not in table.df.columns and d == {"variable": "name", "action": "drop",
                                                    "reason": "Direct identifier", "detail": "variable removed"}
    assert ctx.info_loss["variables_dropped"] == 1


def test_recode_merges_categories_and_keeps_labels(ctx):
    table = make_table()
    apply_rule(table, "tenure", {"action": "recode", "map": {"3": 3, "4": 3, "5": 9, "6": 9},
                                 "labels": {3: "Rented", 9: "Other"}}, ctx)
    assert table.df["tenure"].tolist() == [1, 2, 3, 3, 9, 9]
    assert table.meta.value_labels["tenure"] == {1.0: "Owner", 2.0: "Mortgage", 3.0: "Rented", 9.0: "Other"}
    assert ctx.info_loss["categories_merged"] == 2


def test_band_keeps_user_missing_and_labels_bands(ctx):
    table = make_table()
    d = apply_rule(table, "age", {"action": "band", "bands": [[0, 4, "Under 5"], [5, 9], [10, 15, "10 to 15"]]}, ctx)
    out = table.df["age"].tolist()
    assert out[:3] == [1.0, 2.0, 3.0]
    assert np.isnan(out[3])                   # 16 is outside every band
    assert out[4] == -9.0 and np.isnan(out[5])
    assert table.meta.value_labels["age"] == {1.0: "Under 5", 2.0: "5-9", 3.0: "10 to 15", -9.0: "Not known"}
    assert table.meta.measure["age"] == "ordinal"
    assert "1 values outside every band" in d["detail"]


def test_topcode_and_bottomcode(ctx):
    table = make_table()
    d = apply_rule(table, "kids", {"action": "topcode", "top": 4, "bottom": 1, "top_label": "4 or more"}, ctx)
    assert table.df["kids"].tolist() == [1.0, 1.0, 2.0, 4.0, 4.0, 1.0]
    assert table.meta.value_labels["kids"] == {4.0: "4 or more"}
    assert ctx.info_loss["values_topcoded"] == 3 and "above 4" in d["detail"]


def test_topcode_leaves_user_missing_codes_alone(ctx):
    table = make_table()
    apply_rule(table, "age", {"action": "topcode", "bottom": 5}, ctx)
    assert table.df["age"].tolist()[:5] == [5.0, 7.0, 12.0, 16.0, -9.0]


def test_date_to_year_month_year_age_and_duration(ctx):
    table = make_table()
    apply_rule(table, "dob", {"action": "date", "to": "age"}, ctx)
    ages = table.df["dob"].tolist()
    assert ages[0] == 12 and ages[1] == 13 and ages[2] == 13 and np.isnan(ages[3]) and ages[5] == 0
    assert table.meta.formats["dob"] == "F8.0" and "age in years at 2013-09-01" in table.meta.variable_labels["dob"]

    table = make_table()
    apply_rule(table, "dob", {"action": "date", "to": "year"}, ctx)
    assert table.df["dob"].tolist()[:3] == [2000, 2000, 1999] and table.meta.formats["dob"] == "F4.0"

    table = make_table()
    apply_rule(table, "dob", {"action": "date", "to": "month_year"}, ctx)
    assert table.df["dob"].tolist()[:3] == ["2000-09", "2000-09", "1999-12"] and table.df["dob"].iloc[3] is None

    table = make_table()
    apply_rule(table, "dob", {"action": "date", "to": "duration", "unit": "months"}, ctx)
    assert table.df["dob"].iloc[5] == 0 and table.df["dob"].iloc[0] == 155


def test_date_rules_read_text_dates(ctx):
    table = Table(pd.DataFrame({"when": ["01/02/2010", "31/12/2011", "", "not a date"]}), TableMeta())
    d = apply_rule(table, "when", {"action": "date", "to": "year"}, ctx)
    assert table.df["when"].iloc[:2].tolist() == [2010, 2011]
    assert "1 values were not dates" in d["detail"]


def test_age_without_a_reference_date_is_a_user_error():
    with pytest.raises(UserError, match="reference date"):
        apply_rule(make_table(), "dob", {"action": "date", "to": "age"}, RuleContext(file="t.sav"))


def test_newid_is_a_secret_permutation_with_private_crosswalk():
    """New IDs are 1..n, one per old ID, in an order drawn from the secret: the same secret gives
    the same numbers, another secret other numbers, and the crosswalk records the mapping."""
    def renumber(secret, rule=None):
        table, ctx = make_table(), RuleContext(file="data/t.sav", secret=secret)
        apply_rule(table, "case", rule or {"action": "newid"}, ctx)
        return table.df["case"].tolist(), ctx.crosswalk
    values, crosswalk = renumber("secret-1")
    assert values[0] == values[2] and np.isnan(values[4])                 # same old ID, same new one; missing stays
    assert sorted(set(values[:4] + values[5:])) == [1.0, 2.0, 3.0, 4.0]
    (block,) = crosswalk
    mapping = dict(zip(block["originals"], block["replacements"]))
    assert block["replacements"] == [1, 2, 3, 4] and set(mapping) == {"AB12", "CD34", "EF56", "GH78"}
    assert [mapping[v] for v in ["AB12", "CD34", "AB12", "EF56"]] == values[:4] and mapping["GH78"] == values[5]
    assert np.array_equal(renumber("secret-1")[0], values, equal_nan=True)   # deterministic
    orders = {tuple(renumber(f"secret-{i}")[0][j] for j in (0, 1, 3, 5)) for i in range(12)}
    assert len(orders) > 3 and (1.0, 2.0, 3.0, 4.0) != tuple(values[j] for j in (0, 1, 3, 5))
    prefixed, block = renumber("secret-1", {"action": "newid", "prefix": "C"})
    assert prefixed[:4] == [f"C{int(v):04d}" for v in values[:4]] and block[0]["replacements"][0] == "C0001"


def keyed(secret, names) -> list[str]:
    """The order the authority rule gives `names` under `secret`."""
    numbers = authority_numbers(names, RuleContext(file="t", secret=secret))
    return sorted(names, key=lambda n: numbers[" ".join(n.split()).casefold()])


NAMES = ["Eastborough Council", "Northshire", "Westvale Council"]


def secret_not_alphabetical(names=NAMES) -> str:
    """A secret under which the labels are not handed out alphabetically."""
    return next(s for s in (f"secret-{i}" for i in range(100)) if keyed(s, names) != sorted(names, key=str.casefold))


def test_authority_labels_follow_a_secret_order_not_the_names():
    orders = {tuple(keyed(f"secret-{i}", NAMES)) for i in range(40)}
    assert len(orders) == 6                       # every order of three names occurs: the names do not decide it
    secret = secret_not_alphabetical()
    ctx = RuleContext(file="data/t.sav", secret=secret)
    table = make_table()
    decision = apply_rule(table, "la", {"action": "authority"}, ctx)
    letters = {name: f"Authority {'ABC'[i]}" for i, name in enumerate(keyed(secret, NAMES))}
    values = [v if isinstance(v, str) else None for v in table.df["la"].tolist()]
    raw = ["Westvale Council", "Eastborough Council", "Westvale Council", None, "Northshire", "Eastborough Council"]
    assert values == [letters.get(v) for v in raw]
    assert values != ["Authority C", "Authority A", "Authority C", None, "Authority B", "Authority A"]   # alphabetical
    # the private crosswalk records the mapping, in label order
    [block] = ctx.crosswalk
    assert block["kind"] == "authority" and dict(zip(block["originals"], block["replacements"])) == letters
    assert block["replacements"] == ["Authority A", "Authority B", "Authority C"]
    assert "Authority A..Authority C" in decision["detail"] and "secret" in decision["detail"]
    assert secret not in str(decision) and not any(n in str(decision) for n in NAMES)


def test_authority_order_is_the_same_on_every_run_with_the_same_secret(monkeypatch):
    runs = []
    for _ in range(2):
        table = make_table()
        apply_rule(table, "la", {"action": "authority"}, RuleContext(file="t", secret=b"kept private"))
        runs.append(table.df["la"].tolist())
    assert runs[0] == runs[1]
    # $UKDS_DEPOSIT_SECRET is the secret when the caller gives none
    monkeypatch.setenv("UKDS_DEPOSIT_SECRET", "kept private")
    table = make_table()
    apply_rule(table, "la", {"action": "authority"}, RuleContext(file="t"))
    assert table.df["la"].tolist() == runs[0]


def test_without_a_secret_one_is_made_once_for_the_user_and_kept_private(monkeypatch):
    path = user_secret_path()
    assert not path.exists()
    first = make_table()
    apply_rule(first, "la", {"action": "authority"}, RuleContext(file="t"))
    assert path.is_file() and (path.stat().st_mode & 0o777) == 0o600 and len(path.read_bytes().strip()) == 64
    again = make_table()
    apply_rule(again, "la", {"action": "authority"}, RuleContext(file="t"))
    assert again.df["la"].tolist() == first.df["la"].tolist()
    assert user_secret() == path.read_bytes().strip()


def test_one_mapping_for_all_files_of_a_collection():
    """Files sharing ctx.authorities give an authority one label, whatever other names a file holds."""
    shared: dict = {}
    casefile = make_table()
    ctx1 = RuleContext(file="data/casefile.sav", secret="s", authorities=shared)
    apply_rule(casefile, "la", {"action": "authority"}, ctx1)
    survey = Table(pd.DataFrame({"la_name": ["Northshire", "Southmere", " westvale  council", "Southmere"]}), TableMeta())
    ctx2 = RuleContext(file="data/survey.csv", secret="s", authorities=shared)
    apply_rule(survey, "la_name", {"action": "authority"}, ctx2)
    first = dict(zip(ctx1.crosswalk[0]["originals"], ctx1.crosswalk[0]["replacements"]))
    second = dict(zip(ctx2.crosswalk[0]["originals"], ctx2.crosswalk[0]["replacements"]))
    assert second["Northshire"] == first["Northshire"] and second["westvale  council"] == first["Westvale Council"]
    assert second["Southmere"] == "Authority D"                # a new authority gets the next letter
    # two variables of one file share the context, so the same mapping
    table = make_table()
    table.df["la_before"] = table.df["la"].iloc[::-1].to_numpy()
    ctx = RuleContext(file="t", secret="s")
    apply_rule(table, "la", {"action": "authority"}, ctx)
    apply_rule(table, "la_before", {"action": "authority"}, ctx)
    assert table.df["la_before"].tolist() == table.df["la"].iloc[::-1].tolist()


def test_authority_codes_are_renumbered_and_relabelled():
    secret = secret_not_alphabetical(["Westvale", "Eastborough", "Northshire"])
    order = keyed(secret, ["Westvale", "Eastborough", "Northshire"])
    ctx = RuleContext(file="data/t.sav", secret=secret)
    table = make_table()
    apply_rule(table, "la_code", {"action": "authority"}, ctx)
    new = {name: float(order.index(name) + 1) for name in order}
    # old codes 1 Westvale, 2 Eastborough, 3 Northshire; -9 stays user-missing with its label
    expected = [new["Eastborough"], new["Westvale"], new["Eastborough"], new["Northshire"], -9.0, new["Westvale"]]
    assert table.df["la_code"].tolist() == expected
    assert table.meta.value_labels["la_code"] == {1.0: "Authority A", 2.0: "Authority B", 3.0: "Authority C",
                                                  -9.0: "Not recorded"}
    assert ctx.crosswalk[0]["originals"] == order


def test_authority_letters_go_past_z():
    letters = authority_letters(28)
    assert letters[:3] == ["A", "B", "C"] and letters[25:] == ["Z", "AA", "AB"]


def test_bad_rules_are_user_errors(ctx):
    for var, rule in (("age", {"action": "shred"}), ("nope", {"action": "drop"}), ("age", {"action": "band"}),
                      ("name", {"action": "band", "bands": [[0, 1]]}), ("age", {"action": "topcode"}),
                      ("dob", {"action": "date", "to": "week"}), ("tenure", {"action": "recode", "map": {}})):
        with pytest.raises(UserError):
            apply_rule(make_table(), var, rule, ctx)
