"""Fixtures for the risk tests: sdcMicro's reference data sets, copied into tests/fixtures/sdc-data/
(source and licence in tests/fixtures/README.md) and read with pyreadr."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadr
import pytest

SDC_DATA = Path(__file__).resolve().parents[2] / "fixtures" / "sdc-data"


def read_sdc(name: str) -> pd.DataFrame:
    (frame,) = pyreadr.read_r(str(SDC_DATA / name)).values()
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

