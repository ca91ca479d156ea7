"""Information loss from risk reduction: what a secondary analyst no longer has.

Compares the key variables before and after recoding and suppression: cells newly blanked,
values changed, categories merged, per variable and in total."""

from __future__ import annotations

import pandas as pd
from pandas.api.types import is_numeric_dtype


def information_loss(before: pd.DataFrame, after: pd.DataFrame, keys) -> dict:
    """{cells_suppressed, cells_recoded, records_affected, categories_merged, variables: {key: {...}}}.

    A cell is suppressed when it was present before and is missing after; recoded when it is
    present in both but shown differently (compared as text, so 18 -> "18-24" counts)."""
    variables = {}
    touched = pd.Series(False, index=before.index)
    for key in keys:
        old, new = before[key], after[key]
        suppressed = old.notna() & new.isna()
        recoded = old.notna() & new.notna() & _differs(old, new)
        touched |= suppressed | recoded
        categories_before = int(old.nunique(dropna=True))
        categories_after = int(new.nunique(dropna=True))
        variables[key] = {
            "missing_before": int(old.isna().sum()),
            "missing_after": int(new.isna().sum()),
            "cells_suppressed": int(suppressed.sum()),
            "cells_recoded": int(recoded.sum()),
            "categories_before": categories_before,
            "categories_after": categories_after,
        }
    return {
        "cells_suppressed": sum(v["cells_suppressed"] for v in variables.values()),
        "cells_recoded": sum(v["cells_recoded"] for v in variables.values()),
        "records_affected": int(touched.sum()),
        "categories_merged": sum(max(v["categories_before"] - v["categories_after"], 0) for v in variables.values()),
        "variables": variables,
    }


def _differs(old: pd.Series, new: pd.Series) -> pd.Series:
    # Numbers compare as numbers (suppression turns 2 into 2.0 without changing it);
    # anything else as text, so a value replaced by its band label counts as changed.
    if is_numeric_dtype(old) and is_numeric_dtype(new):
        return old.astype(float) != new.astype(float)
    return old.astype("string") != new.astype("string")
