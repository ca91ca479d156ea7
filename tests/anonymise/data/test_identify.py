"""Identifier hints from names and labels, and what an ID variable encodes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from anonymise.data.identify import content_finding, id_kind, looks_like_freetext, name_hints, tokens
from anonymise.text.detection import Detection


def test_tokens_split_snake_and_camel_case():
    assert tokens("DateOfBirth") == ["date", "of", "birth", "dateofbirth"]
    assert tokens("child_name") == ["child", "name", "childname"]


def test_name_hints_from_names_and_short_labels():
    assert name_hints("child_name", "Child's name") == ["name"]
    assert name_hints("dob") == ["dob"] and name_hints("v7", "Date of birth") == ["dob"]
    assert name_hints("pcode") == ["postcode"] and name_hints("q3", "Post code of home") == ["postcode"]
    assert name_hints("tel_no") == ["phone"] and name_hints("nhs_no") == ["nhs"] and name_hints("nino") == ["ni"]
    assert name_hints("la_name", "Employing local authority") == ["name", "authority"]
    assert name_hints("case_id") == ["id"]
    # questions mention things they do not hold; analytic names hint nothing
    assert name_hints("q1", "I am able to challenge the local authority when a plan is not followed") == []
    assert name_hints("n_placements", "Number of placements") == [] and name_hints("nationality") == []


def test_id_kinds():
    assert id_kind(pd.Series([f"IRO{i:03d}" for i in range(1, 60)]), 59) == "serial"
    assert id_kind(pd.Series(["AM240200", "BK120399", "CT010101"]), 3) == "date"
    assert id_kind(pd.Series(["AMX", "BKY", "CTZ"]), 3) == "initials"
    assert id_kind(pd.Series(np.arange(1.0, 123.0)), 122) == "serial"
    assert id_kind(pd.Series([20130417.0, 20120101.0, 20111231.0]), 3) == "date"
    assert id_kind(pd.Series([9876543.0, 1234567.0, 5550123.0]), 3) == "external"


def test_freetext_and_content_findings():
    assert looks_like_freetext(["The placement broke down after the review in March."] * 3)
    assert not looks_like_freetext(["owner", "social rent", "private rent"])
    values = ["Jo Bloggs", "Sam Smith", "owner"]
    found = [[Detection(0, 9, "PERSON", "Jo Bloggs", 0.9, "test")],
             [Detection(0, 9, "PERSON", "Sam Smith", 0.9, "test")], []]
    finding = content_finding(values, found)
    assert round(finding.share, 2) == 0.67 and finding.types == {"PERSON": 2} and finding.whole_value == 1.0
