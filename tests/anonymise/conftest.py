"""Real SPSS files for the data-pass tests, written with pyreadstat itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest


def write_survey(path, rows: int = 40, seed: int = 3) -> None:
    """A small case-file survey with the identifiers a real one has, and full SPSS metadata."""
    rng = np.random.default_rng(seed)
    firsts = ["Amelia", "Oliver", "Jade", "Kieran", "Chloe", "Tyler", "Megan", "Callum"]
    lasts = ["Hargreaves", "Okafor", "Whitworth", "Pickering", "Donnelly"]
    initials = [f"{firsts[i % 8][0]}{lasts[i % 5][0]}" for i in range(rows)]
    dob = pd.to_datetime("2000-01-01") + pd.to_timedelta(rng.integers(0, 5000, rows), unit="D")
    df = pd.DataFrame({
        "case_id": [f"{ini}{d:%d%m%y}" for ini, d in zip(initials, dob)],
        "child_name": [f"{firsts[i % 8]} {lasts[i % 5]}" for i in range(rows)],
        "dob": dob,
        "la": rng.choice(["Northshire County Council", "Eastborough Council", "Westvale Council",
                          "Southmere Borough Council"], rows),
        "sex": rng.choice([1.0, 2.0], rows),
        "age_band": rng.choice([1.0, 2.0, 3.0, -9.0], rows),
        "n_placements": rng.integers(1, 15, rows).astype(float),
        "score": np.round(rng.normal(50, 10, rows), 2),
        "email": [f"carer{i}@example.org" for i in range(rows)],
    })
    pyreadstat.write_sav(
        df, str(path), file_label="Synthetic case-file survey",
        column_labels={"case_id": "Case identifier", "child_name": "Child's name", "dob": "Date of birth",
                       "la": "Local authority", "sex": "Sex of child", "age_band": "Age band",
                       "n_placements": "Number of placements", "score": "Wellbeing score", "email": "Carer e-mail"},
        variable_value_labels={"sex": {1: "Male", 2: "Female"},
                               "age_band": {1: "Under 5", 2: "5 to 9", 3: "10 and over", -9: "Not recorded"}},
        missing_ranges={"age_band": [-9], "n_placements": [{"lo": 90, "hi": 99}]},
        variable_measure={"sex": "nominal", "age_band": "ordinal", "n_placements": "scale", "score": "scale"},
        variable_display_width={"score": 10, "sex": 6},
        variable_format={"dob": "DATE11", "score": "F8.2", "sex": "F1.0", "age_band": "F2.0", "n_placements": "F3.0"},
    )


@pytest.fixture
def survey(tmp_path):
    path = tmp_path / "survey.sav"
    write_survey(path)
    return path


@pytest.fixture(autouse=True)
def private_secret_home(tmp_path_factory, monkeypatch):
    """The authority rule's user secret lives in a scratch config folder, never the tester's home."""
    monkeypatch.delenv("UKDS_DEPOSIT_SECRET", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.getbasetemp() / "config"))
