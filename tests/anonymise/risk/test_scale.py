"""Risk on partitioned data (scale.py): a Dask DataFrame gives the in-memory figures, to the
last digit, and both give sdcMicro's published ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from anonymise.risk.measures import risk_summary
from manifests.executor import INSTALL_DASK, dask_available

pytestmark = pytest.mark.skipif(not dask_available(), reason=f"dask is not installed: {INSTALL_DASK}")

TESTDATA_KEYS = ["urbrur", "roof", "walls", "water", "electcon", "relat", "sex"]
GUIDE_KEYS = ["residence", "gender", "education", "labour"]


def partitioned(frame: pd.DataFrame, parts: int = 4):
    import dask.dataframe as dd

    return dd.from_pandas(frame, npartitions=parts, sort=False)


def summary(frame, keys, **options):
    from anonymise.risk.scale import risk_summary_partitioned

    return risk_summary_partitioned(partitioned(frame), keys, **options)


def test_sdcmicro_testdata_figures_on_partitions(testdata):
    unweighted = summary(testdata, TESTDATA_KEYS)
    assert unweighted["k_violations"]["2"] == 157 and unweighted["k_violations"]["3"] == 281
    assert unweighted["sample_uniques"] == 157
    weighted = summary(testdata, TESTDATA_KEYS, weight="sampling_weight")
    assert round(weighted["expected_reidentifications"], 2) == 10.78
    assert weighted == risk_summary(testdata, TESTDATA_KEYS, weight="sampling_weight")


def test_practice_guide_figures_and_l_diversity_on_partitions(guide_table):
    got = summary(guide_table, GUIDE_KEYS, weight="weight", k=2, sensitive=["health"])
    assert round(got["global_risk"], 5) == 0.01582
    assert got["k_violations"]["2"] == 4 and got["equivalence_classes"] == 7
    assert got["l_diversity"]["health"] == {"min_l": 1, "records_below_2": 6, "classes_below_2": 5}
    assert got == risk_summary(guide_table, GUIDE_KEYS, weight="weight", k=2, sensitive=["health"])


def test_missing_values_as_wildcards_on_partitions():
    """sdcMicro's 'with missing' test values; missing values spread over different partitions."""
    data = pd.DataFrame({"A": [2, 3, 2, 2, 3, 3, 1, np.nan], "B": [3, 3, 3, 3, 3, 3, 4, 3],
                         "C": [1, 3, np.nan, 2, 1, 1, np.nan, 1],
                         "w": [18.0, 45.5, 39.0, 17.0, 92.0, 8.0, 123.5, 51]})
    for weight in (None, "w"):
        assert summary(data, ["A", "B", "C"], weight=weight) == risk_summary(data, ["A", "B", "C"], weight=weight)


def test_a_million_generated_records_give_the_in_memory_figures_to_the_last_digit():
    from tests.bench.bench_risk import KEYS, generate

    data = generate(1_000_000)
    keys = [name for name, _, _ in KEYS]
    data["sensitive"] = (data["ageband"].fillna(0) * 7 + data["region"].fillna(0)) % 5
    in_memory = risk_summary(data, keys, weight="weight", k=3, sensitive=["sensitive"])
    assert summary(data, keys, weight="weight", k=3, sensitive=["sensitive"]) == in_memory
    assert in_memory["k_violations"]["3"] > 0 and in_memory["expected_reidentifications"] > 0


def test_read_partitioned_reads_csv_parquet_and_sav_alike(tmp_path, guide_table):
    import pyreadstat

    from anonymise.risk.scale import read_partitioned, risk_summary_partitioned

    expected = risk_summary(guide_table, GUIDE_KEYS, weight="weight")
    guide_table.to_csv(tmp_path / "g.csv", index=False)
    guide_table.to_parquet(tmp_path / "g.parquet")
    pyreadstat.write_sav(guide_table, str(tmp_path / "g.sav"))
    for name in ("g.csv", "g.parquet", "g.sav"):
        frame = read_partitioned(tmp_path / name, GUIDE_KEYS + ["weight"])
        assert risk_summary_partitioned(frame, GUIDE_KEYS, weight="weight") == expected, name


@pytest.mark.parametrize("text", [
    "id,sex\n1,2,3,4\n2,1\n",                                  # a first row longer than the header
    "id,sex\n1,2,\n3,4,\n",                                     # every row ends in a delimiter the header lacks
    "id,sex\n" + "1,2\n" * 2000 + "3,4,5\n",                    # a longer row past the rows checked up front
])
def test_the_dask_reader_refuses_a_ragged_csv_as_the_serial_one_does(tmp_path, capsys, text):
    """Dask cannot be told index_col=False: the first two files were measured with their
    values shifted (exit 0), the third ended in a ParserError traceback (exit 3)."""
    from deposit.cli import main

    path = tmp_path / "ragged.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["risk", str(path), "--keys", "sex", "--engine", "dask", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "cannot parse the file as delimited text" in err and len(err.strip().splitlines()) == 1
