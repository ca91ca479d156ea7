"""Disclosure-risk measures on categorical key variables, giving sdcMicro's numbers.

What is measured (sdcMicro's `freqCalc`, `indivRisk` and `measure_risk`; SDC Practice
Guide, chapter 4):

* fk, the sample frequency of a record's key (its combination of key values), and Fk, the
  sum of the sampling weights over the same records (the estimated population frequency).
* k-anonymity violations (records with fk < k) and sample uniques (fk == 1).
* The individual risk of each record: with sampling weights, the Benedetti-Franconi
  approximation to the negative-binomial posterior that sdcMicro uses by default; without
  weights, or in census mode, 1/fk. The global risk is the expected number of
  re-identifications, i.e. the sum of the individual risks.
* Distinct l-diversity of sensitive variables within each key class.

Missing values in keys follow sdcMicro (freqCalc with its default alpha = 1): a missing
value stands for any category, so a record with a missing key value is counted in the
frequency of every record it could be, and they in its. Two quirks are kept on purpose
because they change published figures: a record whose keys are all missing gets fk = n (and
Fk = the total weight); and such a record adds nothing to the frequencies of records
without missing keys (unless there is a single key), although it does add to the
frequencies of records with some missing keys.

Everything here is pure and vectorised: key values become integer codes, records become
pattern ids, and the wildcard matching works on distinct patterns grouped by which keys
are missing, never per record.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from manifests.errors import UserError

K_LEVELS = (2, 3, 5)
METHOD_WEIGHTED = "sdcMicro individual risk (Benedetti-Franconi approximation)"
METHOD_CENSUS = "census: 1/fk"


def check_variables(df: pd.DataFrame, keys, weight: str | None = None, sensitive=()) -> None:
    """UserError naming any variable the data lack, or a role given twice."""
    keys, sensitive = list(keys), list(sensitive)
    if not keys:
        raise UserError("no key variables given", hint="name the quasi-identifiers, e.g. --keys sex,age,region")
    wanted = keys + ([weight] if weight else []) + sensitive
    unknown = [name for name in wanted if name not in df.columns]
    if unknown:
        columns = [str(c) for c in df.columns]
        close = {name: difflib.get_close_matches(str(name), columns, n=1) for name in unknown}
        guesses = ", ".join(f"{match[0]!r} for {name!r}" for name, match in close.items() if match)
        listed = ", ".join(columns[:30]) + (", ..." if len(columns) > 30 else "")
        raise UserError(
            f"unknown variable(s): {', '.join(map(repr, unknown))}",
            hint=(f"did you mean {guesses}? " if guesses else "") + f"The data have: {listed}")
    repeated = sorted({name for name in wanted if wanted.count(name) > 1})
    if repeated:
        raise UserError(f"variable(s) given more than once or in two roles: {', '.join(repeated)}",
                        hint="a key variable cannot also be the weight or a sensitive variable")


def key_codes(df: pd.DataFrame, keys) -> np.ndarray:
    """(records x keys) int64 matrix: one dense code per distinct value, -1 where missing."""
    out = np.empty((len(df), len(keys)), dtype=np.int64)
    for j, key in enumerate(keys):
        out[:, j], _ = pd.factorize(df[key], use_na_sentinel=True)
    return out


def row_ids(codes: np.ndarray) -> tuple[np.ndarray, int]:
    """A dense id per row of a code matrix (values >= -1; equal rows get equal ids) and how many ids.

    Columns are folded in as mixed-radix digits; when the radix product would overflow
    int64 the running ids are first re-densified, so any number of keys works."""
    n, p = codes.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64), 0
    ids = np.zeros(n, dtype=np.int64)
    size = 1
    for j in range(p):
        digit = codes[:, j] + 1  # -1 (missing) becomes digit 0
        width = int(digit.max()) + 1
        if size * width >= 2**62:
            ids, uniques = pd.factorize(ids)
            size = len(uniques)
        ids = ids * width + digit
        size *= width
    ids, uniques = pd.factorize(ids)
    return ids.astype(np.int64, copy=False), len(uniques)


def _weights(df: pd.DataFrame, weight: str | None) -> np.ndarray:
    if not weight:
        return np.ones(len(df))
    values = pd.to_numeric(df[weight], errors="coerce")
    bad = int(values.isna().sum())
    if bad:
        raise UserError(f"weight variable {weight!r} has {bad} missing or non-numeric value(s)",
                        hint="every record needs a sampling weight; or leave --weight out for unweighted (census) risk")
    values = values.to_numpy(dtype=float)
    if (values <= 0).any():
        raise UserError(f"weight variable {weight!r} has {(values <= 0).sum()} value(s) that are zero or negative",
                        hint="sampling weights are positive (the number of population units a record stands for)")
    return values


@dataclass(frozen=True)
class Frequencies:
    """Per-record fk and Fk, plus the key pattern each record has (for class-level measures)."""

    fk: np.ndarray       # float: sample frequency (integral when alpha = 1)
    Fk: np.ndarray       # float: summed weights
    pattern: np.ndarray  # int64 id of the record's exact key pattern (missing is its own value)
    classes: int         # number of distinct key patterns


def frequencies(df: pd.DataFrame, keys, weight: str | None = None) -> Frequencies:
    """fk and Fk for every record, missing key values acting as wildcards (see module doc)."""
    check_variables(df, keys, weight)
    return frequencies_of_codes(key_codes(df, keys), _weights(df, weight))


def frequencies_of_codes(codes: np.ndarray, weights: np.ndarray) -> Frequencies:
    """`frequencies` on already-coded keys (-1 = missing); used by local suppression."""
    n = len(codes)
    pattern, m = row_ids(codes)
    count = np.bincount(pattern, minlength=m).astype(float)
    wsum = np.bincount(pattern, weights=weights, minlength=m)
    first = np.empty(m, dtype=np.int64)
    first[pattern[::-1]] = np.arange(n - 1, -1, -1)  # the first record of each pattern
    fk, Fk = pattern_frequencies(codes[first], count, wsum, weights.sum())
    return Frequencies(fk[pattern], Fk[pattern], pattern, m)


def pattern_frequencies(patterns: np.ndarray, count: np.ndarray, wsum: np.ndarray,
                        total_weight: float) -> tuple[np.ndarray, np.ndarray]:
    """fk and Fk of each distinct key pattern (a row of codes, -1 = missing), from how many
    records have it and their summed weight. Everything after counting works on patterns,
    never on records, so data too big for memory need only their pattern table (scale.py)."""
    present = patterns >= 0
    if present.all():
        return count.copy(), wsum.copy()
    fk, Fk = _wildcard_frequencies(patterns, present, count, wsum)
    all_missing = ~present.any(axis=1)
    fk[all_missing] = count.sum()
    Fk[all_missing] = total_weight
    return fk, Fk


def _wildcard_frequencies(patterns, present, count, wsum):
    """Per-pattern fk/Fk when some patterns have missing values.

    Patterns are grouped by which keys they have (a bit mask). Two patterns match when they
    agree on the keys both have. For each mask that is one grouped sum against the complete
    patterns (both ways) and one against all other partly missing patterns. Contributions
    always come from the original counts, never from updated ones."""
    p = patterns.shape[1]
    digits = patterns + 1  # 0 marks a missing value
    masks = present @ (1 << np.arange(p, dtype=np.int64))
    full = (1 << p) - 1
    fk, Fk = count.copy(), wsum.copy()
    complete = np.flatnonzero(masks == full)
    partial = np.flatnonzero(masks != full)
    coder = _Coder(digits, complete)
    for mask in np.unique(masks[partial]):
        mask = int(mask)
        members = partial[masks[partial] == mask]
        keep = (mask >> np.arange(p)) & 1 == 1
        # sdcMicro never adds all-missing records to complete keys, except with one key.
        if complete.size and (mask or p == 1):
            found = coder.completions(members, keep)
            if found is not None:
                # Each complete pattern completes at most one member (members differ on kept keys).
                at_m, at_c = found
                m, c = members[at_m], complete[at_c]
                fk[members] += np.bincount(at_m, weights=count[c], minlength=len(members))
                Fk[members] += np.bincount(at_m, weights=wsum[c], minlength=len(members))
                fk[c] += count[m]
                Fk[c] += wsum[m]
            else:
                near = coder.candidates(keep, members)
                near = complete[near]
                ids_m, ids_c, size = _match(coder.reduce(members, keep), coder.reduce(near, keep))
                fk[members] += np.bincount(ids_c, weights=count[near], minlength=size)[ids_m]
                Fk[members] += np.bincount(ids_c, weights=wsum[near], minlength=size)[ids_m]
                fk[near] += np.bincount(ids_m, weights=count[members], minlength=size)[ids_c]
                Fk[near] += np.bincount(ids_m, weights=wsum[members], minlength=size)[ids_c]
        others = partial[masks[partial] != mask]  # within one mask only identical patterns agree
        if mask and others.size:
            _add_partial_matches(coder, masks, mask, members, others, count, wsum, fk, Fk)
    return fk, Fk


class _Coder:
    """Integer codes for key patterns reduced to some of the keys (the others set to 0).

    When every combination of digits fits in int64 a pattern's code is a mixed-radix number
    (one vector operation per key); otherwise rows are compared as tuples via `row_ids`."""

    def __init__(self, digits: np.ndarray, complete: np.ndarray) -> None:
        self.digits = digits
        self.by_column = digits[complete].T.copy()  # column-major: fast single-key scans
        widths = [int(w) + 1 for w in digits.max(axis=0)]
        self.widths = widths
        self.radix = None
        if np.prod([float(w) for w in widths]) < 2.0**62:
            self.radix = np.cumprod([1] + widths[:-1]).astype(np.int64)
            self.full = digits @ self.radix
            self.complete_full = self.full[complete]
            self.order = np.argsort(self.complete_full, kind="stable")
            self.sorted_full = self.complete_full[self.order]

    def completions(self, members: np.ndarray, keep: np.ndarray):
        """(member positions, complete positions) of every complete pattern that fills in a
        member's missing keys, found by trying every value of those keys; None when that
        would try more codes than scanning all complete patterns costs."""
        if self.radix is None:
            return None
        offsets = np.zeros(1, dtype=np.int64)
        for j in np.flatnonzero(~keep):
            offsets = (offsets[:, None] + np.arange(1, self.widths[j], dtype=np.int64) * self.radix[j]).ravel()
            if len(offsets) * len(members) > 2 * len(self.sorted_full):
                return None
        tried = (self.full[members][:, None] + offsets[None, :]).ravel()
        spot = np.minimum(np.searchsorted(self.sorted_full, tried), len(self.sorted_full) - 1)
        hit = self.sorted_full[spot] == tried
        return np.repeat(np.arange(len(members)), len(offsets))[hit], self.order[spot[hit]]

    def reduce(self, rows: np.ndarray, keep: np.ndarray) -> np.ndarray:
        """Codes of the patterns `rows` with the keys not in `keep` set to 0."""
        dropped = np.flatnonzero(~keep)
        if self.radix is None:
            reduced = self.digits[rows]
            reduced[:, dropped] = 0
            return reduced
        codes = self.full[rows]
        for j in dropped:
            codes = codes - self.digits[rows, j] * self.radix[j]
        return codes

    def candidates(self, keep: np.ndarray, members: np.ndarray) -> np.ndarray:
        """Positions of the complete patterns that could match some member on the kept keys.

        A rare missing-value mask has few members; narrowing the (possibly a million)
        complete patterns one key at a time, most selective first, keeps the sums small."""
        total = self.by_column.shape[1]
        cols = np.flatnonzero(keep)
        if not cols.size or len(members) * 8 > total:
            return np.arange(total)
        wanted = {}
        for col in cols:  # digits are small dense integers, so a lookup table beats isin
            wanted[col] = np.zeros(self.widths[col], dtype=bool)
            wanted[col][self.digits[members, col]] = True
        order = sorted(cols, key=lambda col: wanted[col].mean())
        near = np.flatnonzero(wanted[order[0]][self.by_column[order[0]]])
        for col in order[1:]:
            if not near.size:
                break
            near = near[wanted[col][self.by_column[col, near]]]
        return near


def _match(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Ids for two sets of codes (or rows) such that equal codes get equal ids, in range(size).

    Integer codes are looked up among the sorted distinct codes of the smaller set (a hash
    table over a million codes costs more than a binary search into a few thousand); codes
    of the larger set found nowhere in the smaller share one spare id, which no code of the
    smaller set has, so sums read there are always zero."""
    if a.ndim != 1:
        ids, size = row_ids(np.concatenate([a, b]))
        return ids[: len(a)], ids[len(a):], size
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    distinct, small_ids = np.unique(small, return_inverse=True)
    spot = np.minimum(np.searchsorted(distinct, large), max(len(distinct) - 1, 0))
    large_ids = np.where(distinct[spot] == large, spot, len(distinct)) if len(distinct) else np.zeros(len(large), np.int64)
    size = len(distinct) + 1
    return (small_ids, large_ids, size) if small is a else (large_ids, small_ids, size)


def _add_partial_matches(coder, masks, mask, members, others, count, wsum, fk, Fk) -> None:
    """Add to each member (all with `mask`) the partly missing patterns it matches.

    Each other pattern is reduced to `mask`'s keys: being zero where it is missing, that
    leaves exactly the keys both have. Each member is reduced once per distinct set of keys
    shared with the others. A reduced member equals a reduced other exactly when they share
    those keys and agree on them."""
    bit = 1 << np.arange(coder.digits.shape[1], dtype=np.int64)
    source = coder.reduce(others, (mask & bit) > 0)
    sets = np.unique(masks[others] & mask)
    target = np.concatenate([coder.reduce(members, (shared & bit) > 0) for shared in sets])
    frm, to, size = _match(source, target)
    to = to.reshape(len(sets), len(members))
    fk[members] += np.bincount(frm, weights=count[others], minlength=size)[to].sum(axis=0)
    Fk[members] += np.bincount(frm, weights=wsum[others], minlength=size)[to].sum(axis=0)


def individual_risk(fk, Fk) -> np.ndarray:
    """sdcMicro's `indivRisk(method = "approx")` from per-record fk and Fk.

    With pk = fk / Fk: fk = 1 gives pk/(1-pk) * log(1/pk); fk = 2 gives
    pk/(1-pk) - (pk/(1-pk))^2 * log(1/pk); fk > 2 gives pk / (fk - (1-pk)); and where the
    sample is the population for that key (fk == Fk) the risk is 1/fk."""
    fk = np.asarray(fk, dtype=float)
    Fk = np.asarray(Fk, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pk = fk / Fk
        odds = pk / (1 - pk)
        log_inv = np.log(1 / pk)
        risk = np.where(fk > 2, pk / (fk - (1 - pk)), 0.0)
        risk = np.where(fk == 2, odds - odds**2 * log_inv, risk)
        risk = np.where(fk == 1, odds * log_inv, risk)
        risk = np.where(fk == Fk, 1 / fk, risk)
    return risk


def census_risk(fk) -> np.ndarray:
    """Risk when the data are the whole population (or carry no weights): 1/fk."""
    return 1 / np.asarray(fk, dtype=float)


def _measure(df, keys, weight, census):
    freq = frequencies_of_codes(key_codes(df, keys), _weights(df, weight))
    # sdcMicro's measure_risk treats data without weights as a census, as census mode does.
    risk = census_risk(freq.fk) if census or not weight else individual_risk(freq.fk, freq.Fk)
    return freq, risk


def record_risks(df: pd.DataFrame, keys, weight: str | None = None, census: bool = False) -> pd.DataFrame:
    """Per-record fk (int), Fk (float) and risk, indexed like `df`."""
    check_variables(df, keys, weight)
    freq, risk = _measure(df, keys, weight, census)
    return _records(df, freq, risk)


def _records(df: pd.DataFrame, freq: Frequencies, risk: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"fk": np.rint(freq.fk).astype(np.int64), "Fk": freq.Fk, "risk": risk}, index=df.index)


def l_diversity(df: pd.DataFrame, keys, sensitive, pattern: np.ndarray | None = None) -> pd.DataFrame:
    """Distinct l-diversity: for each record and sensitive variable, the number of different
    (non-missing) sensitive values among the records with exactly the same key values.
    Classes here are exact patterns (a missing key value is a value of its own), as in
    sdcMicro's `ldiversity`."""
    check_variables(df, keys, sensitive=sensitive)
    if pattern is None:
        pattern, classes = row_ids(key_codes(df, keys))
    else:
        classes = int(pattern.max()) + 1 if len(pattern) else 0
    out = {}
    for name in sensitive:
        values, uniques = pd.factorize(df[name], use_na_sentinel=True)
        known = values >= 0
        pairs = np.unique(pattern[known] * max(len(uniques), 1) + values[known])
        distinct = np.bincount(pairs // max(len(uniques), 1), minlength=classes)
        out[name] = distinct[pattern]
    return pd.DataFrame(out, index=df.index, dtype=np.int64)


def risk_summary(df: pd.DataFrame, keys, weight: str | None = None, k: int = 3, sensitive=(),
                 census: bool = False) -> dict:
    """The headline disclosure-risk figures for a data file (JSON-able; see risk.schema.json)."""
    return assess(df, keys, weight, k, sensitive, census)[0]


def assess(df: pd.DataFrame, keys, weight: str | None = None, k: int = 3, sensitive=(),
           census: bool = False) -> tuple[dict, pd.DataFrame]:
    """`risk_summary` and `record_risks` from one pass over the data."""
    keys, sensitive = list(keys), list(sensitive)
    if int(k) < 2:
        raise UserError(f"k must be at least 2 (got {k})", hint="k-anonymity thresholds of 3 or 5 are usual")
    check_variables(df, keys, weight, sensitive)
    freq, risk = _measure(df, keys, weight, census)
    first = np.unique(freq.pattern, return_index=True)[1]   # one record per pattern
    count = np.bincount(freq.pattern, minlength=freq.classes)
    summary = summarise(keys, weight, k, census, count, freq.fk[first], risk[first],
                        {key: int(df[key].isna().sum()) for key in keys})
    if sensitive:
        ldiv = l_diversity(df, keys, sensitive, pattern=freq.pattern)
        summary["l_diversity"] = {name: l_summary_of_patterns(ldiv[name].to_numpy()[first], count)
                                  for name in sensitive}
    return summary, _records(df, freq, risk)


def summarise(keys, weight, k, census, count, fk, risk, missing: dict) -> dict:
    """The headline figures from per-pattern counts, fk and risk: the one place they are
    computed, for data in memory and for partitioned data alike. Sums of risk are exact
    (math.fsum), so they do not depend on the order patterns come in."""
    n = int(count.sum())
    levels = sorted({*K_LEVELS, int(k)})
    expected = math.fsum((count * risk).tolist())
    return {
        "records": n,
        "keys": list(keys),
        "weight": weight or None,
        "k": int(k),
        "census": bool(census or not weight),
        "method": METHOD_CENSUS if census or not weight else METHOD_WEIGHTED,
        "equivalence_classes": int(len(count)),
        "missing_in_keys": missing,
        "k_violations": {str(level): int(count[fk < level].sum()) for level in levels},
        "sample_uniques": int(count[fk == 1].sum()),
        "expected_reidentifications": _tidy(expected),
        "global_risk": _tidy(expected / n) if n else 0.0,
        "mean_risk": _tidy(expected / n) if n else 0.0,
        "max_risk": _tidy(risk.max()) if n else 0.0,
    }


def _tidy(value) -> float:
    """Round away summation noise (411.99999999999994) so JSON output is stable and readable."""
    return round(float(value), 10)


def l_summary_of_patterns(l_values: np.ndarray, count: np.ndarray) -> dict:
    """Distinct l-diversity's figures from each key pattern's l and how many records have it."""
    low = l_values < 2
    return {
        "min_l": int(l_values.min()) if len(l_values) else 0,
        "records_below_2": int(count[low].sum()),
        "classes_below_2": int(low.sum()),
    }
