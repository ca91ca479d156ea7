"""Local suppression reaches k with few blanked cells, in importance order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from anonymise.risk.measures import frequencies, risk_summary
from anonymise.risk.suppression import local_suppression, suppression_order
from deposit.errors import UserError

TESTDATA_KEYS = ["urbrur", "roof", "walls", "water", "electcon", "relat", "sex"]


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
    assert counts == sorted(counts, reverse=True)
    # A key is blanked only in records whose less important keys are all blank already.
    blank = protected[info["order"]].isna().to_numpy()
    for j in range(1, blank.shape[1]):
        assert blank[blank[:, j], :j].all()


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
