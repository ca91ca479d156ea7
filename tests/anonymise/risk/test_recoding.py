"""Global recoding, information loss, and the recode-then-suppress pipeline with before/after risk."""

from __future__ import annotations

import pandas as pd
import pytest

from anonymise.risk.infoloss import information_loss
from anonymise.risk.recoding import band, global_recode, merge_categories, merge_rare
from anonymise.risk.reduction import reduce_risk
from manifests.errors import UserError

TESTDATA_KEYS = ["urbrur", "roof", "walls", "water", "electcon", "relat", "sex"]


def test_merge_categories_reports_groups():
    authority = pd.Series(["A", "B", "C", "D", None, "A"], name="authority")
    recoded, report = merge_categories(authority, {"A": "North", "B": "North", "C": "South"})
    assert recoded.tolist()[:4] == ["North", "North", "South", "D"]
    assert pd.isna(recoded.iloc[4])
    assert report["categories_before"] == 4 and report["categories_after"] == 3
    assert report["categories_merged"] == 1
    assert {"into": "North", "from": ["A", "B"]} in report["groups"]


def test_merge_keeps_numeric_codes_numeric(testdata):
    recoded, report = merge_categories(testdata["water"], {5: 9, 6: 9, 7: 9})
    assert recoded.dtype == testdata["water"].dtype
    assert report["groups"] == [{"into": 9, "from": [5, 6, 7, 9]}]


def test_band_labels_open_ends_and_missing():
    age = pd.Series([17, 18, 24, 25, 40, 70, None], name="age")
    recoded, report = band(age, [18, 25, 65])
    assert recoded.tolist()[:6] == ["<18", "18-24", "18-24", "25-64", "25-64", "65+"]
    assert pd.isna(recoded.iloc[6])
    assert report["categories_after"] == 4


def test_band_refuses_text_and_bad_labels():
    with pytest.raises(UserError, match="not numbers"):
        band(pd.Series(["young", "old"], name="age"), [18])
    with pytest.raises(UserError, match="labels"):
        band(pd.Series([1, 2], name="x"), [1, 2], labels=["a", "b"])


def test_merge_rare():
    values = pd.Series(["a", "a", "b", "c", "d"], name="v")
    recoded, report = merge_rare(values, 2)
    assert recoded.tolist() == ["a", "a", "Other", "Other", "Other"]
    assert report["categories_merged"] == 2
    single, report = merge_rare(pd.Series(["a", "a", "b"], name="v"), 2)
    assert single.tolist() == ["a", "a", "b"] and report["categories_merged"] == 0


def test_global_recode_rejects_unknown_spec(testdata):
    with pytest.raises(UserError, match="no such variable"):
        global_recode(testdata, {"nope": {"map": {1: 2}}})
    with pytest.raises(UserError, match="needs"):
        global_recode(testdata, {"water": {"into": 3}})


def test_information_loss_counts_blanks_and_recodes():
    before = pd.DataFrame({"a": [1, 2, 3, 4], "b": ["x", "y", "z", None]})
    after = pd.DataFrame({"a": [1.0, None, 3.0, 4.0], "b": ["x", "y", "yz", None]})
    loss = information_loss(before, after, ["a", "b"])
    assert loss["cells_suppressed"] == 1
    assert loss["cells_recoded"] == 1  # 1 -> 1.0 is not a change; z -> yz is
    assert loss["records_affected"] == 2
    assert loss["variables"]["b"]["missing_before"] == 1


def test_reduce_risk_recodes_then_suppresses(testdata):
    protected, report = reduce_risk(testdata, TESTDATA_KEYS, k=3, weight="sampling_weight",
                                    recodes={"water": {"map": {5: 9, 6: 9, 7: 9}}})
    assert report["risk_before"]["k_violations"]["3"] == 281
    assert report["risk_after"]["k_violations"]["3"] == 0
    assert report["risk_after"]["expected_reidentifications"] < report["risk_before"]["expected_reidentifications"]
    assert report["recoding"][0]["categories_merged"] == 3
    assert report["info_loss"]["cells_suppressed"] == report["suppression"]["cells_suppressed"]
    assert report["info_loss"]["categories_merged"] >= 3
    # Recoding first leaves fewer cells to blank than suppression alone.
    _, alone = reduce_risk(testdata, TESTDATA_KEYS, k=3)
    assert report["suppression"]["cells_suppressed"] < alone["suppression"]["cells_suppressed"]
