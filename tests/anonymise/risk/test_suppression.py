"""Local suppression reaches k with few blanked cells, in importance order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from anonymise.risk.measures import frequencies, frequencies_of_codes, risk_summary
from anonymise.risk.suppression import local_suppression, suppression_order
from manifests.errors import UserError

TESTDATA_KEYS = ["urbrur", "roof", "walls", "water", "electcon", "relat", "sex"]


def _codes(frame: pd.DataFrame, keys) -> np.ndarray:
    return np.column_stack([pd.factorize(frame[key])[0] for key in keys])  # -1 where missing


def _wildcard_fk(codes: np.ndarray) -> np.ndarray:
    """fk counted by brute force, independently of measures.py: record b counts for record a
    when they agree on every key both have; as in sdcMicro, a record with every key missing
    has fk = n and counts for no record that has every key (unless there is only one key)."""
    n, p = codes.shape
    complete, empty = (codes >= 0).all(axis=1), (codes < 0).all(axis=1)
    fk = np.empty(n)
    for start in range(0, n, 256):
        a = codes[start:start + 256, None, :]
        agree = ((a == codes[None]) | (a < 0) | (codes[None] < 0)).all(axis=2)
        if p > 1:
            agree &= ~(complete[start:start + 256, None] & empty[None, :])
        fk[start:start + 256] = agree.sum(axis=1)
    fk[empty] = n
    return fk


def _blanked(before: pd.DataFrame, after: pd.DataFrame, keys) -> int:
    return int((after[keys].isna() & before[keys].notna()).sum().sum())


@pytest.mark.parametrize("k", [2, 3, 5])
def test_testdata_reaches_k(testdata, k):
    protected, info = local_suppression(testdata, TESTDATA_KEYS, k)
    assert info["k_reached"] and info["violations_left"] == 0
    assert frequencies(protected, TESTDATA_KEYS).fk.min() >= k
    before = risk_summary(testdata, TESTDATA_KEYS)["k_violations"][str(k)]
    # Blanking one key of each violating record would do; the greedy does better than that.
    assert info["records_affected"] < before
    assert info["cells_suppressed"] == sum(info["suppressions"].values())
    assert info["cells_suppressed"] == int((protected[TESTDATA_KEYS].isna() & testdata[TESTDATA_KEYS].notna()).sum().sum())


def test_only_key_values_change(testdata):
    protected, _ = local_suppression(testdata, TESTDATA_KEYS, 3)
    others = [c for c in testdata.columns if c not in TESTDATA_KEYS]
    pd.testing.assert_frame_equal(protected[others], testdata[others])
    # A value is either kept or blanked, never changed into another value.
    for key in TESTDATA_KEYS:
        kept = protected[key].notna()
        assert (protected.loc[kept, key] == testdata.loc[kept, key]).all()


def test_importance_order_is_respected(testdata):
    importance = ["relat", "water", "roof", "walls", "electcon", "sex", "urbrur"]  # urbrur is least important
    protected, info = local_suppression(testdata, TESTDATA_KEYS, 3, importance)
    assert info["order"] == importance[::-1]
    counts = [info["suppressions"][name] for name in info["order"]]
    assert counts[0] == max(counts) and counts[-1] == min(counts)
    # The rounds blank a key only in records whose less important keys are all blank already ...
    rounds, _ = local_suppression(testdata, TESTDATA_KEYS, 3, importance, restore_budget=0)
    blank = rounds[info["order"]].isna().to_numpy()
    for j in range(1, blank.shape[1]):
        assert blank[blank[:, j], :j].all()
    # ... and restoration only puts values back: it never blanks anything the rounds kept.
    final = protected[info["order"]].isna().to_numpy()
    assert not (final & ~blank).any()
    # A record may keep a more important key blank and get a less important value back, but
    # only where the more important value cannot come back: no blank can be put back alone.
    assert any(not row[:j].all() for row in final for j in np.flatnonzero(row))
    _assert_no_blank_can_be_put_back(testdata, protected, info["order"], 3)


def test_sdcmicro_kanon_example_blanks_only_the_widow():
    """sdcMicro test_freqCalc.R: kAnon on this frame blanks the single 'widow' and nothing else."""
    data = pd.DataFrame({"region": ["A"] * 5, "status": ["single", "married", "married", "single", "widow"],
                         "agegroup": ["5"] * 5})
    protected, info = local_suppression(data, ["region", "status", "agegroup"], 2)
    assert protected["status"].isna().tolist() == [False, False, False, False, True]
    assert info["cells_suppressed"] == 1
    assert frequencies(protected, ["region", "status", "agegroup"]).fk.tolist() == [3, 3, 3, 3, 5]


def test_one_blank_can_serve_two_uniques():
    # (a, x, p) and (a, x, q) are both unique; blanking one third key makes both fk = 2.
    data = pd.DataFrame({"g": ["a", "a"], "h": ["x", "x"], "i": ["p", "q"]})
    _, info = local_suppression(data, ["g", "h", "i"], 2, importance=["g", "h", "i"])
    assert info["cells_suppressed"] == 1


def test_default_order_suppresses_finest_key_first():
    data = pd.DataFrame({"coarse": ["a", "b"] * 5, "fine": list("abcdefghij")})
    assert suppression_order(data, ["coarse", "fine"]) == ["fine", "coarse"]


def test_unknown_importance_name_is_a_user_error(testdata):
    with pytest.raises(UserError, match="not keys"):
        local_suppression(testdata, TESTDATA_KEYS, 3, importance=["age"])


def test_impossible_k_stops_and_says_so():
    data = pd.DataFrame({"a": [1, 2], "b": [1, 2]})
    protected, info = local_suppression(data, ["a", "b"], 3)
    assert protected[["a", "b"]].isna().all().all()  # blanked everything it could
    assert info["k_reached"] is False and info["violations_left"] == 2


def test_large_random_file_reaches_k_in_few_rounds():
    rng = np.random.default_rng(3)
    n = 50_000
    data = pd.DataFrame({f"k{i}": rng.integers(0, c, n) for i, c in enumerate([2, 5, 10, 12, 8, 3])})
    keys = list(data.columns)
    protected, info = local_suppression(data, keys, 3)
    assert info["k_reached"]
    assert frequencies(protected, keys).fk.min() >= 3
    assert info["rounds"] <= 2 * len(keys)


# --- restoration: put back what k-anonymity does not need ---

def test_testdata_k3_blanks_no_more_than_a_record_by_record_greedy(testdata):
    # The rounds alone blank 241 cells; a plain record-by-record greedy in the same order, 189.
    protected, info = local_suppression(testdata, TESTDATA_KEYS, 3)
    assert info["cells_suppressed"] <= 190
    assert info["cells_suppressed"] == _blanked(testdata, protected, TESTDATA_KEYS)
    assert info["restoration_complete"] and info["restored"] > 0
    _, rounds = local_suppression(testdata, TESTDATA_KEYS, 3, restore_budget=0)
    assert rounds["cells_suppressed"] == 241 == info["cells_suppressed"] + info["restored"]
    assert _wildcard_fk(_codes(protected, TESTDATA_KEYS)).min() >= 3


def _assert_no_blank_can_be_put_back(before, after, keys, k, count=None):
    count = count or (lambda codes: frequencies_of_codes(codes, np.ones(len(codes))).fk)
    codes = _codes(before, keys)
    now = np.where(after[keys].isna().to_numpy(), -1, codes)
    assert ((now == codes) | (now < 0)).all()  # values are kept or blanked, never changed
    for i, j in np.argwhere((now < 0) & (codes >= 0)):
        trial = now.copy()
        trial[i, j] = codes[i, j]
        assert count(trial).min() < k, f"record {i}'s {keys[j]} could be put back"


@pytest.mark.parametrize("k", [3, 5])
def test_testdata_no_blank_can_be_put_back_alone(testdata, k):
    protected, info = local_suppression(testdata, TESTDATA_KEYS, k)
    assert info["k_reached"]
    assert _wildcard_fk(_codes(protected, TESTDATA_KEYS)).min() >= k
    _assert_no_blank_can_be_put_back(testdata, protected, TESTDATA_KEYS, k)


def _demo_like(seed: int = 7, n: int = 122) -> pd.DataFrame:
    """Shaped like the demo case-file survey: 122 children, four authorities, a few
    ethnicity codes not recorded (missing)."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "la": rng.choice(["Northshire", "Eastborough", "Westvale", "Southam"], n, p=[0.4, 0.3, 0.2, 0.1]),
        "sex": rng.choice([1, 2], n),
        "age_band": rng.choice([1, 2, 3, 4, 5], n, p=[0.1, 0.15, 0.2, 0.3, 0.25]),
        "ethnicity": rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], n, p=[0.6, 0.1, 0.1, 0.1, 0.05, 0.05]),
        "legal_status": rng.choice([1, 2, 3, 4], n, p=[0.5, 0.3, 0.15, 0.05]),
    })
    frame.loc[rng.random(n) < 0.05, "ethnicity"] = np.nan
    return frame


@pytest.mark.parametrize("importance", [["la", "legal_status", "sex", "age_band", "ethnicity"], None])
def test_demo_like_case_file_stays_k_anonymous(importance):
    data = _demo_like()
    keys = ["la", "sex", "age_band", "ethnicity", "legal_status"]
    assert (_wildcard_fk(_codes(data, keys)) < 3).sum() > 10  # the fixture needs suppression
    protected, info = local_suppression(data, keys, 3, importance)
    assert info["k_reached"] and info["restoration_complete"] and info["restored"] > 0
    assert _wildcard_fk(_codes(protected, keys)).min() >= 3
    assert frequencies(protected, keys).fk.min() >= 3
    assert info["cells_suppressed"] == _blanked(data, protected, keys)
    rounds, _ = local_suppression(data, keys, 3, importance, restore_budget=0)
    assert info["cells_suppressed"] <= _blanked(data, rounds, keys)


def test_same_input_same_output(testdata):
    data = _demo_like(seed=11)
    keys = list(data.columns)
    for frame, names in ((testdata, TESTDATA_KEYS), (data, keys)):
        copy = frame.copy()
        first, info1 = local_suppression(frame, names, 3)
        second, info2 = local_suppression(frame, names, 3)
        pd.testing.assert_frame_equal(first, second)
        assert info1 == info2
        pd.testing.assert_frame_equal(frame, copy)  # the input is left alone


def test_random_small_files_reach_k_minimally():
    """Small files with one to four keys and up to 30% missing values, k from 2 to 5 (some
    records end with every key blank, and some get a value back; both count specially):
    the result is k-anonymous by the brute-force count wherever k can be reached, never has
    more violations than the rounds alone left, and no blank can be put back alone."""
    for seed in range(60):
        rng = np.random.default_rng(seed)
        n, p, k = int(rng.integers(5, 60)), int(rng.integers(1, 5)), int(rng.integers(2, 6))
        data = pd.DataFrame({f"v{j}": rng.integers(0, int(rng.integers(2, 6)), n).astype(float) for j in range(p)})
        data = data.mask(rng.random((n, p)) < rng.random() * 0.3)
        keys = list(data.columns)
        protected, info = local_suppression(data, keys, k)
        _, rounds = local_suppression(data, keys, k, restore_budget=0)
        assert info["restoration_complete"]
        left = int((_wildcard_fk(_codes(protected, keys)) < k).sum())
        assert left == info["violations_left"] <= rounds["violations_left"], seed
        assert info["k_reached"] == (n >= k), seed
        if info["k_reached"]:
            _assert_no_blank_can_be_put_back(data, protected, keys, k, count=_wildcard_fk)


def test_restoration_budget_stops_the_pass_safely(testdata):
    _, info = local_suppression(testdata, TESTDATA_KEYS, 3)
    part, some = local_suppression(testdata, TESTDATA_KEYS, 3, restore_budget=50_000)
    assert some["restoration_complete"] is False and 0 < some["restored"] < info["restored"]
    assert some["k_reached"] and _wildcard_fk(_codes(part, TESTDATA_KEYS)).min() >= 3
    _, nothing = local_suppression(testdata, TESTDATA_KEYS, 3, restore_budget=0)
    assert nothing["restored"] == 0 and nothing["cells_suppressed"] == 241


# --- the default importance order (sdcMicro: the keys with most categories are suppressed first) ---

def test_default_order_on_testdata_is_by_number_of_categories(testdata):
    # relat 9 categories, water 8, roof 5, walls and electcon 3, urbrur and sex 2; sdcMicro
    # ranks ties by position, the later key being suppressed first.
    expected = ["relat", "water", "roof", "electcon", "walls", "sex", "urbrur"]
    assert suppression_order(testdata, TESTDATA_KEYS) == expected
    default, info = local_suppression(testdata, TESTDATA_KEYS, 3)
    assert info["order"] == suppression_order(testdata, TESTDATA_KEYS)
    for none in (None, []):
        again, _ = local_suppression(testdata, TESTDATA_KEYS, 3, none)
        pd.testing.assert_frame_equal(again, default)
    explicit, _ = local_suppression(testdata, TESTDATA_KEYS, 3, info["order"][::-1])
    pd.testing.assert_frame_equal(explicit, default)
    # Padding an importance list with the keys in their given order is not the default.
    assert suppression_order(testdata, TESTDATA_KEYS, TESTDATA_KEYS) != info["order"]


def test_keys_left_out_of_importance_follow_the_default_among_themselves(testdata):
    order = suppression_order(testdata, TESTDATA_KEYS, ["sex", "urbrur"])
    assert order == ["relat", "water", "roof", "electcon", "walls", "urbrur", "sex"]
