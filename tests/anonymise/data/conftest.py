"""A case file as a new data manager brings it: no rules, no keys, and everything that gives
a child away in plain view (a real .sav written by pyreadstat)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest

COUNCILS = ["Northshire County Council", "Eastborough Council", "Westvale Borough Council", "Southmere Council"]
FILE_LABEL = "Case files from Northshire, Eastborough, Westvale and Southmere"
NOTE = "Extracted from the Westvale Borough Council case system by Tracey Walsh"
ETHNICITY = {1: "White British", 2: "White other", 3: "Mixed", 4: "Asian or Asian British",
             5: "Black or Black British", 6: "Other ethnic group", -9: "Not recorded"}
UNIQUE_ROW = 57          # the only child of that age and ethnicity, in one authority
ROWS = 122


def write_casefile(path, rows: int = ROWS, seed: int = 5) -> pd.DataFrame:
    """Rows sorted by the council's case reference, as a case system exports them; returns the data."""
    rng = np.random.default_rng(seed)
    age = rng.integers(0, 16, rows).astype(float)              # 0..15: nobody else is 17
    ethnicity = rng.choice([1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 6.0], rows)
    ethnicity[rng.random(rows) < 0.04] = -9.0
    age[UNIQUE_ROW], ethnicity[UNIQUE_ROW] = 17.0, 5.0         # the only 17-year-old, the only Black child
    df = pd.DataFrame({
        "case_ref": 5_310_000.0 + 7.0 * np.arange(rows),
        "la": rng.choice(COUNCILS, rows),
        "sex": rng.choice([1.0, 2.0], rows),
        "age": age,
        "ethnicity": ethnicity,
        "review_date": pd.to_datetime("2012-04-01") + pd.to_timedelta(rng.integers(0, 540, rows), unit="D"),
        "score": np.round(rng.normal(50, 10, rows), 1),
    })
    pyreadstat.write_sav(
        df, str(path), file_label=FILE_LABEL, note=[NOTE],
        column_labels={"case_ref": "Council case reference", "la": "Local authority", "sex": "Sex of child",
                       "age": "Age of child (years)", "ethnicity": "Ethnicity of child",
                       "review_date": "Date of last review", "score": "Wellbeing score (Westvale pilot scale)"},
        variable_value_labels={"sex": {1: "Male", 2: "Female"}, "ethnicity": ETHNICITY},
        missing_ranges={"ethnicity": [-9]},
        variable_measure={"case_ref": "nominal", "la": "nominal", "sex": "nominal", "age": "scale",
                          "ethnicity": "nominal", "review_date": "scale", "score": "scale"},
        variable_format={"review_date": "DATE11", "case_ref": "F8.0", "age": "F2.0", "score": "F5.1"},
    )
    return df


@pytest.fixture
def casefile(tmp_path):
    path = tmp_path / "collection" / "casefile.sav"
    path.parent.mkdir()
    return path, write_casefile(path)
