"""Risk measures against published figures: sdcMicro's `testdata`, `francdat` and its own test
values, and the SDC Practice Guide's worked examples (chapter 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from anonymise.risk.measures import (
    assess,
    frequencies,
    individual_risk,
    l_diversity,
    record_risks,
    risk_summary,
)
from manifests.errors import UserError

TESTDATA_KEYS = ["urbrur", "roof", "walls", "water", "electcon", "relat", "sex"]
GUIDE_KEYS = ["residence", "gender", "education", "labour"]


# --- sdcMicro testdata (published: 157 / 281 violators, 10.78 expected re-identifications) ---

def test_testdata_k_anonymity_matches_sdcmicro(testdata):
    summary = risk_summary(testdata, TESTDATA_KEYS)
    assert summary["records"] == 4580
    assert summary["k_violations"]["2"] == 157
    assert summary["k_violations"]["3"] == 281
    assert summary["sample_uniques"] == 157


def test_testdata_expected_reidentifications_with_weights(testdata):
    summary = risk_summary(testdata, TESTDATA_KEYS, weight="sampling_weight")
    assert round(summary["expected_reidentifications"], 2) == 10.78
    assert summary["mean_risk"] == pytest.approx(summary["expected_reidentifications"] / 4580)
    assert 0 < summary["max_risk"] <= 1
    assert summary["census"] is False


def test_testdata_without_weights_is_census_risk(testdata):
    risks = record_risks(testdata, TESTDATA_KEYS)
    assert np.allclose(risks["risk"], 1 / risks["fk"])
    assert risk_summary(testdata, TESTDATA_KEYS)["census"] is True


def test_census_mode_ignores_weights(testdata):
    weighted = risk_summary(testdata, TESTDATA_KEYS, weight="sampling_weight", census=True)
    unweighted = risk_summary(testdata, TESTDATA_KEYS)
    assert weighted["expected_reidentifications"] == pytest.approx(unweighted["expected_reidentifications"])
    # In census mode every sample unique is certain to be re-identified.
    assert weighted["max_risk"] == 1.0


# --- francdat (Capobianchi, Polettini and Lucarelli's example shipped with sdcMicro) ---

def test_francdat_fk(francdat):
    fk = record_risks(francdat, ["Key1", "Key2", "Key3", "Key4"], weight="w")["fk"]
    assert fk.tolist() == [2, 2, 2, 1, 1, 1, 1, 2]


# --- SDC Practice Guide, Tables 4.1-4.3 and Examples 4.1-4.12 ---

def test_guide_table_4_1_frequencies_and_risk(guide_table):
    risks = record_risks(guide_table, GUIDE_KEYS, weight="weight")
    assert risks["fk"].tolist() == [2, 2, 1, 2, 1, 2, 1, 1, 2, 2]
    assert risks["Fk"].tolist() == [360, 360, 215, 152, 186, 152, 180, 215, 262, 262]
    published = [0.005424520, 0.005424520, 0.025096439, 0.012563425, 0.028247279,
                 0.012563425, 0.029010932, 0.025096439, 0.007403834, 0.007403834]
    assert risks["risk"].to_numpy() == pytest.approx(published, abs=5e-10)


def test_guide_global_risk(guide_table):
    summary = risk_summary(guide_table, GUIDE_KEYS, weight="weight", k=2)
    assert round(summary["global_risk"], 5) == 0.01582
    assert round(summary["expected_reidentifications"], 4) == 0.1582
    # Example 4.4: four records violate 2-anonymity and all ten violate 3-anonymity.
    assert summary["k_violations"]["2"] == 4
    assert summary["k_violations"]["3"] == 10
    assert summary["sample_uniques"] == 4
    assert summary["equivalence_classes"] == 7


def test_guide_table_4_2_missing_value_is_a_wildcard():
    data = pd.DataFrame({
        "gender": ["Male", "Male", "Male"],
        "education": ["Secondary complete", "Secondary incomplete", None],
        "labour": ["Employed", "Employed", "Employed"],
    })
    assert frequencies(data, ["gender", "education", "labour"]).fk.tolist() == [2, 2, 3]


def test_guide_table_4_3_l_diversity(guide_table):
    ldiv = l_diversity(guide_table, GUIDE_KEYS, ["health"])
    assert ldiv["health"].tolist() == [1, 1, 1, 2, 1, 2, 1, 1, 2, 2]
    summary = risk_summary(guide_table, GUIDE_KEYS, sensitive=["health"])
    assert summary["l_diversity"]["health"] == {"min_l": 1, "records_below_2": 6, "classes_below_2": 5}


# --- Missing values, checked against the expected values in sdcMicro's own test suite ---

@pytest.fixture()
def with_missing():
    """sdcMicro tests/testthat/test_indivRisk.R, 'with missing', rebuilt from its values."""
    return pd.DataFrame({
        "A": [2, 3, 2, 2, 3, 3, 1, np.nan],
        "B": [3, 3, 3, 3, 3, 3, 4, 3],
        "C": [1, 3, np.nan, 2, 1, 1, np.nan, 1],
        "w": [18.0, 45.5, 39.0, 17.0, 92.0, 8.0, 123.5, 51],
    })


def test_missing_values_weighted_risk_matches_sdcmicro(with_missing):
    risks = record_risks(with_missing, ["A", "B", "C"], weight="w")
    assert risks["fk"].tolist() == [3, 1, 4, 2, 3, 3, 1, 5]
    expected = [0.013698630, 0.085791288, 0.010554090, 0.032466112,
                0.009836066, 0.009836066, 0.039316254, 0.005973716]
    assert risks["risk"].to_numpy() == pytest.approx(expected, abs=5e-9)


def test_missing_values_unweighted_risk_matches_sdcmicro(with_missing):
    risks = record_risks(with_missing, ["A", "B", "C"])
    assert risks["risk"].round(5).tolist() == [0.33333, 1.0, 0.25, 0.5, 0.33333, 0.33333, 1.0, 0.2]


def test_suppressed_category_matches_sdcmicro_kanon_result():
    """sdcMicro test_freqCalc.R: after kAnon suppresses the lone 'widow', fk is 3,3,3,3,5."""
    data = pd.DataFrame({"region": ["A"] * 5, "status": ["single", "married", "married", "single", None],
                         "agegroup": ["5"] * 5})
    assert frequencies(data, ["region", "status", "agegroup"]).fk.tolist() == [3, 3, 3, 3, 5]


def test_all_missing_key_counts_every_record_but_adds_to_none_complete():
    data = pd.DataFrame({"a": [1, 1, 2, np.nan, np.nan], "b": ["x", "y", "x", "x", None]})
    fk = frequencies(data, ["a", "b"]).fk.tolist()
    # The all-missing record has fk = n; it is not added to complete keys, but it is added
    # to the partly missing record (NA, x), which also matches (1, x) and (2, x).
    assert fk == [2, 1, 2, 4, 5]


def test_single_key_with_missing_adds_missing_records_everywhere():
    data = pd.DataFrame({"a": ["x", "x", "y", None]})
    assert frequencies(data, ["a"]).fk.tolist() == [3, 3, 2, 4]


def brute_force_fk(data: pd.DataFrame) -> list[int]:
    """fk by the definition, one record at a time (sdcMicro's rules, see measures.py)."""
    codes = data.to_numpy(dtype=float)
    present = ~np.isnan(codes)
    complete = present.all(axis=1)
    all_missing = ~present.any(axis=1)
    expected = []
    for i in range(len(codes)):
        if all_missing[i]:
            expected.append(len(codes))
            continue
        both = present[i] & present
        agree = ((codes[i] == codes) | ~both).all(axis=1)
        if complete[i]:
            agree &= ~all_missing
        expected.append(int(agree.sum()))
    return expected


def test_missing_values_in_many_key_patterns_match_pairwise_definition():
    """Brute-force check of the vectorised wildcard matching on random data with many NA patterns."""
    rng = np.random.default_rng(7)
    data = pd.DataFrame(rng.integers(0, 3, size=(300, 4)).astype(float), columns=list("abcd"))
    data = data.mask(rng.random(data.shape) < 0.2)
    assert frequencies(data, list("abcd")).fk.tolist() == brute_force_fk(data)


def test_missing_values_in_a_fine_key_match_pairwise_definition():
    """A missing value in a key of many categories is matched by scanning, not by trying every
    category; both ways must agree with the definition."""
    rng = np.random.default_rng(5)
    data = pd.DataFrame({"fine": rng.integers(0, 1000, 500).astype(float), "coarse": rng.integers(0, 3, 500).astype(float)})
    data.loc[rng.random(500) < 0.1, "fine"] = np.nan
    data.loc[rng.random(500) < 0.05, "coarse"] = np.nan
    assert frequencies(data, ["fine", "coarse"]).fk.tolist() == brute_force_fk(data)


def test_many_fine_keys_overflowing_int64_codes():
    """Twelve keys of thousands of values cannot be packed into one int64; the tuple fallback
    must give the same answers, with and without missing values."""
    rng = np.random.default_rng(11)
    data = pd.DataFrame(rng.integers(0, 5000, size=(400, 12)).astype(float), columns=[f"k{i}" for i in range(12)])
    data.iloc[::2, :] = data.iloc[1::2, :].to_numpy()  # pairs of equal records
    keys = list(data.columns)
    assert frequencies(data, keys).fk.tolist() == [2] * 400
    holed = data.mask(rng.random(data.shape) < 0.1)
    assert frequencies(holed, keys).fk.tolist() == brute_force_fk(holed)


def test_l_diversity_groups_missing_keys_like_sdcmicro():
    """sdcMicro tests/testthat/test_ldiversity.R: distinct l is 3, 3, 3, 2, 2, 2, 2."""
    data = pd.DataFrame({
        "sex": ["female", "female", "female", "male", "male", "female", "female"],
        "occupation": [None, None, None, "teacher", "teacher", "nurse", "nurse"],
        "ethnicity": ["other", "other", "other", "other", "other", "majority", "majority"],
        "sensitive": [1, 0, 2, 1, 0, 0, 1],
    })
    ldiv = l_diversity(data, ["sex", "occupation", "ethnicity"], ["sensitive"])
    assert ldiv["sensitive"].tolist() == [3, 3, 3, 2, 2, 2, 2]


# --- Formula and input checks ---

def test_individual_risk_formula_branches():
    fk = np.array([1, 2, 3, 4])
    Fk = np.array([10.0, 20.0, 30.0, 4.0])
    risk = individual_risk(fk, Fk)
    pk = fk / Fk
    assert risk[0] == pytest.approx(pk[0] / (1 - pk[0]) * np.log(1 / pk[0]))
    assert risk[1] == pytest.approx(pk[1] / (1 - pk[1]) - (pk[1] / (1 - pk[1])) ** 2 * np.log(1 / pk[1]))
    assert risk[2] == pytest.approx(pk[2] / (3 - (1 - pk[2])))
    assert risk[3] == pytest.approx(0.25)  # fk == Fk: the whole population is in the sample


def test_summary_adds_the_chosen_k(testdata):
    summary = risk_summary(testdata, TESTDATA_KEYS, k=4)
    assert set(summary["k_violations"]) == {"2", "3", "4", "5"}
    assert summary["k_violations"]["2"] <= summary["k_violations"]["3"] <= summary["k_violations"]["4"]


def test_unknown_key_is_a_user_error_with_a_suggestion(testdata):
    with pytest.raises(UserError) as caught:
        risk_summary(testdata, ["urbrur", "rooof"])
    assert "rooof" in caught.value.message
    assert "'roof'" in caught.value.hint


def test_bad_weights_are_user_errors(guide_table):
    data = guide_table.assign(weight=[180, None, 215, 76, 186, 76, 180, 215, 186, 76])
    with pytest.raises(UserError, match="missing or non-numeric"):
        risk_summary(data, GUIDE_KEYS, weight="weight")
    with pytest.raises(UserError, match="zero or negative"):
        risk_summary(guide_table.assign(weight=0), GUIDE_KEYS, weight="weight")


def test_key_cannot_be_sensitive_too(guide_table):
    with pytest.raises(UserError, match="two roles"):
        risk_summary(guide_table, GUIDE_KEYS, sensitive=["gender"])


def test_string_and_numeric_keys_mix(guide_table):
    data = guide_table.assign(age=[30, 30, 41, 52, 52, 52, 30, 41, 30, 30])
    fk = frequencies(data, ["gender", "age"]).fk.tolist()
    assert fk == [5, 5, 1, 2, 1, 2, 5, 1, 5, 5]


def test_assess_gives_summary_and_records_in_one_pass(testdata):
    summary, records = assess(testdata, TESTDATA_KEYS, weight="sampling_weight")
    assert summary == risk_summary(testdata, TESTDATA_KEYS, weight="sampling_weight")
    pd.testing.assert_frame_equal(records, record_risks(testdata, TESTDATA_KEYS, weight="sampling_weight"))
    assert records["risk"].sum() == pytest.approx(summary["expected_reidentifications"])
