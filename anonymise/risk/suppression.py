"""Local suppression: blank a few key values so that every record reaches k-anonymity.

A suppressed value becomes missing, and missing values count as wildcards in the
frequencies (see measures.py), so a suppressed record joins every class it could belong to.

The method is a greedy heuristic: rounds that are quick but blank too much, each vectorised
over all records, then a pass that puts back what k-anonymity does not need.

1. Measure fk. Records with fk < k violate k-anonymity.
2. For each violating record pick the key to blank: the least important key it still has
   (the importance order lists the most important key first; keys later in the list are
   suppressed first).
3. Violating records that would blank the same key and then look alike form a group.
   Blanking one record adds it to the frequency of every other record in its group, so
   within a group the rarest classes are blanked first and only as long as the next class
   has not yet reached k with their help. This avoids blanking two records where one would
   do inside a group, but groups are handled all at once: a blank in one group also raises
   frequencies in others, and a record blanked on a key in one round may still be below k
   and have a second key blanked in the next, after which the first blank was often not
   needed. So the rounds blank more than a record-by-record greedy would (on sdcMicro's
   testdata at k = 3: 241 cells, against 189 for such a greedy).
4. Repeat until no record violates k (or only records whose keys are all missing remain).
5. Restoration: try putting back each blanked value, one at a time. A value is put back
   when its record then has fk >= k and every record whose fk it lowers keeps fk >= k
   (counted with missing values as wildcards, as everywhere here), so once k is reached it
   holds after every value put back. Order: the values of the most important key first
   (the least important key's values are tried last), within a key in record order; once
   a value of a record has to stay blank, that record's less important values wait for
   the next sweep. Sweeps in the same order follow until one puts nothing back: they put
   back the waiting values that turn out not to be needed either, and values refused
   earlier whose neighbours have since become more particular. So a record keeps its more
   important values where it can, and a less important blank survives only where it is
   needed. The order is fixed, so the same data always give the same result. On sdcMicro's
   testdata this leaves 144 of 241 cells at k = 3 (a record-by-record greedy: 189) and
   246 of 479 at k = 5 (greedy: 334).

   Each try compares the record only with those that could match it (see `_Records`), so
   the pass grows with the number of blanked cells, not with their product with the
   records. As a safeguard against data where those lists are long, the pass stops once it
   has made more record comparisons than a budget (by default RESTORE_COMPARISONS per
   record; parameter `restore_budget`) and says so in info["restoration_complete"]; the
   values not tried stay blank, so k-anonymity holds either way.

After a complete step 5 no single blanked value can be put back without breaking k (unless
the data have records with every key missing, which count differently; see measures.py):
the suppression is minimal in that sense, though not necessarily the fewest cells possible.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from anonymise.risk.measures import check_variables, frequencies_of_codes, key_codes, row_ids
from manifests.errors import UserError

RESTORE_COMPARISONS = 5_000  # default budget of the restoration pass: record comparisons per record


def suppression_order(df: pd.DataFrame, keys, importance=None) -> list[str]:
    """The keys in the order they are suppressed: least important first.

    `importance` lists keys from most to least important. Without it (None or empty) the
    keys with the most categories (distinct non-missing values) are suppressed first, as in
    sdcMicro's localSuppression when its importance is NULL; among keys with as many
    categories the later one in `keys` goes first, as there. Keys that `importance` leaves
    out are less important than any it names, and among themselves follow that default."""
    keys = list(keys)
    distinct = {name: df[name].nunique(dropna=True) for name in keys}

    def by_categories(names):  # stable: among equally fine keys, the later one goes first
        return sorted(names[::-1], key=lambda name: -distinct[name])

    if importance:
        unknown = [name for name in importance if name not in keys]
        if unknown:
            raise UserError(f"importance names variable(s) that are not keys: {', '.join(unknown)}",
                            hint="list only key variables, most important (least to suppress) first")
        named = list(dict.fromkeys(importance))
        return by_categories([name for name in keys if name not in named]) + named[::-1]
    return by_categories(keys)


def local_suppression(df: pd.DataFrame, keys, k: int = 3, importance=None, max_rounds: int | None = None,
                      restore_budget: int | None = None):
    """Return (a copy of df with suppressed key values set to missing, info).

    `importance` lists keys from most to least important (see `suppression_order`); leave it
    out (None or empty) for sdcMicro's default, which suppresses first in the keys with the
    most categories. Pass only the keys the user ranked: padding the list with the other
    keys in their given order replaces that default with the order of `keys`.
    `restore_budget` bounds the record comparisons of the restoration pass (step 5 of the
    module doc); None means RESTORE_COMPARISONS per record, 0 skips the pass.

    info: {k, order, suppressions {key: n}, cells_suppressed, records_affected, rounds,
    restored, restoration_complete, k_reached, violations_left}. `restored` counts the
    cells the restoration pass put back (they are not in cells_suppressed);
    `restoration_complete` is False when it ran out of budget before trying every cell."""
    keys = list(keys)
    check_variables(df, keys)
    if int(k) < 2:
        raise UserError(f"k must be at least 2 (got {k})")
    k = int(k)
    order = suppression_order(df, keys, importance)
    rank = np.array([order.index(name) for name in keys])  # 0 = suppressed first
    original = key_codes(df, keys)
    codes = original.copy()
    original_missing = original < 0
    ones = np.ones(len(df))
    rounds = 0
    limit = max_rounds if max_rounds is not None else len(keys) * 50 + 10
    while True:
        freq = frequencies_of_codes(codes, ones)
        violating = np.flatnonzero(freq.fk < k)
        fixable = violating[(codes[violating] >= 0).any(axis=1)]
        if not fixable.size or rounds >= limit:
            break
        rounds += 1
        column = _least_important_present(codes[fixable], rank)
        blank = _blank_these(codes[fixable], column, freq.pattern[fixable], freq.fk[fixable], k)
        codes[fixable[blank], column[blank]] = -1
    below = freq.fk < k
    budget = restore_budget if restore_budget is not None else RESTORE_COMPARISONS * len(df)
    suppressed = codes.copy()
    restored, complete = _restore(codes, original, rank, k, freq.fk.copy(), budget)
    if restored:
        now_below = frequencies_of_codes(codes, ones).fk < k
        if (now_below & ~below).any():
            # Only a slip in the pass's bookkeeping could get here: keep the safe, longer answer.
            codes, restored, complete = suppressed, 0, False
        else:
            below = now_below
    violations_left = int(below.sum())
    newly = (codes < 0) & ~original_missing
    out = df.copy()
    for j, name in enumerate(keys):
        if newly[:, j].any():
            out[name] = out[name].mask(pd.Series(newly[:, j], index=out.index))
    per_key = {name: int(newly[:, j].sum()) for j, name in enumerate(keys)}
    info = {
        "k": k,
        "order": order,
        "suppressions": per_key,
        "cells_suppressed": int(newly.sum()),
        "records_affected": int(newly.any(axis=1).sum()),
        "rounds": rounds,
        "restored": restored,
        "restoration_complete": complete,
        "violations_left": violations_left,
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


def _restore(codes, original, rank, k, fk, budget) -> tuple[int, bool]:
    """Put back every suppressed cell that k-anonymity does not need (step 5 of the module doc).

    `codes` is updated in place (`fk`, the current frequencies, is used up). The pass stops
    once it has compared more than `budget` records. Returns (cells put back, whether every
    cell was tried)."""
    n, p = codes.shape
    cells = np.argwhere((codes < 0) & (original >= 0))
    if not len(cells):
        return 0, True
    cells = cells[np.lexsort((cells[:, 0], -rank[cells[:, 1]]))].tolist()
    records = _Records(codes, original, rank)
    fk = fk[records.order]  # from here on, records are where _Records put them
    blanks = (codes < 0).sum(axis=1)
    # Records with every key missing count for no complete record (measures.py); while
    # there are none, that rule can be left out.
    empty = int((blanks == p).sum()) if p > 1 else 0
    # A value that must stay blank can come back later only if a record that matched its
    # record gets a value back itself (and so may match it no longer): count those events.
    touched = np.zeros(n, dtype=np.int64)
    work = 0

    def put_back(i, j) -> bool:
        nonlocal empty, work
        at = int(records.at[i])
        rows = records.matching(at)  # the records whose fk counts i now
        work += records.looked_at
        value = int(original[i, j])
        other = records.value(rows, j)
        still = (other < 0) | (other == value)  # they will count i once its value is back
        if empty and blanks[i] == 1:
            fk_i = np.count_nonzero(still & ~records.all_missing(rows))  # i becomes complete
        else:
            fk_i = np.count_nonzero(still)
        if fk_i < k:
            return False
        losers = ~still
        gainers = None
        if empty and blanks[i] == p:
            # i had every key missing, so complete records did not count it; those that
            # match its restored value will.
            complete = records.complete(rows)
            losers &= ~complete
            gainers = rows[complete & (other == value)]
        lost = rows[losers]
        if len(lost) and fk[lost].min() <= k:
            return False
        fk[lost] -= 1
        if gainers is not None:
            fk[gainers] += 1
            empty -= 1
        fk[at] = fk_i
        codes[i, j] = value
        blanks[i] -= 1
        records.put(at, j, value)
        touched[records.order[rows]] += 1  # the records that matched i, and i itself
        return True

    restored, kept, left = 0, set(), []  # left: (record, key, touched[record] when tried)
    for i, j in cells:
        if i in kept:
            left.append((i, j, -1))
        elif work >= budget:
            return restored, False
        elif put_back(i, j):
            restored += 1
        else:
            kept.add(i)
            left.append((i, j, touched[i]))
    # Putting values back makes records more particular, so a record that would have fallen
    # below k when an earlier value came back may no longer match it: sweep again, trying
    # the values whose records have been touched since, until nothing changes.
    left.sort(key=lambda cell: (-rank[cell[1]], cell[0]))
    while left:
        after = []
        for i, j, when in left:
            if when == touched[i]:
                after.append((i, j, when))
            elif work >= budget:
                return restored, False
            elif put_back(i, j):
                restored += 1
            else:
                after.append((i, j, touched[i]))
        if len(after) == len(left):
            break
        left = after
    return restored, True


class _Records:
    """The records' current key codes arranged so that the records matching one of them
    (missing values matching anything) are found with a few vector operations on a short
    stretch of memory, not on every record.

    Packing: each record's codes go into a few int64 words, one bit field per key holding
    code + 1 (0 when missing), and a second set of words has all bits of a field set where
    the record has that key. Two records match when their words differ in no field that both
    have.

    Order: blanking and restoring only ever turn a value into missing and back, so a record
    not missing on a key after the rounds always has its original value there. Records are
    sorted by their original values on the most important keys (most important first);
    those missing on any of these keys after the rounds are wild and go last. The records
    that can match a record then lie in one stretch of the sorted ones (picked by its values
    on the leading run of those keys it has) plus the wild ones. The keys are chosen so that
    the wild records stay few."""

    def __init__(self, codes, original, rank):
        n = len(codes)
        wild = np.zeros(n, dtype=bool)
        self.keys, widths = [], []
        span, most = 1, 256 + n // 100
        for j in np.argsort(-rank, kind="stable"):  # most important first
            width = int(original[:, j].max()) + 1
            with_j = wild | (codes[:, j] < 0)
            if width < 2 or span * width >= 2**62 or with_j.sum() > most:
                continue
            wild, span = with_j, span * width
            self.keys.append(int(j))
            widths.append(width)
            if span >= 8 * n:
                break
        self.radix = [int(np.prod(widths[s + 1:], dtype=np.int64)) for s in range(len(widths))]
        self.span = span
        tame = np.flatnonzero(~wild)
        code = np.zeros(len(tame), dtype=np.int64)
        for j, radix in zip(self.keys, self.radix):
            code += original[tame, j] * radix
        sort = np.argsort(code, kind="stable")
        self.code, self.tame, self.n = code[sort], len(tame), n
        # A sorted record has all those keys, for good: its stretch is the run of its code.
        self.run_start = np.searchsorted(self.code, self.code, side="left")
        self.run_end = np.searchsorted(self.code, self.code, side="right")
        self.order = np.concatenate([tame[sort], np.flatnonzero(wild)])  # position -> record
        self.at = np.empty(n, dtype=np.int64)
        self.at[self.order] = np.arange(n)  # record -> position
        self.looked_at = 0
        self._pack(codes[self.order], original)

    def _pack(self, codes, original) -> None:
        self.where = []  # per key: (word, shift, field mask)
        words, used = 0, 63
        for j in range(codes.shape[1]):
            bits = int(original[:, j].max() + 1).bit_length()
            if used + bits > 62:
                words, used = words + 1, 0
            self.where.append((words - 1, used, (1 << bits) - 1))
            used += bits
        self.x = [np.zeros(len(codes), dtype=np.int64) for _ in range(words)]
        self.m = [np.zeros(len(codes), dtype=np.int64) for _ in range(words)]
        self.full = [0] * words
        for j, (w, shift, field) in enumerate(self.where):
            have = codes[:, j] >= 0
            self.x[w] |= np.where(have, codes[:, j] + 1, 0) << shift
            self.m[w] |= have.astype(np.int64) * (field << shift)
            self.full[w] |= field << shift

    def _stretch(self, at: int) -> tuple[int, int]:
        """The positions of the sorted records that can match the record at `at`."""
        if at < self.tame:
            return int(self.run_start[at]), int(self.run_end[at])
        low, width = 0, self.span
        for j, radix in zip(self.keys, self.radix):
            w, shift, field = self.where[j]
            digit = (int(self.x[w][at]) >> shift) & field
            if not digit:
                break
            low += (digit - 1) * radix
            width = radix
        if width == self.span:
            return 0, self.tame
        first, last = np.searchsorted(self.code, [low, low + width])
        return int(first), int(last)

    def matching(self, at: int) -> np.ndarray:
        """Positions of the records that match the record at `at` (itself included)."""
        first, last = self._stretch(at)
        parts = [(first, len(self.x[0]))] if last == self.tame else [(first, last), (self.tame, self.n)]
        found = []
        for first, last in parts:
            ok = None
            for x, m in zip(self.x, self.m):
                here = ((x[first:last] ^ int(x[at])) & (m[first:last] & int(m[at]))) == 0
                ok = here if ok is None else ok & here
            found.append(ok.nonzero()[0] + first)
        self.looked_at = sum(last - first for first, last in parts)
        return found[0] if len(found) == 1 else np.concatenate(found)

    def value(self, rows, j) -> np.ndarray:
        """The codes of key j at positions `rows` (-1 where missing)."""
        w, shift, field = self.where[j]
        return ((self.x[w][rows] >> shift) & field) - 1

    def all_missing(self, rows) -> np.ndarray:
        return np.logical_and.reduce([m[rows] == 0 for m in self.m])

    def complete(self, rows) -> np.ndarray:
        return np.logical_and.reduce([m[rows] == full for m, full in zip(self.m, self.full)])

    def put(self, at, j, value) -> None:
        w, shift, field = self.where[j]
        self.x[w][at] |= (value + 1) << shift
        self.m[w][at] |= field << shift
