"""Disclosure risk for microdata that do not fit in memory: the same figures from a Dask DataFrame.

Every measure in measures.py depends on the records only through their key patterns: how many
records share each exact combination of key values (missing included) and their summed weight.
That table is small (one row per combination, however many records), so it is counted on the
partitions, combined by sums, and the rest (missing values as wildcards, sdcMicro's individual
risk, the summary) is `measures.pattern_frequencies` and `measures.summarise` on the driver,
exactly as for data in memory. Distinct l-diversity is counted the same way, on (pattern,
sensitive value) pairs.

Integers (frequencies, violations, uniques) are exact whatever the partitioning. Summed weights
are floating point: Dask adds each partition's sums and then the partitions', pandas adds the
records in order, so Fk may differ in its last binary digit; the risk figures are rounded to
ten decimals (measures._tidy), where no such difference shows on the generated million-record
file the tests compare.

Readers: Parquet (a file or a folder of part files), CSV, and SPSS .sav in row chunks
(pyreadstat, which reads user-missing codes as missing, as haven and the in-memory reader do).
Local suppression is not partitioned: its restoration pass walks records one at a time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from anonymise.risk.measures import (
    census_risk,
    check_variables,
    individual_risk,
    l_summary_of_patterns,
    pattern_frequencies,
    summarise,
)
from manifests.errors import UserError

SAV_CHUNK_ROWS = 500_000
CSV_BLOCK = "64MB"


def read_partitioned(path, columns: list[str]):
    """A Dask DataFrame of `columns` from a Parquet file or folder, a CSV file or a .sav file."""
    import dask.dataframe as dd

    path = Path(path)
    if not path.exists():
        raise UserError(f"no such data file or folder: {path}")
    columns = list(dict.fromkeys(columns))
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".parquet":
        frame = dd.read_parquet(str(path))
    elif suffix in (".csv", ".tab"):
        # Read as text: a key's values only need to compare equal, and a type guessed per
        # block could differ between blocks. Empty cells are missing, as in the data pass.
        from anonymise.tabular import check_header_row

        sep = "\t" if suffix == ".tab" else ","
        check_header_row(path, sep)     # Dask cannot be told index_col=False
        frame = dd.read_csv(str(path), sep=sep, blocksize=CSV_BLOCK,
                            dtype=object, keep_default_na=False, na_values=[""])
    elif suffix in (".sav", ".zsav"):
        frame = _sav_chunks(path, columns)
    else:
        raise UserError(f"the dask engine reads Parquet, CSV and .sav files, not {suffix or 'this file'}",
                        location=str(path), hint="convert it to Parquet, or use --engine serial")
    check_variables(frame, columns)
    return frame[columns]


def _sav_chunks(path: Path, columns: list[str]):
    """One Dask partition per SAV_CHUNK_ROWS rows, each read by pyreadstat when it is computed."""
    import dask
    import dask.dataframe as dd
    import pyreadstat

    _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    check_variables(pd.DataFrame(columns=meta.column_names), columns)

    @dask.delayed
    def chunk(offset: int) -> pd.DataFrame:
        frame, _ = pyreadstat.read_sav(str(path), usecols=columns, row_offset=offset, row_limit=SAV_CHUNK_ROWS)
        return frame

    empty, _ = pyreadstat.read_sav(str(path), usecols=columns, row_limit=1)
    offsets = range(0, max(meta.number_rows, 1), SAV_CHUNK_ROWS)
    return dd.from_delayed([chunk(offset) for offset in offsets], meta=empty.iloc[:0])


def pattern_table(frame, keys: list[str], weight: str | None) -> pd.DataFrame:
    """One row per distinct key pattern (missing values included) with its record count and
    summed weight, computed partition by partition and combined by sums."""
    columns = {"count": (keys[0], "size")}
    if weight:
        columns["wsum"] = (weight, "sum")
    table = frame.groupby(keys, dropna=False, observed=True, sort=False).agg(**columns).compute().reset_index()
    if not weight:
        table["wsum"] = table["count"].astype(float)
    return table


def _codes(table: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """A dense code per distinct value of each key in the pattern table, -1 where missing."""
    out = np.empty((len(table), len(keys)), dtype=np.int64)
    for j, key in enumerate(keys):
        out[:, j], _ = pd.factorize(table[key], use_na_sentinel=True)
    return out


def _weights(frame, weight: str):
    """`frame` with its weight as numbers and their total, or the UserError measures._weights
    gives for data in memory."""
    import dask
    import dask.dataframe as dd

    values = dd.to_numeric(frame[weight], errors="coerce")
    bad, low, total = dask.compute(values.isna().sum(), (values <= 0).sum(), values.sum())
    if bad:
        raise UserError(f"weight variable {weight!r} has {int(bad)} missing or non-numeric value(s)",
                        hint="every record needs a sampling weight; or leave --weight out for unweighted (census) risk")
    if low:
        raise UserError(f"weight variable {weight!r} has {int(low)} value(s) that are zero or negative",
                        hint="sampling weights are positive (the number of population units a record stands for)")
    return frame.assign(**{weight: values.astype(float)}), float(total)


def risk_summary_partitioned(frame, keys, weight: str | None = None, k: int = 3, sensitive=(),
                             census: bool = False) -> dict:
    """`measures.risk_summary` for a Dask DataFrame: the same keys, the same figures."""
    keys, sensitive = list(keys), list(sensitive)
    if int(k) < 2:
        raise UserError(f"k must be at least 2 (got {k})", hint="k-anonymity thresholds of 3 or 5 are usual")
    check_variables(frame, keys, weight, sensitive)
    total = None
    if weight:
        frame, total = _weights(frame, weight)
    table = pattern_table(frame, keys, weight)
    count = table["count"].to_numpy(dtype=np.int64)
    wsum = table["wsum"].to_numpy(dtype=float)
    fk, Fk = pattern_frequencies(_codes(table, keys), count.astype(float), wsum,
                                 total if total is not None else float(count.sum()))
    risk = census_risk(fk) if census or not weight else individual_risk(fk, Fk)
    missing = frame[keys].isna().sum().compute()
    summary = summarise(keys, weight, k, census, count, fk, risk, {key: int(missing[key]) for key in keys})
    if sensitive:
        summary["l_diversity"] = {name: _l_diversity(frame, keys, name, table) for name in sensitive}
    return summary


def _l_diversity(frame, keys: list[str], name: str, table: pd.DataFrame) -> dict:
    """Distinct l-diversity of `name` per exact key pattern, from its distinct (pattern, value) pairs."""
    pairs = frame[keys + [name]].dropna(subset=[name]).drop_duplicates().compute()
    distinct = pairs.groupby(keys, dropna=False, observed=True).size().rename("l").reset_index()
    # pandas matches missing key values with missing ones in a merge, as the patterns do
    joined = table[keys + ["count"]].merge(distinct, on=keys, how="left")
    return l_summary_of_patterns(joined["l"].fillna(0).to_numpy(dtype=np.int64), joined["count"].to_numpy())
