"""Local suppression: blank a few key values so that every record reaches k-anonymity.

A suppressed value becomes missing, and missing values count as wildcards in the
frequencies (see measures.py), so a suppressed record joins every class it could belong to.

The method is a greedy heuristic in rounds, each round vectorised over all records:

1. Measure fk. Records with fk < k violate k-anonymity.
2. For each violating record pick the key to blank: the least important key it still has
   (the importance order lists the most important key first; keys later in the list are
   suppressed first).
3. Violating records that would blank the same key and then look alike form a group.
   Blanking one record adds it to the frequency of every other record in its group, so
   within a group the rarest classes are blanked first and only as long as the next class
   has not yet reached k with their help. This is what sequential, record-by-record greedy
   suppression would do, computed for all groups at once, and it avoids blanking two
   records where one would do.
4. Repeat until no record violates k (or only records whose keys are all missing remain).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from anonymise.risk.measures import row_ids, check_variables, frequencies_of_codes, key_codes
from deposit.errors import UserError


def suppression_order(df: pd.DataFrame, keys, importance=None) -> list[str]:
    """The keys in the order they are suppressed: least important first.

    `importance` lists keys from most to least important; keys it leaves out are less
    important than any it names. Without it, keys with more distinct values are suppressed
    first (they split records most finely), as sdcMicro does by default."""
    keys = list(keys)
    if importance:
        unknown = [name for name in importance if name not in keys]
        if unknown:
            raise UserError(f"importance names variable(s) that are not keys: {', '.join(unknown)}",
                            hint="list only key variables, most important (least to suppress) first")
        ranked = list(dict.fromkeys(importance)) + [name for name in keys if name not in importance]
        return ranked[::-1]
    distinct = {name: df[name].nunique(dropna=True) for name in keys}
    # Stable: among equally fine keys, the later one in `keys` goes first.
    return sorted(keys[::-1], key=lambda name: -distinct[name])


def local_suppression(df: pd.DataFrame, keys, k: int = 3, importance=None, max_rounds: int | None = None):
    """Return (a copy of df with suppressed key values set to missing, info).

    info: {k, order, suppressions {key: n}, cells_suppressed, records_affected, rounds,
    k_reached, violations_left}."""
    keys = list(keys)
    check_variables(df, keys)
    if int(k) < 2:
        raise UserError(f"k must be at least 2 (got {k})")
    order = suppression_order(df, keys, importance)
    rank = np.array([order.index(name) for name in keys])  # 0 = suppressed first
    codes = key_codes(df, keys)
    original_missing = codes < 0
    ones = np.ones(len(df))
    rounds = 0
    limit = max_rounds if max_rounds is not None else len(keys) * 50 + 10
    violations_left = 0
    while rounds < limit:
        freq = frequencies_of_codes(codes, ones)
        violating = np.flatnonzero(freq.fk < k)
        fixable = violating[(codes[violating] >= 0).any(axis=1)]
        violations_left = len(violating)
        if not fixable.size:
            break
        rounds += 1
        column = _least_important_present(codes[fixable], rank)
        blank = _blank_these(codes[fixable], column, freq.pattern[fixable], freq.fk[fixable], k)
        codes[fixable[blank], column[blank]] = -1
    newly = (codes < 0) & ~original_missing
    out = df.copy()
    for j, name in enumerate(keys):
        if newly[:, j].any():
            out[name] = out[name].mask(pd.Series(newly[:, j], index=out.index))
    per_key = {name: int(newly[:, j].sum()) for j, name in enumerate(keys)}
    info = {
        "k": int(k),
        "order": order,
        "suppressions": per_key,
        "cells_suppressed": int(newly.sum()),
        "records_affected": int(newly.any(axis=1).sum()),
        "rounds": rounds,
        "violations_left": int(violations_left),
        "k_reached": violations_left == 0,
    }
    return out, info


def _least_important_present(codes: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Per row, the column of the lowest-rank key that is not missing."""
    ranked = np.where(codes >= 0, rank[None, :], len(rank))
    return ranked.argmin(axis=1)


def _blank_these(codes, column, pattern, fk, k) -> np.ndarray:
    """Row positions (into `codes`) to blank this round (see step 3 of the module doc)."""
    reduced = codes.copy()
    reduced[np.arange(len(codes)), column] = -1  # as it will be once blanked
    # The blanked key is part of the group: two records that differ only there are apart
    # now and alike after blanking, so blanking one adds exactly one to the other's fk.
    group, _ = row_ids(np.column_stack([reduced, column]))
    classes, first, size = np.unique(pattern, return_index=True, return_counts=True)
    cls_group, cls_fk = group[first], fk[first]
    by = np.lexsort((classes, cls_fk, cls_group))
    cls_group, cls_fk, size, classes = cls_group[by], cls_fk[by], size[by], classes[by]
    running = np.cumsum(size)
    starts = np.r_[True, cls_group[1:] != cls_group[:-1]]
    group_base = np.maximum.accumulate(np.where(starts, running - size, 0))
    before = running - size - group_base  # records already blanked earlier in the same group
    blank = cls_fk + before < k
    return np.flatnonzero(np.isin(pattern, classes[blank]))
