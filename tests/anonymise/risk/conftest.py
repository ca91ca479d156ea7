"""Shared fixtures: sdcMicro's reference data sets, read from ../shared/sdc-data/ with pyreadr."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
SDC_DATA = REPO_ROOT.parent / "shared" / "sdc-data"


def read_sdc(name: str) -> pd.DataFrame:
    pyreadr = pytest.importorskip("pyreadr")
    path = SDC_DATA / name
    if not path.is_file():
        pytest.skip(f"reference data {name} not found next to the repository (../shared/sdc-data/)")
    (frame,) = pyreadr.read_r(str(path)).values()
    return frame


@pytest.fixture(scope="session")
def testdata() -> pd.DataFrame:
    return read_sdc("testdata.RData")


@pytest.fixture(scope="session")
def francdat() -> pd.DataFrame:
    return read_sdc("francdat.rda")


@pytest.fixture()
def guide_table() -> pd.DataFrame:
    """The SDC Practice Guide's 10-record example (Tables 4.1 and 4.3), from its published values."""
    return pd.DataFrame({
        "residence": ["Urban"] * 4 + ["Rural"] + ["Urban"] * 5,
        "gender": ["Female", "Female", "Female", "Male", "Female", "Male", "Female", "Male", "Female", "Female"],
        "education": ["Secondary incomplete", "Secondary incomplete", "Primary incomplete", "Secondary complete",
                      "Secondary complete", "Secondary complete", "Primary complete", "Post-secondary",
                      "Secondary incomplete", "Secondary incomplete"],
        "labour": ["Employed", "Employed", "Non-LF", "Employed", "Unemployed", "Employed", "Non-LF", "Unemployed",
                   "Non-LF", "Non-LF"],
        "health": ["yes", "yes", "yes", "yes", "yes", "no", "no", "yes", "no", "yes"],
        "weight": [180, 180, 215, 76, 186, 76, 180, 215, 186, 76],
    })

